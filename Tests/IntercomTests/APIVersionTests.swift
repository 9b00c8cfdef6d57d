import Foundation
import HTTPTypes
import Synchronization
import TestSupport
import Testing

@testable import Intercom

/// The API version is a setting checked before sending: an operation or parameter newer than the
/// client's version never reaches the network.
@Suite("API versions")
struct APIVersionTests {
    final class Recorder: Sendable {
        let versions = Mutex<[String?]>([])
        var count: Int { versions.withLock { $0.count } }
    }

    func client(_ version: IntercomAPIVersion? = nil) -> (IntercomClient, Recorder) {
        let recorder = Recorder()
        let transport = ClosureTransport { request, _ in
            recorder.versions.withLock { $0.append(request.head.headerFields[.intercomVersion]) }
            return IntercomResponse(head: HTTPResponse(status: .ok), body: Data(#"{"type":"admin","id":"1"}"#.utf8))
        }
        let client = IntercomClient.test(transport: transport) { configuration in
            if let version { configuration.apiVersion = version }
        }
        return (client, recorder)
    }

    struct Admin: Decodable, Sendable { var id: String }

    @Test("The default version is 2.16, sent on every request")
    func defaultVersion() async throws {
        let (client, recorder) = client()
        #expect(client.configuration.apiVersion == .v2_16)
        #expect(IntercomAPIVersion.latest == .v2_16)
        _ = try await client.execute(APIRequest(.get, "/me", operation: "admins.identify"), as: Admin.self)
        #expect(recorder.versions.withLock { $0 } == ["2.16"])
    }

    @Test("A client pinned to 2.14 refuses a 2.16 operation before sending, and says how to opt in")
    func operationTooNew() async throws {
        let (client, recorder) = client(.v2_14)
        let request = APIRequest(.get, "/macros", operation: "macros.list", since: .v2_16)
        let error = await intercomError { try await client.execute(request) }
        guard case .invalidRequest(let failure)? = error else {
            Issue.record("expected .invalidRequest, got \(String(describing: error))")
            return
        }
        #expect(failure.field == "apiVersion")
        #expect(failure.message.contains("macros.list"))
        #expect(failure.message.contains("2.16"))
        #expect(failure.message.contains("2.14"))
        #expect(recorder.count == 0, "nothing was sent")
        // Per call: a derived client with the newer version sends it.
        try await client.with { $0.apiVersion = .v2_16 }.execute(request)
        #expect(recorder.versions.withLock { $0 } == ["2.16"])
    }

    @Test("A newer query parameter is refused only when it is used")
    func parameterTooNew() async throws {
        let (client, recorder) = client(.v2_15)
        let without = APIRequest(
            .get,
            "/contacts/1",
            query: [("include_merge_history", nil)],
            operation: "contacts.find",
            parameterSince: ["include_merge_history": .v2_16]
        )
        try await client.execute(without)
        let with = APIRequest(
            .get,
            "/contacts/1",
            query: [("include_merge_history", "true")],
            operation: "contacts.find",
            parameterSince: ["include_merge_history": .v2_16]
        )
        let error = await intercomError { try await client.execute(with) }
        #expect(error?.code == nil)
        guard case .invalidRequest(let failure)? = error else {
            Issue.record("expected .invalidRequest, got \(String(describing: error))")
            return
        }
        #expect(failure.field == "include_merge_history")
        #expect(recorder.count == 1)
    }

    @Test("An Intercom-Version header set in the configuration or per call is what the check uses")
    func headerOverrides() async throws {
        let (client, recorder) = client(.v2_14)
        let request = APIRequest(.get, "/macros", operation: "macros.list", since: .v2_16)
        _ = try await client.perform(request, extraHeaders: [.intercomVersion: "2.16"])
        let viaHeaders = client.with { $0.additionalHeaders[.intercomVersion] = "Preview" }
        try await viaHeaders.execute(request)
        #expect(recorder.versions.withLock { $0 } == ["2.16", "Preview"])
    }

    @Test("Version numbers compare numerically; previews and odd values are never refused")
    func comparison() {
        #expect(IntercomAPIVersion.v2_16.isAtLeast(.v2_14) == true)
        #expect(IntercomAPIVersion("2.9").isAtLeast("2.14") == false)
        #expect(IntercomAPIVersion("2.14").isAtLeast("2.9") == true)
        #expect(IntercomAPIVersion.preview.isAtLeast(.v2_16) == nil)
        #expect(IntercomAPIVersion("99999999999999999999.1").number == nil)
        #expect(IntercomAPIVersion("2.").number == nil)
        #expect(IntercomAPIVersion("-1.2").number == nil)
    }
}

@Suite("Versions over the wire")
struct VersionWireTests {
    @Test("A 501 from a server that does not implement an operation is not retried")
    func notImplementedIsFinal() {
        let error = IntercomError.api(IntercomAPIError(status: .init(code: 501), errors: [.init(code: "x")]))
        #expect(RetryPolicy.default.delay(after: error, attempt: 1, method: .get, now: Date()) == nil)
        let unavailable = IntercomError.api(IntercomAPIError(status: .serviceUnavailable, errors: [.init(code: "x")]))
        #expect(RetryPolicy.default.delay(after: unavailable, attempt: 1, method: .get, now: Date()) != nil)
    }

    @Test("A version header set twice, or with spaces, is still read")
    func headerValues() {
        #expect(IntercomAPIVersion(" 2.14 ").isAtLeast(.v2_16) == false)
        #expect(IntercomAPIVersion("2.14, 2.16").isAtLeast(.v2_16) == false)
    }

    @Test("customObjectInstances.find(typeIdentifier:externalID:) reads 2.14's instance and 2.16's page")
    func customObjectBothAnswers() async throws {
        for body in [
            #"{"type":"custom_object_instance","id":"7","external_id":"ext-1","custom_attributes":{}}"#,
            #"{"type":"list","total_count":1,"pages":{"type":"pages","page":1,"per_page":50,"total_pages":1},"data":[{"type":"custom_object_instance","id":"7","external_id":"ext-1"}]}"#,
        ] {
            let transport = ClosureTransport { _, _ in
                IntercomResponse(head: HTTPResponse(status: .ok), body: Data(body.utf8))
            }
            let client = IntercomClient.test(transport: transport)
            let instance = try await client.customObjectInstances.find(typeIdentifier: "Order", externalID: "ext-1")
            #expect(instance.id == "7")
        }
    }
}

@Suite("Request bodies per API version")
struct VersionBodyTests {
    final class Bodies: Sendable {
        let all = Mutex<[JSONValue]>([])
    }

    @Test("A contact's owner_id goes out as a string on 2.16 and as a number before 2.16")
    func ownerID() async throws {
        let bodies = Bodies()
        let transport = ClosureTransport { request, _ in
            if let body = request.body, let json = try? JSONDecoder().decode(JSONValue.self, from: body) {
                bodies.all.withLock { $0.append(json) }
            }
            return IntercomResponse(
                head: HTTPResponse(status: .ok),
                body: Data(#"{"type":"contact","id":"c1","owner_id":5}"#.utf8)
            )
        }
        let client = IntercomClient.test(transport: transport)
        let request = CreateContactRequest(email: "o@example.com", ownerID: "991267460")
        let current = try await client.contacts.create(request)
        #expect(current.ownerID == "5", "a numeric owner id in the answer reads as a string")
        _ = try await client.with { $0.apiVersion = .v2_14 }.contacts.create(request)
        let sent = bodies.all.withLock { $0 }
        #expect(sent.first?["owner_id"] == .string("991267460"))
        #expect(sent.last?["owner_id"] == .int(991_267_460))
        #expect(sent.last?["email"] == "o@example.com", "the rest of the body is unchanged")
    }
}
