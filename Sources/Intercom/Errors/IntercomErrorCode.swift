/// An error code from Intercom's `error.list`, such as `not_found` or `rate_limit_exceeded`.
///
/// The set is open: Intercom adds codes over time, and a code this SDK does not name still decodes and
/// compares by its raw value.
///
/// ```swift
/// catch let error as IntercomError where error.code == .notFound { ... }
/// ```
public struct IntercomErrorCode: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The code as Intercom spells it.
    public let rawValue: String

    /// Creates a code from its raw spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates a code from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// Creates a code from its raw spelling.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// Decodes the value from its JSON form.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the value in its JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// A readable description.
    public var description: String { rawValue }
}

extension IntercomErrorCode {
    /// `unauthorized`: the access token is missing or invalid.
    public static let unauthorized: Self = "unauthorized"
    /// `forbidden`: the token may not perform this action.
    public static let forbidden: Self = "forbidden"
    /// `action_forbidden`: the action is not allowed for this resource.
    public static let actionForbidden: Self = "action_forbidden"
    /// `api_plan_restricted`: the workspace's plan does not include this API.
    public static let apiPlanRestricted: Self = "api_plan_restricted"
    /// `token_not_found`: the token does not exist.
    public static let tokenNotFound: Self = "token_not_found"
    /// `token_revoked`: the token was revoked.
    public static let tokenRevoked: Self = "token_revoked"
    /// `token_blocked`: the token was blocked.
    public static let tokenBlocked: Self = "token_blocked"
    /// `token_expired`: the token expired.
    public static let tokenExpired: Self = "token_expired"
    /// `not_found`: the resource does not exist.
    public static let notFound: Self = "not_found"
    /// `company_not_found`: no company matches.
    public static let companyNotFound: Self = "company_not_found"
    /// `admin_not_found`: no admin matches.
    public static let adminNotFound: Self = "admin_not_found"
    /// `tag_not_found`: no tag matches.
    public static let tagNotFound: Self = "tag_not_found"
    /// `team_not_found`: no team matches.
    public static let teamNotFound: Self = "team_not_found"
    /// `parameter_invalid`: a parameter has a wrong value or type, or the body is not JSON.
    public static let parameterInvalid: Self = "parameter_invalid"
    /// `parameter_not_found`: a required parameter is missing.
    public static let parameterNotFound: Self = "parameter_not_found"
    /// `parameter_missing`: a required parameter is missing.
    public static let parameterMissing: Self = "parameter_missing"
    /// `missing_parameter`: a required parameter is missing.
    public static let missingParameter: Self = "missing_parameter"
    /// `parameter_mismatch`: parameters contradict each other.
    public static let parameterMismatch: Self = "parameter_mismatch"
    /// `bad_request`: the request is malformed, or a limit such as the company page cap was reached.
    public static let badRequest: Self = "bad_request"
    /// `data_invalid`: the data is well formed but not acceptable.
    public static let dataInvalid: Self = "data_invalid"
    /// `unprocessable_entity`: the data is well formed but not acceptable.
    public static let unprocessableEntity: Self = "unprocessable_entity"
    /// `type_mismatch`: a value has the wrong type.
    public static let typeMismatch: Self = "type_mismatch"
    /// `conflict`: the request conflicts with existing data, such as a duplicate contact.
    public static let conflict: Self = "conflict"
    /// `resource_conflict`: the request conflicts with existing data.
    public static let resourceConflict: Self = "resource_conflict"
    /// `rate_limit_exceeded`: too many requests in the current window.
    public static let rateLimitExceeded: Self = "rate_limit_exceeded"
    /// `too_many_requests`: too many requests.
    public static let tooManyRequests: Self = "too_many_requests"
    /// `scroll_exists`: another company scroll is already open for this app.
    public static let scrollExists: Self = "scroll_exists"
    /// `intercom_version_invalid`: the `Intercom-Version` is unknown or lacks this resource.
    public static let intercomVersionInvalid: Self = "intercom_version_invalid"
    /// `request_timeout`: the server timed out.
    public static let requestTimeout: Self = "request_timeout"
    /// `server_error`: the server failed.
    public static let serverError: Self = "server_error"
    /// `service_unavailable`: the service is temporarily unavailable.
    public static let serviceUnavailable: Self = "service_unavailable"
    /// `unsupported`: the operation is not supported.
    public static let unsupported: Self = "unsupported"
    /// `client_error`: a generic client error.
    public static let clientError: Self = "client_error"
}
