import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Intercom
import IntercomSandbox
import NIOCore
import Testing

/// Standard headers of an authenticated JSON request.
let authorized: HTTPFields = [.authorization: "Bearer sandbox-token", .accept: "application/json"]

extension TestResponse {
    /// The body as JSON.
    var json: JSONValue {
        (try? IntercomJSON.makeDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))) ?? .null
    }

    /// The first error code of an `error.list` body.
    var errorCode: String? { json["errors"]?[0]?["code"]?.stringValue }
}

/// Runs `body` against a sandbox router without sockets.
func withSandboxRouter(
    _ configuration: SandboxConfiguration = SandboxConfiguration(clock: ManualClock()),
    _ body: @escaping @Sendable (any TestClientProtocol, SandboxState) async throws -> Void
) async throws {
    let state = await SandboxState(configuration: configuration)
    let app = buildSandboxApplication(state: state)
    try await app.test(.router) { client in
        try await body(client, state)
    }
}

extension TestClientProtocol {
    /// Sends a request with a JSON body (or raw text) and the standard headers unless others are given.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method,
        _ uri: String,
        headers: HTTPFields = authorized,
        json: JSONValue? = nil,
        raw: String? = nil
    ) async throws -> TestResponse {
        var body: ByteBuffer?
        var headers = headers
        if let json {
            body = ByteBuffer(bytes: try IntercomJSON.makeEncoder().encode(json))
            headers[.contentType] = "application/json"
        } else if let raw {
            body = ByteBuffer(string: raw)
            headers[.contentType] = "application/json"
        }
        return try await execute(uri: uri, method: method, headers: headers, body: body)
    }
}

/// Checks that a response is Intercom's error envelope with `status` and `code`.
func expectError(
    _ response: TestResponse,
    _ status: HTTPResponse.Status,
    _ code: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(response.status == status, sourceLocation: sourceLocation)
    #expect(response.json["type"] == "error.list", sourceLocation: sourceLocation)
    #expect(response.errorCode == code, sourceLocation: sourceLocation)
    #expect(response.json["request_id"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
    #expect(
        response.headers[HTTPField.Name("X-Request-Id")!] == response.json["request_id"]?.stringValue,
        sourceLocation: sourceLocation
    )
}
