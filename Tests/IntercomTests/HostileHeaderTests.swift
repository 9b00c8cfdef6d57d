import Foundation
import HTTPTypes
import Synchronization
import TestSupport
import Testing

@testable import Intercom

/// Rate-limit headers are data from the network: no value may trap the retry policy or `RateLimit`,
/// and no value may make the client wait longer than the policy allows.
@Suite("Hostile rate-limit headers")
struct HostileHeaderTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    let policy = RetryPolicy.default

    func tooManyRequests(_ headers: HTTPFields) -> IntercomError {
        .api(
            IntercomAPIError(
                status: .tooManyRequests,
                errors: [.init(code: "rate_limit_exceeded")],
                headerFields: headers
            )
        )
    }

    /// The longest wait a default policy may ask for.
    var longestWait: Duration { policy.maxRateLimitWait + policy.rateLimitJitter }

    @Test(
        "A Retry-After that is huge, negative, not a number or a far HTTP date never traps; too long a wait throws the 429",
        arguments: [
            // Values that are not a non-negative finite number or an HTTP date are ignored, and the client
            // backs off as it would without the header; waits beyond `maxRateLimitWait` are not attempted.
            ("1e21", false), ("1e400", true), ("9.3e18", false), ("61", false), ("-5", true), ("abc", true),
            ("", true), ("NaN", true), ("inf", true), ("Sun, 06 Nov 1994 08:49:37 GMT", true),
            ("Fri, 31 Dec 9999 23:59:59 GMT", false), ("30", true), ("0", true),
        ]
    )
    func retryAfter(value: String, retried: Bool) {
        let delay = policy.delay(
            after: tooManyRequests([.retryAfter: value]),
            attempt: 1,
            method: .get,
            now: now
        )
        #expect((delay != nil) == retried, "Retry-After: \(value)")
        if let delay { #expect(delay >= .zero && delay <= longestWait) }
    }

    @Test(
        "An X-RateLimit-Reset that is huge, negative or not a number never traps",
        arguments: [
            "1e21", "-1e300", "1e400", "NaN", "nope", "9223372036854775807", "-9223372036854775808",
            "18446744073709551616", "1700000005", "1699999000",
        ]
    )
    func rateLimitReset(value: String) {
        let delay = policy.delay(
            after: tooManyRequests([.rateLimitReset: value]),
            attempt: 1,
            method: .post,
            now: now
        )
        if let delay { #expect(delay >= .zero && delay <= longestWait, "X-RateLimit-Reset: \(value)") }
        let rateLimit = RateLimit(
            headerFields: [.rateLimitLimit: "1000", .rateLimitRemaining: "0", .rateLimitReset: value]
        )
        if let rateLimit {
            #expect(!rateLimit.description.isEmpty)
            #expect(IntercomJSON.unixSecondsRange.contains(IntercomJSON.unixSeconds(rateLimit.resetAt)))
        }
    }

    @Test("A reset far in the future, or out of any date's range, is ignored by RateLimit")
    func rateLimitIgnoresNonsense() {
        for reset in ["1e21", "-1e300", "nan", "inf"] {
            #expect(
                RateLimit(headerFields: [.rateLimitLimit: "10", .rateLimitRemaining: "1", .rateLimitReset: reset])
                    == nil,
                "reset \(reset)"
            )
        }
        #expect(
            RateLimit(headerFields: [.rateLimitLimit: "-1", .rateLimitRemaining: "1", .rateLimitReset: "1700000000"])
                == nil
        )
        let sane = RateLimit(
            headerFields: [.rateLimitLimit: "10", .rateLimitRemaining: "3", .rateLimitReset: "1700000010"]
        )
        #expect(sane?.remaining == 3)
        #expect(sane?.description == "3/10 left, resets at 1700000010")
    }

    @Test("5,000 random header combinations: every delay is within the policy, none traps")
    func randomHeaders() {
        let seed = FuzzSettings.seed
        var generator = SeededGenerator(seed: seed)
        let pool =
            JSONMutator.hostileNumbers + JSONMutator.hostileStrings.prefix(12)
            + ["Wed, 21 Oct 2015 07:28:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "Mon, 32 Foo 2020 99:99:99 GMT"]
        var checked = 0
        for index in 0..<5_000 {
            var headers = HTTPFields()
            for name in [HTTPField.Name.retryAfter, .rateLimitReset, .rateLimitLimit, .rateLimitRemaining]
            where Bool.random(using: &generator) {
                let value = pool.randomElement(using: &generator) ?? ""
                // A header value cannot carry NUL or line breaks; HTTPFields would refuse them anyway.
                headers[name] = value.filter { $0 != "\u{0}" && !$0.isNewline }
            }
            if FuzzSettings.verbose { FuzzSettings.log("headers case \(index): \(headers)") }
            let attempt = Int.random(in: 1...3, using: &generator)
            let delay = policy.delay(after: tooManyRequests(headers), attempt: attempt, method: .get, now: now)
            if let delay {
                #expect(
                    delay >= .zero && delay <= max(longestWait, policy.maxDelay),
                    "seed \(seed) case \(index): \(headers) gave \(delay)"
                )
            }
            if let rateLimit = RateLimit(headerFields: headers) { _ = rateLimit.description }
            checked += 1
        }
        FuzzSettings.log("fuzz: \(checked) rate-limit header sets through the retry policy (seed \(seed))")
        #expect(checked == 5_000)
    }

    @Test("Through the client: a 429 asking for a wait of 1e21 seconds is thrown at once, after one attempt")
    func clientGivesUpOnAbsurdWait() async throws {
        let attempts = Mutex(0)
        let transport = ClosureTransport { _, _ in
            attempts.withLock { $0 += 1 }
            return IntercomResponse(
                head: HTTPResponse(
                    status: .tooManyRequests,
                    headerFields: [
                        .retryAfter: "1e21", .rateLimitLimit: "10", .rateLimitRemaining: "0", .rateLimitReset: "1e21",
                    ]
                ),
                body: Data(#"{"type":"error.list","errors":[{"code":"rate_limit_exceeded"}]}"#.utf8)
            )
        }
        let clock = RecordingClock()
        let client = IntercomClient.test(transport: transport, clock: clock)
        let error = await intercomError { _ = try await client.send(.init(method: .get, path: "/me")) }
        #expect(error?.statusCode == 429)
        #expect(error?.code == .rateLimitExceeded)
        #expect(attempts.withLock { $0 } == 1)
        #expect(clock.sleeps.isEmpty)
        #expect(client.latestRateLimit == nil, "a reset of 1e21 is not a rate-limit state")
    }

    @Test("Through the client: unreadable rate-limit headers fall back to backoff and the retry succeeds")
    func clientBacksOffOnGarbage() async throws {
        let attempts = Mutex(0)
        let transport = ClosureTransport { _, _ in
            let attempt = attempts.withLock {
                $0 += 1
                return $0
            }
            if attempt == 1 {
                return IntercomResponse(
                    head: HTTPResponse(
                        status: .tooManyRequests,
                        headerFields: [.retryAfter: "soon", .rateLimitReset: "NaN"]
                    ),
                    body: Data(#"{"type":"error.list","errors":[{"code":"rate_limit_exceeded"}]}"#.utf8)
                )
            }
            return IntercomResponse(head: HTTPResponse(status: .ok), body: Data(#"{"type":"admin","id":"1"}"#.utf8))
        }
        let clock = RecordingClock()
        let client = IntercomClient.test(transport: transport, clock: clock)
        let response = try await client.send(.init(method: .get, path: "/me"))
        #expect(response.status == .ok)
        #expect(attempts.withLock { $0 } == 2)
        #expect(clock.sleeps.count == 1)
        #expect(clock.sleeps.allSatisfy { $0 <= RetryPolicy.default.maxDelay })
    }
}
