import Foundation
import HTTPTypes
import Logging
import Synchronization
import TestSupport
import Testing

@testable import Intercom

/// The client over real HTTP to a server on an ephemeral loopback port.
@Suite("Client over loopback HTTP")
struct HTTPBehaviourTests {
    struct Admin: Decodable, Sendable {
        var type: String
        var id: String
        var name: String?
    }

    @Test("Every request carries Bearer auth, Intercom-Version, User-Agent and Accept; bodies carry Content-Type")
    func standardHeaders() async throws {
        try await withLoopbackServer(respond: { _, _ in .json(#"{"type":"admin","id":"1"}"#) }) { url, log in
            let client = IntercomClient.test(baseURL: url, token: "secret-token")
            _ = try await client.send(.init(method: .get, path: "/me"))
            _ = try await client.send(.init(method: .post, path: "/tags", body: .json(["name": "VIP"])))
            _ = try await client.with { $0.apiVersion = "2.11" }.send(.init(method: .get, path: "/me"))
            _ = try await client.send(
                .init(method: .get, path: "/me", headerFields: [.intercomVersion: "Unstable"])
            )

            let requests = log.all
            #expect(requests.count == 4)
            for request in requests {
                #expect(request.headers[.authorization] == "Bearer secret-token")
                #expect(request.headers[.accept] == "application/json")
                #expect(request.headers[.userAgent]?.hasPrefix("intercom-swift/") == true)
            }
            #expect(requests[0].headers[.intercomVersion] == "2.16")
            #expect(requests[0].headers[.contentType] == nil)
            #expect(requests[1].method == .post)
            #expect(requests[1].headers[.contentType] == "application/json")
            #expect(requests[1].json?["name"] as? String == "VIP")
            #expect(requests[2].headers[.intercomVersion] == "2.11")
            #expect(requests[3].headers[.intercomVersion] == "Unstable")
        }
    }

    @Test("A 429 is retried once the rate-limit window resets, waiting on the injected clock")
    func retriesAfterRateLimitReset() async throws {
        let clock = RecordingClock()
        let reset = Int(clock.now.timeIntervalSince1970) + 7
        try await withLoopbackServer(respond: { _, index in
            if index == 0 {
                return .json(
                    #"{"type":"error.list","request_id":"r1","errors":[{"code":"rate_limit_exceeded","message":"Exceeded rate limit of 167 in 10_seconds"}]}"#,
                    status: .tooManyRequests,
                    headers: [.rateLimitLimit: "167", .rateLimitRemaining: "0", .rateLimitReset: "\(reset)"]
                )
            }
            return .json(
                #"{"type":"admin","id":"7","name":"Ada"}"#,
                headers: [.rateLimitLimit: "167", .rateLimitRemaining: "166", .rateLimitReset: "\(reset + 10)"]
            )
        }) { url, log in
            let client = IntercomClient.test(baseURL: url, clock: clock)
            let admin = try await client.execute(
                APIRequest(.post, "/admins/search", body: ["q": "x"] as JSONValue, operation: "t"),
                as: Admin.self
            )
            #expect(admin.name == "Ada")
            #expect(log.count == 2, "one 429, then the retry")
            #expect(clock.sleeps.count == 1)
            let wait = try #require(clock.sleeps.first)
            #expect(wait >= .seconds(7) && wait <= .seconds(7) + RetryPolicy.default.rateLimitJitter)
            #expect(client.latestRateLimit?.remaining == 166)
        }
    }

    @Test("A POST answered 503 is not retried by default, and a GET is")
    func serviceUnavailable() async throws {
        try await withLoopbackServer(respond: { _, _ in
            .json(#"{"type":"error.list","errors":[{"code":"service_unavailable"}]}"#, status: .serviceUnavailable)
        }) { url, log in
            let clock = RecordingClock()
            let client = IntercomClient.test(baseURL: url, clock: clock)
            let postError = await intercomError {
                _ = try await client.send(.init(method: .post, path: "/contacts", body: .json([:])))
            }
            #expect(postError?.statusCode == 503)
            #expect(postError?.code == .serviceUnavailable)
            #expect(log.count == 1, "POST is not idempotent: no retry")

            let getError = await intercomError { _ = try await client.send(.init(method: .get, path: "/contacts")) }
            #expect(getError?.statusCode == 503)
            #expect(log.count == 1 + RetryPolicy.default.maxAttempts, "GET is retried up to the attempt limit")
            #expect(clock.sleeps.count == RetryPolicy.default.maxAttempts - 1)

            let optedIn = client.with { $0.retryPolicy.retryNonIdempotentRequests = true }
            _ = await intercomError {
                _ = try await optedIn.send(.init(method: .post, path: "/contacts", body: .json([:])))
            }
            #expect(log.count == 1 + 2 * RetryPolicy.default.maxAttempts, "an opted-in POST is retried")
        }
    }

    @Test("409 Conflict is never retried")
    func conflictNotRetried() async throws {
        try await withLoopbackServer(respond: { _, _ in
            .json(
                #"{"type":"error.list","request_id":"c1","errors":[{"code":"conflict","message":"A contact matching those details already exists"}]}"#,
                status: .conflict
            )
        }) { url, log in
            let client = IntercomClient.test(baseURL: url).with { $0.retryPolicy.retryNonIdempotentRequests = true }
            for method in [HTTPRequest.Method.post, .put] {
                let error = await intercomError {
                    _ = try await client.send(.init(method: method, path: "/contacts", body: .json([:])))
                }
                #expect(error?.code == .conflict)
                #expect(error?.requestID == "c1")
            }
            #expect(log.count == 2)
        }
    }

    @Test("An HTML 504 page surfaces as an HTTP error that keeps its text")
    func htmlGatewayTimeout() async throws {
        let page =
            "<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway Time-out</h1></center></body></html>"
        try await withLoopbackServer(respond: { _, _ in
            CannedResponse(status: .gatewayTimeout, headers: [.contentType: "text/html"], body: page)
        }) { url, log in
            let client = IntercomClient.test(baseURL: url).with { $0.retryPolicy = .none }
            let error = await intercomError { _ = try await client.send(.init(method: .get, path: "/contacts")) }
            guard case .http(let failure)? = error else {
                Issue.record("expected .http, got \(String(describing: error))")
                return
            }
            #expect(failure.status == .gatewayTimeout)
            #expect(failure.body == page)
            #expect(failure.headerFields[.contentType] == "text/html")
            #expect(error?.message.contains("504 Gateway Time-out") == true)
        }
    }

    @Test(
        "A truncated or non-JSON 200 body is a decoding error that says where and shows the body",
        arguments: [#"{"type":"admin","id":"12","na"#, "<html>not json</html>", "", #"{"type":"admin"}"#]
    )
    func undecodableSuccess(body: String) async throws {
        try await withLoopbackServer(respond: { _, _ in .json(body) }) { url, _ in
            let client = IntercomClient.test(baseURL: url)
            let error = await intercomError {
                _ = try await client.execute(APIRequest(.get, "/me", operation: "admins.identify"), as: Admin.self)
            }
            guard case .decoding(let failure)? = error else {
                Issue.record("expected .decoding, got \(String(describing: error))")
                return
            }
            #expect(failure.type == "Admin")
            #expect(failure.status == .ok)
            #expect(failure.bodyExcerpt == body)
            if body == #"{"type":"admin"}"# {
                #expect(failure.codingPath == "id")
            }
        }
    }

    @Test("A response that takes longer than the timeout fails with .timeout, and is not retried")
    func timeoutHonoured() async throws {
        // The server never answers, so the outcome cannot depend on how loaded the machine is; attempts
        // are counted at the transport, which cannot race the server's request log.
        try await withLoopbackServer(respond: { _, _ in CannedResponse(delay: .seconds(3_600)) }) { url, _ in
            let attempts = Mutex(0)
            let real = AsyncHTTPClientTransport()
            let counting = ClosureTransport { request, context in
                attempts.withLock { $0 += 1 }
                return try await real.send(request, context: context)
            }
            let client = IntercomClient.test(baseURL: url).with {
                $0.timeout = .seconds(1)
                $0.transport = counting
            }
            let error = await intercomError { _ = try await client.send(.init(method: .get, path: "/me")) }
            guard case .timeout(let limit)? = error else {
                Issue.record("expected .timeout, got \(String(describing: error))")
                return
            }
            #expect(limit == .seconds(1))
            #expect(attempts.withLock { $0 } == 1, "timeouts are not retried")
        }
    }

    @Test("Cancelling during a retry wait ends the call at once with .cancelled")
    func cancellationDuringRetryWait() async throws {
        try await withLoopbackServer(respond: { _, _ in
            .json(
                #"{"type":"error.list","errors":[{"code":"rate_limit_exceeded"}]}"#,
                status: .tooManyRequests,
                headers: [.rateLimitReset: "1700000005"]
            )
        }) { url, log in
            let clock = BlockingClock()
            let client = IntercomClient.test(baseURL: url, clock: clock)
            let task = Task { await intercomError { _ = try await client.send(.init(method: .get, path: "/me")) } }
            var started = clock.sleepStarted.makeAsyncIterator()
            _ = await started.next()
            task.cancel()
            let error = await task.value
            guard case .cancelled? = error else {
                Issue.record("expected .cancelled, got \(String(describing: error))")
                return
            }
            #expect(log.count == 1)
        }
    }

    @Test("Trace logging shows method, URL, status, timing and attempt, and never the token")
    func tracing() async throws {
        try await withLoopbackServer(respond: { _, index in
            index == 0
                ? CannedResponse(status: .badGateway, headers: [:], body: "bad gateway")
                : .json(#"{"type":"admin","id":"1"}"#)
        }) { url, _ in
            let capture = LogCapture()
            let client = IntercomClient.test(baseURL: url, token: "super-secret-token").with {
                $0.logger = capture.logger()
            }
            _ = try await client.send(
                .init(method: .get, path: "/admins/1", query: [URLQueryItem(name: "x", value: "y")])
            )

            let traces = capture.all.filter { $0.metadata["intercom.status"] != nil }
            #expect(traces.count == 2)
            let last = try #require(traces.last)
            #expect(last.level == .debug)
            #expect(last.message.contains("GET \(url.absoluteString)/admins/1?x=y -> 200"))
            #expect(last.message.contains(" ms (attempt 2)"))
            #expect(last.metadata["intercom.duration_ms"].flatMap { Int($0) } != nil)
            #expect(last.metadata["intercom.operation"] == "raw GET /admins/1")
            #expect(traces.first?.metadata["intercom.status"] == "502")
            for record in capture.all {
                #expect(!record.message.contains("super-secret-token"))
                #expect(!record.metadata.values.contains { $0.contains("super-secret-token") })
            }
        }
    }

    @Test("A body over the size cap is refused")
    func responseSizeCap() async throws {
        try await withLoopbackServer(respond: { _, _ in .json("[" + String(repeating: "1,", count: 5000) + "1]") }) {
            url,
            _ in
            let client = IntercomClient.test(baseURL: url).with { $0.maxResponseBytes = 1024 }
            let error = await intercomError { _ = try await client.send(.init(method: .get, path: "/big")) }
            guard case .responseTooLarge(let limit)? = error else {
                Issue.record("expected .responseTooLarge, got \(String(describing: error))")
                return
            }
            #expect(limit == 1024)
        }
    }

    @Test("A refused connection is a transport failure")
    func connectionRefused() async throws {
        // Bind a port, then stop the server so nothing listens there.
        let url = try await withLoopbackServer(respond: { _, _ in .json("{}") }) { url, _ in url }
        let client = IntercomClient.test(baseURL: url).with {
            $0.retryPolicy = .none
            $0.timeout = .seconds(2)
        }
        let error = await intercomError { _ = try await client.send(.init(method: .get, path: "/me")) }
        guard case .transport? = error else {
            Issue.record("expected .transport, got \(String(describing: error))")
            return
        }
    }
}
