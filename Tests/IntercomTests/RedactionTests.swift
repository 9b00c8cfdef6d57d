import Foundation
import HTTPTypes
import TestSupport
import Testing

@testable import Intercom

/// Tokens and secrets never appear when a value is printed, interpolated, debug-printed or dumped.
@Suite("Secrets never print")
struct RedactionTests {
    static let secret = "s3cr3t-T0KEN-value"

    /// Every way a user or a test framework may turn `value` into text.
    func renderings(of value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        var mirrored: [String] = []
        func walk(_ mirror: Mirror, depth: Int) {
            guard depth < 6 else { return }
            for child in mirror.children {
                mirrored.append("\(child.label ?? "?")=\(child.value)")
                walk(Mirror(reflecting: child.value), depth: depth + 1)
            }
        }
        walk(Mirror(reflecting: value), depth: 0)
        return [
            "\(value)", String(describing: value), String(reflecting: value), dumped,
        ] + mirrored
    }

    func expectRedacted(_ value: Any, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for text in renderings(of: value) {
            #expect(!text.contains(Self.secret), "\(name) printed its secret: \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test("IntercomClient, its configuration and its credentials")
    func client() {
        var configuration = IntercomClient.Configuration(region: .eu)
        configuration.additionalHeaders = [.authorization: "Bearer \(Self.secret)", .init("X-Trace")!: "visible"]
        let client = IntercomClient(accessToken: Self.secret, configuration: configuration)
        expectRedacted(client, "IntercomClient")
        expectRedacted(client.configuration, "Configuration")
        expectRedacted(client.credentials, "Credentials")
        expectRedacted(client.with { $0.apiVersion = "2.13" }, "a derived client")
        #expect("\(client)".contains("api.eu.intercom.io"), "the description still says where requests go")
        #expect("\(client.configuration)".contains("visible"), "ordinary headers stay readable")
    }

    @Test("A client with a token provider")
    func provider() {
        let client = IntercomClient(tokenProvider: { Self.secret })
        expectRedacted(client, "IntercomClient(tokenProvider:)")
        #expect("\(client)".contains("tokenProvider"))
    }

    @Test("WebhookSignature")
    func webhookSignature() {
        expectRedacted(WebhookSignature(secret: Self.secret), "WebhookSignature")
    }

    @Test("IntercomOAuth and its token")
    func oauth() throws {
        let oauth = IntercomOAuth(clientID: "app-id", clientSecret: Self.secret)
        expectRedacted(oauth, "IntercomOAuth")
        #expect("\(oauth)".contains("app-id"))
        let token = try IntercomJSON.makeDecoder().decode(
            IntercomOAuth.Token.self,
            from: Data(#"{"access_token":"\#(Self.secret)","token_type":"Bearer"}"#.utf8)
        )
        expectRedacted(token, "IntercomOAuth.Token")
        #expect(token.accessToken == Self.secret, "redaction changes only how it prints")
    }

    @Test("A request seen by middleware or a transport")
    func request() throws {
        var head = HTTPRequest(method: .get, scheme: "https", authority: "api.intercom.io", path: "/me")
        head.headerFields[.authorization] = "Bearer \(Self.secret)"
        let request = IntercomRequest(head: head)
        expectRedacted(request, "IntercomRequest")
        #expect("\(request)" == "GET https://api.intercom.io/me")
    }

    @Test("Errors raised for a bad token do not carry it")
    func errors() async {
        let client = IntercomClient(accessToken: "bad\n\(Self.secret)")
        do {
            _ = try await client.send(.init(method: .get, path: "/me"))
            Issue.record("expected a validation error")
        } catch {
            expectRedacted(error, "the validation error")
        }
    }
}

@Suite("Body excerpts in errors")
struct ExcerptRedactionTests {
    @Test("A body that did not decode keeps its text, but never a token or a client secret")
    func excerpt() async throws {
        let body =
            #"{"token_type": 5, "access_token" : "tok_\"abc", "token":"t2", "client_secret":"cs", "code":"not_a_secret"}"#
        let transport = ClosureTransport { _, _ in
            IntercomResponse(head: .init(status: .ok), body: Data(body.utf8))
        }
        let client = IntercomClient.test(transport: transport)
        let error = await intercomError { _ = try await client.contacts.find(id: "1") }
        let text = String(describing: error)
        for secret in ["tok_", "abc", "\"t2\"", "\"cs\""] { #expect(!text.contains(secret), "\(text)") }
        #expect(text.contains("not_a_secret"), "other members stay readable")
        #expect(text.contains("<redacted>"))
    }
}
