import Foundation
import HTTPTypes
import Synchronization
import TestSupport
import Testing

@testable import Intercom

/// Tests of the client on an in-memory transport: no sockets.
@Suite("Client (in-memory transport)")
struct ClientUnitTests {
    /// A transport that answers from a list and records what it was sent.
    final class ScriptedTransport: IntercomTransport {
        private let state: Mutex<(responses: [IntercomResponse], requests: [IntercomRequest])>

        init(_ responses: [IntercomResponse]) {
            state = Mutex((responses, []))
        }

        var requests: [IntercomRequest] { state.withLock { $0.requests } }

        func send(_ request: IntercomRequest, context: IntercomRequestContext) async throws -> IntercomResponse {
            try state.withLock { state in
                state.requests.append(request)
                guard !state.responses.isEmpty else { throw URLError(.badServerResponse) }
                return state.responses.removeFirst()
            }
        }
    }

    static func response(
        _ status: HTTPResponse.Status,
        _ body: String = "{}",
        headers: HTTPFields = [:]
    ) -> IntercomResponse {
        IntercomResponse(head: HTTPResponse(status: status, headerFields: headers), body: Data(body.utf8))
    }

    static func client(
        _ transport: ScriptedTransport,
        token: String = "tok",
        baseURL: String = "https://api.intercom.io"
    ) -> IntercomClient {
        var configuration = IntercomClient.Configuration(baseURL: URL(string: baseURL)!)
        configuration.transport = transport
        configuration.clock = RecordingClock()
        return IntercomClient(accessToken: token, configuration: configuration)
    }

    @Test("An error.list body becomes a typed API error with every item, the request id and the rate limit")
    func decodesErrorList() async throws {
        let body =
            #"{"type":"error.list","request_id":"req-1","errors":[{"code":"parameter_invalid","message":"Email is invalid","field":"email"},{"code":"brand_new_code"}]}"#
        let transport = ScriptedTransport([
            Self.response(
                .init(code: 422),
                body,
                headers: [.rateLimitLimit: "166", .rateLimitRemaining: "165", .rateLimitReset: "1700000010"]
            )
        ])
        let error = await intercomError {
            _ = try await Self.client(transport).send(
                .init(method: .post, path: "/contacts", body: .json(["email": "x"]))
            )
        }
        guard case .api(let apiError)? = error else {
            Issue.record("expected an API error, got \(String(describing: error))")
            return
        }
        #expect(apiError.status.code == 422)
        #expect(apiError.requestID == "req-1")
        #expect(apiError.code == .parameterInvalid)
        #expect(apiError.message == "Email is invalid")
        #expect(apiError.errors.count == 2)
        #expect(apiError.errors[0].field == "email")
        #expect(apiError.errors[1].code == IntercomErrorCode("brand_new_code"))
        #expect(
            apiError.rateLimit
                == RateLimit(limit: 166, remaining: 165, resetAt: Date(timeIntervalSince1970: 1_700_000_010))
        )
        #expect(error?.statusCode == 422)
        #expect(error?.code == .parameterInvalid)
        #expect(error?.requestID == "req-1")
        #expect("\(apiError)".contains("parameter_invalid: Email is invalid"))
        #expect(transport.requests.count == 1, "422 is never retried")
    }

    @Test("Every 2xx status is a success, including 202 with an empty body")
    func anySuccessStatus() async throws {
        let transport = ScriptedTransport([Self.response(.accepted, ""), Self.response(.created, #"{"id":"1"}"#)])
        let client = Self.client(transport)
        let accepted = try await client.send(.init(method: .post, path: "/events", body: .json(["event_name": "x"])))
        #expect(accepted.status == .accepted)
        #expect(try accepted.json() == .null)
        let created = try await client.send(.init(method: .post, path: "/tags", body: .json(["name": "x"])))
        #expect(try created.json()["id"] == "1")
    }

    @Test("An empty or malformed token is rejected before any request is sent")
    func rejectsBadTokens() async {
        for token in ["", "   ", "has space", "line\nbreak"] {
            let transport = ScriptedTransport([Self.response(.ok)])
            let error = await intercomError {
                _ = try await Self.client(transport, token: token).send(.init(method: .get, path: "/me"))
            }
            guard case .invalidRequest(let failure)? = error else {
                Issue.record(
                    "token \(token.debugDescription): expected invalidRequest, got \(String(describing: error))"
                )
                continue
            }
            #expect(failure.field == "accessToken")
            #expect(transport.requests.isEmpty)
        }
    }

    @Test("A token provider is asked before each request")
    func tokenProvider() async throws {
        let transport = ScriptedTransport([Self.response(.ok), Self.response(.ok)])
        let counter = Mutex(0)
        var configuration = IntercomClient.Configuration()
        configuration.transport = transport
        let client = IntercomClient(configuration: configuration) {
            counter.withLock {
                $0 += 1; return "rotated-\($0)"
            }
        }
        _ = try await client.send(.init(method: .get, path: "/me"))
        _ = try await client.send(.init(method: .get, path: "/me"))
        #expect(
            transport.requests.map { $0.head.headerFields[.authorization] } == ["Bearer rotated-1", "Bearer rotated-2"]
        )
    }

    @Test("URLs join the base URL's path, escape path segments and query values")
    func buildsURLs() async throws {
        let transport = ScriptedTransport([Self.response(.ok), Self.response(.ok)])
        let client = Self.client(transport, baseURL: "http://127.0.0.1:8080/proxy/")
        let id = "a/b c?"
        let request = APIRequest(
            .get,
            "/contacts/\(id)/notes",
            query: [("email", "ada+test@example.com"), ("skipped", nil), ("page", "2")],
            operation: "test"
        )
        _ = try await client.perform(request)
        _ = try await client.send(.init(method: .get, path: "/me", query: [URLQueryItem(name: "q", value: "a&b=c")]))
        let urls = transport.requests.map { $0.head.url?.absoluteString }
        #expect(
            urls[0] == "http://127.0.0.1:8080/proxy/contacts/a%2Fb%20c%3F/notes?email=ada%2Btest%40example.com&page=2"
        )
        #expect(urls[1] == "http://127.0.0.1:8080/proxy/me?q=a%26b%3Dc")
    }

    @Test("A base URL that is not http(s) is a validation error, not a crash")
    func rejectsBadBaseURL() async {
        let transport = ScriptedTransport([Self.response(.ok)])
        let error = await intercomError {
            _ = try await Self.client(transport, baseURL: "ftp://example.com").send(.init(method: .get, path: "/me"))
        }
        #expect(error?.isInvalidRequest == true)
        let relative = await intercomError {
            _ = try await Self.client(transport).send(.init(method: .get, path: "me"))
        }
        #expect(relative?.isInvalidRequest == true)
        #expect(transport.requests.isEmpty)
    }

    @Test("fromEnvironment reads the token, base URL and region")
    func environment() throws {
        let client = try IntercomClient.fromEnvironment([
            "INTERCOM_ACCESS_TOKEN": "tok", "INTERCOM_BASE_URL": "http://127.0.0.1:4010",
        ])
        #expect(client.configuration.baseURL.absoluteString == "http://127.0.0.1:4010")
        let eu = try IntercomClient.fromEnvironment(["INTERCOM_ACCESS_TOKEN": "tok", "INTERCOM_REGION": "EU"])
        #expect(eu.configuration.baseURL == IntercomClient.Region.eu.baseURL)
        #expect(throws: IntercomError.self) { try IntercomClient.fromEnvironment([:]) }
        #expect(throws: IntercomError.self) {
            try IntercomClient.fromEnvironment(["INTERCOM_ACCESS_TOKEN": "t", "INTERCOM_REGION": "mars"])
        }
        #expect(throws: IntercomError.self) {
            try IntercomClient.fromEnvironment(["INTERCOM_ACCESS_TOKEN": "t", "INTERCOM_BASE_URL": "not a url"])
        }
    }

    @Test("Regions map to their hosts")
    func regions() {
        #expect(IntercomClient.Region.us.baseURL.absoluteString == "https://api.intercom.io")
        #expect(IntercomClient.Region.eu.baseURL.absoluteString == "https://api.eu.intercom.io")
        #expect(IntercomClient.Region.au.baseURL.absoluteString == "https://api.au.intercom.io")
    }

    @Test("A derived client changes only what it is told and shares the rate-limit state")
    func derivedClient() async throws {
        let transport = ScriptedTransport([
            Self.response(
                .ok,
                "{}",
                headers: [.rateLimitLimit: "10", .rateLimitRemaining: "9", .rateLimitReset: "1700000000"]
            )
        ])
        let client = Self.client(transport)
        let derived = client.with {
            $0.apiVersion = "2.13"
            $0.timeout = .seconds(3)
        }
        #expect(client.configuration.apiVersion == .v2_16)
        #expect(derived.configuration.timeout == .seconds(3))
        _ = try await derived.send(.init(method: .get, path: "/me"))
        #expect(transport.requests[0].head.headerFields[.intercomVersion] == "2.13")
        #expect(client.latestRateLimit?.remaining == 9, "the parent sees the derived client's rate limit")
    }

    @Test("Caller middleware runs outermost, once per call, and sees typed errors")
    func callerMiddleware() async throws {
        final class Recorder: IntercomMiddleware {
            let seen = Mutex<[String]>([])
            func intercept(
                _ request: IntercomRequest,
                context: IntercomRequestContext,
                next: (IntercomRequest, IntercomRequestContext) async throws -> IntercomResponse
            ) async throws -> IntercomResponse {
                var request = request
                request.head.headerFields[HTTPField.Name("X-Trace")!] = "abc"
                seen.withLock { $0.append("before auth: \(request.head.headerFields[.authorization] == nil)") }
                do {
                    let response = try await next(request, context)
                    seen.withLock { $0.append("status \(response.head.status.code)") }
                    return response
                } catch let error as IntercomError {
                    seen.withLock { $0.append("error \(error.statusCode ?? 0)") }
                    throw error
                }
            }
        }
        let recorder = Recorder()
        let transport = ScriptedTransport([
            Self.response(.serviceUnavailable), Self.response(.ok), Self.response(.notFound),
        ])
        let client = Self.client(transport).with { $0.middleware = [recorder] }
        _ = try await client.send(.init(method: .get, path: "/me"))
        _ = await intercomError { _ = try await client.send(.init(method: .get, path: "/gone")) }
        #expect(recorder.seen.withLock { $0 } == ["before auth: true", "status 200", "before auth: true", "error 404"])
        #expect(transport.requests.allSatisfy { $0.head.headerFields[HTTPField.Name("X-Trace")!] == "abc" })
    }

    @Test("A transport's own errors surface as transport failures")
    func transportErrors() async {
        var configuration = IntercomClient.Configuration()
        configuration.transport = ClosureTransport { _, _ in throw URLError(.cannotConnectToHost) }
        configuration.retryPolicy = .none
        let error = await intercomError {
            _ = try await IntercomClient(accessToken: "t", configuration: configuration).send(
                .init(method: .get, path: "/me")
            )
        }
        guard case .transport(let failure)? = error else {
            Issue.record("expected a transport error, got \(String(describing: error))")
            return
        }
        #expect(failure.underlying is URLError)
    }
}

extension IntercomError {
    var isInvalidRequest: Bool {
        if case .invalidRequest = self { return true }
        return false
    }
}
