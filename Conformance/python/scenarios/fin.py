"""Fin agent: /fin/start, /fin/reply and /fin/csat.

python-intercom 5.0.1 has no methods for these operations (they were added to 2.14 after the SDK was
generated), so the scenarios send them through the SDK's own HTTP client with ``ctx.raw_json``.
"""

import uuid
from datetime import datetime, timezone

from harness import check, check_eq, expect_error, field, scenario

STATUSES = ("thinking", "awaiting_user_reply", "escalated", "resolved", "complete")


def now_iso():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def fin_user():
    return {"id": f"fin-user-{uuid.uuid4().hex[:6]}", "name": "John Doe", "email": "john.doe@conformance.example"}


def start(ctx, conversation_id, user, body="How can I see my account details?"):
    return ctx.raw_json(
        "POST",
        "fin/start",
        json_body={
            "conversation_id": conversation_id,
            "message": {"author": "user", "body": body, "timestamp": now_iso()},
            "user": user,
            "conversation_metadata": {"history": [], "attributes": {}},
        },
    )


@scenario("fin.start_reply")
def start_reply(ctx):
    """POST /fin/start then /fin/reply on the same external conversation."""

    conversation_id = f"ext-{uuid.uuid4().hex[:8]}"
    user = fin_user()
    started = start(ctx, conversation_id, user)
    check_eq(field(started, "conversation_id"), conversation_id, "/fin/start conversation_id")
    check(field(started, "status") in STATUSES, f"/fin/start status {field(started, 'status')!r}")
    check(field(started, "created_at_ms"), "/fin/start created_at_ms")
    check(field(started, "sse_subscription_url"), "/fin/start sse_subscription_url")

    replied = ctx.raw_json(
        "POST",
        "fin/reply",
        json_body={
            "conversation_id": conversation_id,
            "message": {"author": "user", "body": "Here is the information you asked for.", "timestamp": now_iso()},
            "user": user,
        },
    )
    check_eq(field(replied, "conversation_id"), conversation_id, "/fin/reply conversation_id")
    check(field(replied, "status") in STATUSES, f"/fin/reply status {field(replied, 'status')!r}")


@scenario("fin.csat")
def csat(ctx):
    """POST /fin/csat refuses (422) to rate a conversation Fin is still on, and rates it once Fin is done."""

    conversation_id = f"ext-{uuid.uuid4().hex[:8]}"
    start(ctx, conversation_id, fin_user())
    rating = {"conversation_id": conversation_id, "rating": "amazing", "remark": "Fin solved my problem in seconds."}
    early = ctx.raw("POST", "fin/csat", json_body=rating)
    # The spec's 422 answers carry {"errors": {...}} rather than an error.list.
    check_eq(early.status_code, 422, "/fin/csat before Fin has finished")
    check(isinstance(early.json().get("errors"), dict), f"/fin/csat 422 body {early.text[:200]}")
    # Fin finishes a couple of minutes after the last message, on the sandbox's clock.
    ctx.advance_clock(180)
    response = ctx.raw("POST", "fin/csat", json_body=rating)
    check_eq(response.status_code, 200, f"/fin/csat once Fin has finished: {response.text[:200]}")
    body = response.json()
    check_eq((body.get("conversation_id"), body.get("rating"), body.get("status")),
             (conversation_id, "amazing", "rated"), "/fin/csat answer")


@scenario("fin.errors")
def errors(ctx):
    """Missing conversation_id -> 400 parameter_invalid; unknown conversation for CSAT -> 422; bad token."""

    expect_error(
        lambda: ctx.raw_json(
            "POST",
            "fin/start",
            json_body={"message": {"author": "user", "body": "Hi", "timestamp": now_iso()}, "user": fin_user()},
        ),
        400,
        code="parameter_invalid",
    )
    expect_error(
        lambda: ctx.raw_json("POST", "fin/csat", json_body={"conversation_id": "ext-unknown-1", "rating": "good"}),
        422,
        envelope=False,
    )
    expect_error(
        lambda: ctx.raw_json("POST", "fin/start", json_body={}, client=ctx.bad_client()), 401, code="unauthorized"
    )
