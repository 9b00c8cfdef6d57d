public import HTTPTypes

/// An error response from the Intercom API: the HTTP status and the parsed `error.list` envelope.
public struct IntercomAPIError: Error, Sendable, CustomStringConvertible {
    /// One entry of the `errors` array.
    public struct Item: Sendable, Hashable, Codable {
        /// The machine-readable code, such as `not_found`.
        public var code: IntercomErrorCode
        /// A human-readable explanation, when Intercom gives one.
        public var message: String?
        /// The request field the error is about, when Intercom names one.
        public var field: String?

        /// Creates an error item.
        public init(code: IntercomErrorCode, message: String? = nil, field: String? = nil) {
            self.code = code
            self.message = message
            self.field = field
        }
    }

    /// The HTTP status of the response.
    public var status: HTTPResponse.Status
    /// Intercom's id for the failed request, to quote to Intercom's support.
    public var requestID: String?
    /// Every error Intercom reported; usually one.
    public var errors: [Item]
    /// The response headers.
    public var headerFields: HTTPFields
    /// The rate-limit state the response reported, if any.
    public var rateLimit: RateLimit?

    /// Creates an API error.
    public init(
        status: HTTPResponse.Status,
        requestID: String? = nil,
        errors: [Item],
        headerFields: HTTPFields = [:],
        rateLimit: RateLimit? = nil
    ) {
        self.status = status
        self.requestID = requestID
        self.errors = errors
        self.headerFields = headerFields
        self.rateLimit = rateLimit
    }

    /// The first error's code, like intercom-go's `GetCode()`.
    public var code: IntercomErrorCode? { errors.first?.code }

    /// The first error's message, like intercom-go's `GetMessage()`.
    public var message: String? { errors.first?.message }

    /// A readable description.
    public var description: String {
        var text = "Intercom API error \(status.code)"
        if let first = errors.first {
            text += " \(first.code.rawValue)"
            if let message = first.message { text += ": \(message)" }
            if let field = first.field { text += " (field \(field))" }
        }
        if errors.count > 1 { text += " and \(errors.count - 1) more" }
        if let requestID { text += " [request \(requestID)]" }
        return text
    }
}

/// The wire form of an `error.list` body.
struct ErrorEnvelope: Codable, Sendable {
    var type: String
    var requestID: String?
    var errors: [IntercomAPIError.Item]

    enum CodingKeys: String, CodingKey {
        case type
        case requestID = "request_id"
        case errors
    }
}
