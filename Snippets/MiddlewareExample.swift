// A middleware that counts calls. It sees each call once, outside the retries. Nothing here reaches the
// network: the client is made but never used.
//
// The Transport and Middleware article copies its middleware block from this file, and a test checks that
// it still matches.
import Intercom
import Synchronization

// snippet.hide
/// Stands in for a metrics library's counter.
final class Counter: Sendable {
    private let count = Mutex(0)

    func increment() {
        count.withLock { $0 += 1 }
    }
}

let token = "<token>"
let counter = Counter()
// snippet.show

struct RequestCounter: IntercomMiddleware {
    let metrics: Counter

    func intercept(
        _ request: IntercomRequest,
        context: IntercomRequestContext,
        next: (IntercomRequest, IntercomRequestContext) async throws -> IntercomResponse
    ) async throws -> IntercomResponse {
        metrics.increment()
        return try await next(request, context)
    }
}

let client = IntercomClient(accessToken: token).with { $0.middleware.append(RequestCounter(metrics: counter)) }
