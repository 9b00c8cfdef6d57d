"""AI content: content import sources and external pages (the content Fin learns from)."""

import uuid

from intercom.core.api_error import ApiError

from harness import check, check_eq, check_in, check_not_in, expect_error, ids_of, scenario


def new_source(ctx):
    url = f"https://docs-{uuid.uuid4().hex[:6]}.conformance.example"
    # The SDK always sends sync_behavior "api", the only value the spec allows on create.
    source = ctx.client.ai_content.create_content_import_source(url=url, status="active")
    check(source.id is not None, "POST /ai/content_import_sources returned no id")
    return source, url


@scenario("ai_content.import_sources_crud")
def import_sources_crud(ctx):
    """Create, get, list, update and delete a content import source."""

    before = ctx.client.ai_content.list_content_import_sources()
    source, url = new_source(ctx)
    check_eq(source.type, "content_import_source", "created type")
    check_eq(source.url, url, "created url")
    check_eq(source.sync_behavior, "api", "created sync_behavior")
    check_eq(source.status, "active", "created status")

    found = ctx.client.ai_content.get_content_import_source(source_id=str(source.id))
    check_eq((found.id, found.url), (source.id, url), "GET /ai/content_import_sources/{id}")
    after = ctx.client.ai_content.list_content_import_sources()
    check_in(str(source.id), ids_of(after.data), "GET /ai/content_import_sources after create")
    check_eq(len(after.data or []), len(before.data or []) + 1, "sources after create")

    updated = ctx.client.ai_content.update_content_import_source(
        source_id=str(source.id), sync_behavior="api", url=url + "/v2", status="deactivated"
    )
    check_eq(updated.url, url + "/v2", "url after PUT")
    check_eq(updated.status, "deactivated", "status after PUT")

    result = ctx.client.ai_content.delete_content_import_source(source_id=str(source.id))
    check(result is None, "DELETE /ai/content_import_sources/{id} answers 204 without a body")
    # The SDK maps only 401 here: a 404 arrives as a bare ApiError.
    expect_error(
        lambda: ctx.client.ai_content.get_content_import_source(source_id=str(source.id)), 404, sdk_error=ApiError
    )
    check_not_in(str(source.id), ids_of(ctx.client.ai_content.list_content_import_sources().data), "list after delete")


@scenario("ai_content.external_pages_crud")
def external_pages_crud(ctx):
    """Create, get, list, update and delete an external page of a source."""

    source, url = new_source(ctx)
    external_id = f"page-{uuid.uuid4().hex[:6]}"
    page = ctx.client.ai_content.create_external_page(
        title="Resetting your password",
        html="<h1>Reset</h1><p>Use the link on the sign-in page.</p>",
        url=url + "/reset",
        source_id=int(source.id),
        external_id=external_id,
        ai_agent_availability=True,
        ai_copilot_availability=False,
    )
    check(page.id, "POST /ai/external_pages returned no id")
    check_eq(page.type, "external_page", "created type")
    check_eq(page.title, "Resetting your password", "created title")
    check_eq(page.external_id, external_id, "created external_id")
    check_eq(str(page.source_id), str(source.id), "created source_id")
    check_eq(page.locale, "en", "created locale")
    check_eq((page.ai_agent_availability, page.ai_copilot_availability), (True, False), "created availability")

    found = ctx.client.ai_content.get_external_page(page_id=page.id)
    check_eq((found.id, found.html), (page.id, page.html), "GET /ai/external_pages/{id}")
    check_in(page.id, ids_of(ctx.client.ai_content.list_external_pages().data), "GET /ai/external_pages")

    updated = ctx.client.ai_content.update_external_page(
        page_id=page.id,
        title="Resetting a password",
        html="<p>Updated</p>",
        url=url + "/reset",
        source_id=int(source.id),
        fin_availability=False,
        external_id=external_id,
    )
    check_eq(updated.title, "Resetting a password", "title after PUT")
    check_eq(updated.fin_availability, False, "fin_availability after PUT")

    deleted = ctx.client.ai_content.delete_external_page(page_id=page.id)
    check_eq(deleted.id, page.id, "DELETE /ai/external_pages/{id} answers the page")
    expect_error(lambda: ctx.client.ai_content.get_external_page(page_id=page.id), 404, sdk_error=ApiError)


@scenario("ai_content.source_delete_cascades")
def source_delete_cascades(ctx):
    """Deleting a content import source deletes the external pages imported from it."""

    source, url = new_source(ctx)
    page = ctx.client.ai_content.create_external_page(
        title="Doomed", html="<p>Soon gone</p>", url=url + "/doomed", source_id=int(source.id), external_id="doomed-1"
    )
    ctx.client.ai_content.delete_content_import_source(source_id=str(source.id))
    expect_error(lambda: ctx.client.ai_content.get_external_page(page_id=page.id), 404, sdk_error=ApiError)
    check_not_in(page.id, ids_of(ctx.client.ai_content.list_external_pages().data), "pages after deleting the source")


@scenario("ai_content.errors")
def errors(ctx):
    """Unknown source or page -> 404; a page without its required fields -> 400/422; bad token."""

    expect_error(
        lambda: ctx.client.ai_content.get_content_import_source(source_id="999999999"), 404, sdk_error=ApiError
    )
    expect_error(lambda: ctx.client.ai_content.get_external_page(page_id="999999999"), 404, sdk_error=ApiError)
    expect_error(
        lambda: ctx.raw_json("POST", "ai/external_pages", json_body={"html": "<p>No title</p>", "locale": "en"}),
        (400, 422),
    )
    expect_error(lambda: ctx.bad_client().ai_content.list_external_pages(), 401, code="unauthorized")
