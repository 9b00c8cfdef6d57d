"""Custom object instances: create-or-update, get by id and by external_id, delete both ways."""

import uuid

from harness import check, check_eq, expect_error, scenario

# Custom object types are defined in Intercom's UI; the 2.14 API cannot list them. "Order" is the type
# of the spec's examples and of the sandbox's sample workspace.
TYPE = "Order"


def new_instance(ctx, **attributes):
    external_id = f"ord-{uuid.uuid4().hex[:8]}"
    created = ctx.client.custom_object_instances.create_custom_object_instances(
        custom_object_type_identifier=TYPE,
        external_id=external_id,
        external_created_at=ctx.now() - 3600,
        custom_attributes=attributes or {"order_number": external_id.upper(), "status": "new"},
    )
    check(created is not None and created.id, "POST /custom_object_instances/{type} returned no id")
    return created, external_id


@scenario("custom_objects.crud")
def crud(ctx):
    """Create an instance, get it both ways, update it through the same external_id, delete it by id."""

    created, external_id = new_instance(ctx, order_number="SBX-9001", status="new")
    check_eq(created.type, TYPE, "instance type")
    check_eq(created.external_id, external_id, "instance external_id")
    check_eq((created.custom_attributes or {}).get("order_number"), "SBX-9001", "instance attribute")

    by_id = ctx.client.custom_object_instances.get_custom_object_instances_by_id(
        custom_object_type_identifier=TYPE, custom_object_instance_id=created.id
    )
    check_eq(by_id.external_id, external_id, "GET /custom_object_instances/{type}/{id}")
    by_external = ctx.client.custom_object_instances.get_custom_object_instances_by_external_id(
        custom_object_type_identifier=TYPE, external_id=external_id
    )
    check_eq(by_external.id, created.id, "GET /custom_object_instances/{type}?external_id=")

    again = ctx.client.custom_object_instances.create_custom_object_instances(
        custom_object_type_identifier=TYPE, external_id=external_id, custom_attributes={"status": "shipped"}
    )
    check_eq(again.id, created.id, "create-or-update with a known external_id keeps the id")
    check_eq((again.custom_attributes or {}).get("status"), "shipped", "attribute after the second POST")

    # Naming follows the spec's operation ids, which are swapped: this one takes the path id.
    deleted = ctx.client.custom_object_instances.delete_custom_object_instances_by_external_id(
        custom_object_type_identifier=TYPE, custom_object_instance_id=created.id
    )
    check_eq((str(deleted.id), deleted.deleted), (str(created.id), True), "delete by id answer")
    check_eq(deleted.object, TYPE, "delete answer object")
    expect_error(
        lambda: ctx.client.custom_object_instances.get_custom_object_instances_by_id(
            custom_object_type_identifier=TYPE, custom_object_instance_id=created.id
        ),
        404,
        code="not_found",
    )


@scenario("custom_objects.delete_by_external_id")
def delete_by_external_id(ctx):
    """DELETE /custom_object_instances/{type}?external_id= removes the instance."""

    created, external_id = new_instance(ctx)
    # ... and this one, named "by_id", takes the external_id query parameter.
    deleted = ctx.client.custom_object_instances.delete_custom_object_instances_by_id(
        custom_object_type_identifier=TYPE, external_id=external_id
    )
    check_eq((str(deleted.id), deleted.deleted), (str(created.id), True), "delete by external_id answer")
    expect_error(
        lambda: ctx.client.custom_object_instances.get_custom_object_instances_by_external_id(
            custom_object_type_identifier=TYPE, external_id=external_id
        ),
        404,
        code="not_found",
    )


@scenario("custom_objects.errors")
def errors(ctx):
    """Unknown type or instance -> 404 not_found; bad token -> 401."""

    expect_error(
        lambda: ctx.client.custom_object_instances.create_custom_object_instances(
            custom_object_type_identifier="NoSuchType", external_id="x-1", custom_attributes={"a": "b"}
        ),
        404,
        code="not_found",
    )
    expect_error(
        lambda: ctx.client.custom_object_instances.get_custom_object_instances_by_id(
            custom_object_type_identifier=TYPE, custom_object_instance_id="999999999"
        ),
        404,
        code="not_found",
    )
    expect_error(
        lambda: ctx.client.custom_object_instances.get_custom_object_instances_by_external_id(
            custom_object_type_identifier=TYPE, external_id="no-such-order"
        ),
        404,
        code="not_found",
    )
    expect_error(
        lambda: ctx.bad_client().custom_object_instances.get_custom_object_instances_by_external_id(
            custom_object_type_identifier=TYPE, external_id="ord-5001"
        ),
        401,
        code="unauthorized",
    )
