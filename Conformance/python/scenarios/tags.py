"""Tags: create, rename, find, list, delete; tagging contacts, companies, users, conversations, tickets."""

import uuid

from intercom import (
    CreateOrUpdateTagRequest,
    TagCompanyRequest,
    TagCompanyRequestCompaniesItem,
    TagMultipleUsersRequest,
    TagMultipleUsersRequestUsersItem,
    UntagCompanyRequest,
    UntagCompanyRequestCompaniesItem,
)

from harness import check, check_eq, check_in, check_not_in, expect_error, field, first, ids_of, scenario
from harness.paging import collect
from scenarios._common import a_contact, a_conversation, admin_id, all_contacts


def new_tag(ctx, prefix="conf"):
    return ctx.client.tags.create(request=CreateOrUpdateTagRequest(name=f"{prefix}-{uuid.uuid4().hex[:8]}"))


def tag_ids_of_company(company):
    return ids_of(field(company.tags, "tags"))


def tag_ids_of_conversation(conversation):
    return ids_of(field(conversation.tags, "tags"))


@scenario("tags.crud")
def crud(ctx):
    """Create a tag, find it, rename it through POST /tags with its id, delete it."""

    before = ids_of(ctx.client.tags.list().data)
    name = f"conf-{uuid.uuid4().hex[:8]}"
    created = ctx.client.tags.create(request=CreateOrUpdateTagRequest(name=name))
    check(created.id, "POST /tags returned no id")
    check_eq(created.type, "tag", "created type")
    check_eq(created.name, name, "created name")
    listed = ids_of(ctx.client.tags.list().data)
    check_in(created.id, listed, "GET /tags after create")
    check_eq(len(listed), len(before) + 1, "number of tags after create")
    check_eq(ctx.client.tags.find(tag_id=created.id).name, name, "GET /tags/{id} name")

    renamed = ctx.client.tags.create(request=CreateOrUpdateTagRequest(name=name + "-renamed", id=created.id))
    check_eq(renamed.id, created.id, "POST /tags with an id keeps the id")
    check_eq(ctx.client.tags.find(tag_id=created.id).name, name + "-renamed", "name after renaming")
    check_eq(len(ids_of(ctx.client.tags.list().data)), len(before) + 1, "renaming creates no tag")

    ctx.client.tags.delete(tag_id=created.id)
    expect_error(lambda: ctx.client.tags.find(tag_id=created.id), 404, code="not_found")
    check_not_in(created.id, ids_of(ctx.client.tags.list().data), "GET /tags after delete")


@scenario("tags.contacts")
def contacts(ctx):
    """POST /contacts/{id}/tags and DELETE /contacts/{id}/tags/{tag_id}, seen in the contact's tags."""

    tag = new_tag(ctx)
    contact = a_contact(ctx)
    applied = ctx.client.tags.tag_contact(contact_id=contact.id, tag_id=tag.id)
    check_eq(applied.id, tag.id, "tag_contact answers the tag")
    check_in(tag.id, ids_of(ctx.client.contacts.list_attached_tags(contact_id=contact.id).data), "contact tags")
    check_in(tag.id, ids_of(field(ctx.client.contacts.find(contact_id=contact.id).tags, "data")), "contact.tags")
    removed = ctx.client.tags.untag_contact(contact_id=contact.id, tag_id=tag.id)
    check_eq(removed.id, tag.id, "untag_contact answers the tag")
    check_not_in(
        tag.id, ids_of(ctx.client.contacts.list_attached_tags(contact_id=contact.id).data), "contact tags after untag"
    )


@scenario("tags.companies")
def companies(ctx):
    """POST /tags with companies tags them (creating the tag by name); untag: true removes it."""

    # Companies without contacts are not listed, so any listed company has some.
    company = first(collect(ctx.client.companies.list(page=1, per_page=50)), "listed company")
    name = f"conf-{uuid.uuid4().hex[:8]}"
    tag = ctx.client.tags.create(
        request=TagCompanyRequest(name=name, companies=[TagCompanyRequestCompaniesItem(id=company.id)])
    )
    check_eq(tag.name, name, "tag created by tagging a company")
    check_in(tag.id, ids_of(ctx.client.tags.list().data), "GET /tags after tagging a company")
    check_in(tag.id, tag_ids_of_company(ctx.client.companies.find(company_id=company.id)), "company tags")
    tagged = ctx.client.companies.retrieve(tag_id=tag.id)
    check_in(company.id, ids_of(field(tagged, "data")), "GET /companies?tag_id=")

    ctx.client.tags.create(
        request=UntagCompanyRequest(
            name=name, companies=[UntagCompanyRequestCompaniesItem(id=company.id, untag=True)]
        )
    )
    after = ctx.client.companies.find(company_id=company.id)
    check_not_in(tag.id, tag_ids_of_company(after), "company tags after untag")


@scenario("tags.users")
def users(ctx):
    """POST /tags with users tags each listed contact."""

    people = all_contacts(ctx)[:2]
    name = f"conf-{uuid.uuid4().hex[:8]}"
    tag = ctx.client.tags.create(
        request=TagMultipleUsersRequest(name=name, users=[TagMultipleUsersRequestUsersItem(id=p.id) for p in people])
    )
    check_eq(tag.name, name, "tag created by tagging users")
    for person in people:
        check_in(tag.id, ids_of(ctx.client.contacts.list_attached_tags(contact_id=person.id).data), "user tags")


@scenario("tags.conversations")
def conversations(ctx):
    """POST /conversations/{id}/tags and DELETE .../tags/{tag_id} (both with admin_id)."""

    tag = new_tag(ctx)
    conversation = a_conversation(ctx)
    who = admin_id(ctx)
    applied = ctx.client.tags.tag_conversation(conversation_id=conversation.id, tag_id=tag.id, admin_id=who)
    check_eq(applied.id, tag.id, "tag_conversation answers the tag")
    found = ctx.client.conversations.find(conversation_id=conversation.id)
    check_in(tag.id, tag_ids_of_conversation(found), "conversation tags")
    ctx.client.tags.untag_conversation(conversation_id=conversation.id, tag_id=tag.id, admin_id=who)
    found = ctx.client.conversations.find(conversation_id=conversation.id)
    check_not_in(tag.id, tag_ids_of_conversation(found), "conversation tags after untag")


@scenario("tags.tickets")
def tickets(ctx):
    """POST /tickets/{id}/tags and DELETE /tickets/{id}/tags/{tag_id} (both with admin_id)."""

    tag = new_tag(ctx)
    who = admin_id(ctx)
    ticket = first(
        # A dict, not SingleFilterSearchRequest: the SDK model would send the boolean as 1.
        ctx.client.tickets.search(query={"field": "open", "operator": "=", "value": True}).items,
        "open ticket",
    )
    applied = ctx.client.tags.tag_ticket(ticket_id=ticket.id, tag_id=tag.id, admin_id=who)
    check_eq(applied.id, tag.id, "tag_ticket answers the tag")
    check_eq(applied.name, tag.name, "tag_ticket answers the tag's name")
    # The 2.14 ticket schema has no tags field; when a server includes one anyway, it must agree.
    shown = field(ctx.client.tickets.get(ticket_id=ticket.id), "tags")
    if shown is not None:
        check_in(tag.id, ids_of(field(shown, "tags", shown if isinstance(shown, list) else [])), "ticket tags")
    removed = ctx.client.tags.untag_ticket(ticket_id=ticket.id, tag_id=tag.id, admin_id=who)
    check_eq(removed.id, tag.id, "untag_ticket answers the tag")
    shown = field(ctx.client.tickets.get(ticket_id=ticket.id), "tags")
    if shown is not None:
        check_not_in(tag.id, ids_of(field(shown, "tags", shown if isinstance(shown, list) else [])), "after untag")


@scenario("tags.errors")
def errors(ctx):
    """Unknown tag -> 404; bad tag parameters -> 400 parameter_invalid; bad token -> 401."""

    expect_error(lambda: ctx.client.tags.find(tag_id="999999999"), 404, code="not_found")
    expect_error(lambda: ctx.client.tags.delete(tag_id="999999999"), 404, code="not_found")
    contact = a_contact(ctx)
    expect_error(lambda: ctx.client.tags.tag_contact(contact_id=contact.id, tag_id="999999999"), 404)
    expect_error(lambda: ctx.client.tags.tag_contact(contact_id="000000000000000000000000", tag_id="7001"), 404)
    conversation = a_conversation(ctx)
    expect_error(
        lambda: ctx.client.tags.untag_conversation(
            conversation_id=conversation.id, tag_id="999999999", admin_id=admin_id(ctx)
        ),
        404,
        code=("tag_not_found", "not_found"),
    )
    # The spec's bad-request example for POST /tags.
    expect_error(lambda: ctx.client.tags.create(request={"test": "invalid"}), 400, code="parameter_invalid")
    expect_error(lambda: ctx.bad_client().tags.list(), 401, code="unauthorized")
