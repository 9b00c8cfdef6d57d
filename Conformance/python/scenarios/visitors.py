"""Visitors: find by user_id, update, convert to a contact."""

import uuid

from intercom import UpdateVisitorRequestWithId, UpdateVisitorRequestWithUserId, UserWithUserId, VisitorWithUserId
from intercom.core.api_error import ApiError

from harness import check, check_eq, expect_error, scenario

# The 2.14 API can neither list nor create visitors, so the suite uses the visitor the sandbox's
# sample workspace starts with (SampleWorkspace / seedVisitor).
SAMPLE_VISITOR_USER_ID = "5e2f7c1a-8d4b-4b7e-9a61-0c3d2b1a9f10"


@scenario("visitors.find_update")
def find_update(ctx):
    """GET /visitors?user_id= finds the visitor; PUT /visitors by user_id and by id updates it."""

    visitor = ctx.client.visitors.find(user_id=SAMPLE_VISITOR_USER_ID)
    check(visitor is not None and visitor.id, "GET /visitors?user_id= found no visitor")
    check_eq(visitor.type, "visitor", "visitor type")
    check_eq(visitor.user_id, SAMPLE_VISITOR_USER_ID, "visitor user_id")

    renamed = ctx.client.visitors.update(
        request=UpdateVisitorRequestWithUserId(
            user_id=SAMPLE_VISITOR_USER_ID, name="Gareth Bale", custom_attributes={"campaign": "spring"}
        )
    )
    check_eq(renamed.name, "Gareth Bale", "name after PUT by user_id")
    check_eq((renamed.custom_attributes or {}).get("campaign"), "spring", "custom attribute after PUT")
    by_id = ctx.client.visitors.update(request=UpdateVisitorRequestWithId(id=visitor.id, name="Gareth B."))
    check_eq(by_id.name, "Gareth B.", "name after PUT by id")
    check_eq(ctx.client.visitors.find(user_id=SAMPLE_VISITOR_USER_ID).name, "Gareth B.", "name seen by GET")


@scenario("visitors.convert")
def convert(ctx):
    """POST /visitors/convert to a new user: a contact with the user's identifiers comes back."""

    before = ctx.client.contacts.list(per_page=1).response.total_count
    user_id = f"visitor-{uuid.uuid4().hex[:8]}"
    email = f"{user_id}@conformance.example"
    contact = ctx.client.visitors.merge_to_contact(
        type="user",
        user=UserWithUserId(user_id=user_id, email=email),
        visitor=VisitorWithUserId(user_id=SAMPLE_VISITOR_USER_ID),
    )
    check_eq(contact.type, "contact", "convert answers a contact")
    check_eq(contact.role, "user", "converted role")
    check_eq(contact.email, email, "converted email")
    check_eq(contact.external_id, user_id, "converted external_id")
    check_eq(ctx.client.contacts.find(contact_id=contact.id).email, email, "the contact can be fetched")
    check_eq(ctx.client.contacts.list(per_page=1).response.total_count, before + 1, "contacts after converting")


@scenario("visitors.errors")
def errors(ctx):
    """Unknown visitor -> 404 not_found; bad token -> 401."""

    expect_error(lambda: ctx.client.visitors.find(user_id="no-such-visitor"), 404, code="not_found")
    expect_error(
        lambda: ctx.client.visitors.update(
            request=UpdateVisitorRequestWithUserId(user_id="fail", name="Christian Fail")
        ),
        404,
        code="not_found",
    )
    # The SDK maps only 401 for POST /visitors/convert.
    expect_error(
        lambda: ctx.client.visitors.merge_to_contact(
            type="user",
            user=UserWithUserId(user_id="someone", email="someone@conformance.example"),
            visitor=VisitorWithUserId(user_id="no-such-visitor"),
        ),
        404,
        sdk_error=ApiError,
    )
    expect_error(lambda: ctx.bad_client().visitors.find(user_id=SAMPLE_VISITOR_USER_ID), 401, code="unauthorized")
