public import Foundation
public import HTTPTypes
import Logging

/// When and how long to wait before trying a failed request again.
///
/// The default policy:
/// - retries `429 Too Many Requests` for every method, waiting until `Retry-After` (when present) or
///   `X-RateLimit-Reset`, plus up to ``rateLimitJitter``, but never longer than ``maxRateLimitWait``:
///   a longer wait is not attempted and the 429 is thrown at once;
/// - retries `408`, `5xx` (but not `501 Not Implemented` or `505`) and lost connections only for idempotent methods (`GET`, `HEAD`, `PUT`,
///   `DELETE`, `OPTIONS`), unless ``retryNonIdempotentRequests`` is set, with exponential backoff from
///   ``baseDelay`` up to ``maxDelay`` and random jitter;
/// - never retries `409 Conflict` or any other `4xx`, decoding failures, client-side validation
///   failures or timeouts;
/// - makes at most ``maxAttempts`` attempts in all (3).
///
/// A cancelled task stops waiting at once and throws ``IntercomError/cancelled``.
public struct RetryPolicy: Sendable, Hashable {
    /// The most attempts made for one call, the first included. `1` disables retries.
    public var maxAttempts: Int
    /// Whether `POST` and `PATCH` requests are retried after `408`, `5xx` or a lost connection, when
    /// the server may already have acted on them. `429`s are always retried.
    public var retryNonIdempotentRequests: Bool
    /// The first backoff delay for `408`, `5xx` and lost connections; it doubles on each attempt.
    public var baseDelay: Duration
    /// The longest backoff delay for `408`, `5xx` and lost connections.
    public var maxDelay: Duration
    /// The longest wait for a rate-limit window to reset before a retry.
    public var maxRateLimitWait: Duration
    /// The most random time added to a rate-limit wait, so that many clients do not retry together.
    public var rateLimitJitter: Duration

    /// Creates a policy; every parameter has the default's value unless given.
    public init(
        maxAttempts: Int = 3,
        retryNonIdempotentRequests: Bool = false,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(8),
        maxRateLimitWait: Duration = .seconds(60),
        rateLimitJitter: Duration = .milliseconds(500)
    ) {
        self.maxAttempts = maxAttempts
        self.retryNonIdempotentRequests = retryNonIdempotentRequests
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRateLimitWait = maxRateLimitWait
        self.rateLimitJitter = rateLimitJitter
    }

    /// Three attempts, as described above.
    public static let `default` = RetryPolicy()

    /// A single attempt: no retries.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// How long to wait before attempt `attempt + 1`, or `nil` when `error` should be thrown.
    ///
    /// - Parameters:
    ///   - error: The failure of attempt number `attempt`.
    ///   - attempt: The attempt that failed, starting at 1.
    ///   - method: The request's method.
    ///   - now: The current time, to measure how far away a rate-limit reset is.
    public func delay(
        after error: IntercomError,
        attempt: Int,
        method: HTTPRequest.Method,
        now: Date
    ) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        let mayRepeat = retryNonIdempotentRequests || Self.isIdempotent(method)
        switch error {
        case .api, .http:
            guard let status = error.statusCode else { return nil }
            if status == 429 {
                return rateLimitDelay(headerFields: error.headerFields ?? [:], attempt: attempt, now: now)
            }
            // 501 and 505 say the server cannot do this at all: trying again cannot help.
            if mayRepeat && (status == 408 || ((500...599).contains(status) && status != 501 && status != 505)) {
                return backoff(attempt: attempt)
            }
            return nil
        case .transport:
            return mayRepeat ? backoff(attempt: attempt) : nil
        case .decoding, .timeout, .responseTooLarge, .invalidRequest, .cancelled:
            return nil
        }
    }

    /// Whether repeating `method` has the same effect as sending it once.
    public static func isIdempotent(_ method: HTTPRequest.Method) -> Bool {
        [.get, .head, .put, .delete, .options].contains(method)
    }

    private func rateLimitDelay(headerFields: HTTPFields, attempt: Int, now: Date) -> Duration? {
        // Header values are untrusted: every wait is compared as a `Double` of seconds first, and only a
        // wait within `maxRateLimitWait` becomes a `Duration`, so `Retry-After: 1e21` cannot trap.
        let seconds: Double
        if let retryAfter = headerFields[.retryAfter].flatMap({ Self.parseRetryAfter($0, now: now) }) {
            seconds = retryAfter
        } else if let reset = headerFields[.rateLimitReset].flatMap({ Self.parseNumber($0) }) {
            seconds = max(0, reset - now.timeIntervalSince1970)
        } else {
            return backoff(attempt: attempt)
        }
        guard seconds.isFinite, seconds <= maxRateLimitWait.seconds else { return nil }
        let wait = Duration.nanoseconds(Int64(min(seconds, 9e9) * 1e9))
        return Self.saturatingSum(wait, Self.random(upTo: rateLimitJitter))
    }

    /// Exponential backoff with "equal jitter": half the delay is fixed, half random.
    private func backoff(attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        // `baseDelay` and `maxDelay` come from the caller: compare before multiplying so a large
        // `baseDelay` cannot overflow.
        let factor = 1 << exponent
        let base = Swift.max(baseDelay, .zero)
        let ceiling = Swift.max(maxDelay, .zero)
        let delay = base > ceiling / factor ? ceiling : Swift.min(base * factor, ceiling)
        guard delay > .zero else { return .zero }
        return delay / 2 + Self.random(upTo: delay / 2)
    }

    private static func random(upTo limit: Duration) -> Duration {
        guard limit > .zero else { return .zero }
        return .nanoseconds(Int64.random(in: 0...max(0, limit.nanoseconds)))
    }

    private static func saturatingSum(_ a: Duration, _ b: Duration) -> Duration {
        let (total, overflow) = a.nanoseconds.addingReportingOverflow(b.nanoseconds)
        return .nanoseconds(overflow ? .max : total)
    }

    /// A finite number from a header value, or `nil`.
    private static func parseNumber(_ value: String) -> Double? {
        guard let number = Double(value.trimmingCharacters(in: .whitespaces)), number.isFinite else { return nil }
        return number
    }

    /// `Retry-After` in seconds from now: a non-negative number of seconds or an HTTP date. Anything
    /// else (negative, not finite, unparsable) is ignored.
    private static func parseRetryAfter(_ value: String, now: Date) -> Double? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(text) { return seconds.isFinite && seconds >= 0 ? seconds : nil }
        guard let date = parseHTTPDate(text) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    /// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form `Retry-After` uses.
    static func parseHTTPDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}

/// Retries failed attempts according to a ``RetryPolicy``, sleeping on an ``IntercomClock``.
struct RetryMiddleware: IntercomMiddleware {
    let policy: RetryPolicy
    let clock: any IntercomClock

    func intercept(
        _ request: IntercomRequest,
        context: IntercomRequestContext,
        next: (IntercomRequest, IntercomRequestContext) async throws -> IntercomResponse
    ) async throws -> IntercomResponse {
        var context = context
        while true {
            do {
                return try await next(request, context)
            } catch let error as IntercomError {
                guard
                    let delay = policy.delay(
                        after: error,
                        attempt: context.attempt,
                        method: request.head.method,
                        now: clock.now
                    )
                else { throw error }
                context.logger.debug(
                    "Retrying \(context.operation) after \(error.statusCode.map(String.init) ?? "failure") in \(delay)",
                    metadata: ["intercom.attempt": "\(context.attempt)"]
                )
                do {
                    try await clock.sleep(for: delay)
                } catch {
                    throw IntercomError.cancelled
                }
                if Task.isCancelled { throw IntercomError.cancelled }
                context.attempt += 1
            }
        }
    }
}
