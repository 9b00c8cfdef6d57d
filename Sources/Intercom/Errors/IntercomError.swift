public import Foundation
public import HTTPTypes

/// Every error the SDK throws.
///
/// Switch on the case to tell API errors from transport failures, or use the conveniences
/// (``statusCode``, ``code``, ``message``, ``requestID``, ``rateLimit``) that answer for any case.
///
/// ```swift
/// do {
///     let contact = try await client.contacts.find(id: "123")
/// } catch let error as IntercomError where error.code == .notFound {
///     print("gone:", error.requestID ?? "-")
/// }
/// ```
///
/// A later release may add a case (a new kind of failure, never a new API error code: those are
/// ``IntercomErrorCode`` values). End an exhaustive `switch` with `@unknown default`, so that such a
/// release brings a warning that names the new case instead of a build failure (see
/// <doc:HandlingErrors>).
public enum IntercomError: Error, Sendable {
    /// Intercom answered with an `error.list` body.
    case api(IntercomAPIError)
    /// The server answered with an error status and a body that is not an `error.list`, such as a
    /// gateway's HTML page. The body's text is kept.
    case http(HTTPFailure)
    /// A successful response whose body could not be decoded into the expected type.
    case decoding(DecodingFailure)
    /// The request never got a complete response: connection refused, reset or dropped.
    case transport(TransportFailure)
    /// No response arrived within the configured timeout.
    case timeout(Duration)
    /// The response body was larger than the configured cap.
    case responseTooLarge(limit: Int)
    /// The caller's input was rejected before any request was sent.
    case invalidRequest(ValidationFailure)
    /// The task was cancelled.
    case cancelled
}

extension IntercomError {
    /// A non-success response whose body is not Intercom's error envelope.
    public struct HTTPFailure: Sendable, CustomStringConvertible {
        /// The HTTP status.
        public var status: HTTPResponse.Status
        /// The response headers.
        public var headerFields: HTTPFields
        /// The body as text (invalid UTF-8 is repaired), for example an HTML error page.
        public var body: String
        /// The rate-limit state the response reported, if any.
        public var rateLimit: RateLimit?

        /// Creates a failure description.
        public init(status: HTTPResponse.Status, headerFields: HTTPFields, body: String, rateLimit: RateLimit? = nil) {
            self.status = status
            self.headerFields = headerFields
            self.body = body
            self.rateLimit = rateLimit
        }

        /// A readable description.
        public var description: String {
            "HTTP \(status.code) \(status.reasonPhrase) with a non-JSON body: \(IntercomError.excerpt(body))"
        }
    }

    /// A response body that did not decode.
    ///
    /// Its ``bodyExcerpt`` may contain personal data from the response.
    public struct DecodingFailure: Sendable, CustomStringConvertible {
        /// The Swift type that was expected.
        public var type: String
        /// Where in the JSON decoding failed, such as `data[3].custom_attributes`.
        public var codingPath: String
        /// What the decoder reported.
        public var reason: String
        /// The beginning of the body, kept because it is usually what explains the failure.
        ///
        /// It is the response as Intercom sent it, so it may hold personal data (names, emails,
        /// conversation text). Mind where you log it; ``IntercomError/description`` includes it.
        public var bodyExcerpt: String
        /// The HTTP status of the response.
        public var status: HTTPResponse.Status?

        /// Creates a failure description.
        public init(type: String, codingPath: String, reason: String, bodyExcerpt: String, status: HTTPResponse.Status?)
        {
            self.type = type
            self.codingPath = codingPath
            self.reason = reason
            self.bodyExcerpt = bodyExcerpt
            self.status = status
        }

        /// A readable description.
        public var description: String {
            let path = codingPath.isEmpty ? "the top level" : codingPath
            return "Could not decode \(type) at \(path): \(reason). Body begins: \(bodyExcerpt)"
        }
    }

    /// A failure below HTTP: the connection could not be made or broke off.
    public struct TransportFailure: Sendable, CustomStringConvertible {
        /// The transport's own error.
        public var underlying: any Error
        /// Whether the connection was lost mid-request (the server may have acted on the request).
        public var connectionLost: Bool

        /// Creates a failure description.
        public init(underlying: any Error, connectionLost: Bool = false) {
            self.underlying = underlying
            self.connectionLost = connectionLost
        }

        /// A readable description.
        public var description: String { "Transport failure: \(String(describing: underlying))" }
    }

    /// Input that failed a client-side check. No request was sent.
    public struct ValidationFailure: Sendable, Hashable, CustomStringConvertible {
        /// The parameter or field at fault, when there is one.
        public var field: String?
        /// What is wrong.
        public var message: String

        /// Creates a failure description.
        public init(field: String? = nil, message: String) {
            self.field = field
            self.message = message
        }

        /// A readable description.
        public var description: String {
            if let field { return "Invalid request: \(field): \(message)" }
            return "Invalid request: \(message)"
        }
    }
}

extension IntercomError {
    /// The HTTP status, when a response arrived.
    public var statusCode: Int? {
        switch self {
        case .api(let error): return error.status.code
        case .http(let failure): return failure.status.code
        case .decoding(let failure): return failure.status?.code
        default: return nil
        }
    }

    /// The first Intercom error code, for API errors; like intercom-go's `GetCode()`.
    public var code: IntercomErrorCode? {
        if case .api(let error) = self { return error.code }
        return nil
    }

    /// A human-readable message for any case; like intercom-go's `GetMessage()`.
    public var message: String {
        switch self {
        case .api(let error): return error.message ?? error.code?.rawValue ?? "HTTP \(error.status.code)"
        case .http(let failure): return failure.description
        case .decoding(let failure): return failure.description
        case .transport(let failure): return failure.description
        case .timeout(let duration): return "No response within \(duration)."
        case .responseTooLarge(let limit): return "The response body exceeded the \(limit)-byte limit."
        case .invalidRequest(let failure): return failure.description
        case .cancelled: return "The request was cancelled."
        }
    }

    /// Intercom's request id, for API errors.
    public var requestID: String? {
        if case .api(let error) = self { return error.requestID }
        return nil
    }

    /// The rate-limit state reported with the failed response, if any.
    public var rateLimit: RateLimit? {
        switch self {
        case .api(let error): return error.rateLimit
        case .http(let failure): return failure.rateLimit
        default: return nil
        }
    }

    /// The response headers, when a response arrived.
    public var headerFields: HTTPFields? {
        switch self {
        case .api(let error): return error.headerFields
        case .http(let failure): return failure.headerFields
        default: return nil
        }
    }

    /// Makes a validation error for a caller mistake caught before sending.
    public static func invalidRequest(field: String? = nil, _ message: String) -> IntercomError {
        .invalidRequest(ValidationFailure(field: field, message: message))
    }

    static func excerpt(_ text: String, limit: Int = 512) -> String {
        text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    static func excerpt(_ data: Data, limit: Int = 512) -> String {
        excerpt(redactingCredentials(String(decoding: data.prefix(limit * 4), as: UTF8.self)), limit: limit)
    }

    /// The JSON members that carry credentials, whose string values an excerpt never shows.
    static let credentialKeys = ["access_token", "refresh_token", "token", "client_secret", "secret"]

    /// `text` with the string values of ``credentialKeys`` members replaced, so a body excerpt in an
    /// error (an OAuth exchange that did not decode, say) cannot leak a token.
    static func redactingCredentials(_ text: String) -> String {
        guard credentialKeys.contains(where: { text.contains("\"\($0)\"") }) else { return text }
        var result = text
        for key in credentialKeys {
            // "key" : "value" → "key":"<redacted>", for any spacing; an unterminated value to the end.
            let pattern = "\"\(key)\"\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*\"?"
            guard let expression = try? NSRegularExpression(pattern: pattern) else { continue }
            result = expression.stringByReplacingMatches(
                in: result,
                range: NSRange(result.startIndex..., in: result),
                withTemplate: "\"\(key)\":\"<redacted>\""
            )
        }
        return result
    }
}

extension IntercomError: CustomStringConvertible {
    /// A readable description.
    public var description: String {
        switch self {
        case .api(let error): return error.description
        default: return message
        }
    }
}

extension IntercomError: LocalizedError {
    /// The description, for Foundation's error reporting.
    public var errorDescription: String? { description }
}
