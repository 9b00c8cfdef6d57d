import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Intercom
import IntercomSandbox
import Testing

/// Resource semantics and bad inputs, through the router without sockets.
@Suite("Sandbox resource routes")
struct ResourceRouteTests {
    static func search(
        _ client: some TestClientProtocol,
        _ query: JSONValue,
        perPage: Int? = nil
    ) async throws -> TestResponse {
        var body: [String: JSONValue] = ["query": query]
        if let perPage { body["pagination"] = ["per_page": .int(perPage)] }
        return try await client.send(.post, "/contacts/search", json: .object(body))
    }

    @Test("Search enforces two levels of groups and 15 filters per group")
    func searchLimits() async throws {
        try await withSandboxRouter { client, _ in
            let leaf: JSONValue = ["field": "role", "operator": "=", "value": "user"]
            let ok: JSONValue = [
                "operator": "AND", "value": [["operator": "OR", "value": [["operator": "AND", "value": [leaf]]]]],
            ]
            #expect(try await Self.search(client, ok).status == .ok)
            let tooDeep: JSONValue = [
                "operator": "AND",
                "value": [
                    [
                        "operator": "OR",
                        "value": [["operator": "AND", "value": [["operator": "OR", "value": [leaf]]]]],
                    ]
                ],
            ]
            expectError(try await Self.search(client, tooDeep), .badRequest, "parameter_invalid")
            let sixteen: JSONValue = ["operator": "OR", "value": .array(Array(repeating: leaf, count: 16))]
            expectError(try await Self.search(client, sixteen), .badRequest, "parameter_invalid")
        }
    }

    @Test(
        "Search rejects unknown fields, unsupported operators and values of the wrong type",
        arguments: [
            ["field": "shoe_size", "operator": "=", "value": "9"],
            ["field": "created_at", "operator": ">=", "value": 1_700_000_000],
            ["field": "created_at", "operator": "=", "value": "yesterday"],
            ["field": "tag_id", "operator": "~", "value": "7"],
            ["field": "email", "operator": ">", "value": "a"],
            ["field": "unsubscribed_from_emails", "operator": "=", "value": "no"],
            ["field": "role", "operator": "IN", "value": "user"],
            ["field": "role", "operator": "LIKE", "value": "user"],
        ] as [JSONValue]
    )
    func searchTypeChecks(query: JSONValue) async throws {
        try await withSandboxRouter { client, _ in
            expectError(try await Self.search(client, query), .badRequest, "parameter_invalid")
        }
    }

    @Test("Search semantics: string operators, IN/NIN, tags, segments, custom attributes and day-granular dates")
    func searchSemantics() async throws {
        try await withSandboxRouter { client, _ in
            func names(_ query: JSONValue) async throws -> [String] {
                let response = try await Self.search(client, query)
                #expect(response.status == .ok)
                return (response.json["data"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }.sorted()
            }
            let found1 = try await names(["field": "email", "operator": "$", "value": "@acme.example"])
            #expect(found1 == ["Barbara Liskov", "Margaret Hamilton"])
            let found2 = try await names(["field": "name", "operator": "^", "value": "kath"])
            #expect(found2 == ["Katherine Johnson"])
            let found3 = try await names(["field": "name", "operator": "~", "value": "lead"])
            #expect(found3 == ["Anonymous Lead"])
            let found4 = try await names([
                "field": "custom_attributes.plan", "operator": "IN", "value": ["team", "starter"],
            ])
            #expect(found4 == ["Edsger Dijkstra", "Katherine Johnson"])
            let found5 = try await names(["field": "tag_id", "operator": "=", "value": "7001"])
            #expect(found5 == ["Margaret Hamilton"])
            let found6 = try await names(["field": "segment_id", "operator": "=", "value": "5310d8e7598c9a0b24000003"])
            #expect(found6 == ["Anonymous Lead", "Curious Visitor"])
            let notPro = try await names([
                "operator": "AND",
                "value": [
                    ["field": "role", "operator": "=", "value": "user"],
                    ["field": "custom_attributes.plan", "operator": "NIN", "value": ["pro"]],
                ],
            ])
            #expect(notPro == ["Edsger Dijkstra", "Katherine Johnson"])
            // The sample's contacts were created whole days before the clock's "now"; `>` starts the next day.
            let now = 1_700_000_000
            let dayStart = now - now % 86_400
            let found7 = try await names([
                "field": "created_at", "operator": ">", "value": .int(dayStart - 6 * 86_400 + 5),
            ])
            #expect(found7 == ["Anonymous Lead", "Curious Visitor"])
            let found8 = try await names(["field": "created_at", "operator": "=", "value": .int(now - 5 * 86_400)])
            #expect(found8 == ["Curious Visitor"])
        }
    }

    @Test("Contact lists check per_page (1–150) and the starting_after cursor")
    func listValidation() async throws {
        try await withSandboxRouter { client, _ in
            expectError(try await client.send(.get, "/contacts?per_page=151"), .badRequest, "parameter_invalid")
            expectError(try await client.send(.get, "/contacts?per_page=0"), .badRequest, "parameter_invalid")
            expectError(try await client.send(.get, "/contacts?per_page=ten"), .badRequest, "parameter_invalid")
            expectError(try await client.send(.get, "/contacts?starting_after=None"), .badRequest, "parameter_invalid")
            let page = try await client.send(.get, "/contacts")
            #expect(page.json["data"]?.arrayValue?.count == 6)
            #expect(page.json["pages"]?["per_page"] == 10, "the live default page size is 10")
        }
    }

    @Test("Contact creation: conflicts, roles, emails and missing identifiers")
    func contactValidation() async throws {
        try await withSandboxRouter { client, _ in
            expectError(
                try await client.send(.post, "/contacts", json: ["email": "margaret@acme.example"]),
                .conflict,
                "conflict"
            )
            expectError(
                try await client.send(.post, "/contacts", json: ["external_id": "user-1001"]),
                .conflict,
                "conflict"
            )
            expectError(
                try await client.send(.post, "/contacts", json: ["role": "admin"]),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await client.send(.post, "/contacts", json: ["email": "not-an-email"]),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await client.send(.post, "/contacts", json: ["name": "No identifier"]),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await client.send(.post, "/contacts", json: ["email": 42]),
                .badRequest,
                "parameter_invalid"
            )
            let lead = try await client.send(.post, "/contacts", json: ["role": "lead"])
            #expect(lead.status == .ok)
            #expect(lead.json["role"] == "lead")
            #expect(lead.json["type"] == "contact")
        }
    }

    @Test("Merging a lead into a user moves its tags and companies and deletes the lead")
    func merge() async throws {
        try await withSandboxRouter { client, state in
            let lead = try await client.send(
                .post,
                "/contacts",
                json: ["role": "lead", "email": "merge-me@example.com"]
            )
            let leadID = try #require(lead.json["id"]?.stringValue)
            _ = try await client.send(.post, "/contacts/\(leadID)/tags", json: ["id": "7002"])
            let merged = try await client.send(
                .post,
                "/contacts/merge",
                json: ["from": .string(leadID), "into": "6560c0a15f4d1a0001ab0002"]
            )
            #expect(merged.status == .ok)
            #expect(merged.json["tags"]?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["7002"])
            expectError(try await client.send(.get, "/contacts/\(leadID)"), .notFound, "not_found")
            expectError(
                try await client.send(
                    .post,
                    "/contacts/merge",
                    json: ["from": "6560c0a15f4d1a0001ab0001", "into": "6560c0a15f4d1a0001ab0002"]
                ),
                .badRequest,
                "parameter_invalid"
            )
        }
    }

    @Test("Companies: company_id is required, the page cap asks for a scroll, lists are by tag and segment")
    func companies() async throws {
        try await withSandboxRouter { client, _ in
            expectError(
                try await client.send(.post, "/companies", json: ["name": "No id"]),
                .badRequest,
                "parameter_not_found"
            )
            expectError(try await client.send(.get, "/companies?page=668&per_page=15"), .badRequest, "bad_request")
            #expect(try await client.send(.get, "/companies?page=667&per_page=15").status == .ok)
            let byTag = try await client.send(.get, "/companies?tag_id=7001")
            #expect(byTag.json["data"]?.arrayValue?.compactMap { $0["company_id"]?.stringValue } == ["acme"])
            let bySegment = try await client.send(.get, "/companies?segment_id=5310d8e7598c9a0b24000002")
            #expect(bySegment.json["data"]?.arrayValue?.count == 1)
            let byName = try await client.send(.get, "/companies?name=Globex")
            #expect(byName.json["type"] == "list")
            #expect(byName.json["data"]?[0]?["company_id"] == "globex")
            expectError(try await client.send(.get, "/companies?company_id=nope"), .notFound, "company_not_found")
        }
    }

    @Test("Events: 202 with an empty body; created_at and an identifier are required; metadata stays flat")
    func events() async throws {
        try await withSandboxRouter { client, state in
            let accepted = try await client.send(
                .post,
                "/events",
                json: ["event_name": "bought", "created_at": 1_700_000_000, "user_id": "user-1001"]
            )
            #expect(accepted.status == .accepted)
            #expect(accepted.body.readableBytes == 0)
            expectError(
                try await client.send(.post, "/events", json: ["event_name": "bought", "user_id": "user-1001"]),
                .badRequest,
                "parameter_not_found"
            )
            expectError(
                try await client.send(.post, "/events", json: ["event_name": "bought", "created_at": 1]),
                .badRequest,
                "parameter_not_found"
            )
            expectError(
                try await client.send(
                    .post,
                    "/events",
                    json: [
                        "event_name": "x", "created_at": 2, "user_id": "user-1001", "metadata": ["nested": ["a": 1]],
                    ]
                ),
                .badRequest,
                "parameter_invalid"
            )
            let rich = try await client.send(
                .post,
                "/events",
                json: [
                    "event_name": "ordered", "created_at": 3, "user_id": "user-1001",
                    "metadata": [
                        "order": ["url": "https://example.com/o/1", "value": "Order 1"],
                        "price": ["amount": 3499, "currency": "eur"],
                    ],
                ]
            )
            #expect(rich.status == .accepted)
            let many: [String: JSONValue] = Dictionary(
                uniqueKeysWithValues: (0..<12).map { ("k\($0)", JSONValue.int($0)) }
            )
            _ = try await client.send(
                .post,
                "/events",
                json: [
                    "event_name": "many", "created_at": 1_699_999_000, "user_id": "user-1001",
                    "metadata": .object(many),
                ]
            )
            let listed = try await client.send(.get, "/events?type=user&user_id=user-1001")
            let manyEvent = listed.json["events"]?.arrayValue?.first { $0["event_name"] == "many" }
            #expect(manyEvent?["metadata"]?.objectValue?.count == 10)
        }
    }

    @Test("Replies check their kind, author and attachments")
    func replies() async throws {
        try await withSandboxRouter { client, _ in
            let path = "/conversations/147000000001/reply"
            expectError(
                try await client.send(.post, path, json: ["message_type": "comment", "type": "admin", "body": "x"]),
                .badRequest,
                "parameter_not_found"
            )
            expectError(
                try await client.send(
                    .post,
                    path,
                    json: ["message_type": "shout", "type": "admin", "admin_id": "991267460", "body": "x"]
                ),
                .badRequest,
                "parameter_invalid"
            )
            let eleven: JSONValue = .array((0..<11).map { .string("https://example.com/\($0).png") })
            expectError(
                try await client.send(
                    .post,
                    path,
                    json: [
                        "message_type": "comment", "type": "admin", "admin_id": "991267460", "body": "x",
                        "attachment_urls": eleven,
                    ]
                ),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await client.send(
                    .post,
                    path,
                    json: ["message_type": "comment", "type": "user", "user_id": "user-1002", "body": "not mine"]
                ),
                .forbidden,
                "action_forbidden"
            )
            let reply = try await client.send(
                .post,
                path,
                json: ["message_type": "comment", "type": "user", "user_id": "user-1001", "body": "Thanks"]
            )
            #expect(
                reply.json["conversation_parts"]?["conversation_parts"]?.arrayValue?.last?["author"]?["type"] == "user"
            )
            expectError(try await client.send(.get, "/conversations/999"), .notFound, "not_found")
        }
    }

    @Test("Conversations send assignee ids as integers, as the live API does, and list under `conversations`")
    func conversationQuirks() async throws {
        try await withSandboxRouter { client, _ in
            let conversation = try await client.send(.get, "/conversations/147000000001")
            #expect(conversation.json["admin_assignee_id"] == .int(991_267_460))
            #expect(conversation.json["admin_assignee_id"]?.stringValue == nil)
            #expect(conversation.json["team_assignee_id"] == .int(814_865))
            let list = try await client.send(.get, "/conversations")
            #expect(list.json["conversations"]?.arrayValue?.count == 2)
            #expect(list.json["data"] == nil)
        }
    }

    @Test("The OAuth exchange turns a fresh code into a token the sandbox accepts, once")
    func oauth() async throws {
        try await withSandboxRouter { client, _ in
            let code = try #require(try await client.send(.post, "/sandbox/oauth/authorize").json["code"]?.stringValue)
            let exchange: JSONValue = [
                "code": .string(code), "client_id": "sandbox-client", "client_secret": "sandbox-client-secret",
            ]
            let noAuth: HTTPFields = [.accept: "application/json"]
            let token = try await client.send(.post, "/auth/eagle/token", headers: noAuth, json: exchange)
            let value = try #require(token.json["access_token"]?.stringValue)
            #expect(
                try await client.send(
                    .get,
                    "/me",
                    headers: [.authorization: "Bearer \(value)", .accept: "application/json"]
                ).status == .ok
            )
            expectError(
                try await client.send(.post, "/auth/eagle/token", headers: noAuth, json: exchange),
                .unauthorized,
                "invalid_grant"
            )
            var wrongSecret = exchange
            wrongSecret = ["code": .string(code), "client_id": "sandbox-client", "client_secret": "nope"]
            expectError(
                try await client.send(.post, "/auth/eagle/token", headers: noAuth, json: wrongSecret),
                .unauthorized,
                "unauthorized"
            )
        }
    }

    @Test("--data keeps the store across restarts")
    func persistence() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let configuration = SandboxConfiguration(clock: ManualClock(), dataFile: file)
        try await withSandbox(configuration) { sandbox in
            _ = try await sandbox.client().send(
                .init(method: .post, path: "/contacts", body: .json(["email": "kept@example.com"]))
            )
        }
        try await withSandbox(configuration) { sandbox in
            let found = try await sandbox.client().send(
                .init(
                    method: .post,
                    path: "/contacts/search",
                    body: .json(["query": ["field": "email", "operator": "=", "value": "kept@example.com"]])
                )
            )
            #expect(try found.json()["total_count"] == 1)
        }
    }
}
