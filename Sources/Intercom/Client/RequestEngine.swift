import Foundation
package import HTTPTypes
import Logging

// The client's engine: checks a typed request against the API version, encodes it, runs it through
// the middleware pipeline and the transport, and decodes the answer.

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
                body = try IntercomJSON.sharedEncoder.encode(payload)
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
        return try await pipeline.run(request, context: context)
    }

    /// Builds an absolute request head from the base URL, a path and query items.
    func makeHead(
        _ method: HTTPRequest.Method,
        path: String,
        query: [URLQueryItem],
        headers: HTTPFields
    ) throws -> HTTPRequest {
        let endpoint = try self.endpoint.get()
        guard path.hasPrefix("/") else {
            throw IntercomError.invalidRequest(field: "path", "The path must begin with \"/\", found \"\(path)\".")
        }
        var target = endpoint.pathPrefix + path
        if !query.isEmpty {
            target +=
                "?"
                + query.map { item in
                    let name = APIPath.escapeSegment(item.name)
                    guard let value = item.value else { return name }
                    return name + "=" + APIPath.escapeSegment(value)
                }.joined(separator: "&")
        }
        return HTTPRequest(
            method: method,
            scheme: endpoint.scheme,
            authority: endpoint.authority,
            path: target,
            headerFields: headers
        )
    }

    /// The parts of a base URL every request starts from, read once per client rather than per request.
    struct Endpoint: Sendable {
        var scheme: String
        var authority: String
        /// The base URL's path without trailing slashes (often empty).
        var pathPrefix: String

        /// The parts of `base`, or the error every request of a client with this base URL throws.
        static func parse(_ base: URL) -> Result<Endpoint, IntercomError> {
            guard let scheme = base.scheme?.lowercased(), scheme == "http" || scheme == "https",
                let host = base.host, !host.isEmpty
            else {
                return .failure(
                    .invalidRequest(field: "baseURL", "\(base.absoluteString) is not an http(s) URL with a host.")
                )
            }
            let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
            let authority = base.port.map { "\(hostPart):\($0)" } ?? hostPart
            // Kept percent-encoded, so an escaped character in the prefix stays escaped in the request.
            var prefix = base.path(percentEncoded: true)
            while prefix.hasSuffix("/") { prefix.removeLast() }
            return .success(Endpoint(scheme: scheme, authority: authority, pathPrefix: prefix))
        }
    }

    /// Decodes a successful response body, describing any failure precisely.
    static func decode<Response: Decodable>(
        _ type: Response.Type,
        from response: IntercomResponse,
        userInfo: [CodingUserInfoKey: any Sendable] = [:]
    ) throws -> Response {
        // The models' one-pass readers first; JSONDecoder decides whatever they leave to it.
        if userInfo.isEmpty, let value = WireReader.read(type, from: response.body) { return value }
        let decoder: JSONDecoder
        if userInfo.isEmpty {
            decoder = IntercomJSON.sharedDecoder
        } else {
            decoder = IntercomJSON.makeDecoder()
            decoder.userInfo = userInfo
        }
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
