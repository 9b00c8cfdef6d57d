import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Intercom
import IntercomSandbox
import Testing

/// What an off-the-shelf API fuzzer found the sandbox doing differently from the spec, one test each.
@Suite("Sandbox: fuzzer findings")
struct FuzzerFindingTests {
    static let margaret = "6560c0a15f4d1a0001ab0001"

    @Test("Subscribing a contact requires consent_type, and the contact shows which way it went")
    func subscriptionConsent() async throws {
        try await withSandboxRouter { client, _ in
            let path = "/contacts/\(Self.margaret)/subscriptions"
            expectError(try await client.send(.post, path, json: ["id": "37846"]), .badRequest, "parameter_not_found")
            expectError(
                try await client.send(.post, path, json: ["id": "37846", "consent_type": "maybe"]),
                .badRequest,
                "parameter_invalid"
            )
            #expect(try await client.send(.post, path, json: ["id": "37846", "consent_type": "opt_out"]).status == .ok)
            #expect(try await client.send(.post, path, json: ["id": "37847", "consent_type": "opt_in"]).status == .ok)
            let contact = try await client.send(.get, "/contacts/\(Self.margaret)").json
            let optedOut = contact["opted_out_subscription_types"]?["data"]?.arrayValue?.compactMap { $0["id"] }
            let optedIn = contact["opted_in_subscription_types"]?["data"]?.arrayValue?.compactMap { $0["id"] }
            #expect(optedOut == ["37846"])
            #expect(optedIn == ["37847"])
        }
    }

    @Test("Request ids are UUIDs, as the spec declares them, and differ from request to request")
    func requestIDsAreUUIDs() async throws {
        try await withSandboxRouter { client, _ in
            var seen: Set<String> = []
            for _ in 0..<3 {
                let answer = try await client.send(.get, "/contacts/unknown")
                let id = answer.json["request_id"]?.stringValue ?? ""
                #expect(UUID(uuidString: id) != nil, "\(id) is not a UUID")
                seen.insert(id)
            }
            #expect(seen.count == 3)
        }
    }

    @Test("Removing a tag from a conversation names the admin who does it")
    func untagConversationNeedsAdmin() async throws {
        try await withSandboxRouter { client, _ in
            let path = "/conversations/147000000001/tags"
            let tagged = try await client.send(.post, path, json: ["id": "7001", "admin_id": "991267460"])
            #expect(tagged.status == .ok)
            expectError(try await client.send(.delete, "\(path)/7001"), .badRequest, "parameter_not_found")
            expectError(
                try await client.send(.delete, "\(path)/7001", json: ["admin_id": "404"]),
                .notFound,
                "admin_not_found"
            )
            let untagged = try await client.send(.delete, "\(path)/7001", json: ["admin_id": "991267460"])
            #expect(untagged.status == .ok)
            #expect(untagged.json["id"] == "7001")
        }
    }

    @Test("An avatar must be an http or https URL", arguments: ["not a url", "ftp://files.example/a.png", "/a.png"])
    func avatarIsAURL(avatar: String) async throws {
        try await withSandboxRouter { client, _ in
            expectError(
                try await client.send(.put, "/contacts/\(Self.margaret)", json: ["avatar": .string(avatar)]),
                .badRequest,
                "parameter_invalid"
            )
            let fine = try await client.send(
                .put,
                "/contacts/\(Self.margaret)",
                json: ["avatar": "https://images.sandbox.example/margaret.png"]
            )
            #expect(fine.json["avatar"]?["image_url"] == "https://images.sandbox.example/margaret.png")
        }
    }

    @Test("A null body gets an error that says so, not one about a nameless field")
    func nullBody() async throws {
        try await withSandboxRouter { client, _ in
            let response = try await client.send(.post, "/contacts", raw: "null")
            expectError(response, .badRequest, "parameter_invalid")
            let message = response.json["errors"]?[0]?["message"]?.stringValue ?? ""
            #expect(message.contains("null"))
            #expect(!message.hasPrefix(" "))
        }
    }

    @Test("Segments are of contacts or users, never of leads alone")
    func segmentPersonType() async throws {
        try await withSandboxRouter { client, _ in
            let segments = try await client.send(.get, "/segments").json["segments"]?.arrayValue ?? []
            #expect(!segments.isEmpty)
            for segment in segments {
                #expect(["contact", "user"].contains(segment["person_type"]?.stringValue ?? ""))
            }
        }
    }

    @Test("A conversation custom attribute set to null is removed, not kept as null")
    func conversationAttributeCleared() async throws {
        try await withSandboxRouter { client, _ in
            let path = "/conversations/147000000001"
            _ = try await client.send(.put, path, json: ["custom_attributes": ["issue_type": "Billing"]])
            let cleared = try await client.send(.put, path, json: ["custom_attributes": ["issue_type": .null]])
            #expect(cleared.status == .ok)
            #expect(cleared.json["custom_attributes"]?["issue_type"] == nil)
        }
    }

    @Test("A list attribute names at most 500 items")
    func listItemsBounded() async throws {
        try await withSandboxRouter { client, _ in
            let items = (0...500).map { "item \($0)" }.joined(separator: ",")
            let response = try await client.send(
                .post,
                "/ticket_types/4101/attributes",
                json: [
                    "name": "Huge list", "description": "Too many items", "data_type": "list",
                    "list_items": .string(items),
                ]
            )
            expectError(response, .badRequest, "parameter_invalid")
        }
    }
}
