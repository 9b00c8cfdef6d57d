"""Conversations: create, find, list, reply, parts (close/open/snooze/assign), update, search, tags,
customers, redact, delete, convert to ticket."""

import uuid

from intercom import (
    AdminReplyConversationRequest,
    AttachContactToConversationRequestCustomerIntercomUserId,
    ContactReplyIntercomUserIdRequest,
    ConversationsManageRequestBody_Assignment,
    ConversationsManageRequestBody_Close,
    ConversationsManageRequestBody_Open,
    ConversationsManageRequestBody_Snoozed,
    CreateConversationRequestFrom,
    MultipleFilterSearchRequest,
    RedactConversationRequest_ConversationPart,
    RedactConversationRequest_Source,
    SingleFilterSearchRequest,
    StartingAfterPaging,
)

from harness import check, check_eq, check_in, check_not_in, expect_error, field, first, ids_of, scenario
from harness.paging import collect, walk_cursor
from scenarios._common import a_conversation, a_team, admin_id, other_admin, users


def parts_of(conversation):
    return list(field(conversation.conversation_parts, "conversation_parts") or [])


def contact_ids_of(conversation):
    return ids_of(field(conversation.contacts, "contacts"))


def start_conversation(ctx, contact, body=None):
    body = body or f"Conformance question {uuid.uuid4().hex[:6]}"
    message = ctx.client.conversations.create(
        from_=CreateConversationRequestFrom(type="user", id=contact.id), body=body
    )
    check(message.conversation_id, f"POST /conversations returned no conversation_id: {message!r}")
    return message, body


def total_conversations(ctx):
    return ctx.client.conversations.list(per_page=150).response.total_count


@scenario("conversations.create_find_list")
def create_find_list(ctx):
    """A contact starts a conversation: the message answers, GET finds it, the list count grows."""

    contact = users(ctx)[0]
    before = total_conversations(ctx)
    message, body = start_conversation(ctx, contact)
    check(message.id, "the created message has an id")
    check_eq(message.type, "user_message", "type of a contact-initiated message")
    check(body in (message.body or ""), f"message body {message.body!r}")
    found = ctx.client.conversations.find(conversation_id=message.conversation_id)
    check_eq(str(found.id), str(message.conversation_id), "GET /conversations/{id} id")
    check_eq(found.type, "conversation", "conversation type")
    check(body in (field(found.source, "body") or ""), "the source holds the first message")
    check_eq(str(field(field(found.source, "author"), "id")), contact.id, "source author")
    check_in(contact.id, contact_ids_of(found), "conversation contacts")
    check_eq(total_conversations(ctx), before + 1, "total_count after create")
    check_in(str(message.conversation_id), ids_of(collect(ctx.client.conversations.list(per_page=1))), "list")


@scenario("conversations.list_pagination")
def list_pagination(ctx):
    """GET /conversations pages with starting_after; the items sit under "conversations"."""

    for contact in users(ctx)[:3]:
        start_conversation(ctx, contact)
    page_one = ctx.client.conversations.list(per_page=2)
    total = page_one.response.total_count
    check(total >= 5, f"at least five conversations, total_count says {total}")
    check_eq(len(page_one.items or []), 2, "conversations on a page of 2")
    every = ids_of(collect(page_one))
    check_eq(len(every), total, "conversations across all pages")
    check_eq(len(set(every)), total, "distinct conversations across pages")


@scenario("conversations.reply")
def reply(ctx):
    """Admin comment, admin note and contact reply each add a part with the right author and type."""

    contact = users(ctx)[0]
    message, _ = start_conversation(ctx, contact)
    conversation_id = str(message.conversation_id)
    me = admin_id(ctx)

    answered = ctx.client.conversations.reply(
        conversation_id=conversation_id,
        request=AdminReplyConversationRequest(message_type="comment", type="admin", admin_id=me, body="We are on it"),
    )
    last = parts_of(answered)[-1]
    check("We are on it" in (last.body or ""), f"admin reply body {last.body!r}")
    check_eq(last.part_type, "comment", "admin reply part_type")
    check_eq((field(last.author, "type"), str(field(last.author, "id"))), ("admin", me), "admin reply author")

    noted = ctx.client.conversations.reply(
        conversation_id=conversation_id,
        request=AdminReplyConversationRequest(message_type="note", type="admin", admin_id=me, body="Internal only"),
    )
    check_eq(parts_of(noted)[-1].part_type, "note", "note part_type")

    replied = ctx.client.conversations.reply(
        conversation_id=conversation_id,
        request=ContactReplyIntercomUserIdRequest(body="Thanks!", intercom_user_id=contact.id),
    )
    last = parts_of(replied)[-1]
    check("Thanks!" in (last.body or ""), f"contact reply body {last.body!r}")
    check_eq(str(field(last.author, "id")), contact.id, "contact reply author id")
    check_eq(field(last.author, "type"), "user", "contact reply author type")

    found = ctx.client.conversations.find(conversation_id=conversation_id)
    check_eq(len(parts_of(found)), 3, "parts after three replies")
    check_eq(field(found.conversation_parts, "total_count"), 3, "conversation_parts.total_count")


@scenario("conversations.manage_parts")
def manage_parts(ctx):
    """POST /conversations/{id}/parts closes, opens, snoozes and assigns the conversation."""

    contact = users(ctx)[0]
    conversation_id = str(start_conversation(ctx, contact)[0].conversation_id)
    me = admin_id(ctx)

    closed = ctx.client.conversations.manage(
        conversation_id=conversation_id,
        request=ConversationsManageRequestBody_Close(type="admin", admin_id=me, body="Closing, thanks"),
    )
    check_eq((closed.state, closed.open), ("closed", False), "state after close")
    check_eq(parts_of(closed)[-1].part_type, "close", "close part_type")

    opened = ctx.client.conversations.manage(
        conversation_id=conversation_id, request=ConversationsManageRequestBody_Open(admin_id=me)
    )
    check_eq((opened.state, opened.open), ("open", True), "state after open")

    until = ctx.now() + 3600
    snoozed = ctx.client.conversations.manage(
        conversation_id=conversation_id,
        request=ConversationsManageRequestBody_Snoozed(admin_id=me, snoozed_until=until),
    )
    check_eq(snoozed.state, "snoozed", "state after snooze")
    check_eq(snoozed.snoozed_until, until, "snoozed_until")

    other = other_admin(ctx)
    assigned = ctx.client.conversations.manage(
        conversation_id=conversation_id,
        request=ConversationsManageRequestBody_Assignment(type="admin", admin_id=me, assignee_id=str(other.id)),
    )
    check_eq(str(assigned.admin_assignee_id), str(other.id), "admin_assignee_id after assignment")
    check_eq(parts_of(assigned)[-1].part_type, "assignment", "assignment part_type")

    team = a_team(ctx)
    to_team = ctx.client.conversations.manage(
        conversation_id=conversation_id,
        request=ConversationsManageRequestBody_Assignment(type="team", admin_id=me, assignee_id=str(team.id)),
    )
    check_eq(str(to_team.team_assignee_id), str(team.id), "team_assignee_id after team assignment")
    found = ctx.client.conversations.find(conversation_id=conversation_id)
    check_eq(str(found.team_assignee_id), str(team.id), "team assignment seen by GET")


@scenario("conversations.update")
def update(ctx):
    """PUT /conversations/{id} sets title, read and custom attributes."""

    conversation_id = str(start_conversation(ctx, users(ctx)[0])[0].conversation_id)
    updated = ctx.client.conversations.update(
        conversation_id=conversation_id,
        title="Renamed by conformance",
        read=True,
        custom_attributes={"issue": "Billing"},
    )
    check_eq(updated.title, "Renamed by conformance", "title after PUT")
    check_eq(updated.read, True, "read after PUT")
    check_eq((updated.custom_attributes or {}).get("issue"), "Billing", "custom attribute after PUT")
    found = ctx.client.conversations.find(conversation_id=conversation_id)
    check_eq(found.title, "Renamed by conformance", "title seen by GET")


@scenario("conversations.search")
def search(ctx):
    """POST /conversations/search by id, by state and by contact, paged with starting_after."""

    people = users(ctx)
    check(len(people) >= 3, "the workspace needs three user contacts")
    created = [str(start_conversation(ctx, person)[0].conversation_id) for person in people[:3]]
    by_id = ctx.client.conversations.search(query=SingleFilterSearchRequest(field="id", operator="=", value=created[0]))
    check_eq(ids_of(by_id.items), [created[0]], "search by id")

    everything = collect(ctx.client.conversations.list(per_page=150))
    expected_open = sorted(str(c.id) for c in everything if c.state == "open")
    query = SingleFilterSearchRequest(field="state", operator="=", value="open")
    # SDK bug: the search pager resends the first request; follow the cursor by hand.
    found = walk_cursor(
        lambda cursor: ctx.client.conversations.search(
            query=query, pagination=StartingAfterPaging(per_page=2, starting_after=cursor)
        ).response,
        lambda response: response.conversations,
    )
    check_eq(sorted(ids_of(found)), expected_open, "search state = open, two per page")

    mine = ctx.client.conversations.search(
        query=MultipleFilterSearchRequest(
            operator="AND",
            value=[
                SingleFilterSearchRequest(field="contact_ids", operator="=", value=people[1].id),
                SingleFilterSearchRequest(field="state", operator="=", value="open"),
            ],
        )
    )
    check_in(created[1], ids_of(mine.items), "search by contact_ids AND state")
    check_not_in(created[0], ids_of(mine.items), "another contact's conversation")


@scenario("conversations.customers")
def customers(ctx):
    """Attach a second contact, detach it again; detaching the last customer is refused (422)."""

    people = users(ctx)
    check(len(people) >= 2, "the workspace needs two user contacts")
    conversation_id = str(start_conversation(ctx, people[0])[0].conversation_id)
    me = admin_id(ctx)
    ctx.client.conversations.attach_contact_as_admin(
        conversation_id=conversation_id,
        admin_id=me,
        customer=AttachContactToConversationRequestCustomerIntercomUserId(intercom_user_id=people[1].id),
    )
    found = ctx.client.conversations.find(conversation_id=conversation_id)
    check_in(people[1].id, contact_ids_of(found), "contacts after attach")
    ctx.client.conversations.detach_contact_as_admin(
        conversation_id=conversation_id, contact_id=people[1].id, admin_id=me
    )
    found = ctx.client.conversations.find(conversation_id=conversation_id)
    check_not_in(people[1].id, contact_ids_of(found), "contacts after detach")
    check_eq(contact_ids_of(found), [people[0].id], "the starting contact remains")
    expect_error(
        lambda: ctx.client.conversations.detach_contact_as_admin(
            conversation_id=conversation_id, contact_id=people[0].id, admin_id=me
        ),
        422,
        code="parameter_invalid",
    )


@scenario("conversations.redact")
def redact(ctx):
    """POST /conversations/redact hides a part's text and a contact-written source."""

    contact = users(ctx)[0]
    message, body = start_conversation(ctx, contact, body="My card number is 4111 1111 1111 1111")
    conversation_id = str(message.conversation_id)
    replied = ctx.client.conversations.reply(
        conversation_id=conversation_id,
        request=ContactReplyIntercomUserIdRequest(body="Oops, my password is hunter2", intercom_user_id=contact.id),
    )
    part = parts_of(replied)[-1]
    redacted = ctx.client.conversations.redact_conversation_part(
        request=RedactConversationRequest_ConversationPart(
            conversation_id=conversation_id, conversation_part_id=part.id
        )
    )
    hidden = first(parts_of(redacted), f"part {part.id} in the redact answer", lambda p: p.id == part.id)
    check("hunter2" not in (hidden.body or ""), f"the redacted part still shows its text: {hidden.body!r}")
    # The spec's example shows the placeholder "<p><i>This message was deleted</i></p>".
    check(
        "This message was deleted" in (hidden.body or "") and "<p><p>" not in (hidden.body or ""),
        f"redacted part body {hidden.body!r}",
    )
    check_eq(hidden.redacted, True, "part.redacted")

    found = ctx.client.conversations.find(conversation_id=conversation_id)
    source_id = str(field(found.source, "id"))
    after = ctx.client.conversations.redact_conversation_part(
        request=RedactConversationRequest_Source(conversation_id=conversation_id, source_id=source_id)
    )
    check_eq(field(after.source, "redacted"), True, "source.redacted")
    check("4111" not in (field(after.source, "body") or ""), "the redacted source still shows its text")


@scenario("conversations.delete")
def delete(ctx):
    """DELETE /conversations/{id} answers deleted: true; the conversation is gone afterwards."""

    conversation_id = str(start_conversation(ctx, users(ctx)[0])[0].conversation_id)
    before = total_conversations(ctx)
    deleted = ctx.client.conversations.delete_conversation(conversation_id=int(conversation_id))
    check_eq(str(deleted.id), conversation_id, "deleted id")
    check_eq(deleted.deleted, True, "deleted flag")
    check_eq(deleted.object, "conversation", "deleted object")
    expect_error(lambda: ctx.client.conversations.find(conversation_id=conversation_id), 404)
    check_eq(total_conversations(ctx), before - 1, "total_count after delete")


@scenario("conversations.convert_to_ticket")
def convert_to_ticket(ctx):
    """POST /conversations/{id}/convert turns a conversation into a ticket of a customer ticket type."""

    conversation_id = str(start_conversation(ctx, users(ctx)[0])[0].conversation_id)
    ticket_type = first(ctx.client.ticket_types.list().data, "ticket type of category Customer",
                        lambda t: t is not None and t.category == "Customer" and not t.archived)
    ticket = ctx.client.conversations.convert_to_ticket(
        conversation_id=int(conversation_id), ticket_type_id=str(ticket_type.id)
    )
    check(ticket is not None and ticket.id, "convert answers a ticket")
    check_eq(str(field(ticket.ticket_type, "id")), str(ticket_type.id), "ticket type of the converted ticket")
    check_eq(str(ctx.client.tickets.get(ticket_id=ticket.id).id), str(ticket.id), "the ticket can be fetched")


@scenario("conversations.errors")
def errors(ctx):
    """Unknown conversation -> 404; unknown author -> 404; bad token -> 401; invalid reply -> 400/422."""

    missing = "999999999999"
    me = admin_id(ctx)
    expect_error(lambda: ctx.client.conversations.find(conversation_id=missing), 404, code="not_found")
    expect_error(
        lambda: ctx.client.conversations.reply(
            conversation_id=missing,
            request=AdminReplyConversationRequest(message_type="comment", type="admin", admin_id=me, body="Hi"),
        ),
        404,
    )
    expect_error(
        lambda: ctx.client.conversations.manage(
            conversation_id=missing, request=ConversationsManageRequestBody_Open(admin_id=me)
        ),
        404,
    )
    expect_error(lambda: ctx.client.conversations.update(conversation_id=missing, read=True), 404)
    expect_error(
        lambda: ctx.client.conversations.create(
            from_=CreateConversationRequestFrom(type="user", id="000000000000000000000000"), body="Hello"
        ),
        404,
        code="not_found",
    )
    expect_error(
        lambda: ctx.client.conversations.redact_conversation_part(
            request=RedactConversationRequest_ConversationPart(
                conversation_id=missing, conversation_part_id="really_123_doesnt_exist"
            )
        ),
        404,
        code="conversation_part_or_message_not_found",
    )
    expect_error(lambda: ctx.bad_client().conversations.list(), 401, code="unauthorized")
    existing = str(a_conversation(ctx).id)
    # An admin reply without admin_id cannot be attributed. The SDK maps 401/403/404 only here.
    expect_error(
        lambda: ctx.client.conversations.reply(
            conversation_id=existing, request={"message_type": "comment", "type": "admin", "body": "Who am I?"}
        ),
        (400, 422),
        sdk_error=None,
    )
