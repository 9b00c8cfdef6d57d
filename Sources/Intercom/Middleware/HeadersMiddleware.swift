import Foundation
import HTTPTypes

/// Adds authentication, version, identification and content headers to every request.
///
/// What does not change between requests is worked out once, when the client is made: the standard
/// fields, and for a fixed access token its `Authorization` value (or the error an unusable token
/// causes, which every request then throws before anything is sent).
struct HeadersMiddleware: IntercomMiddleware {
    let credentials: IntercomClient.Credentials
    /// The `Authorization` value of a fixed token; `nil` when a provider is asked per request.
    private let fixedAuthorization: Result<String?, IntercomError>?
    /// Every field a request that sets none of its own gets, `Authorization` and `Content-Type` aside.
    private let standardFields: HTTPFields

    init(
        credentials: IntercomClient.Credentials,
        apiVersion: IntercomAPIVersion,
        userAgent: String,
        additionalHeaders: HTTPFields
    ) {
        self.credentials = credentials
        switch credentials {
        case .token(let token):
            do {
                fixedAuthorization = .success("Bearer \(try IntercomClient.Credentials.validated(token))")
            } catch let error as IntercomError {
                fixedAuthorization = .failure(error)
            } catch {
                fixedAuthorization = .failure(.invalidRequest(field: "accessToken", "\(error)"))
            }
        case .anonymous:
            fixedAuthorization = .success(nil)
        case .provider:
            fixedAuthorization = nil
        }
        var fields = HTTPFields()
        Self.addStandardFields(
            to: &fields,
            apiVersion: apiVersion,
            userAgent: userAgent,
            additionalHeaders: additionalHeaders
        )
        standardFields = fields
    }

    /// Adds the configured extra headers and the version, `Accept` and `User-Agent` fields that `fields`
    /// does not already have.
    private static func addStandardFields(
        to fields: inout HTTPFields,
        apiVersion: IntercomAPIVersion,
        userAgent: String,
        additionalHeaders: HTTPFields
    ) {
        for field in additionalHeaders where fields[field.name] == nil {
            fields.append(field)
        }
        if fields[.intercomVersion] == nil { fields[.intercomVersion] = apiVersion.rawValue }
        if fields[.accept] == nil { fields[.accept] = "application/json" }
        if fields[.userAgent] == nil { fields[.userAgent] = userAgent }
    }

    func intercept(
        _ request: IntercomRequest,
        context: IntercomRequestContext,
        next: (IntercomRequest, IntercomRequestContext) async throws -> IntercomResponse
    ) async throws -> IntercomResponse {
        var request = request
        let authorization: String?
        if let fixedAuthorization {
            authorization = try fixedAuthorization.get()
        } else {
            authorization = try await credentials.token().map { "Bearer \($0)" }
        }
        var fields: HTTPFields
        if request.head.headerFields.isEmpty {
            fields = standardFields
        } else {
            // The request's own fields win; the standard ones fill in what it leaves out.
            fields = request.head.headerFields
            for field in standardFields where fields[field.name] == nil {
                fields.append(field)
            }
        }
        if let authorization { fields[.authorization] = authorization }
        if request.body != nil, fields[.contentType] == nil {
            fields[.contentType] = "application/json"
        }
        request.head.headerFields = fields
        return try await next(request, context)
    }
}
