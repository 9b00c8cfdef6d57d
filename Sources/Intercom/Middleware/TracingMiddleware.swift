import Foundation
import HTTPTypes
import Logging

/// Logs each attempt (method, URL, status, duration, attempt) and records the latest rate limit.
///
/// Header fields are never logged, so the access token never reaches a log.
struct TracingMiddleware: IntercomMiddleware {
    let level: Logger.Level
    let state: IntercomClient.SharedState

    func intercept(
        _ request: IntercomRequest,
        context: IntercomRequestContext,
        next: (IntercomRequest, IntercomRequestContext) async throws -> IntercomResponse
    ) async throws -> IntercomResponse {
        // Nothing is formatted when the logger's level discards the line: no URL, no duration.
        guard context.logger.logLevel <= level else {
            let response = try await next(request, context)
            if let rateLimit = response.rateLimit { state.record(rateLimit) }
            return response
        }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let response = try await next(request, context)
            let elapsed = clock.now - start
            if let rateLimit = response.rateLimit { state.record(rateLimit) }
            log(context, request: request, outcome: "\(response.head.status.code)", elapsed: elapsed)
            return response
        } catch {
            let elapsed = clock.now - start
            log(context, request: request, outcome: Self.outcome(of: error), elapsed: elapsed)
            throw error
        }
    }

    private func log(_ context: IntercomRequestContext, request: IntercomRequest, outcome: String, elapsed: Duration) {
        let method = request.head.method.rawValue
        let url = request.head.url?.absoluteString ?? request.head.path ?? ""
        let milliseconds = Int((elapsed.seconds * 1000).rounded())
        context.logger.log(
            level: level,
            "\(method) \(url) -> \(outcome) in \(milliseconds) ms (attempt \(context.attempt))",
            metadata: [
                "intercom.method": "\(method)",
                "intercom.url": "\(url)",
                "intercom.status": "\(outcome)",
                "intercom.duration_ms": "\(milliseconds)",
                "intercom.attempt": "\(context.attempt)",
            ]
        )
    }

    private static func outcome(of error: any Error) -> String {
        guard let error = error as? IntercomError else { return "error" }
        switch error {
        case .timeout: return "timeout"
        case .cancelled: return "cancelled"
        case .transport: return "transport error"
        case .responseTooLarge: return "response too large"
        default: return error.statusCode.map(String.init) ?? "error"
        }
    }
}
