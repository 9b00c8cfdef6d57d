"""Data events: submit, list summaries, update summaries."""

import uuid

from intercom import (
    CreateDataEventRequestWithEmail,
    CreateDataEventRequestWithId,
    CreateDataEventRequestWithUserId,
    CreateDataEventSummariesRequestEventSummaries,
)
from intercom.core.api_error import ApiError

from harness import check, check_eq, check_in, expect_error, field, scenario
from scenarios._common import a_user


def summary_counts(summary):
    return {field(item, "name"): field(item, "count") for item in field(summary, "events") or []}


@scenario("events.submit_and_summarise")
def submit_and_summarise(ctx):
    """POST /events three ways (user_id, email, id); GET /events?summary=true counts them."""

    user = a_user(ctx, external_id=True, email=True)
    name = f"conformance-{uuid.uuid4().hex[:8]}"
    now = ctx.now()
    result = ctx.client.events.create(
        request=CreateDataEventRequestWithUserId(
            user_id=user.external_id, event_name=name, created_at=now - 30, metadata={"invoice": "INV-1"}
        )
    )
    check(result is None, "POST /events answers 202 with no body")
    ctx.client.events.create(
        request=CreateDataEventRequestWithEmail(email=user.email, event_name=name, created_at=now - 20)
    )
    ctx.client.events.create(request=CreateDataEventRequestWithId(id=user.id, event_name=name, created_at=now - 10))

    by_user_id = ctx.client.events.list(type="user", user_id=user.external_id, summary=True)
    check_eq(field(by_user_id, "type"), "event.summary", "GET /events type")
    check_eq(summary_counts(by_user_id).get(name), 3, "count of the submitted event (by user_id)")
    by_email = ctx.client.events.list(type="user", email=user.email, summary=True)
    check_eq(summary_counts(by_email).get(name), 3, "count of the submitted event (by email)")
    by_id = ctx.client.events.list(type="user", intercom_user_id=user.id, summary=True)
    check_eq(summary_counts(by_id).get(name), 3, "count of the submitted event (by intercom_user_id)")

    # The same contact, event name and created_at again is a duplicate the API ignores.
    ctx.client.events.create(request=CreateDataEventRequestWithId(id=user.id, event_name=name, created_at=now - 10))
    again = ctx.client.events.list(type="user", user_id=user.external_id, summary=True)
    check_eq(summary_counts(again).get(name), 3, "count after a duplicate submission")


@scenario("events.summaries")
def summaries(ctx):
    """POST /events/summaries records a summary the user's event summaries then show."""

    user = a_user(ctx, external_id=True, email=True)
    name = f"imported-{uuid.uuid4().hex[:8]}"
    now = ctx.now()
    result = ctx.client.events.summaries(
        user_id=user.external_id,
        event_summaries=CreateDataEventSummariesRequestEventSummaries(
            event_name=name, count=4, first=now - 3600, last=now - 60
        ),
    )
    check(result is None, "POST /events/summaries has no body")
    listed = ctx.client.events.list(type="user", user_id=user.external_id, summary=True)
    check_in(name, summary_counts(listed), "event names after POST /events/summaries")


@scenario("events.errors")
def errors(ctx):
    """Unknown user -> 404; missing event_name -> 400/422; bad token -> 401."""

    now = ctx.now()
    # The SDK maps only 401 for POST /events, so these arrive as bare ApiError.
    expect_error(
        lambda: ctx.client.events.create(
            request=CreateDataEventRequestWithUserId(user_id="no-such-user", event_name="x-happened", created_at=now)
        ),
        404,
        sdk_error=ApiError,
    )
    user = a_user(ctx, external_id=True, email=True)
    expect_error(
        lambda: ctx.client.events.create(request={"user_id": user.external_id, "created_at": now}),
        (400, 422),
        sdk_error=ApiError,
    )
    expect_error(
        lambda: ctx.bad_client().events.list(type="user", user_id=user.external_id), 401, code="unauthorized"
    )
