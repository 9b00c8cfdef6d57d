"""Jobs: GET /jobs/status/{id}, as used by POST /tickets/enqueue."""

import uuid

from intercom import CreateTicketRequestContactsItemId

from harness import check, check_eq, expect_error, scenario
from scenarios._common import a_user
from scenarios.tickets import TITLE, attributes_body, type_of_category


@scenario("jobs.ticket_enqueue")
def enqueue_job(ctx):
    """POST /tickets/enqueue answers a job; GET /jobs/status/{id} reports success with the ticket."""

    ticket_type = type_of_category(ctx, "Customer")
    title = f"Queued ticket {uuid.uuid4().hex[:6]}"
    job = ctx.client.tickets.enqueue_create_ticket(
        ticket_type_id=str(ticket_type.id),
        contacts=[CreateTicketRequestContactsItemId(id=a_user(ctx).id)],
        request_options=attributes_body(title),
    )
    check_eq(job.type, "job", "enqueue answer type")
    check(job.id, "the job has an id")
    check(job.status in ("pending", "success"), f"a fresh job's status: {job.status!r}")
    status = ctx.client.jobs.status(job_id=job.id)
    for _ in range(10):
        if status.status != "pending":
            break
        ctx.advance_clock(30)
        status = ctx.client.jobs.status(job_id=job.id)
    check_eq(status.status, "success", "job status after waiting")
    check_eq(status.resource_type, "ticket", "job resource_type")
    check(status.resource_id, "a finished job names the ticket it created")
    ticket = ctx.client.tickets.get(ticket_id=status.resource_id)
    check_eq((ticket.ticket_attributes or {}).get(TITLE), title, "title of the ticket the job created")


@scenario("jobs.errors")
def errors(ctx):
    """Unknown job -> 404 job_not_found; bad token -> 401."""

    expect_error(lambda: ctx.client.jobs.status(job_id="no-such-job"), 404, code="job_not_found")
    expect_error(lambda: ctx.bad_client().jobs.status(job_id="no-such-job"), 401, code="unauthorized")
