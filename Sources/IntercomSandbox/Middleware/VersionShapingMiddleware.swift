import Foundation
import HTTPTypes
import Hummingbird
import Intercom
import NIOCore

/// Gives an answer the shape the request's `Intercom-Version` has where versions differ. The sandbox's
/// models follow 2.16; for an older version this rewrites what 2.16 changed:
///
/// - a contact's `owner_id` is a string from 2.16 on and an integer before.
///
/// Only JSON answers to requests for a numbered version older than 2.16 are touched, so the newest
/// version pays nothing.
struct VersionShapingMiddleware: RouterMiddleware {
    typealias Context = SandboxContext

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // The newest version, which most requests ask for (or get by default), is answered as it is.
        if context.apiVersion == IntercomAPIVersion.latest.rawValue { return try await next(request, context) }
        var response = try await next(request, context)
        guard IntercomAPIVersion(rawValue: context.apiVersion).isAtLeast(.v2_16) == false,
            response.headers[.contentType]?.hasPrefix("application/json") == true
        else { return response }
        let collector = CollectingWriter()
        try await response.body.write(collector)
        let buffer = collector.storage.buffer
        // Most answers hold no contact owner: hand those back untouched, bytes and key order alike.
        guard buffer.readableBytesView.firstRange(of: Array("\"owner_id\"".utf8)) != nil,
            let json = try? JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView))
        else {
            response.body = ResponseBody(byteBuffer: buffer)
            return response
        }
        let shaped = Self.beforeV2_16(json)
        let encoder = IntercomJSON.makeEncoder()
        encoder.outputFormatting.insert(.sortedKeys)
        let data = (try? encoder.encode(shaped)) ?? Data(buffer.readableBytesView)
        response.headers[.contentLength] = "\(data.count)"
        response.body = ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        return response
    }

    /// `value` as versions before 2.16 write it.
    static func beforeV2_16(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(var members):
            for (key, member) in members { members[key] = beforeV2_16(member) }
            if members["type"] == "contact", let owner = members["owner_id"]?.stringValue, let number = Int(owner) {
                members["owner_id"] = .int(number)
            }
            return .object(members)
        case .array(let elements):
            return .array(elements.map(beforeV2_16))
        default:
            return value
        }
    }
}
