"""Calls: list, show, recording, transcript, search by conversation."""

from harness import check, check_eq, check_in, expect_error, first, ids_of, scenario


def some_call(ctx):
    # 2.14 has no operation that creates a call, so the sample workspace has to hold some.
    return first(ctx.client.calls.list_calls(page=1, per_page=25).data, "call in the workspace (GET /calls)")


@scenario("calls.list")
def list_calls(ctx):
    """GET /calls answers a list with total_count and pages; per_page is honoured."""

    listing = ctx.client.calls.list_calls(page=1, per_page=25)
    check_eq(listing.type, "list", "list type")
    check(listing.total_count is not None and listing.total_count >= len(listing.data or []), "total_count")
    check(listing.pages is not None, "pages")
    for call in listing.data or []:
        check_eq(call.type, "call", "call type")
    if (listing.total_count or 0) > 1:
        page_one = ctx.client.calls.list_calls(page=1, per_page=1)
        check_eq(len(page_one.data or []), 1, "calls on a page of 1")
        second = ctx.client.calls.list_calls(page=2, per_page=1)
        check(ids_of(second.data) != ids_of(page_one.data), "page 2 differs from page 1")


@scenario("calls.show_transcript_recording")
def show(ctx):
    """GET /calls/{id}, its transcript (text/plain) and its recording (a redirect)."""

    call = some_call(ctx)
    found = ctx.client.calls.show_call(call_id=call.id)
    check_eq((found.id, found.conversation_id), (call.id, call.conversation_id), "GET /calls/{id}")

    transcript = ctx.client.calls.show_call_transcript(call_id=call.id)
    check(isinstance(transcript, str), f"the transcript is text, got {type(transcript).__name__}")

    # The recording answers 302 to a signed URL (or 404 when there is none). Fetched without following
    # redirects: the suite never leaves the loopback interface.
    recording = ctx.http("GET", f"calls/{call.id}/recording")
    check(recording.status_code in (302, 404), f"GET /calls/{{id}}/recording answered {recording.status_code}")
    if recording.status_code == 302:
        check(recording.headers.get("location"), "a 302 without a Location header")

    if call.conversation_id:
        searched = ctx.client.calls.list_calls_with_transcripts(conversation_ids=[str(call.conversation_id)])
        check_in(call.id, ids_of(searched.data), "POST /calls/search by the call's conversation")


@scenario("calls.errors")
def errors(ctx):
    """Unknown call -> 404; more than 20 conversation ids -> 400; bad token -> 401."""

    expect_error(lambda: ctx.client.calls.show_call(call_id="999999999"), 404, code="not_found")
    # The SDK maps no 401 for transcripts, only 404.
    expect_error(lambda: ctx.client.calls.show_call_transcript(call_id="999999999"), 404, code="not_found")
    expect_error(
        lambda: ctx.client.calls.list_calls_with_transcripts(conversation_ids=[str(n) for n in range(21)]),
        400,
        code="conversation_id_limit_exceeded",
    )
    expect_error(lambda: ctx.bad_client().calls.list_calls(), 401, code="unauthorized")
