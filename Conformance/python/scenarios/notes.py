"""Notes on contacts: create, find, list."""

from harness import check, check_eq, check_in, expect_error, field, ids_of, scenario
from harness.paging import collect
from scenarios._common import a_contact


@scenario("notes.create_find_list")
def create_find_list(ctx):
    """POST /contacts/{id}/notes, GET /notes/{id}, GET /contacts/{id}/notes; the list grows by one."""

    contact = a_contact(ctx)
    admin_id = str(ctx.client.admins.identify().id)
    before = collect(ctx.client.notes.list(contact_id=contact.id, page=1))
    note = ctx.client.notes.create(contact_id=contact.id, body="Called about the renewal", admin_id=admin_id)
    check(note.id, "POST /contacts/{id}/notes returned no id")
    check_eq(note.type, "note", "note type")
    # The API stores note bodies as HTML, so the text may come back wrapped in <p>.
    check("Called about the renewal" in (note.body or ""), f"note body {note.body!r}")
    check_eq(str(field(note.contact, "id")), contact.id, "note contact id")
    check_eq(str(field(note.author, "id")), admin_id, "note author id")

    found = ctx.client.notes.find(note_id=int(note.id))
    check_eq(found.id, note.id, "GET /notes/{id} id")
    check_eq(found.body, note.body, "GET /notes/{id} body")

    after = collect(ctx.client.notes.list(contact_id=contact.id, page=1))
    check_in(note.id, ids_of(after), "GET /contacts/{id}/notes after create")
    check_eq(len(after), len(before) + 1, "notes on the contact after create")


@scenario("notes.errors")
def errors(ctx):
    """Unknown note or contact -> 404; bad token -> 401."""

    expect_error(lambda: ctx.client.notes.find(note_id=999999999), 404, code="not_found")
    expect_error(
        lambda: ctx.client.notes.create(contact_id="000000000000000000000000", body="Hello"), 404, code="not_found"
    )
    expect_error(lambda: ctx.client.notes.list(contact_id="000000000000000000000000"), 404, code="not_found")
    # The SDK maps 401 only for GET /notes/{id}.
    expect_error(lambda: ctx.bad_client().notes.find(note_id=1), 401, code="unauthorized")
