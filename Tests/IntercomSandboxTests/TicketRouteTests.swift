import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Intercom
import IntercomSandbox
import Testing

/// Tickets, ticket types and their attributes, ticket states, queued ticket creation and conversation
/// conversion, through the router without sockets.
@Suite("Sandbox ticket routes")
struct TicketRouteTests {
    static let margaret = "6560c0a15f4d1a0001ab0001"
    static let katherine = "6560c0a15f4d1a0001ab0002"
    static let owner = "991267460"
    static let grace = "991267461"
    static let team = "814865"
    static let bugType = "4101"
    static let billingType = "4102"
    static let severityHigh = "3f1c9a52-7d0e-4b8a-9c61-5a2e0d4b7e03"

    /// A creation body for a bug report on Katherine, with what `overrides` changes.
    static func bugReport(_ overrides: [String: JSONValue] = [:]) -> JSONValue {
        var body: [String: JSONValue] = [
            "ticket_type_id": .string(bugType),
            "contacts": [["id": .string(katherine)]],
            "ticket_attributes": [
                "_default_title_": "Invoices page is blank",
                "_default_description_": "Nothing renders after the last release.",
                "Severity": .string(severityHigh),
            ],
        ]
        for (key, value) in overrides { body[key] = value }
        return .object(body)
    }

    static func search(
        _ client: some TestClientProtocol,
        _ query: JSONValue,
        perPage: Int? = nil,
        after cursor: String? = nil
    ) async throws -> TestResponse {
        var pagination: [String: JSONValue] = [:]
        if let perPage { pagination["per_page"] = .int(perPage) }
        if let cursor { pagination["starting_after"] = .string(cursor) }
        let body: JSONValue = ["query": query, "pagination": .object(pagination)]
        return try await client.send(.post, "/tickets/search", json: body)
    }

    /// The ids of the tickets a search answer lists, in order.
    static func ids(_ response: TestResponse) -> [String] {
        (response.json["tickets"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
    }

    static func parts(_ ticket: JSONValue) -> [JSONValue] {
        ticket["ticket_parts"]?["ticket_parts"]?.arrayValue ?? []
    }

    @Test("A ticket's life: create, find, search, change state and assignee, reply, tag, delete")
    func lifecycle() async throws {
        try await withSandboxRouter { client, _ in
            let created = try await client.send(
                .post,
                "/tickets",
                json: Self.bugReport(["assignment": ["admin_assignee_id": .string(Self.grace)]])
            )
            #expect(created.status == .ok)
            let ticket = created.json
            let id = try #require(ticket["id"]?.stringValue)
            #expect(ticket["type"] == "ticket")
            #expect(ticket["ticket_id"] == "4", "the sample holds tickets 1 to 3")
            #expect(ticket["ticket_id"]?.stringValue != id)
            #expect(ticket["category"] == "Customer")
            #expect(ticket["is_shared"] == true)
            #expect(ticket["open"] == true)
            #expect(ticket["ticket_type"]?["id"] == .string(Self.bugType))
            #expect(ticket["ticket_state"]?["category"] == "submitted")
            #expect(ticket["contacts"]?["contacts"]?[0]?["id"] == .string(Self.katherine))
            #expect(ticket["contacts"]?["contacts"]?[0]?["external_id"] == "user-1002")
            #expect(ticket["admin_assignee_id"] == .string(Self.grace))
            #expect(ticket["team_assignee_id"] == "0")
            #expect(ticket["ticket_attributes"]?["_default_title_"] == "Invoices page is blank")
            #expect(ticket["ticket_attributes"]?["Affected users"] == .null, "unset attributes show as null")
            #expect(ticket["ticket_parts"]?["total_count"] == 1)
            #expect(ticket["linked_objects"]?["total_count"] == 0)

            let found = try await client.send(.get, "/tickets/\(id)")
            #expect(found.status == .ok)
            #expect(found.json["ticket_attributes"]?["Severity"] == .string(Self.severityHigh))

            let byTitle = try await Self.search(client, ["field": "title", "operator": "~", "value": "invoices"])
            #expect(Self.ids(byTitle) == [id])
            #expect(byTitle.json["type"] == "ticket.list")
            #expect(byTitle.json["total_count"] == 1)

            let updated = try await client.send(
                .put,
                "/tickets/\(id)",
                json: [
                    "ticket_state_id": "6302", "assignee_id": .string(Self.team), "admin_id": .string(Self.owner),
                    "ticket_attributes": ["Affected users": 40], "is_shared": false,
                ]
            )
            #expect(updated.status == .ok)
            #expect(updated.json["ticket_state"]?["category"] == "in_progress")
            #expect(updated.json["ticket_state"]?["id"] == "6302")
            #expect(updated.json["team_assignee_id"] == .string(Self.team))
            #expect(updated.json["admin_assignee_id"] == .string(Self.grace))
            #expect(updated.json["ticket_attributes"]?["Affected users"] == 40)
            #expect(updated.json["is_shared"] == false)
            let updatedParts = Self.parts(updated.json)
            let kinds = updatedParts.compactMap { $0["part_type"]?.stringValue }
            #expect(
                kinds == [
                    "ticket_state_updated_by_admin", "ticket_attribute_updated_by_admin",
                    "ticket_state_updated_by_admin", "assignment",
                ]
            )
            try #require(updatedParts.count == 4)
            let stateChange = updatedParts[2]
            #expect(stateChange["previous_ticket_state"] == "submitted")
            #expect(stateChange["ticket_state"] == "in_progress")
            #expect(stateChange["author"]?["id"] == .string(Self.owner))
            #expect(updatedParts[3]["assigned_to"] == ["type": "team", "id": .string(Self.team)])

            let note = try await client.send(
                .post,
                "/tickets/\(id)/reply",
                json: [
                    "message_type": "note", "type": "admin", "admin_id": .string(Self.owner), "body": "Checking logs",
                ]
            )
            #expect(note.status == .ok)
            #expect(note.json["type"] == "ticket_part")
            #expect(note.json["part_type"] == "note")
            #expect(note.json["body"] == "Checking logs")
            #expect(note.json["author"]?["type"] == "admin")
            let contactReply = try await client.send(
                .post,
                "/tickets/\(id)/reply",
                json: [
                    "message_type": "comment", "type": "user", "intercom_user_id": .string(Self.katherine),
                    "body": "It is still blank",
                ]
            )
            #expect(contactReply.status == .ok)
            #expect(contactReply.json["author"]?["id"] == .string(Self.katherine))
            let withReplies = try await client.send(.get, "/tickets/\(id)")
            let bodies = Self.parts(withReplies.json).compactMap { $0["body"]?.stringValue }
            #expect(bodies == ["Checking logs", "It is still blank"])
            #expect(withReplies.json["ticket_parts"]?["total_count"] == 6)

            let tagged = try await client.send(
                .post,
                "/tickets/\(id)/tags",
                json: ["id": "7002", "admin_id": .string(Self.owner)]
            )
            #expect(tagged.status == .ok)
            #expect(tagged.json["type"] == "tag")
            #expect(tagged.json["name"] == "Beta")
            #expect(tagged.json["applied_by"]?["id"] == .string(Self.owner))
            let untagged = try await client.send(
                .delete,
                "/tickets/\(id)/tags/7002",
                json: ["admin_id": .string(Self.owner)]
            )
            #expect(untagged.status == .ok)
            #expect(untagged.json["id"] == "7002")
            expectError(
                try await client.send(.delete, "/tickets/\(id)/tags/7002", json: ["admin_id": .string(Self.owner)]),
                .notFound,
                "tag_not_found"
            )

            let deleted = try await client.send(.delete, "/tickets/\(id)")
            #expect(deleted.status == .ok)
            #expect(deleted.json == ["id": .string(id), "object": "ticket", "deleted": true])
            expectError(try await client.send(.get, "/tickets/\(id)"), .notFound, "ticket_not_found")
            expectError(try await client.send(.delete, "/tickets/\(id)"), .notFound, "ticket_not_found")
            let afterDelete = try await Self.search(client, ["field": "title", "operator": "~", "value": "invoices"])
            #expect(Self.ids(afterDelete).isEmpty)
        }
    }

    @Test("An email that matches no contact makes a lead; an email that matches one uses it")
    func contactsByEmail() async throws {
        try await withSandboxRouter { client, _ in
            let created = try await client.send(
                .post,
                "/tickets",
                json: Self.bugReport(["contacts": [["email": "first.timer@sandbox.example"]]])
            )
            #expect(created.status == .ok)
            let contactID = try #require(created.json["contacts"]?["contacts"]?[0]?["id"]?.stringValue)
            let lead = try await client.send(.get, "/contacts/\(contactID)")
            #expect(lead.json["role"] == "lead")
            #expect(lead.json["email"] == "first.timer@sandbox.example")

            let existing = try await client.send(
                .post,
                "/tickets",
                json: Self.bugReport(["contacts": [["external_id": "user-1001"]]])
            )
            #expect(existing.json["contacts"]?["contacts"]?[0]?["id"] == .string(Self.margaret))
            let byEmail = try await client.send(
                .post,
                "/tickets",
                json: Self.bugReport(["contacts": [["email": "margaret@acme.example"]]])
            )
            #expect(byEmail.json["contacts"]?["contacts"]?[0]?["id"] == .string(Self.margaret))
            #expect(byEmail.json["ticket_id"] == "6")
        }
    }

    @Test(
        "Ticket creation answers 400 for bodies that do not fit",
        arguments: [
            (["ticket_type_id": nil], "parameter_not_found"),
            (["contacts": nil], "parameter_not_found"),
            (["contacts": []], "parameter_not_found"),
            (
                ["contacts": [["id": "6560c0a15f4d1a0001ab0001"], ["id": "6560c0a15f4d1a0001ab0002"]]],
                "parameter_invalid"
            ),
            (["contacts": [["name": "Nobody"]]], "parameter_not_found"),
            (["contacts": [["email": "no-at-sign"]]], "parameter_invalid"),
            (["ticket_type_id": ["id": "4101"]], "parameter_invalid"),
            (["ticket_attributes": ["_default_title_": ""]], "parameter_invalid"),
            (["ticket_attributes": ["_default_title_": "A title", "Shoe size": "9"]], "parameter_invalid"),
            (["ticket_attributes": ["_default_title_": "A title", "Affected users": "many"]], "parameter_invalid"),
            (["ticket_attributes": ["_default_title_": "A title", "Severity": "Catastrophic"]], "parameter_invalid"),
            (["ticket_attributes": ["_default_title_": 42]], "parameter_invalid"),
            (["created_at": "yesterday"], "parameter_invalid"),
            (["conversation_to_link_id": "147000000001"], "parameter_invalid"),
        ] as [([String: JSONValue], String)]
    )
    func createValidation(overrides: [String: JSONValue], code: String) async throws {
        try await withSandboxRouter { client, _ in
            var body = Self.bugReport().objectValue ?? [:]
            for (key, value) in overrides {
                if value.isNull { body.removeValue(forKey: key) } else { body[key] = value }
            }
            let response = try await client.send(.post, "/tickets", json: .object(body))
            expectError(response, .badRequest, code)
            if code == "parameter_invalid", overrides["ticket_attributes"]?["_default_title_"] == "" {
                #expect(response.json["errors"]?[0]?["message"] == "Missing required ticket attributes")
            }
        }
    }

    @Test("Ticket creation answers 404 for objects that do not exist")
    func createReferences() async throws {
        try await withSandboxRouter { client, _ in
            expectError(
                try await client.send(.post, "/tickets", json: Self.bugReport(["ticket_type_id": "999999"])),
                .notFound,
                "not_found"
            )
            expectError(
                try await client.send(.post, "/tickets", json: Self.bugReport(["contacts": [["id": "nobody"]]])),
                .notFound,
                "not_found"
            )
            expectError(
                try await client.send(
                    .post,
                    "/tickets",
                    json: Self.bugReport(["assignment": ["admin_assignee_id": "123"]])
                ),
                .notFound,
                "assignee_not_found"
            )
            expectError(
                try await client.send(.post, "/tickets", json: Self.bugReport(["company_id": "no-such-company"])),
                .notFound,
                "company_not_found"
            )
            // A back-office ticket can be linked to a conversation.
            let linked = try await client.send(
                .post,
                "/tickets",
                json: [
                    "ticket_type_id": .string(Self.billingType), "contacts": [["id": .string(Self.margaret)]],
                    "ticket_attributes": ["_default_title_": "Check the export invoice"],
                    "conversation_to_link_id": "147000000001",
                ]
            )
            #expect(linked.status == .ok)
            #expect(linked.json["category"] == "Back-office")
            #expect(linked.json["is_shared"] == false)
            #expect(linked.json["linked_objects"]?["data"]?[0]?["id"] == "147000000001")
        }
    }

    @Test("Updates check states, assignees and the admin; unknown tickets answer ticket_not_found")
    func updateValidation() async throws {
        try await withSandboxRouter { client, _ in
            func put(_ id: String, _ body: JSONValue) async throws -> TestResponse {
                try await client.send(.put, "/tickets/\(id)", json: body)
            }
            expectError(try await put("7801", ["ticket_state_id": 0]), .badRequest, "ticket_state_id_invalid")
            // The "With engineering" state applies to bug reports only.
            expectError(try await put("7803", ["ticket_state_id": "6305"]), .badRequest, "ticket_state_id_invalid")
            #expect(try await put("7801", ["ticket_state_id": "6305"]).status == .ok)
            expectError(try await put("7801", ["assignee_id": "424242"]), .notFound, "assignee_not_found")
            expectError(try await put("7801", ["admin_id": 424242, "open": false]), .notFound, "assignee_not_found")
            expectError(try await put("nope", ["open": false]), .notFound, "ticket_not_found")
            expectError(try await put("7801", ["open": "no"]), .badRequest, "parameter_invalid")
            expectError(try await put("7801", ["snoozed_until": "later"]), .badRequest, "parameter_invalid")
            expectError(
                try await put("7801", ["ticket_attributes": ["Affected users": 1.5]]),
                .badRequest,
                "parameter_invalid"
            )
            let closed = try await put("7801", ["open": false, "assignee_id": "0"])
            #expect(closed.json["open"] == false)
            #expect(closed.json["admin_assignee_id"] == "0")
            let snoozed = try await put("7801", ["open": true, "snoozed_until": 1_700_086_400])
            #expect(snoozed.json["open"] == true)
            #expect(snoozed.json["snoozed_until"] == 1_700_086_400)
            let unchanged = try await client.send(.get, "/tickets/7803")
            #expect(unchanged.json["ticket_state"]?["category"] == "resolved")
        }
    }

    @Test("Replies: who may write what on which kind of ticket")
    func replyValidation() async throws {
        try await withSandboxRouter { client, _ in
            func reply(_ id: String, _ body: JSONValue) async throws -> TestResponse {
                try await client.send(.post, "/tickets/\(id)/reply", json: body)
            }
            let owner = JSONValue.string(Self.owner)
            expectError(
                try await reply("7801", ["message_type": "comment", "body": "Hi"]),
                .badRequest,
                "parameter_not_found"
            )
            expectError(
                try await reply("7801", ["message_type": "shout", "type": "admin", "admin_id": owner, "body": "Hi"]),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await reply("7801", ["message_type": "comment", "type": "bot", "admin_id": owner, "body": "Hi"]),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await reply("7801", ["message_type": "comment", "type": "admin", "body": "Hi"]),
                .badRequest,
                "parameter_not_found"
            )
            expectError(
                try await reply("7801", ["message_type": "comment", "type": "admin", "admin_id": owner]),
                .badRequest,
                "parameter_not_found"
            )
            expectError(
                try await reply("7801", ["message_type": "quick_reply", "type": "admin", "admin_id": owner]),
                .badRequest,
                "parameter_not_found"
            )
            expectError(
                try await reply("7801", ["message_type": "comment", "type": "admin", "admin_id": "1", "body": "Hi"]),
                .notFound,
                "admin_not_found"
            )
            expectError(
                try await reply("nope", ["message_type": "note", "type": "admin", "admin_id": owner, "body": "Hi"]),
                .notFound,
                "ticket_not_found"
            )
            expectError(
                try await reply(
                    "7801",
                    ["message_type": "comment", "type": "user", "intercom_user_id": "nobody", "body": "Hi"]
                ),
                .notFound,
                "not_found"
            )
            // Ticket 7803 is a back-office ticket hidden from its contact.
            expectError(
                try await reply(
                    "7803",
                    [
                        "message_type": "comment", "type": "user", "intercom_user_id": .string(Self.katherine),
                        "body": "Hi",
                    ]
                ),
                .badRequest,
                "parameter_mismatch"
            )
            expectError(
                try await reply("7803", ["message_type": "comment", "type": "admin", "admin_id": owner, "body": "Hi"]),
                .badRequest,
                "parameter_mismatch"
            )
            let note = try await reply(
                "7803",
                ["message_type": "note", "type": "admin", "admin_id": owner, "body": "Refund confirmed"]
            )
            #expect(note.status == .ok)
            let quick = try await reply(
                "7801",
                [
                    "message_type": "quick_reply", "type": "admin", "admin_id": owner,
                    "reply_options": [["text": "Yes", "uuid": "5b0b4c1e-0000-4000-8000-000000000001"]],
                ]
            )
            #expect(quick.json["part_type"] == "quick_reply")
            let attached = try await reply(
                "7801",
                [
                    "message_type": "comment", "type": "admin", "admin_id": owner, "body": "See the screenshot",
                    "attachment_urls": ["https://files.sandbox.example/shot.png"],
                ]
            )
            #expect(attached.json["attachments"]?[0]?["url"] == "https://files.sandbox.example/shot.png")
            #expect(attached.json["attachments"]?[0]?["content_type"] == "image/png")
        }
    }

    @Test("Tagging a ticket needs an admin and an existing tag")
    func tagValidation() async throws {
        try await withSandboxRouter { client, _ in
            let owner = JSONValue.string(Self.owner)
            expectError(
                try await client.send(.post, "/tickets/7802/tags", json: ["id": "7001"]),
                .badRequest,
                "parameter_not_found"
            )
            expectError(
                try await client.send(.post, "/tickets/7802/tags", json: ["id": "999", "admin_id": owner]),
                .notFound,
                "tag_not_found"
            )
            expectError(
                try await client.send(.post, "/tickets/nope/tags", json: ["id": "7001", "admin_id": owner]),
                .notFound,
                "ticket_not_found"
            )
            expectError(
                try await client.send(.delete, "/tickets/7802/tags/7001", json: [:]),
                .badRequest,
                "parameter_not_found"
            )
            expectError(
                try await client.send(.delete, "/tickets/7802/tags/7001", json: ["admin_id": owner]),
                .notFound,
                "tag_not_found"
            )
            // The sample's first ticket carries the VIP tag.
            let removed = try await client.send(.delete, "/tickets/7801/tags/7001", json: ["admin_id": owner])
            #expect(removed.status == .ok)
            #expect(removed.json["name"] == "VIP")
        }
    }

    @Test("Search: the documented fields, category terms, newest first, cursor pages and bad queries")
    func searchFields() async throws {
        try await withSandboxRouter { client, _ in
            let all = try await Self.search(client, ["field": "created_at", "operator": ">", "value": "1306054154"])
            #expect(all.status == .ok)
            #expect(Self.ids(all) == ["7802", "7801", "7803"])
            #expect(all.json["pages"]?["type"] == "pages")
            func found(_ field: String, _ op: String, _ value: JSONValue) async throws -> [String] {
                let query: JSONValue = ["field": .string(field), "operator": .string(op), "value": value]
                return Self.ids(try await Self.search(client, query))
            }
            #expect(try await found("category", "=", "task") == ["7803"])
            #expect(try await found("category", "=", "request") == ["7802", "7801"])
            #expect(try await found("state", "=", "resolved") == ["7803"])
            #expect(try await found("state", "=", "6302") == ["7801"], "a state matches by id too")
            #expect(try await found("open", "=", false) == ["7803"])
            #expect(try await found("contact_ids", "=", .string(Self.margaret)) == ["7801"])
            #expect(try await found("admin_assignee_id", "=", .string(Self.grace)) == ["7803"])
            #expect(try await found("ticket_attribute.5203", "=", .string(Self.severityHigh)) == ["7801"])
            #expect(try await found("ticket_attribute.5208", ">", 10) == ["7803"])
            #expect(try await found("description", "~", "dark grey") == ["7802"])
            let both: JSONValue = [
                "operator": "AND",
                "value": [
                    ["field": "ticket_type_id", "operator": "=", "value": .string(Self.bugType)],
                    ["field": "teammate_ids", "operator": "IN", "value": [.string(Self.owner)]],
                ],
            ]
            #expect(Self.ids(try await Self.search(client, both)) == ["7801"])

            let first = try await Self.search(client, ["field": "id", "operator": "!=", "value": "0"], perPage: 2)
            #expect(Self.ids(first) == ["7802", "7801"])
            #expect(first.json["total_count"] == 3)
            let cursor = try #require(first.json["pages"]?["next"]?["starting_after"]?.stringValue)
            let second = try await Self.search(
                client,
                ["field": "id", "operator": "!=", "value": "0"],
                perPage: 2,
                after: cursor
            )
            #expect(Self.ids(second) == ["7803"])
            #expect(second.json["pages"]?["next"]?.isNull ?? true)

            let badQueries: [JSONValue] = [
                ["field": "shoe_size", "operator": "=", "value": "9"],
                ["field": "open", "operator": "=", "value": "yes"],
                ["field": "title", "operator": ">", "value": "a"],
                ["field": "created_at", "operator": "=", "value": "last week"],
            ]
            for query in badQueries {
                expectError(try await Self.search(client, query), .badRequest, "parameter_invalid")
            }
            expectError(
                try await Self.search(client, ["field": "id", "operator": "=", "value": "1"], perPage: 151),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await Self.search(client, ["field": "id", "operator": "=", "value": "1"], after: "None"),
                .badRequest,
                "parameter_invalid"
            )
        }
    }

    @Test("Ticket types: list, create with default attributes and states, find, update, archive")
    func ticketTypes() async throws {
        try await withSandboxRouter { client, _ in
            let list = try await client.send(.get, "/ticket_types")
            #expect(list.json["type"] == "list")
            let names = (list.json["data"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            #expect(names == ["Bug report", "Billing follow-up"])
            #expect(list.json["data"]?[0]?["ticket_states"]?["data"]?.arrayValue?.count == 5)
            #expect(list.json["data"]?[1]?["ticket_states"]?["data"]?.arrayValue?.count == 4)

            let created = try await client.send(
                .post,
                "/ticket_types",
                json: ["name": "Outage", "description": "Service is down", "category": "Tracker", "icon": "🔥"]
            )
            #expect(created.status == .ok)
            #expect(created.json["type"] == "ticket_type")
            #expect(created.json["category"] == "Tracker")
            #expect(created.json["archived"] == false)
            let typeID = try #require(created.json["id"]?.stringValue)
            let attributes = created.json["ticket_type_attributes"]?["data"]?.arrayValue ?? []
            #expect(attributes.compactMap { $0["name"]?.stringValue } == ["_default_title_", "_default_description_"])
            #expect(attributes.first?["ticket_type_id"] == .int(Int(typeID) ?? -1))
            #expect(attributes.first?["default"] == true)
            let states = created.json["ticket_states"]?["data"]?.arrayValue ?? []
            #expect(
                states.compactMap { $0["category"]?.stringValue }.sorted() == [
                    "in_progress", "resolved", "submitted", "waiting_on_customer",
                ]
            )

            let found = try await client.send(.get, "/ticket_types/\(typeID)")
            #expect(found.json["name"] == "Outage")
            let renamed = try await client.send(.put, "/ticket_types/\(typeID)", json: ["name": "Major outage"])
            #expect(renamed.json["name"] == "Major outage")
            #expect(renamed.json["description"] == "Service is down")

            let ticket = try await client.send(
                .post,
                "/tickets",
                json: ["ticket_type_id": .string(typeID), "contacts": [["id": .string(Self.margaret)]]]
            )
            #expect(ticket.status == .ok, "new types require no attribute")
            #expect(ticket.json["category"] == "Tracker")

            let archived = try await client.send(.put, "/ticket_types/\(typeID)", json: ["archived": true])
            #expect(archived.json["archived"] == true)
            expectError(
                try await client.send(
                    .post,
                    "/tickets",
                    json: ["ticket_type_id": .string(typeID), "contacts": [["id": .string(Self.margaret)]]]
                ),
                .badRequest,
                "parameter_invalid"
            )
            let listed = try await client.send(.get, "/ticket_types")
            #expect(listed.json["data"]?.arrayValue?.count == 3)
        }
    }

    @Test("Ticket type validation: names, categories and unknown ids")
    func ticketTypeValidation() async throws {
        try await withSandboxRouter { client, _ in
            expectError(
                try await client.send(.post, "/ticket_types", json: ["description": "No name"]),
                .badRequest,
                "parameter_not_found"
            )
            expectError(
                try await client.send(.post, "/ticket_types", json: ["name": "Odd", "category": "Other"]),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await client.send(.post, "/ticket_types", json: ["name": "bug report"]),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await client.send(.post, "/ticket_types", json: ["name": "Odd", "is_internal": "yes"]),
                .badRequest,
                "parameter_invalid"
            )
            expectError(try await client.send(.get, "/ticket_types/999"), .notFound, "not_found")
            expectError(
                try await client.send(.put, "/ticket_types/999", json: ["name": "Nothing"]),
                .notFound,
                "not_found"
            )
            expectError(
                try await client.send(.put, "/ticket_types/4101", json: ["name": "Billing follow-up"]),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await client.send(.put, "/ticket_types/4101", json: ["name": "   "]),
                .badRequest,
                "parameter_invalid"
            )
        }
    }

    @Test("Ticket type attributes: create each data type, use them on tickets, update and archive")
    func attributes() async throws {
        try await withSandboxRouter { client, _ in
            let path = "/ticket_types/\(Self.bugType)/attributes"
            let list = try await client.send(
                .post,
                path,
                json: [
                    "name": "Platform", "description": "Where it happens", "data_type": "list",
                    "list_items": "Web, iOS ,Android", "required_to_create": true,
                ]
            )
            #expect(list.status == .ok)
            #expect(list.json["type"] == "ticket_type_attribute")
            #expect(list.json["order"] == 4)
            #expect(list.json["ticket_type_id"] == 4101)
            let options = list.json["input_options"]?["list_options"]?.arrayValue ?? []
            #expect(options.compactMap { $0["label"]?.stringValue } == ["Web", "iOS", "Android"])
            let web = try #require(options.first?["id"])
            let text = try await client.send(
                .post,
                path,
                json: ["name": "Steps", "description": "", "data_type": "string", "multiline": true]
            )
            #expect(text.json["input_options"] == ["multiline": true])
            let date = try await client.send(
                .post,
                path,
                json: ["name": "First seen", "description": "When it started", "data_type": "datetime"]
            )
            #expect(date.json["input_options"] == .null)

            expectError(
                try await client.send(.post, "/tickets", json: Self.bugReport()),
                .badRequest,
                "parameter_invalid"
            )
            var body = Self.bugReport().objectValue ?? [:]
            body["ticket_attributes"] = [
                "_default_title_": "Crash on launch", "Platform": web, "Steps": "Open the app",
                "First seen": "2023-11-10T08:00:00Z",
            ]
            let ticket = try await client.send(.post, "/tickets", json: .object(body))
            #expect(ticket.status == .ok)
            #expect(ticket.json["ticket_attributes"]?["Platform"] == web)
            let platformID = try #require(list.json["id"]?.stringValue)
            let byPlatform = try await Self.search(
                client,
                ["field": .string("ticket_attribute.\(platformID)"), "operator": "=", "value": web]
            )
            #expect(Self.ids(byPlatform) == [ticket.json["id"]?.stringValue ?? "?"])

            let renamed = try await client.send(
                .put,
                "\(path)/\(platformID)",
                json: ["name": "Device", "description": "Which device", "list_items": "Web,iOS"]
            )
            #expect(renamed.status == .ok)
            #expect(renamed.json["name"] == "Device")
            let labels = (renamed.json["input_options"]?["list_options"]?.arrayValue ?? []).map {
                [$0["label"]?.stringValue ?? "", $0["archived"]?.boolValue == true ? "archived" : "live"]
            }
            #expect(labels == [["Web", "live"], ["iOS", "live"], ["Android", "archived"]])
            let moved = try await client.send(.get, "/tickets/\(ticket.json["id"]?.stringValue ?? "")")
            #expect(moved.json["ticket_attributes"]?["Device"] == web, "values follow a renamed attribute")
            let retired = try await client.send(.put, "\(path)/\(platformID)", json: ["archived": true])
            #expect(retired.json["archived"] == true)
            #expect(try await client.send(.post, "/tickets", json: Self.bugReport()).status == .ok)
        }
    }

    @Test("Attribute validation: required fields, data types, duplicates and defaults")
    func attributeValidation() async throws {
        try await withSandboxRouter { client, _ in
            let path = "/ticket_types/\(Self.bugType)/attributes"
            let cases: [(JSONValue, String)] = [
                (["description": "d", "data_type": "string"], "parameter_not_found"),
                (["name": "Size", "data_type": "string"], "parameter_not_found"),
                (["name": "Size", "description": "d"], "parameter_not_found"),
                (["name": "Size", "description": "d", "data_type": "colour"], "parameter_invalid"),
                (["name": "Size", "description": "d", "data_type": "list"], "parameter_not_found"),
                (["name": "Size", "description": "d", "data_type": "list", "list_items": " , "], "parameter_invalid"),
                (["name": "Severity", "description": "d", "data_type": "string"], "parameter_invalid"),
                (["name": "Size", "description": "d", "data_type": "string", "multiline": "yes"], "parameter_invalid"),
            ]
            for (body, code) in cases {
                expectError(try await client.send(.post, path, json: body), .badRequest, code)
            }
            expectError(
                try await client.send(
                    .post,
                    "/ticket_types/999/attributes",
                    json: ["name": "Size", "description": "d", "data_type": "string"]
                ),
                .notFound,
                "not_found"
            )
            expectError(
                try await client.send(.put, "\(path)/5201", json: ["name": "Headline"]),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await client.send(.put, "\(path)/5201", json: ["archived": true]),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await client.send(.put, "\(path)/5204", json: ["list_items": "A,B"]),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await client.send(.put, "\(path)/5205", json: ["description": "Other type's"]),
                .notFound,
                "not_found"
            )
            expectError(try await client.send(.put, "\(path)/999", json: ["description": "x"]), .notFound, "not_found")
            let described = try await client.send(.put, "\(path)/5201", json: ["description": "One line summary"])
            #expect(described.json["description"] == "One line summary")
            #expect(described.json["name"] == "_default_title_")
        }
    }

    @Test("Ticket states list the ticket types each applies to")
    func ticketStates() async throws {
        try await withSandboxRouter { client, _ in
            let response = try await client.send(.get, "/ticket_states")
            #expect(response.status == .ok)
            #expect(response.json["type"] == "list")
            let states = response.json["data"]?.arrayValue ?? []
            #expect(states.count == 5)
            #expect(
                Set(states.compactMap { $0["category"]?.stringValue })
                    == Set([
                        "submitted", "in_progress", "waiting_on_customer", "resolved",
                    ])
            )
            let engineering = try #require(states.first { $0["id"] == "6305" })
            #expect(engineering["internal_label"] == "With engineering")
            #expect(engineering["archived"] == false)
            let typeIDs = (engineering["ticket_types"]?["data"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            #expect(typeIDs == [Self.bugType])
            #expect(states.first?["ticket_types"]?["data"]?[0]?["type"] == "ticket_type")
        }
    }

    @Test("Enqueued creation: a pending job that succeeds on the sandbox clock and links the ticket")
    func enqueue() async throws {
        try await withSandboxRouter { client, _ in
            let enqueued = try await client.send(.post, "/tickets/enqueue", json: Self.bugReport())
            #expect(enqueued.status == .ok)
            #expect(enqueued.json["type"] == "job")
            #expect(enqueued.json["status"] == "pending")
            #expect(enqueued.json["resource_type"] == "ticket")
            #expect(enqueued.json["resource_id"] == .null)
            #expect(enqueued.json["resource_url"] == .null)
            let jobID = try #require(enqueued.json["id"]?.stringValue)
            #expect(enqueued.json["url"]?.stringValue?.hasSuffix("/jobs/status/\(jobID)") == true)

            let waiting = try await client.send(.get, "/jobs/status/\(jobID)")
            #expect(waiting.json["status"] == "pending")
            let advanced = try await client.send(.post, "/sandbox/clock/advance", json: ["seconds": 5])
            #expect(advanced.status == .ok)
            let done = try await client.send(.get, "/jobs/status/\(jobID)")
            #expect(done.json["status"] == "success")
            let ticketID = try #require(done.json["resource_id"]?.stringValue)
            #expect(done.json["resource_url"]?.stringValue?.hasSuffix("/tickets/\(ticketID)") == true)
            let ticket = try await client.send(.get, "/tickets/\(ticketID)")
            #expect(ticket.status == .ok)
            #expect(ticket.json["ticket_attributes"]?["_default_title_"] == "Invoices page is blank")

            let seeded = try await client.send(.get, "/jobs/status/8801")
            #expect(seeded.json["status"] == "success")
            #expect(seeded.json["resource_id"] == "7803")

            let invalid = try await client.send(
                .post,
                "/tickets/enqueue",
                json: Self.bugReport(["ticket_attributes": ["_default_description_": "No title"]])
            )
            expectError(invalid, .badRequest, "parameter_invalid")
            #expect(invalid.json["errors"]?[0]?["message"] == "Missing required ticket attributes")
            expectError(try await client.send(.get, "/jobs/status/424242"), .notFound, "job_not_found")
        }
    }

    @Test("A job whose ticket can no longer be made fails")
    func failedJob() async throws {
        try await withSandboxRouter { client, _ in
            let created = try await client.send(
                .post,
                "/ticket_types",
                json: ["name": "Short lived", "category": "Back-office"]
            )
            let typeID = try #require(created.json["id"]?.stringValue)
            let enqueued = try await client.send(
                .post,
                "/tickets/enqueue",
                json: ["ticket_type_id": .string(typeID), "contacts": [["id": .string(Self.margaret)]]]
            )
            let jobID = try #require(enqueued.json["id"]?.stringValue)
            _ = try await client.send(.put, "/ticket_types/\(typeID)", json: ["archived": true])
            _ = try await client.send(.post, "/sandbox/clock/advance", json: ["seconds": 5])
            let job = try await client.send(.get, "/jobs/status/\(jobID)")
            #expect(job.json["status"] == "failed")
            #expect(job.json["resource_id"] == .null)
        }
    }

    @Test("Converting a conversation makes a customer ticket with its contact and messages, once")
    func convert() async throws {
        try await withSandboxRouter { client, _ in
            let path = "/conversations/147000000001/convert"
            expectError(try await client.send(.post, path, json: [:]), .badRequest, "parameter_not_found")
            expectError(
                try await client.send(.post, path, json: ["ticket_type_id": .string(Self.billingType)]),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await client.send(
                    .post,
                    "/conversations/1/convert",
                    json: ["ticket_type_id": .string(Self.bugType)]
                ),
                .notFound,
                "not_found"
            )
            expectError(
                try await client.send(
                    .post,
                    path,
                    json: ["ticket_type_id": .string(Self.bugType), "attributes": ["Severity": "Huge"]]
                ),
                .badRequest,
                "parameter_invalid"
            )
            let converted = try await client.send(
                .post,
                path,
                json: ["ticket_type_id": .string(Self.bugType), "attributes": ["Affected users": 3]]
            )
            #expect(converted.status == .ok)
            #expect(converted.json["type"] == "ticket")
            #expect(converted.json["category"] == "Customer")
            #expect(converted.json["is_shared"] == true)
            #expect(converted.json["contacts"]?["contacts"]?[0]?["id"] == .string(Self.margaret))
            #expect(converted.json["ticket_attributes"]?["_default_title_"] == "Export is slow")
            #expect(converted.json["ticket_attributes"]?["Affected users"] == 3)
            #expect(converted.json["admin_assignee_id"] == .string(Self.owner))
            let parts = Self.parts(converted.json)
            #expect(parts.first?["part_type"] == "comment")
            #expect(parts.first?["body"] == "Our CSV export takes minutes. Can you help?")
            #expect(parts.first?["author"]?["type"] == "user")
            #expect(parts.last?["part_type"] == "ticket_state_updated_by_admin")
            let id = try #require(converted.json["id"]?.stringValue)
            #expect(try await client.send(.get, "/tickets/\(id)").status == .ok)
            expectError(
                try await client.send(.post, path, json: ["ticket_type_id": .string(Self.bugType)]),
                .badRequest,
                "parameter_invalid"
            )
        }
    }
}
