package import Foundation
package import HTTPTypes

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
