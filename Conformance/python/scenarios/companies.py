"""Companies: create-or-update, find, retrieve by company_id, update, delete, contacts, list, scroll."""

import uuid

from intercom import CreateOrUpdateCompanyRequest, UpdateCompanyRequestBody

from harness import check, check_eq, check_in, check_not_in, expect_error, field, first, ids_of, scenario
from scenarios._common import a_contact
from harness.paging import collect


def companies_in(answer, what):
    """GET /companies?company_id=... (or ?name=...) answers a company *list* in 2.14 (spec
    operation retrieveCompany, schema company_list). The SDK also accepts a bare company, as older
    versions answered; this suite holds the sandbox to the 2.14 shape."""

    check_eq(field(answer, "type"), "list", f"{what}: type of the answer (2.14 company_list)")
    return list(field(answer, "data") or [])


def all_listed_companies(ctx):
    # SDK bug: the page-number pager computes ``page + 1`` and fails with a TypeError when the first
    # call left ``page`` unset, so the first page is always requested explicitly.
    return collect(ctx.client.companies.list(page=1, per_page=1))


@scenario("companies.crud")
def crud(ctx):
    """POST /companies creates and then updates by company_id; PUT and DELETE by id."""

    remote_id = f"conf-{uuid.uuid4().hex[:8]}"
    created = ctx.client.companies.create_or_update(
        request=CreateOrUpdateCompanyRequest(
            company_id=remote_id,
            name="Conformance Ltd",
            plan="gold",
            size=42,
            website="https://conformance.example",
            industry="Testing",
            monthly_spend=300,
            custom_attributes={"seats": 12},
        )
    )
    check(created.id, "POST /companies returned no id")
    check_eq(created.type, "company", "created type")
    check_eq(created.company_id, remote_id, "created company_id")
    check_eq(created.name, "Conformance Ltd", "created name")
    check_eq(created.size, 42, "created size")
    check_eq(created.website, "https://conformance.example", "created website")
    check_eq(created.industry, "Testing", "created industry")
    check_eq(created.monthly_spend, 300, "created monthly_spend")
    check_eq(field(created.plan, "name"), "gold", "created plan name")
    check_eq((created.custom_attributes or {}).get("seats"), 12, "created custom attribute")

    found = ctx.client.companies.find(company_id=created.id)
    check_eq(found.company_id, remote_id, "GET /companies/{id} company_id")

    # The same company_id again updates the same record instead of creating a second one.
    again = ctx.client.companies.create_or_update(
        request=CreateOrUpdateCompanyRequest(company_id=remote_id, name="Conformance Group")
    )
    check_eq(again.id, created.id, "create-or-update with a known company_id keeps the id")
    check_eq(again.name, "Conformance Group", "name after create-or-update")
    check_eq(again.size, 42, "create-or-update keeps fields it did not send")

    updated = ctx.client.companies.update(
        company_id=created.id, request=UpdateCompanyRequestBody(industry="Quality", size=43)
    )
    check_eq(updated.industry, "Quality", "industry after PUT")
    check_eq(updated.size, 43, "size after PUT")
    check_eq(ctx.client.companies.find(company_id=created.id).industry, "Quality", "industry seen by GET")

    deleted = ctx.client.companies.delete(company_id=created.id)
    check_eq(deleted.id, created.id, "deleted id")
    check_eq(deleted.deleted, True, "deleted flag")
    expect_error(lambda: ctx.client.companies.find(company_id=created.id), 404, code="company_not_found")


@scenario("companies.contacts")
def contacts(ctx):
    """Attaching a contact shows on both sides and makes the company listable; detaching undoes it."""

    company = ctx.client.companies.create_or_update(
        request=CreateOrUpdateCompanyRequest(company_id=f"conf-{uuid.uuid4().hex[:8]}", name="Attach Co")
    )
    listed_before = ids_of(all_listed_companies(ctx))
    # The API leaves companies without contacts out of lists.
    check_not_in(company.id, listed_before, "a company without contacts in POST /companies/list")

    contact = a_contact(ctx)
    attached = ctx.client.companies.attach_contact(contact_id=contact.id, company_id=company.id)
    check_eq(attached.id, company.id, "attach answers the company")
    members = ctx.client.companies.list_attached_contacts(company_id=company.id)
    check_in(contact.id, ids_of(members.data), "GET /companies/{id}/contacts after attaching")
    # SDK bug: same page + 1 problem as companies.list, so start at page 1.
    of_contact = collect(ctx.client.contacts.list_attached_companies(contact_id=contact.id, page=1))
    check_in(company.id, ids_of(of_contact), "GET /contacts/{id}/companies after attaching")
    listed_after = ids_of(all_listed_companies(ctx))
    check_in(company.id, listed_after, "POST /companies/list after attaching a contact")
    check_eq(len(listed_after), len(listed_before) + 1, "listed companies after attaching a contact")

    detached = ctx.client.companies.detach_contact(contact_id=contact.id, company_id=company.id)
    check_eq(detached.id, company.id, "detach answers the company")
    members = ctx.client.companies.list_attached_contacts(company_id=company.id)
    check_not_in(contact.id, ids_of(members.data), "GET /companies/{id}/contacts after detaching")


@scenario("companies.list_and_segments")
def list_and_segments(ctx):
    """Page-number listing walks every sample company once; a company's segments are listed."""

    listed = all_listed_companies(ctx)
    names = [company.name for company in listed]
    for expected in ("Acme Corp", "Globex", "Initech"):
        check_in(expected, names, "POST /companies/list, one company per page")
    check_eq(len(set(ids_of(listed))), len(listed), "distinct companies across pages")

    page_one = ctx.client.companies.list(page=1, per_page=2)
    check_eq(len(page_one.items or []), 2, "companies on a page of 2")
    check(page_one.response.total_count >= 3, "total_count covers the sample companies")

    acme = first(listed, "company named Acme Corp", lambda company: company.name == "Acme Corp")
    segments = ctx.client.companies.list_attached_segments(company_id=acme.id)
    check(isinstance(segments.data, list), "GET /companies/{id}/segments has a data list")


@scenario("companies.retrieve")
def retrieve(ctx):
    """GET /companies?company_id= and ?name= find one company (a name with a space in it, too)."""

    created = ctx.client.companies.create_or_update(
        request=CreateOrUpdateCompanyRequest(company_id=f"conf-{uuid.uuid4().hex[:8]}", name="Lookup Works Inc")
    )
    by_remote = companies_in(ctx.client.companies.retrieve(company_id=created.company_id), "?company_id=")
    check_eq(ids_of(by_remote), [created.id], "GET /companies?company_id=")
    # httpx, like most HTTP clients, encodes the space in a query value as "+".
    by_name = companies_in(ctx.client.companies.retrieve(name="Lookup Works Inc"), "?name=")
    check_eq(ids_of(by_name), [created.id], "GET /companies?name= with spaces in the name")


@scenario("companies.scroll")
def scroll(ctx):
    """GET /companies/scroll walks all companies; a second scroll while one is open is refused."""

    page_one = ctx.client.companies.scroll()
    check(page_one.response is not None and page_one.response.scroll_param, "the first scroll page has a scroll_param")
    # While that scroll is open, starting another one is an error (one open scroll per app).
    expect_error(lambda: ctx.client.companies.scroll(), 400, code="scroll_exists", sdk_error=None)
    everything = collect(page_one)
    names = [company.name for company in everything]
    for expected in ("Acme Corp", "Globex", "Initech"):
        check_in(expected, names, "companies seen by the scroll")
    check_eq(len(set(ids_of(everything))), len(everything), "distinct companies in the scroll")


@scenario("companies.errors")
def errors(ctx):
    """Unknown company -> 404 company_not_found; bad token -> 401; invalid body -> 400."""

    missing = "000000000000000000000000"
    expect_error(lambda: ctx.client.companies.find(company_id=missing), 404, code="company_not_found")
    expect_error(
        lambda: ctx.client.companies.update(company_id=missing, request=UpdateCompanyRequestBody(name="x")),
        404,
        code="company_not_found",
    )
    expect_error(lambda: ctx.client.companies.delete(company_id=missing), 404, code="company_not_found")
    expect_error(lambda: ctx.client.companies.retrieve(company_id="no-such-company"), 404, code="company_not_found")
    expect_error(lambda: ctx.client.companies.list_attached_contacts(company_id=missing), 404)
    contact = a_contact(ctx)
    expect_error(
        lambda: ctx.client.companies.attach_contact(contact_id=contact.id, company_id=missing),
        404,
        code="company_not_found",
    )
    expect_error(lambda: ctx.bad_client().companies.find(company_id=missing), 401, code="unauthorized")
    # The spec's own bad-request example: an unknown parameter.
    expect_error(lambda: ctx.client.companies.create_or_update(request={"test": "invalid"}), 400)
