import Foundation
import HTTPTypes
import Logging

/// A path under the API's base URL whose interpolated values are escaped as single path segments.
///
/// `"/contacts/\(id)"` with `id == "a/b c"` becomes `/contacts/a%2Fb%20c`.
package struct APIPath: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The escaped path, beginning with `/`.
    package var escaped: String

    package init(stringLiteral value: String) {
        escaped = value
    }

    package init(stringInterpolation: StringInterpolation) {
        escaped = stringInterpolation.text
    }

    package struct StringInterpolation: StringInterpolationProtocol {
        var text = ""

        package init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        package mutating func appendLiteral(_ literal: String) {
            text += literal
        }

        package mutating func appendInterpolation(_ segment: some CustomStringConvertible) {
            text += APIPath.escapeSegment(segment.description)
        }
    }

    package var description: String { escaped }

    /// Percent-escapes everything but RFC 3986's unreserved characters.
    package static func escapeSegment(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .rfc3986Unreserved) ?? ""
    }
}

/// One API call as the resource methods describe it: method, path, query, body and an operation name.
package struct APIRequest: Sendable {
    package var method: HTTPRequest.Method
    package var path: APIPath
    package var query: [URLQueryItem]
    package var body: (any Encodable & Sendable)?
    package var operation: String
    /// The first API version that has this operation, when it is newer than 2.14.
    package var since: IntercomAPIVersion?
    /// The first API version of each query parameter that is newer than its operation.
    package var parameterSince: [String: IntercomAPIVersion]

    /// Creates a request; query pairs whose value is `nil` are left out.
    package init(
        _ method: HTTPRequest.Method,
        _ path: APIPath,
        query: [(String, String?)] = [],
        body: (any Encodable & Sendable)? = nil,
        operation: String,
        since: IntercomAPIVersion? = nil,
        parameterSince: [String: IntercomAPIVersion] = [:]
    ) {
        self.method = method
        self.path = path
        self.query = query.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        self.body = body
        self.operation = operation
        self.since = since
        self.parameterSince = parameterSince
    }

    /// Sets the query item `name`, replacing any item of that name.
    package mutating func setQuery(_ name: String, _ value: String?) {
        query.removeAll { $0.name == name }
        if let value { query.append(URLQueryItem(name: name, value: value)) }
    }

    /// The value of the query item `name`, if present.
    package func queryValue(_ name: String) -> String? {
        query.last { $0.name == name }?.value
    }
}

extension CharacterSet {
    /// RFC 3986's unreserved characters: letters, digits, `-`, `.`, `_` and `~`.
    static let rfc3986Unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )
}

extension IntercomClient {
    /// Sends `request` and decodes its response body as `Response`.
    package func execute<Response: Decodable & Sendable>(
        _ request: APIRequest,
        as type: Response.Type = Response.self
    ) async throws -> Response {
        let response = try await perform(request)
        return try Self.decode(type, from: response)
    }

    /// Sends `request` and ignores its response body (for `202 Accepted`, `204 No Content` and the like).
    package func execute(_ request: APIRequest) async throws {
        _ = try await perform(request)
    }

    /// Sends `request` through the middleware chain and returns the successful response.
    package func perform(_ request: APIRequest, extraHeaders: HTTPFields = [:]) async throws -> IntercomResponse {
        try checkVersion(of: request, extraHeaders: extraHeaders)
        var body: Data?
        if let payload = request.body {
            do {
                body = try IntercomJSON.makeEncoder().encode(payload)
            } catch {
                throw IntercomError.invalidRequest(
                    field: "body",
                    "The request body cannot be encoded as JSON: \(error)"
                )
            }
        }
        if let encoded = body { body = shapeForVersion(encoded, extraHeaders: extraHeaders) }
        let head = try makeHead(request.method, path: request.path.escaped, query: request.query, headers: extraHeaders)
        return try await run(IntercomRequest(head: head, body: body), operation: request.operation)
    }

    /// The version this client's requests carry: a per-call header, then the configuration's headers,
    /// then ``IntercomClient/Configuration/apiVersion``.
    func effectiveVersion(extraHeaders: HTTPFields) -> IntercomAPIVersion {
        (extraHeaders[.intercomVersion] ?? configuration.additionalHeaders[.intercomVersion])
            .map(IntercomAPIVersion.init(rawValue:)) ?? configuration.apiVersion
    }

    /// A body in the shape the request's version expects where versions differ. The models follow 2.16;
    /// before 2.16 a contact's `owner_id` is an integer, so a numeric owner id is sent as a number.
    /// Bodies without such a field are returned as they are, without being parsed.
    func shapeForVersion(_ body: Data, extraHeaders: HTTPFields) -> Data {
        guard effectiveVersion(extraHeaders: extraHeaders).isAtLeast(.v2_16) == false,
            body.firstRange(of: Data("\"owner_id\"".utf8)) != nil,
            case .object(var object)? = try? JSONDecoder().decode(JSONValue.self, from: body),
            let owner = object["owner_id"]?.stringValue, let number = Int(owner)
        else { return body }
        object["owner_id"] = .int(number)
        return (try? IntercomJSON.makeEncoder().encode(JSONValue.object(object))) ?? body
    }

    /// Refuses, before anything is sent, an operation or query parameter that the version this request
    /// will carry does not have.
    func checkVersion(of request: APIRequest, extraHeaders: HTTPFields) throws {
        guard request.since != nil || !request.parameterSince.isEmpty else { return }
        // The header the request will carry: a per-call header wins, then the configuration's headers.
        let fromHeader = extraHeaders[.intercomVersion] ?? configuration.additionalHeaders[.intercomVersion]
        let version = effectiveVersion(extraHeaders: extraHeaders)
        let howToChange =
            fromHeader == nil
            ? "set apiVersion to \(request.since ?? version) or later for this client, or for one call with "
                + "client.with { $0.apiVersion = \"\(request.since ?? version)\" }"
            : "change the Intercom-Version header this request carries (it overrides apiVersion)"
        if let since = request.since, version.isAtLeast(since) == false {
            throw IntercomError.invalidRequest(
                field: "apiVersion",
                "\(request.operation) is available from Intercom API \(since) and this client uses \(version): \(howToChange)."
            )
        }
        for item in request.query {
            guard let since = request.parameterSince[item.name], version.isAtLeast(since) == false else { continue }
            throw IntercomError.invalidRequest(
                field: item.name,
                "\(request.operation): the parameter \(item.name) is available from Intercom API \(since) and this "
                    + "client uses \(version); leave it out, or set apiVersion to \(since) or later."
            )
        }
    }

    /// Runs a prepared request through the fixed middleware chain.
    func run(_ request: IntercomRequest, operation: String) async throws -> IntercomResponse {
        var logger = configuration.logger
        logger[metadataKey: "intercom.operation"] = "\(operation)"
        let context = IntercomRequestContext(
            operation: operation,
            timeout: configuration.timeout,
            maxResponseBytes: configuration.maxResponseBytes,
            logger: logger
        )
        let pipeline = MiddlewarePipeline(
            middleware: configuration.middleware + [
                HeadersMiddleware(
                    credentials: credentials,
                    apiVersion: configuration.apiVersion,
                    userAgent: configuration.userAgent,
                    additionalHeaders: configuration.additionalHeaders
                ),
                RetryMiddleware(policy: configuration.retryPolicy, clock: configuration.clock),
                ErrorDecodingMiddleware(),
                TracingMiddleware(level: configuration.traceLevel, state: state),
            ],
            transport: configuration.transport
        )
        return try await pipeline.run(request, context: context)
    }

    /// Builds an absolute request head from the base URL, a path and query items.
    func makeHead(
        _ method: HTTPRequest.Method,
        path: String,
        query: [URLQueryItem],
        headers: HTTPFields
    ) throws -> HTTPRequest {
        let base = configuration.baseURL
        guard let scheme = base.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = base.host, !host.isEmpty
        else {
            throw IntercomError.invalidRequest(
                field: "baseURL",
                "\(base.absoluteString) is not an http(s) URL with a host."
            )
        }
        guard path.hasPrefix("/") else {
            throw IntercomError.invalidRequest(field: "path", "The path must begin with \"/\", found \"\(path)\".")
        }
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let authority = base.port.map { "\(hostPart):\($0)" } ?? hostPart
        var prefix = base.path
        while prefix.hasSuffix("/") { prefix.removeLast() }
        var target = prefix + path
        if !query.isEmpty {
            target +=
                "?"
                + query.map { item in
                    let name = APIPath.escapeSegment(item.name)
                    guard let value = item.value else { return name }
                    return name + "=" + APIPath.escapeSegment(value)
                }.joined(separator: "&")
        }
        return HTTPRequest(method: method, scheme: scheme, authority: authority, path: target, headerFields: headers)
    }

    /// Decodes a successful response body, describing any failure precisely.
    static func decode<Response: Decodable>(
        _ type: Response.Type,
        from response: IntercomResponse,
        userInfo: [CodingUserInfoKey: any Sendable] = [:]
    ) throws -> Response {
        let decoder = IntercomJSON.makeDecoder()
        decoder.userInfo = userInfo
        do {
            return try decoder.decode(type, from: response.body)
        } catch let error as DecodingError {
            var path = error.codingPathDescription
            if path.isEmpty, case .dataCorrupted = error {
                path = IntercomJSON.pathOfUnrepresentableNumber(in: response.body) ?? ""
            }
            throw IntercomError.decoding(
                .init(
                    type: String(describing: type),
                    codingPath: path,
                    reason: error.reason,
                    bodyExcerpt: IntercomError.excerpt(response.body),
                    status: response.head.status
                )
            )
        } catch {
            throw IntercomError.decoding(
                .init(
                    type: String(describing: type),
                    codingPath: "",
                    reason: String(describing: error),
                    bodyExcerpt: IntercomError.excerpt(response.body),
                    status: response.head.status
                )
            )
        }
    }
}

extension DecodingError {
    /// The coding path as a readable string, such as `data[3].custom_attributes`.
    var codingPathDescription: String {
        let path: [any CodingKey]
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
        @unknown default:
            path = []
        }
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    /// What went wrong, in a sentence.
    var reason: String {
        switch self {
        case .typeMismatch(let type, let context):
            return "expected \(type): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "expected a \(type) value: \(context.debugDescription)"
        case .keyNotFound(let key, _):
            return "missing key \"\(key.stringValue)\""
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            return context.debugDescription + underlying
        @unknown default:
            return String(describing: self)
        }
    }
}
