import Foundation
import HTTPTypes

/// Adds authentication, version, identification and content headers to every request.
struct HeadersMiddleware: IntercomMiddleware {
    let credentials: IntercomClient.Credentials
    let apiVersion: IntercomAPIVersion
    let userAgent: String
    let additionalHeaders: HTTPFields

    func intercept(
        _ request: IntercomRequest,
        context: IntercomRequestContext,
        next: (IntercomRequest, IntercomRequestContext) async throws -> IntercomResponse
    ) async throws -> IntercomResponse {
        var request = request
        let token = try await credentials.token()
        var fields = request.head.headerFields
        for field in additionalHeaders where fields[field.name] == nil {
            fields.append(field)
        }
        if let token { fields[.authorization] = "Bearer \(token)" }
        if fields[.intercomVersion] == nil { fields[.intercomVersion] = apiVersion.rawValue }
        if fields[.accept] == nil { fields[.accept] = "application/json" }
        if fields[.userAgent] == nil { fields[.userAgent] = userAgent }
        if request.body != nil, fields[.contentType] == nil {
            fields[.contentType] = "application/json"
        }
        request.head.headerFields = fields
        return try await next(request, context)
    }
}
