import Foundation
import HTTPTypes
import Hummingbird
import Intercom
import Synchronization

/// Counts requests per fixed window, as Intercom does, sending `X-RateLimit-*` on every
/// authenticated response and `429 rate_limit_exceeded` past the limit.
final class RateLimiter: Sendable {
    struct Decision: Sendable {
        var allowed: Bool
        var limit: Int
        var remaining: Int
        var resetAt: Int64
    }

    private let settings: SandboxConfiguration.RateLimiting
    private let clock: any IntercomClock
    private let window = Mutex<(start: Int64, count: Int)>((0, 0))

    init(settings: SandboxConfiguration.RateLimiting, clock: any IntercomClock) {
        self.settings = settings
        self.clock = clock
    }

    private var windowSeconds: Int64 {
        max(1, settings.window.components.seconds)
    }

    /// Counts one request and says whether it may proceed.
    func admit() -> Decision {
        let now = IntercomJSON.unixSeconds(clock.now)
        let length = windowSeconds
        let start = now - now % length
        let limit = settings.limit ?? 100_000
        return window.withLock { state in
            if state.start != start { state = (start, 0) }
            let allowed = settings.limit.map { state.count < $0 } ?? true
            if allowed { state.count += 1 }
            return Decision(
                allowed: allowed,
                limit: limit,
                remaining: max(0, limit - state.count),
                resetAt: start + length
            )
        }
    }

    /// Empties the current window.
    func reset() {
        window.withLock { $0 = (0, 0) }
    }

    static func headers(_ decision: Decision) -> HTTPFields {
        [
            .rateLimitLimit: "\(decision.limit)",
            .rateLimitRemaining: "\(decision.remaining)",
            .rateLimitReset: "\(decision.resetAt)",
        ]
    }
}

struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = SandboxContext

    let limiter: RateLimiter

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard !SandboxRoutes.isControlRoute(request) else { return try await next(request, context) }
        let decision = limiter.admit()
        let headers = RateLimiter.headers(decision)
        guard decision.allowed else {
            throw SandboxError(
                .tooManyRequests,
                .rateLimitExceeded,
                "Exceeded rate limit of \(decision.limit) in \(limiter.windowDescription)",
                headers: headers
            )
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = EnvelopeMiddleware.render(error, request: request, context: context)
        }
        for field in headers { response.headers[field.name] = field.value }
        return response
    }
}

extension RateLimiter {
    var windowDescription: String { "\(windowSeconds)_seconds" }
}
