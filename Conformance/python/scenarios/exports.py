"""Data exports: the message data export (export/content/data) and the reporting data export."""

from intercom.core.api_error import ApiError

from harness import check, check_eq, expect_error, field, scenario

DAY = 86_400
FINISHED = ("completed", "complete", "no_data", "failed", "canceled")


def wait_for(ctx, read, done, rounds=12, step=60):
    """Poll ``read()`` until ``done(answer)``, moving the sandbox clock ``step`` seconds between polls."""

    answer = read()
    for _ in range(rounds):
        if done(answer):
            return answer
        ctx.advance_clock(step)
        answer = read()
    return answer


@scenario("data_export.lifecycle")
def content_export_lifecycle(ctx):
    """Create an export, watch it finish, download the gzipped CSV."""

    now = ctx.now()
    job = ctx.client.data_export.create(created_at_after=now - 30 * DAY, created_at_before=now)
    check(job.job_identifier, "POST /export/content/data returned no job_identifier")
    check(job.status in ("pending", "in_progress"), f"a new export's status {job.status!r}")

    finished = wait_for(
        ctx,
        lambda: ctx.client.data_export.find(job_identifier=job.job_identifier),
        lambda answer: answer.status in FINISHED,
    )
    check_eq(finished.job_identifier, job.job_identifier, "GET /export/content/data/{id} job_identifier")
    check_eq(finished.status, "completed", "export status after waiting")
    check(finished.download_url, "a completed export has a download_url")

    # SDK bug: data_export.download() sends no Accept: application/octet-stream (the API requires it)
    # and throws the body away, so the download is fetched directly.
    download = ctx.http(
        "GET", f"download/content/data/{job.job_identifier}", headers={"Accept": "application/octet-stream"}
    )
    check_eq(download.status_code, 200, "download status")
    check(download.content[:2] == b"\x1f\x8b", "the download is gzipped (the API streams a gzipped CSV)")


@scenario("data_export.cancel_and_limit")
def content_export_cancel(ctx):
    """A second pending export is refused (429); cancelling the first makes room."""

    now = ctx.now()
    pending = ctx.client.data_export.create(created_at_after=now - DAY, created_at_before=now)
    # One active job per workspace. The SDK maps no status for this operation: a bare ApiError.
    expect_error(
        lambda: ctx.client.data_export.create(created_at_after=now - 2 * DAY, created_at_before=now),
        429,
        sdk_error=ApiError,
    )
    canceled = ctx.client.data_export.cancel(job_identifier=pending.job_identifier)
    check_eq(canceled.status, "canceled", "status after cancel")
    seen = ctx.client.data_export.find(job_identifier=pending.job_identifier)
    check_eq(seen.status, "canceled", "status seen by GET")
    second = ctx.client.data_export.create(created_at_after=now - 2 * DAY, created_at_before=now)
    check(second.job_identifier and second.job_identifier != pending.job_identifier, "a new export after cancelling")


def app_id(ctx):
    return ctx.client.admins.identify().app.id_code


@scenario("reporting_export.datasets")
def reporting_datasets(ctx):
    """GET /export/reporting_data/get_datasets lists datasets with their attributes."""

    datasets = ctx.client.export.list_available_datasets_and_attributes().data or []
    check(datasets, "no reporting dataset")
    for dataset in datasets:
        check(field(dataset, "id") and field(dataset, "name"), f"dataset without id or name: {dataset!r}")
        attributes = field(dataset, "attributes") or []
        check(attributes, f"dataset {field(dataset, 'id')} lists no attribute")
        check(all(field(a, "id") for a in attributes), f"an attribute of {field(dataset, 'id')} has no id")


@scenario("reporting_export.lifecycle")
def reporting_lifecycle(ctx):
    """Enqueue a reporting export, poll it until complete, download it as bytes."""

    dataset = (ctx.client.export.list_available_datasets_and_attributes().data or [None])[0]
    check(dataset is not None, "no reporting dataset")
    attribute_ids = [field(a, "id") for a in field(dataset, "attributes") or []][:3]
    now = ctx.now()
    job = ctx.client.export.enqueue_a_new_reporting_data_export_job(
        dataset_id=field(dataset, "id"), attribute_ids=attribute_ids, start_time=now - 7 * DAY, end_time=now
    )
    check(job.job_identifier, "POST /export/reporting_data/enqueue returned no job_identifier")
    workspace = app_id(ctx)
    finished = wait_for(
        ctx,
        lambda: ctx.client.data_export.export_reporting_data(
            job_identifier=job.job_identifier, app_id=workspace, client_id="conformance-suite"
        ),
        lambda answer: answer.status in FINISHED,
    )
    check_eq(finished.job_identifier, job.job_identifier, "job_identifier while polling")
    check_eq(finished.status, "complete", "reporting export status after waiting")

    # The SDK sends the right Accept header here but returns None instead of the bytes; fetch directly.
    download = ctx.http(
        "GET",
        f"download/reporting_data/{job.job_identifier}",
        params={"app_id": workspace, "job_identifier": job.job_identifier},
        headers={"Accept": "application/octet-stream"},
    )
    check_eq(download.status_code, 200, "reporting download status")
    check(download.content, "the reporting download is empty")


@scenario("reporting_export.errors")
def reporting_errors(ctx):
    """Unknown dataset -> 400 bad_request; unknown job -> 404 not_found; bad token -> 401."""

    now = ctx.now()
    expect_error(
        lambda: ctx.client.export.enqueue_a_new_reporting_data_export_job(
            dataset_id="imaginary", attribute_ids=["x"], start_time=now - DAY, end_time=now
        ),
        400,
        code="bad_request",
    )
    expect_error(
        lambda: ctx.client.data_export.export_reporting_data(
            job_identifier="job1", app_id=app_id(ctx), client_id="conformance-suite"
        ),
        404,
        code="not_found",
    )
    expect_error(
        lambda: ctx.bad_client().export.enqueue_a_new_reporting_data_export_job(
            dataset_id="x", attribute_ids=["x"], start_time=now - DAY, end_time=now
        ),
        401,
        code="unauthorized",
    )
