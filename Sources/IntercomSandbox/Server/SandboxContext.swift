public import Foundation
public import Hummingbird
import Intercom
import Logging
import NIOCore
import Synchronization

/// The per-request context of the sandbox: Intercom's JSON coders, a request id and the caller.
public struct SandboxContext: RequestContext {
    /// Hummingbird's own per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The id reported as `request_id` in errors and as `X-Request-Id`.
    public var requestID: String
    /// The token the request authenticated with, once checked.
    public var accessToken: String?
    /// The `Intercom-Version` the request asked for (or the default).
    public var apiVersion: String
    /// The connection, so that fault injection can drop it.
    let channel: any Channel

    /// Creates a context for a new request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        requestID = SandboxIDs.requestID()
        accessToken = nil
        apiVersion = IntercomAPIVersion.latest.rawValue
        channel = source.channel
    }

    /// Decodes requests with the SDK's shared decoder (dates as Unix seconds).
    public var requestDecoder: JSONDecoder { IntercomJSON.makeDecoder() }
    /// Encodes responses with the SDK's shared encoder (dates as Unix seconds).
    public var responseEncoder: JSONEncoder { IntercomJSON.makeEncoder() }
    /// Bodies are limited by the sandbox's own middleware, which answers 413 in Intercom's format.
    public var maxUploadSize: Int { .max }
}

/// Intercom-shaped identifiers.
enum SandboxIDs {
    /// A 24-character hexadecimal id, like a contact's.
    static func objectID() -> String {
        (0..<24).map { _ in String(UInt8.random(in: 0...15), radix: 16) }.joined()
    }

    /// A request id in the UUID form the API documents: a random part chosen once per process and a
    /// counter, so ids are unique within a sandbox and unlikely to repeat across runs, at the cost of one
    /// atomic add rather than a random UUID per request.
    static func requestID() -> String {
        let number = requestCounter.add(1, ordering: .relaxed).newValue & 0x0FFF_FFFF_FFFF_FFFF
        let counter = hexDigits(number, count: 15)
        return requestIDHead + counter.prefix(3) + "-" + counter.dropFirst(3)
    }

    /// `value` in `count` lowercase hex digits, zero-padded.
    private static func hexDigits(_ value: UInt64, count: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, count - digits.count)) + digits
    }

    /// The first 20 characters of every request id: `xxxxxxxx-xxxx-4xxx-8`.
    private static let requestIDHead: String = {
        let random = hexDigits(UInt64.random(in: 0...UInt64.max), count: 16)
        let characters = Array(random)
        return String(characters[0..<8]) + "-" + String(characters[8..<12]) + "-4" + String(characters[12..<15])
            + "-8"
    }()

    private static let requestCounter = Atomic<UInt64>(0)
}

extension Request {
    /// Decodes the (already collected) JSON body as `type`, answering `400 parameter_invalid` with the
    /// offending field when it does not fit.
    ///
    /// `WireRulesMiddleware` collects every request's body first, bounded by the configured
    /// `maxBodyBytes` (413 past it), so the unbounded collect here only returns that buffer.
    func decodeBody<T: Decodable>(as type: T.Type) async throws -> T {
        var request = self
        let buffer = try await request.collectBody(upTo: .max)
        let data = Data(buffer.readableBytesView)
        if data.isEmpty || data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return try decodeEmpty(type)
        }
        // The models' one-pass readers first; JSONDecoder decides, and words the error for, the rest.
        if let value = WireReader.read(type, from: data) { return value }
        do {
            return try IntercomJSON.sharedDecoder.decode(type, from: data)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty,
                let field = IntercomJSON.pathOfUnrepresentableNumber(in: data)
            {
                // Foundation reports an integer that does not fit without saying where; name the number.
                throw SandboxError.parameterInvalid("\(field) is not a number this field can hold", field: field)
            }
            throw SandboxError.decoding(error)
        }
    }

    private func decodeEmpty<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try IntercomJSON.sharedDecoder.decode(type, from: Data("{}".utf8))
        } catch let error as DecodingError {
            throw SandboxError.decoding(error)
        }
    }
}

extension SandboxError {
    /// Describes a body that did not fit the operation's request type.
    static func decoding(_ error: DecodingError) -> SandboxError {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return .parameterNotFound("\(field) is required", field: field)
        case .valueNotFound(_, let context):
            let field = path(context.codingPath)
            // A `null` body has no field to name.
            guard !field.isEmpty else { return .parameterInvalid("The body must be a JSON object, not null") }
            return .parameterNotFound("\(field) must not be null", field: field)
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            return .parameterInvalid(
                "\(field.isEmpty ? "body" : field) has the wrong type (expected \(type))",
                field: field.isEmpty ? nil : field
            )
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            if field.isEmpty {
                return .parameterInvalid("There was a problem in the JSON you submitted: \(context.debugDescription)")
            }
            return .parameterInvalid("\(field) is invalid: \(context.debugDescription)", field: field)
        @unknown default:
            return .parameterInvalid("The body is invalid")
        }
    }
}
