import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Intercom
import IntercomSandbox
import TestSupport
import Testing

/// The sandbox says which operations it simulates, and answers the others honestly.
@Suite("Sandbox coverage")
struct CoverageRouteTests {
    @Test("GET /sandbox/coverage lists all 231 operations of 2.16, each with its first version")
    func coverageList() async throws {
        try await withSandboxRouter { client, _ in
            let response = try await client.send(.get, "/sandbox/coverage")
            #expect(response.status == .ok)
            let data = response.json["data"]?.arrayValue ?? []
            #expect(data.count == 231)
            #expect(response.json["total"] == 231)
            let simulated = data.filter { $0["simulated"] == true }
            #expect(response.json["simulated"]?.intValue == simulated.count)
            let of214 = data.filter { $0["since"] == "2.14" }
            #expect(of214.count == 150, "2.14 has 150 operations")
            let missing = of214.filter { $0["simulated"] != true }.compactMap { $0["operation"]?.stringValue }
            #expect(missing.isEmpty, "every 2.14 operation is simulated; not: \(missing)")
            let find = data.first { $0["operation"] == "contacts.find" }
            #expect(find?["simulated"] == true)
            #expect(find?["since"] == "2.14")
            let macros = data.first { $0["operation"] == "macros.list" }
            #expect(macros?["simulated"] == false)
            #expect(macros?["since"] == "2.16")
            FuzzSettings.log("sandbox coverage: \(simulated.count) of \(data.count) operations simulated")
        }
    }

    @Test(
        "An operation the API has but the sandbox does not simulate is a 501 naming it, not a 404",
        arguments: [
            ("GET", "/macros", "macros.list"), ("GET", "/brands/42", "brands.find"),
            ("POST", "/tickets/9/change_type", "tickets.changeType"),
            ("GET", "/admins/activity_log_event_types", "admins.listActivityLogEventTypes"),
            ("GET", "/conversations/deleted", "conversations.listDeleted"),
        ]
    )
    func notSimulated(method: String, path: String, operation: String) async throws {
        try await withSandboxRouter { client, _ in
            let response = try await client.send(HTTPRequest.Method(method) ?? .get, path, json: [:])
            expectError(response, .notImplemented, "not_implemented_in_sandbox")
            let message = response.json["errors"]?[0]?["message"]?.stringValue ?? ""
            #expect(message.contains(operation), "\(message)")
            // A path no version of the API has is still a plain 404.
            expectError(try await client.send(.get, "/no/such/thing"), .notFound, "not_found")
        }
    }

    @Test("Through the SDK: a client on 2.14 refuses a 2.16 operation without a request; on 2.16 the sandbox says 501")
    func throughTheSDK() async throws {
        try await withSandbox { sandbox in
            let pinned = sandbox.client().with { $0.apiVersion = .v2_14 }
            do {
                _ = try await pinned.macros.list().collect()
                Issue.record("expected the 2.14 client to refuse macros.list")
            } catch let error as IntercomError {
                guard case .invalidRequest(let failure) = error else {
                    Issue.record("expected .invalidRequest, got \(error)")
                    return
                }
                #expect(failure.message.contains("2.16"))
            }
            let current = sandbox.client()
            do {
                _ = try await current.macros.list().collect()
                Issue.record("expected the sandbox's 501")
            } catch let error as IntercomError {
                #expect(error.statusCode == 501)
                #expect(error.code?.rawValue == "not_implemented_in_sandbox")
            }
        }
    }
}

@Suite("Sandbox answers per API version")
struct VersionShapeTests {
    @Test("A contact's owner_id is a string on 2.16 and an integer on 2.14, as each version documents it")
    func ownerID() async throws {
        try await withSandboxRouter { client, _ in
            let created = try await client.send(
                .post,
                "/contacts",
                json: ["email": "owned@example.com", "owner_id": "991267460"]
            )
            #expect(created.status == .ok)
            let id = try #require(created.json["id"]?.stringValue)
            #expect(created.json["owner_id"] == .string("991267460"))
            var old = authorized
            old[.intercomVersion] = "2.14"
            let before = try await client.send(.get, "/contacts/\(id)", headers: old)
            #expect(before.json["owner_id"] == .int(991_267_460))
            let listed = try await client.send(.get, "/contacts", headers: old)
            let mine = listed.json["data"]?.arrayValue?.first { $0["id"]?.stringValue == id }
            #expect(mine?["owner_id"] == .int(991_267_460))
        }
    }
}
