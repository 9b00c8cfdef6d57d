import Foundation
import HTTPTypes
import TestSupport
import Testing

@testable import Intercom

@Suite("Retry policy")
struct RetryPolicyTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func apiError(_ status: Int, headers: HTTPFields = [:]) -> IntercomError {
        .api(IntercomAPIError(status: .init(code: status), errors: [.init(code: "x")], headerFields: headers))
    }

    @Test("409 and other 4xx are never retried, for any method")
    func neverRetries4xx() {
        let policy = RetryPolicy(retryNonIdempotentRequests: true)
        for status in [400, 401, 403, 404, 409, 422] {
            for method in [HTTPRequest.Method.get, .post, .put, .delete] {
                #expect(
                    policy.delay(after: apiError(status), attempt: 1, method: method, now: now) == nil,
                    "\(status) \(method)"
                )
            }
        }
    }

    @Test("5xx and 408 are retried for idempotent methods only, unless the caller opts in")
    func idempotency() {
        let policy = RetryPolicy.default
        for status in [408, 500, 502, 503, 504] {
            #expect(policy.delay(after: apiError(status), attempt: 1, method: .get, now: now) != nil)
            #expect(policy.delay(after: apiError(status), attempt: 1, method: .put, now: now) != nil)
            #expect(policy.delay(after: apiError(status), attempt: 1, method: .delete, now: now) != nil)
            #expect(policy.delay(after: apiError(status), attempt: 1, method: .post, now: now) == nil)
            #expect(policy.delay(after: apiError(status), attempt: 1, method: .patch, now: now) == nil)
        }
        let optedIn = RetryPolicy(retryNonIdempotentRequests: true)
        #expect(optedIn.delay(after: apiError(503), attempt: 1, method: .post, now: now) != nil)
    }

    @Test("429 waits until the reset time, plus bounded jitter, for every method")
    func rateLimitWait() throws {
        let policy = RetryPolicy.default
        let error = apiError(429, headers: [.rateLimitReset: "1700000007"])
        let delay = try #require(policy.delay(after: error, attempt: 1, method: .post, now: now))
        #expect(delay >= .seconds(7))
        #expect(delay <= .seconds(7) + policy.rateLimitJitter)
    }

    @Test("Retry-After wins over X-RateLimit-Reset")
    func retryAfterFirst() throws {
        let error = apiError(429, headers: [.rateLimitReset: "1700000009", HTTPField.Name("Retry-After")!: "2"])
        let delay = try #require(
            RetryPolicy(rateLimitJitter: .zero).delay(after: error, attempt: 1, method: .get, now: now)
        )
        #expect(delay == .seconds(2))
    }

    @Test("A reset further away than the cap is not waited for")
    func rateLimitCap() {
        let policy = RetryPolicy(maxRateLimitWait: .seconds(5))
        let error = apiError(429, headers: [.rateLimitReset: "1700000600"])
        #expect(policy.delay(after: error, attempt: 1, method: .get, now: now) == nil)
    }

    @Test("Attempts are bounded")
    func boundedAttempts() {
        let policy = RetryPolicy(maxAttempts: 3)
        #expect(policy.delay(after: apiError(503), attempt: 2, method: .get, now: now) != nil)
        #expect(policy.delay(after: apiError(503), attempt: 3, method: .get, now: now) == nil)
        #expect(RetryPolicy.none.delay(after: apiError(503), attempt: 1, method: .get, now: now) == nil)
    }

    @Test("Backoff grows and stays within the cap")
    func backoff() throws {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .seconds(1), maxDelay: .seconds(4))
        for attempt in 1...9 {
            let delay = try #require(policy.delay(after: apiError(500), attempt: attempt, method: .get, now: now))
            let nominal = min(Duration.seconds(1) * (1 << (attempt - 1)), .seconds(4))
            #expect(delay >= nominal / 2 && delay <= nominal)
        }
    }

    @Test("Timeouts, decoding and validation failures are not retried")
    func nonRetryable() {
        let policy = RetryPolicy(retryNonIdempotentRequests: true)
        let errors: [IntercomError] = [
            .timeout(.seconds(1)), .cancelled, .invalidRequest(field: nil, "x"),
            .decoding(.init(type: "T", codingPath: "", reason: "r", bodyExcerpt: "", status: .ok)),
        ]
        for error in errors {
            #expect(policy.delay(after: error, attempt: 1, method: .get, now: now) == nil)
        }
        #expect(
            policy.delay(
                after: .transport(.init(underlying: URLError(.networkConnectionLost))),
                attempt: 1,
                method: .get,
                now: now
            ) != nil
        )
    }
}
