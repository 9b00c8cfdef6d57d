"""Admins: /me, /admins, /admins/{id}, /admins/{id}/away and /admins/activity_logs."""

from intercom.core.api_error import ApiError

from harness import check, check_eq, check_in, expect_error, field, first, ids_of, scenario


@scenario("admins.identify_list_find")
def identify_list_find(ctx):
    """GET /me names an admin of the workspace; every listed admin can be fetched by id."""

    me = ctx.client.admins.identify()
    check(me is not None, "GET /me returned nothing")
    check_eq(me.type, "admin", "GET /me type")
    check(me.app is not None and me.app.id_code, "GET /me should describe the app (app.id_code)")

    admins = ctx.client.admins.list().admins or []
    check(len(admins) >= 1, "GET /admins returned no admin")
    check_in(str(me.id), ids_of(admins), "the token's admin among GET /admins")
    for admin in admins:
        found = ctx.client.admins.find(admin_id=int(admin.id))
        check_eq(str(found.id), str(admin.id), "GET /admins/{id} id")
        check_eq(found.email, admin.email, f"GET /admins/{admin.id} email")
        check_eq(found.name, admin.name, f"GET /admins/{admin.id} name")


@scenario("admins.away_mode")
def away_mode(ctx):
    """PUT /admins/{id}/away turns away mode on and off, and GET /admins/{id} reflects it."""

    admin_id = int(ctx.client.admins.identify().id)
    updated = ctx.client.admins.away(admin_id=admin_id, away_mode_enabled=True, away_mode_reassign=True)
    check_eq(updated.away_mode_enabled, True, "away_mode_enabled after setting it")
    check_eq(updated.away_mode_reassign, True, "away_mode_reassign after setting it")
    check_eq(ctx.client.admins.find(admin_id=admin_id).away_mode_enabled, True, "away mode seen by GET")

    back = ctx.client.admins.away(admin_id=admin_id, away_mode_enabled=False, away_mode_reassign=False)
    check_eq(back.away_mode_enabled, False, "away_mode_enabled after clearing it")
    found = ctx.client.admins.find(admin_id=admin_id)
    check_eq(found.away_mode_enabled, False, "away mode cleared, seen by GET")
    check_eq(found.away_mode_reassign, False, "reassign cleared, seen by GET")


@scenario("admins.away_with_reason")
def away_with_reason(ctx):
    """Away mode with an away status reason from GET /away_status_reasons keeps the reason's id."""

    reasons = ctx.client.away_status_reasons.list_away_status_reasons()
    # SDK bug: 5.0.1 types this response as a bare array, but the 2.14 spec (and the API) answer
    # {"type": "list", "data": [...]}; the SDK then hands back the undecoded dict.
    reasons = field(reasons, "data", reasons) if isinstance(reasons, dict) else reasons
    reason_id = int(field(first(reasons, "away status reason"), "id"))
    admin_id = int(ctx.client.admins.identify().id)
    updated = ctx.client.admins.away(
        admin_id=admin_id, away_mode_enabled=True, away_mode_reassign=False, away_status_reason_id=reason_id
    )
    check_eq(updated.away_mode_enabled, True, "away_mode_enabled")
    check_eq(str(updated.away_status_reason_id), str(reason_id), "away_status_reason_id echoed")
    check_eq(
        str(ctx.client.admins.find(admin_id=admin_id).away_status_reason_id), str(reason_id), "reason seen by GET"
    )


@scenario("admins.activity_logs")
def activity_logs(ctx):
    """GET /admins/activity_logs lists entries inside the created_at window it is given."""

    everything = ctx.client.admins.list_all_activity_logs(created_at_after="0")
    logs = everything.activity_logs or []
    check(logs, "the sample workspace should have activity log entries")
    for entry in logs:
        check(entry.id and entry.activity_type, f"an activity log entry lacks id or activity_type: {entry!r}")
        check(entry.performed_by is not None, f"activity log entry {entry.id} lacks performed_by")
    times = sorted(int(entry.created_at) for entry in logs)
    latest = times[-1]

    after_latest = ctx.client.admins.list_all_activity_logs(created_at_after=str(latest + 1)).activity_logs or []
    check_eq(len(after_latest), 0, "entries created after the newest entry")
    before_oldest = ctx.client.admins.list_all_activity_logs(
        created_at_after="0", created_at_before=str(times[0] - 1)
    ).activity_logs or []
    check_eq(len(before_oldest), 0, "entries created before the oldest entry")


@scenario("admins.errors")
def errors(ctx):
    """Unknown admin -> 404 NotFoundError; bad token -> 401 UnauthorizedError."""

    expect_error(lambda: ctx.client.admins.find(admin_id=1), 404, code=("admin_not_found", "not_found"))
    expect_error(
        lambda: ctx.client.admins.away(admin_id=1, away_mode_enabled=True, away_mode_reassign=True),
        404,
        code=("admin_not_found", "not_found"),
    )
    bad = ctx.bad_client()
    expect_error(lambda: bad.admins.list(), 401, code="unauthorized")
    expect_error(lambda: bad.admins.find(admin_id=1), 401, code="unauthorized")
    # The SDK maps no error status for GET /me, so a 401 arrives as a bare ApiError.
    error = expect_error(lambda: bad.admins.identify(), 401, code="unauthorized", sdk_error=ApiError)
    check_eq(error.status_code, 401, "GET /me with a bad token")
    # A missing required field (away_mode_reassign) is a bad request.
    me = ctx.client.admins.identify().id
    expect_error(
        lambda: ctx.raw_json("PUT", f"admins/{me}/away", json_body={"away_mode_enabled": True}), (400, 422)
    )
