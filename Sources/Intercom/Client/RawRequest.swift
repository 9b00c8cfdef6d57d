public import Foundation
public import HTTPTypes

/// A request for any endpoint, including ones the SDK does not model.
///
/// It goes through the same authentication, headers, retries and error handling as every other call.
///
/// ```swift
/// let response = try await client.send(.init(method: .get, path: "/me"))
/// let created = try await client.send(.init(method: .post, path: "/tags", body: .json(["name": "VIP"])))
/// let name = try response.json()["name"]?.stringValue
/// ```
public struct IntercomRawRequest: Sendable {
    /// A request body.
    public enum Body: Sendable {
        /// A JSON value, encoded by the client.
        case json(JSONValue)
        /// Bytes sent as they are, with `Content-Type: application/json` unless you set another.
        case data(Data)
    }

    /// The HTTP method.
    public var method: HTTPRequest.Method
    /// The path below the base URL, beginning with `/`, already percent-escaped.
    public var path: String
    /// Query items, escaped by the client.
    public var query: [URLQueryItem]
    /// The body, if any.
    public var body: Body?
    /// Header fields for this request only; they win over the client's own values (such as
    /// `Intercom-Version` or `Accept`), except `Authorization`, which always carries the client's token.
    public var headerFields: HTTPFields

    /// Creates a request.
    public init(
        method: HTTPRequest.Method,
        path: String,
        query: [URLQueryItem] = [],
        body: Body? = nil,
        headerFields: HTTPFields = [:]
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.headerFields = headerFields
    }
}

/// The successful response to an ``IntercomRawRequest``.
public struct IntercomRawResponse: Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// The response headers.
    public var headerFields: HTTPFields
    /// The raw body.
    public var body: Data

    /// The rate-limit state the response reported, if any.
    public var rateLimit: RateLimit? { RateLimit(headerFields: headerFields) }

    /// The body parsed as JSON; `.null` for an empty body.
    public func json() throws -> JSONValue {
        if body.isEmpty { return .null }
        return try decode(as: JSONValue.self)
    }

    /// The body decoded as `type` with the SDK's JSON rules.
    public func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try IntercomClient.decode(
            type,
            from: IntercomResponse(head: HTTPResponse(status: status, headerFields: headerFields), body: body)
        )
    }
}

extension IntercomClient {
    /// Sends a request for any endpoint, with the same authentication, retries and errors as the
    /// typed methods.
    ///
    /// - Returns: The response, when its status is 2xx.
    /// - Throws: ``IntercomError``; a non-2xx response is thrown as ``IntercomError/api(_:)`` or
    ///   ``IntercomError/http(_:)``.
    public func send(_ request: IntercomRawRequest) async throws -> IntercomRawResponse {
        let head = try makeHead(request.method, path: request.path, query: request.query, headers: request.headerFields)
        var body: Data?
        switch request.body {
        case .json(let value):
            do {
                body = try IntercomJSON.makeEncoder().encode(value)
            } catch {
                throw IntercomError.invalidRequest(field: "body", "The JSON body cannot be encoded: \(error)")
            }
        case .data(let data):
            body = data
        case nil:
            body = nil
        }
        let operation = "raw \(request.method.rawValue) \(request.path)"
        let response = try await run(IntercomRequest(head: head, body: body), operation: operation)
        return IntercomRawResponse(
            status: response.head.status,
            headerFields: response.head.headerFields,
            body: response.body
        )
    }
}
