"""Where Intercom's 2.14 description is wrong about the live API, corrected in memory for the fuzzer.

The description file in ../shared is never changed. Each correction says why it is one; the same
differences are excused in the Swift parity test (SpecParityTests.errata).
"""
import schemathesis


def _props(schemas, name):
    return schemas[name]["properties"]


@schemathesis.hook
def before_load_schema(context, raw_schema):
    schemas = raw_schema["components"]["schemas"]
    # E1 relative URLs and type names are not RFC 3986 URIs
    _props(schemas, "addressable_list")["type"].pop("format", None)
    for name in ("addressable_list", "contact_tags", "contact_notes", "contact_companies", "company_data"):
        _props(schemas, name)["url"]["format"] = "uri-reference"
    # E2 company custom attributes hold any JSON scalar (the schema's own example has bool/float/int)
    _props(schemas, "company")["custom_attributes"]["additionalProperties"] = {}
    # E3 the list operation's own `model` filter accepts `conversation`
    _props(schemas, "data_attribute")["model"]["enum"].append("conversation")
    # E4 input_options is null for non-string attributes (spec examples show null)
    _props(schemas, "ticket_type_attribute")["input_options"]["nullable"] = True
    # E5 before/after carry whatever the activity type changed (strings in the spec's own example)
    for key in ("before", "after"):
        _props(schemas, "activity_log_metadata")[key] = {"nullable": True}
    # E6 width/height are null for non-image attachments (field notes, need #1)
    for key in ("width", "height"):
        _props(schemas, "part_attachment")[key]["nullable"] = True
    # E7 a call that was never answered / has not ended has no timestamp
    for key in ("answered_at", "ended_at"):
        _props(schemas, "call")[key] = {"allOf": [{"$ref": "#/components/schemas/datetime"}], "nullable": True}
    # E8 ids are 24-hex object ids, not UUIDs (the health check failure on POST /conversations)
    _props(schemas, "create_conversation_request")["from"]["properties"]["id"].pop("format", None)
    # E9 job_identifier is a path parameter
    for path in ("/download/reporting_data/{job_identifier}", "/export/reporting_data/{job_identifier}"):
        for parameter in raw_schema["paths"][path]["get"]["parameters"]:
            if parameter.get("name") == "job_identifier":
                parameter["in"] = "path"
    # E12 a constraint the spec only states in prose ("The value must be user")
    for parameter in raw_schema["paths"]["/events"]["get"]["parameters"]:
        if parameter.get("name") == "type":
            parameter["schema"]["enum"] = ["user"]
    # E14 custom object instance attributes hold numbers and booleans too (the spec's own examples do)
    _props(schemas, "custom_object_instance")["custom_attributes"]["additionalProperties"] = {}
    # E15 an anonymous visitor's email is "" (the spec's own visitor examples), which is no email address
    _props(schemas, "visitor")["email"].pop("format", None)
    # E16 the ticket reply body nests a oneOf inside a oneOf next to its own properties, which no generator
    # can satisfy; the same four alternatives, flattened, each with skip_notifications
    reply = raw_schema["paths"]["/tickets/{ticket_id}/reply"]["post"]["requestBody"]["content"]["application/json"]
    skip = reply["schema"].get("properties", {}).get("skip_notifications", {"type": "boolean"})
    leaves = [
        "contact_reply_ticket_intercom_user_id_request",
        "contact_reply_ticket_user_id_request",
        "contact_reply_ticket_email_request",
        "admin_reply_ticket_request",
    ]
    reply["schema"] = {
        "oneOf": [
            {"allOf": [{"$ref": f"#/components/schemas/{leaf}"}, {"properties": {"skip_notifications": skip}}]}
            for leaf in leaves
        ]
    }
    # E11 the live API answers these on any operation, in the error.list shape, though the description
    # lists them on some operations only: 400 (bad parameters), 401 (bad token), 404 (unknown id),
    # 406 (no Accept that allows JSON), 409 (conflict), 422 (refused change), 429 (rate limit)
    error_response = {
        "description": "An error.list answer",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/error"}}},
    }
    for item in raw_schema["paths"].values():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status in ("400", "401", "404", "406", "409", "422", "429"):
                operation["responses"].setdefault(status, error_response)
    # E13 (fuzzing aid): send a body on every operation that declares one
    for item in raw_schema["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                operation["requestBody"]["required"] = True
