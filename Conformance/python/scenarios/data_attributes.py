"""Data attributes: list by model, create, update, archive."""

import uuid

from intercom import CreateDataAttributeRequestOne

from harness import check, check_eq, check_in, check_not_in, expect_error, first, scenario
from scenarios._common import a_contact


def names(listing):
    return [attribute.name for attribute in listing.data or []]


@scenario("data_attributes.list")
def list_by_model(ctx):
    """GET /data_attributes filters by model; custom attributes are marked custom."""

    contact = ctx.client.data_attributes.list(model="contact")
    check_eq(contact.type, "list", "list type")
    check(contact.data, "contact data attributes")
    check(all(a.model == "contact" for a in contact.data), "model=contact returns only contact attributes")
    check_in("email", names(contact), "standard contact attributes")
    plan = first(contact.data, "the sample custom attribute 'plan'", lambda a: a.name == "plan")
    check_eq(plan.custom, True, "plan.custom")
    check_eq(plan.full_name, "custom_attributes.plan", "plan.full_name")

    company = ctx.client.data_attributes.list(model="company")
    check(company.data and all(a.model == "company" for a in company.data), "model=company")
    everything = ctx.client.data_attributes.list()
    check(len(everything.data) >= len(contact.data) + len(company.data), "no model gives every model")


@scenario("data_attributes.create_update_archive")
def create_update_archive(ctx):
    """POST /data_attributes, PUT /data_attributes/{id}; archived ones leave the default list."""

    name = f"conf_{uuid.uuid4().hex[:8]}"
    # SDK bug: the typed request for a plain attribute declares only ``data_type``; name, model and
    # description go in as extra fields, which the SDK's models pass through.
    created = ctx.client.data_attributes.create(
        request=CreateDataAttributeRequestOne(
            data_type="string", name=name, model="contact", description="Created by the conformance suite"
        )
    )
    check(created.id is not None, "POST /data_attributes returned no id")
    check_eq(created.name, name, "created name")
    check_eq(created.model, "contact", "created model")
    check_eq(created.data_type, "string", "created data_type")
    check_eq(created.custom, True, "created custom flag")
    check_eq(created.full_name, f"custom_attributes.{name}", "created full_name")
    check_in(created.id, [a.id for a in ctx.client.data_attributes.list(model="contact").data], "list after create")

    updated = ctx.client.data_attributes.update(
        data_attribute_id=int(created.id), request={"description": "Described again", "messenger_writable": True}
    )
    check_eq(updated.description, "Described again", "description after PUT")
    check_eq(updated.messenger_writable, True, "messenger_writable after PUT")

    archived = ctx.client.data_attributes.update(data_attribute_id=int(created.id), request={"archived": True})
    check_eq(archived.archived, True, "archived after PUT")
    check_not_in(
        created.id, [a.id for a in ctx.client.data_attributes.list(model="contact").data], "default list after archive"
    )
    with_archived = ctx.client.data_attributes.list(model="contact", include_archived=True)
    check_in(created.id, [a.id for a in with_archived.data], "include_archived=true after archive")

    # A contact accepts a value for the new attribute.
    contact = a_contact(ctx)
    ctx.client.data_attributes.update(data_attribute_id=int(created.id), request={"archived": False})
    value = ctx.client.contacts.update(contact_id=contact.id, custom_attributes={name: "set"})
    check_eq((value.custom_attributes or {}).get(name), "set", "contact custom attribute with the new attribute")


@scenario("data_attributes.errors")
def errors(ctx):
    """Duplicate or invalid names -> 400 parameter_invalid; unknown id -> 404; bad token -> 401."""

    expect_error(
        lambda: ctx.client.data_attributes.create(
            request=CreateDataAttributeRequestOne(data_type="string", name="plan", model="contact")
        ),
        400,
        code="parameter_invalid",
    )
    expect_error(
        lambda: ctx.client.data_attributes.create(
            request=CreateDataAttributeRequestOne(data_type="string", name="!nv@l!d n@me", model="company")
        ),
        400,
        code="parameter_invalid",
    )
    expect_error(
        lambda: ctx.client.data_attributes.update(data_attribute_id=999999, request={"description": "x"}),
        404,
        code="field_not_found",
    )
    expect_error(lambda: ctx.bad_client().data_attributes.list(), 401, code="unauthorized")
