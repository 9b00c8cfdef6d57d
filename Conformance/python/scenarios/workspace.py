"""Read-mostly workspace resources: segments, teams and subscription types."""

from harness import check, check_eq, check_in, expect_error, ids_of, scenario


@scenario("segments.list_find")
def segments_list_find(ctx):
    """GET /segments (with include_count) and GET /segments/{id} agree."""

    segments = ctx.client.segments.list().segments or []
    check(len(segments) >= 2, "the sample workspace has at least two segments")
    for segment in segments:
        check_eq(segment.type, "segment", "segment type")
        check(segment.person_type in ("user", "contact", "lead"), f"person_type {segment.person_type!r}")
        found = ctx.client.segments.find(segment_id=segment.id)
        check_eq(found.id, segment.id, "GET /segments/{id} id")
        check_eq(found.name, segment.name, "GET /segments/{id} name")
    counted = ctx.client.segments.list(include_count=True).segments or []
    check(all(s.count is not None for s in counted), "include_count=true gives every segment a count")


@scenario("segments.errors")
def segments_errors(ctx):
    """Unknown segment -> 404; bad token -> 401."""

    expect_error(lambda: ctx.client.segments.find(segment_id="000000000000000000000000"), 404, code="not_found")
    expect_error(lambda: ctx.bad_client().segments.list(), 401, code="unauthorized")


@scenario("teams.list_find")
def teams_list_find(ctx):
    """GET /teams and GET /teams/{id}; team membership matches the admins' team_ids."""

    teams = ctx.client.teams.list().teams or []
    check(teams, "the sample workspace has a team")
    admins = {str(a.id): a for a in ctx.client.admins.list().admins or []}
    for team in teams:
        found = ctx.client.teams.find(team_id=team.id)
        check_eq(found.name, team.name, "GET /teams/{id} name")
        check_eq(sorted(map(str, found.admin_ids or [])), sorted(map(str, team.admin_ids or [])), "admin_ids")
        for member in team.admin_ids or []:
            check_in(str(member), admins, f"team {team.id} member among GET /admins")
            check_in(str(team.id), [str(t) for t in admins[str(member)].team_ids or []], "the admin's team_ids")


@scenario("teams.errors")
def teams_errors(ctx):
    """Unknown team -> 404 team_not_found; bad token -> 401."""

    expect_error(lambda: ctx.client.teams.find(team_id="999999999"), 404, code="team_not_found")
    expect_error(lambda: ctx.bad_client().teams.list(), 401, code="unauthorized")


@scenario("subscription_types.list")
def subscription_types_list(ctx):
    """GET /subscription_types lists typed subscriptions with a consent type and a translation."""

    listing = ctx.client.subscription_types.list()
    check_eq(listing.type, "list", "list type")
    items = listing.data or []
    check(len(items) >= 1, "the workspace has subscription types")
    for item in items:
        check_eq(item.type, "subscription", "subscription type object")
        check(item.consent_type in ("opt_in", "opt_out"), f"consent_type {item.consent_type!r}")
        check(item.state in ("live", "draft", "archived"), f"state {item.state!r}")
        check(item.default_translation is not None and item.default_translation.name, "default_translation.name")
    check_eq(len(set(ids_of(items))), len(items), "distinct subscription type ids")
    expect_error(lambda: ctx.bad_client().subscription_types.list(), 401, code="unauthorized")
