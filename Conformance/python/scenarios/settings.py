"""Workspace settings and small operations: IP allowlist, away status reasons, phone call redirects."""

from intercom import CreatePhoneSwitchRequest

from harness import check, check_eq, expect_error, field, ids_of, scenario


@scenario("ip_allowlist.get_update")
def ip_allowlist(ctx):
    """GET and PUT /ip_allowlist; the update is what a later GET returns."""

    current = ctx.client.ip_allowlist.get_ip_allowlist()
    check_eq(current.type, "ip_allowlist", "GET /ip_allowlist type")
    check(isinstance(current.enabled, bool), "enabled is a boolean")
    check(isinstance(current.ip_allowlist, list), "ip_allowlist is a list")

    # The suite talks to the sandbox from 127.0.0.1, so that address stays on the list.
    wanted = ["127.0.0.1", "192.168.1.0/24", "10.0.0.1"]
    updated = ctx.client.ip_allowlist.update_ip_allowlist(enabled=True, ip_allowlist=wanted)
    check_eq((updated.enabled, updated.ip_allowlist), (True, wanted), "PUT /ip_allowlist answer")
    again = ctx.client.ip_allowlist.get_ip_allowlist()
    check_eq((again.enabled, again.ip_allowlist), (True, wanted), "GET /ip_allowlist after PUT")

    off = ctx.client.ip_allowlist.update_ip_allowlist(enabled=False, ip_allowlist=[])
    check_eq(off.enabled, False, "enabled after turning the allowlist off")


@scenario("ip_allowlist.errors")
def ip_allowlist_errors(ctx):
    """An allowlist that would lock the caller out -> 422 parameter_invalid; bad token -> 401."""

    expect_error(
        lambda: ctx.client.ip_allowlist.update_ip_allowlist(enabled=True, ip_allowlist=["192.0.2.10"]),
        422,
        code="parameter_invalid",
    )
    check(ctx.client.ip_allowlist.get_ip_allowlist().ip_allowlist != ["192.0.2.10"], "a refused allowlist was saved")
    expect_error(lambda: ctx.bad_client().ip_allowlist.get_ip_allowlist(), 401, code="unauthorized")


@scenario("away_status_reasons.list")
def away_status_reasons(ctx):
    """GET /away_status_reasons lists labelled reasons with an order."""

    answer = ctx.client.away_status_reasons.list_away_status_reasons()
    # SDK bug: the SDK expects a bare array; the 2.14 spec documents {"type": "list", "data": [...]}, which
    # the SDK then returns undecoded. The suite holds the server to the spec's shape.
    check(isinstance(answer, dict), f"expected the 2.14 list object, got {type(answer).__name__}")
    check_eq(answer.get("type"), "list", "GET /away_status_reasons type")
    reasons = answer.get("data") or []
    check(reasons, "the workspace has away status reasons")
    for reason in reasons:
        check_eq(reason.get("type"), "away_status_reason", "reason type")
        check(reason.get("id") and reason.get("label"), f"reason without id or label: {reason!r}")
        check(isinstance(reason.get("order"), int), f"reason {reason.get('id')} has no integer order")
    check_eq(len(set(ids_of(reasons))), len(reasons), "distinct reason ids")
    expect_error(lambda: ctx.bad_client().away_status_reasons.list_away_status_reasons(), 401, code="unauthorized")


@scenario("phone_call_redirects.create")
def phone_call_redirect(ctx):
    """POST /phone_call_redirects answers a phone_call_redirect."""

    redirect = ctx.client.phone_call_redirects.create(
        request=CreatePhoneSwitchRequest(
            phone="+353832345678", custom_attributes={"issue_type": "Billing", "priority": "High"}
        )
    )
    check(redirect is not None, "POST /phone_call_redirects answered nothing")
    check_eq(redirect.type, "phone_call_redirect", "answer type")
    # The schema names a phone field, the spec's example a url: accept either, but one must be there.
    check(field(redirect, "url") or field(redirect, "phone"), f"neither url nor phone in {redirect!r}")


@scenario("phone_call_redirects.errors")
def phone_call_redirect_errors(ctx):
    """An invalid number -> 400 with error_key invalid_phone_number; bad token -> 401."""

    error = expect_error(
        lambda: ctx.client.phone_call_redirects.create(request=CreatePhoneSwitchRequest(phone="not-a-number")),
        400,
        envelope=False,
    )
    check_eq(field(error.body, "error_key"), "invalid_phone_number", "error_key of an invalid number")
    expect_error(
        lambda: ctx.bad_client().phone_call_redirects.create(request=CreatePhoneSwitchRequest(phone="+353832345678")),
        401,
        code="unauthorized",
    )
