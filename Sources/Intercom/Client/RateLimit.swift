public import Foundation
public import HTTPTypes

/// Intercom's rate-limit state, read from the `X-RateLimit-*` headers of a response.
///
/// Intercom enforces its limits per 10-second window, and ``limit`` is the allowance for one window.
public struct RateLimit: Sendable, Hashable, CustomStringConvertible {
    /// Requests allowed in the current window (`X-RateLimit-Limit`).
    public var limit: Int
    /// Requests left in the current window (`X-RateLimit-Remaining`).
    public var remaining: Int
    /// When the window resets (`X-RateLimit-Reset`, Unix seconds).
    public var resetAt: Date

    /// Creates a rate-limit value.
    public init(limit: Int, remaining: Int, resetAt: Date) {
        self.limit = limit
        self.remaining = remaining
        self.resetAt = resetAt
    }

    /// Reads the three headers; `nil` unless all of them are present and sensible: non-negative
    /// integers for the limit and the remaining count, and a reset time within
    /// ``IntercomJSON/unixSecondsRange``. A response with headers that fail these checks is treated as
    /// one without rate-limit headers.
    public init?(headerFields: HTTPFields) {
        guard
            let limit = headerFields[.rateLimitLimit].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
            let remaining = headerFields[.rateLimitRemaining].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
            limit >= 0, remaining >= 0,
            let reset = headerFields[.rateLimitReset].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }),
            let resetAt = IntercomJSON.date(unixSeconds: reset)
        else { return nil }
        self.init(limit: limit, remaining: remaining, resetAt: resetAt)
    }

    /// A readable description.
    public var description: String {
        "\(remaining)/\(limit) left, resets at \(IntercomJSON.unixSeconds(resetAt))"
    }
}

// The force unwraps below only ever see these constant, valid header names.
extension HTTPField.Name {
    /// `X-RateLimit-Limit`.
    public static let rateLimitLimit = Self("X-RateLimit-Limit")!
    /// `X-RateLimit-Remaining`.
    public static let rateLimitRemaining = Self("X-RateLimit-Remaining")!
    /// `X-RateLimit-Reset`.
    public static let rateLimitReset = Self("X-RateLimit-Reset")!
    /// `Intercom-Version`.
    public static let intercomVersion = Self("Intercom-Version")!
    /// `X-Hub-Signature`, the signature of a webhook delivery.
    public static let hubSignature = Self(WebhookSignature.headerName)!
}
