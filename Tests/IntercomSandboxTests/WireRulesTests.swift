import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Intercom
import IntercomSandbox
import Testing

/// The rules Intercom applies to every request, and the sandbox's answers to bad input.
@Suite("Sandbox wire rules")
struct WireRulesTests {
    @Test("A missing, malformed or unknown token is 401 unauthorized, without rate-limit headers")
    func authentication() async throws {
        try await withSandboxRouter { client, _ in
            let cases: [HTTPFields] = [
                [.accept: "application/json"],
                [.accept: "application/json", .authorization: "Bearer wrong"],
                [.accept: "application/json", .authorization: "Basic c2FuZGJveC10b2tlbjo="],
                [.accept: "application/json", .authorization: "Bearer "],
            ]
            for headers in cases {
                let response = try await client.send(.get, "/me", headers: headers)
                expectError(response, .unauthorized, "unauthorized")
                #expect(response.headers[.rateLimitLimit] == nil)
            }
            let ok = try await client.send(.get, "/me")
            #expect(ok.status == .ok)
            #expect(ok.json["type"] == "admin")
        }
    }

    @Test("An Accept header that rules out JSON, or none at all, is 406")
    func accept() async throws {
        try await withSandboxRouter { client, _ in
            expectError(
                try await client.send(.get, "/me", headers: [.authorization: "Bearer sandbox-token"]),
                .notAcceptable,
                "not_acceptable"
            )
            expectError(
                try await client.send(
                    .get,
                    "/me",
                    headers: [.authorization: "Bearer sandbox-token", .accept: "text/html"]
                ),
                .notAcceptable,
                "not_acceptable"
            )
            for accept in ["application/json", "*/*", "text/html, application/json;q=0.9", "application/*"] {
                let response = try await client.send(
                    .get,
                    "/me",
                    headers: [.authorization: "Bearer sandbox-token", .accept: accept]
                )
                #expect(response.status == .ok, "Accept: \(accept)")
            }
        }
    }

    @Test("An unsupported Intercom-Version is intercom_version_invalid; every real version is accepted")
    func versions() async throws {
        try await withSandboxRouter { client, _ in
            for bad in ["9.9", "2.17", "latest", "preview", ""] {
                var headers = authorized
                headers[.intercomVersion] = bad
                expectError(
                    try await client.send(.get, "/me", headers: headers),
                    .badRequest,
                    "intercom_version_invalid"
                )
            }
            for good in ["1.0", "1.4", "2.0", "2.11", "2.14", "2.15", "2.16", "Preview", "Unstable"] {
                var headers = authorized
                headers[.intercomVersion] = good
                #expect(try await client.send(.get, "/me", headers: headers).status == .ok, "version \(good)")
            }
        }
    }

    @Test("Unknown routes and unsupported methods are 404 not_found")
    func unknownRoutes() async throws {
        try await withSandboxRouter { client, _ in
            expectError(try await client.send(.get, "/no/such/thing"), .notFound, "not_found")
            expectError(try await client.send(.delete, "/me"), .notFound, "not_found")
            expectError(try await client.send(.patch, "/me", json: [:]), .notFound, "not_found")
        }
    }

    @Test("A body that is not JSON, or not an object, is 400 parameter_invalid")
    func invalidJSON() async throws {
        try await withSandboxRouter { client, _ in
            for raw in ["{bad", "[1,2]", "\"text\"", "{\"a\":", "\u{FF}\u{FE}"] {
                expectError(try await client.send(.post, "/sandbox/faults", raw: raw), .badRequest, "parameter_invalid")
            }
        }
    }

    @Test("Fields of the wrong type or missing are named in the error")
    func wrongTypes() async throws {
        try await withSandboxRouter { client, _ in
            let wrongType = try await client.send(.post, "/sandbox/faults", json: ["fault": 42])
            expectError(wrongType, .badRequest, "parameter_invalid")
            #expect(wrongType.json["errors"]?[0]?["field"] == "fault")
            let missing = try await client.send(.post, "/sandbox/faults", json: ["count": 1])
            expectError(missing, .badRequest, "parameter_not_found")
            #expect(missing.json["errors"]?[0]?["field"] == "fault")
        }
    }

    @Test("A body over the size limit is 413, and the server keeps serving")
    func hugeBody() async throws {
        try await withSandboxRouter(SandboxConfiguration(maxBodyBytes: 1024, clock: ManualClock())) { client, _ in
            let huge = #"{"fault":""# + String(repeating: "x", count: 4096) + #""}"#
            expectError(
                try await client.send(.post, "/sandbox/faults", raw: huge),
                .contentTooLarge,
                "request_entity_too_large"
            )
            #expect(try await client.send(.get, "/me").status == .ok)
        }
    }

    @Test("Every authenticated response carries rate-limit headers; past the limit it is 429 until the window resets")
    func rateLimits() async throws {
        let clock = ManualClock(now: Date(timeIntervalSince1970: 1_700_000_003))
        try await withSandboxRouter(
            SandboxConfiguration(rateLimiting: .init(limit: 3, window: .seconds(10)), clock: clock)
        ) { client, _ in
            var remaining: [String?] = []
            for _ in 0..<3 {
                let response = try await client.send(.get, "/me")
                #expect(response.status == .ok)
                #expect(response.headers[.rateLimitLimit] == "3")
                #expect(response.headers[.rateLimitReset] == "1700000010")
                remaining.append(response.headers[.rateLimitRemaining])
            }
            #expect(remaining == ["2", "1", "0"])
            let limited = try await client.send(.get, "/me")
            expectError(limited, .tooManyRequests, "rate_limit_exceeded")
            #expect(limited.json["errors"]?[0]?["message"] == "Exceeded rate limit of 3 in 10_seconds")
            #expect(limited.headers[.rateLimitRemaining] == "0")
            let notFound = try await client.send(.get, "/missing")
            expectError(notFound, .tooManyRequests, "rate_limit_exceeded")

            clock.advance(by: .seconds(7))
            let fresh = try await client.send(.get, "/missing")
            expectError(fresh, .notFound, "not_found")
            #expect(fresh.headers[.rateLimitRemaining] == "2", "errors count and carry the headers too")
            #expect(fresh.headers[.rateLimitReset] == "1700000020")
        }
    }

    @Test(
        "Faults can be injected per request with a header",
        arguments: [
            ("rate_limit", 429, "rate_limit_exceeded"), ("server_error", 500, "server_error"),
            ("service_unavailable", 503, "service_unavailable"),
        ]
    )
    func headerFaults(name: String, status: Int, code: String) async throws {
        try await withSandboxRouter { client, _ in
            var headers = authorized
            headers[HTTPField.Name("X-Sandbox-Fault")!] = name
            expectError(try await client.send(.get, "/me", headers: headers), .init(code: status), code)
            #expect(try await client.send(.get, "/me").status == .ok)
        }
    }

    @Test("A latency fault delays the normal answer on the sandbox's clock")
    func latencyFault() async throws {
        let clock = ManualClock()
        try await withSandboxRouter(SandboxConfiguration(clock: clock)) { client, _ in
            let before = clock.now
            var headers = authorized
            headers[HTTPField.Name("X-Sandbox-Fault")!] = "latency:1500"
            let response = try await client.send(.get, "/me", headers: headers)
            #expect(response.status == .ok)
            #expect(clock.now.timeIntervalSince(before) == 1.5)
        }
    }

    @Test("Gateway faults answer with an HTML page")
    func htmlFaults() async throws {
        try await withSandboxRouter { client, _ in
            for (name, status) in [("bad_gateway_html", 502), ("gateway_timeout_html", 504)] {
                var headers = authorized
                headers[HTTPField.Name("X-Sandbox-Fault")!] = name
                let response = try await client.send(.get, "/me", headers: headers)
                #expect(response.status.code == status)
                #expect(response.headers[.contentType] == "text/html")
                #expect(String(buffer: response.body).contains("<html>"))
            }
        }
    }

    @Test("Faults queued through the control API hit the next N requests, then stop")
    func queuedFaults() async throws {
        try await withSandboxRouter { client, _ in
            let queued = try await client.send(
                .post,
                "/sandbox/faults",
                json: ["fault": "service_unavailable", "count": 2]
            )
            #expect(queued.json["pending_faults"] == ["service_unavailable", "service_unavailable"])
            expectError(try await client.send(.get, "/me"), .serviceUnavailable, "service_unavailable")
            expectError(try await client.send(.get, "/me"), .serviceUnavailable, "service_unavailable")
            #expect(try await client.send(.get, "/me").status == .ok)
            expectError(
                try await client.send(.post, "/sandbox/faults", json: ["fault": "meteor"]),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await client.send(.post, "/sandbox/faults", json: ["fault": "rate_limit", "count": 0]),
                .badRequest,
                "parameter_invalid"
            )
        }
    }

    @Test("Fault names parse and print back")
    func faultNames() {
        for name in [
            "rate_limit", "server_error", "service_unavailable", "bad_gateway_html", "gateway_timeout_html",
            "latency:250", "drop_connection", "truncated_body",
        ] {
            #expect(SandboxFault(name: name)?.description == name)
        }
        #expect(SandboxFault(name: "latency:-1") == nil)
        #expect(SandboxFault(name: "latency:abc") == nil)
        #expect(SandboxFault(name: "nope") == nil)
    }
}
