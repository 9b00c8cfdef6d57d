import Foundation
import HTTPTypes

/// Turns every non-2xx response into an ``IntercomError``.
///
/// An `error.list` body becomes ``IntercomError/api(_:)``; any other body, such as a gateway's HTML
/// page, becomes ``IntercomError/http(_:)`` with its text kept.
struct ErrorDecodingMiddleware: IntercomMiddleware {
    func intercept(
        _ request: IntercomRequest,
        context: IntercomRequestContext,
        next: (IntercomRequest, IntercomRequestContext) async throws -> IntercomResponse
    ) async throws -> IntercomResponse {
        let response = try await next(request, context)
        guard response.head.status.kind != .successful else { return response }
        throw Self.error(for: response)
    }

    static func error(for response: IntercomResponse) -> IntercomError {
        let rateLimit = response.rateLimit
        if let envelope = try? IntercomJSON.makeDecoder().decode(ErrorEnvelope.self, from: response.body),
            !envelope.errors.isEmpty
        {
            return .api(
                IntercomAPIError(
                    status: response.head.status,
                    requestID: envelope.requestID,
                    errors: envelope.errors,
                    headerFields: response.head.headerFields,
                    rateLimit: rateLimit
                )
            )
        }
        return .http(
            .init(
                status: response.head.status,
                headerFields: response.head.headerFields,
                body: String(decoding: response.body, as: UTF8.self),
                rateLimit: rateLimit
            )
        )
    }
}
