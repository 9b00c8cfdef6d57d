import Foundation
public import HTTPTypes
public import Hummingbird
public import Intercom

/// An error the sandbox answers with, rendered as Intercom's `error.list` envelope.
public struct SandboxError: Error, HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// The error items.
    public var errors: [IntercomAPIError.Item]
    /// Extra headers for the response, such as rate-limit headers on a 429.
    public var headers: HTTPFields

    /// Creates an error with one item.
    public init(
        _ status: HTTPResponse.Status,
        _ code: IntercomErrorCode,
        _ message: String? = nil,
        field: String? = nil,
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.errors = [.init(code: code, message: message, field: field)]
        self.headers = headers
    }

    /// Renders the `error.list` body with the request's id.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let requestID = (context as? SandboxContext)?.requestID
        return render(requestID: requestID)
    }

    func render(requestID: String?) -> Response {
        struct Envelope: Encodable {
            var type = "error.list"
            var requestID: String?
            var errors: [IntercomAPIError.Item]

            enum CodingKeys: String, CodingKey {
                case type
                case requestID = "request_id"
                case errors
            }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(type, forKey: .type)
                try container.encode(requestID, forKey: .requestID)
                try container.encode(errors, forKey: .errors)
            }
        }
        let data = (try? IntercomJSON.sharedEncoder.encode(Envelope(requestID: requestID, errors: errors))) ?? Data()
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension SandboxError {
    static func notFound(_ message: String = "Resource Not Found", code: IntercomErrorCode = .notFound) -> SandboxError
    {
        SandboxError(.notFound, code, message)
    }

    static func parameterInvalid(_ message: String, field: String? = nil) -> SandboxError {
        SandboxError(.badRequest, .parameterInvalid, message, field: field)
    }

    static func parameterNotFound(_ message: String, field: String? = nil) -> SandboxError {
        SandboxError(.badRequest, .parameterNotFound, message, field: field)
    }

    static func conflict(_ message: String) -> SandboxError {
        SandboxError(.conflict, .conflict, message)
    }
}
