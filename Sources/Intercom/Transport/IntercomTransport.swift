public import Foundation
public import HTTPTypes
public import Logging

/// An HTTP request on its way to Intercom: the head and a buffered body.
///
/// Bodies are small JSON documents, buffered in full, so a request can be replayed on retry.
public struct IntercomRequest: Sendable {
    /// The method, absolute URL parts and header fields.
    public var head: HTTPRequest
    /// The body, if any.
    public var body: Data?

    /// Creates a request.
    public init(head: HTTPRequest, body: Data? = nil) {
        self.head = head
        self.body = body
    }
}

/// An HTTP response from Intercom: the head and the buffered body.
public struct IntercomResponse: Sendable {
    /// The status and header fields.
    public var head: HTTPResponse
    /// The body, empty when there was none.
    public var body: Data

    /// Creates a response.
    public init(head: HTTPResponse, body: Data = Data()) {
        self.head = head
        self.body = body
    }

    /// The rate-limit state reported in the headers, if any.
    public var rateLimit: RateLimit? { RateLimit(headerFields: head.headerFields) }
}

/// What a middleware or transport knows about the call in progress.
public struct IntercomRequestContext: Sendable {
    /// A name for the operation, such as `contacts.create`, for logs and errors.
    public var operation: String
    /// The attempt number, starting at 1; retries increment it.
    public var attempt: Int
    /// How long one attempt may wait for a complete response.
    public var timeout: Duration
    /// The largest response body accepted, in bytes.
    public var maxResponseBytes: Int
    /// The logger for this call, with `intercom.operation` metadata attached.
    public var logger: Logger

    /// Creates a context.
    public init(operation: String, attempt: Int = 1, timeout: Duration, maxResponseBytes: Int, logger: Logger) {
        self.operation = operation
        self.attempt = attempt
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
        self.logger = logger
    }
}

/// Sends one HTTP request and returns the complete response: the SDK's pluggable HTTP client.
///
/// A transport returns every response it receives, whatever its status; the middleware above it turns
/// error statuses into ``IntercomError``. A transport should:
/// - give up after `context.timeout` and throw ``IntercomError/timeout(_:)``;
/// - throw ``IntercomError/responseTooLarge(limit:)`` past `context.maxResponseBytes`;
/// - throw ``IntercomError/transport(_:)`` when the connection fails.
///
/// The default is ``AsyncHTTPClientTransport``. Tests can supply a closure with ``ClosureTransport``.
public protocol IntercomTransport: Sendable {
    /// Sends `request` and returns the response.
    func send(_ request: IntercomRequest, context: IntercomRequestContext) async throws -> IntercomResponse
}

/// A transport backed by a closure: for tests, recording, or adapting another HTTP client.
///
/// ```swift
/// let transport = ClosureTransport { request, _ in
///     IntercomResponse(head: .init(status: .ok), body: Data(#"{"type":"admin","id":"1"}"#.utf8))
/// }
/// ```
public struct ClosureTransport: IntercomTransport {
    private let handler: @Sendable (IntercomRequest, IntercomRequestContext) async throws -> IntercomResponse

    /// Creates a transport that answers every request with `handler`.
    public init(
        _ handler: @escaping @Sendable (IntercomRequest, IntercomRequestContext) async throws -> IntercomResponse
    ) {
        self.handler = handler
    }

    /// Sends the request and returns the response.
    public func send(_ request: IntercomRequest, context: IntercomRequestContext) async throws -> IntercomResponse {
        try await handler(request, context)
    }
}
