import Foundation
import HTTPTypes
import Hummingbird
import Intercom
import NIOCore
import Synchronization

/// A failure the sandbox can inject, to test how clients cope.
public enum SandboxFault: Sendable, Hashable, CustomStringConvertible {
    /// `429 rate_limit_exceeded` with rate-limit headers whose reset is the next window.
    case rateLimit
    /// `500 server_error` with an `error.list` body.
    case serverError
    /// `503 service_unavailable` with an `error.list` body.
    case serviceUnavailable
    /// `502` with an HTML page, as a gateway sends.
    case badGatewayHTML
    /// `504` with an HTML page, as a gateway sends.
    case gatewayTimeoutHTML
    /// The normal response, after a delay.
    case latency(Duration)
    /// The connection closes before any response.
    case dropConnection
    /// The normal response's head, then half its body, then the connection closes.
    case truncatedBody

    /// Parses the names used in `X-Sandbox-Fault` and the control API: `rate_limit`, `server_error`,
    /// `service_unavailable`, `bad_gateway_html`, `gateway_timeout_html`, `latency:<milliseconds>`,
    /// `drop_connection`, `truncated_body`.
    public init?(name: String) {
        let text = name.trimmingCharacters(in: .whitespaces).lowercased()
        switch text {
        case "rate_limit": self = .rateLimit
        case "server_error": self = .serverError
        case "service_unavailable": self = .serviceUnavailable
        case "bad_gateway_html": self = .badGatewayHTML
        case "gateway_timeout_html": self = .gatewayTimeoutHTML
        case "drop_connection": self = .dropConnection
        case "truncated_body": self = .truncatedBody
        default:
            guard text.hasPrefix("latency:"), let milliseconds = Int(text.dropFirst("latency:".count)),
                milliseconds >= 0,
                milliseconds <= 120_000
            else { return nil }
            self = .latency(.milliseconds(milliseconds))
        }
    }

    /// The name this fault is requested by.
    public var description: String {
        switch self {
        case .rateLimit: return "rate_limit"
        case .serverError: return "server_error"
        case .serviceUnavailable: return "service_unavailable"
        case .badGatewayHTML: return "bad_gateway_html"
        case .gatewayTimeoutHTML: return "gateway_timeout_html"
        case .latency(let duration):
            return
                "latency:\(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)"
        case .dropConnection: return "drop_connection"
        case .truncatedBody: return "truncated_body"
        }
    }
}

/// Faults queued for the next requests, through the control API.
final class FaultQueue: Sendable {
    private let queue = Mutex<[SandboxFault]>([])

    func enqueue(_ fault: SandboxFault, count: Int) {
        queue.withLock { $0.append(contentsOf: Array(repeating: fault, count: max(0, count))) }
    }

    func next() -> SandboxFault? {
        queue.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }

    func clear() {
        queue.withLock { $0.removeAll() }
    }

    var pending: [SandboxFault] { queue.withLock { $0 } }
}

/// Injects the fault named by the request's `X-Sandbox-Fault` header, or the next queued one.
struct FaultMiddleware: RouterMiddleware {
    typealias Context = SandboxContext

    let queue: FaultQueue
    let clock: any IntercomClock

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard !SandboxRoutes.isControlRoute(request) else { return try await next(request, context) }
        let fault: SandboxFault?
        if let name = request.headers[.sandboxFault] {
            guard let parsed = SandboxFault(name: name) else {
                throw SandboxError.parameterInvalid("Unknown X-Sandbox-Fault \"\(name)\"", field: "X-Sandbox-Fault")
            }
            fault = parsed
        } else {
            fault = queue.next()
        }
        guard let fault else { return try await next(request, context) }
        switch fault {
        case .rateLimit:
            let now = Int64(clock.now.timeIntervalSince1970.rounded(.down))
            throw SandboxError(
                .tooManyRequests,
                .rateLimitExceeded,
                "Exceeded rate limit (injected)",
                headers: [.rateLimitLimit: "0", .rateLimitRemaining: "0", .rateLimitReset: "\(now + 1)"]
            )
        case .serverError:
            throw SandboxError(.internalServerError, .serverError, "Server error (injected)")
        case .serviceUnavailable:
            throw SandboxError(.serviceUnavailable, .serviceUnavailable, "Service unavailable (injected)")
        case .badGatewayHTML:
            return Self.html(.badGateway, "502 Bad Gateway")
        case .gatewayTimeoutHTML:
            return Self.html(.gatewayTimeout, "504 Gateway Time-out")
        case .latency(let duration):
            try await clock.sleep(for: duration)
            return try await next(request, context)
        case .dropConnection:
            try await context.channel.close()
            throw CancellationError()
        case .truncatedBody:
            var response = try await next(request, context)
            let collector = CollectingWriter()
            try await response.body.write(collector)
            let collected = collector.storage.buffer
            let full = collected.readableBytes
            let half = collected.getSlice(at: collected.readerIndex, length: full / 2) ?? ByteBuffer()
            response.headers[.contentLength] = "\(full)"
            response.body = ResponseBody(contentLength: full) { writer in
                try await writer.write(half)
                throw TruncationError()
            }
            return response
        }
    }

    private static func html(_ status: HTTPResponse.Status, _ title: String) -> Response {
        let page =
            "<html>\r\n<head><title>\(title)</title></head>\r\n<body>\r\n<center><h1>\(title)</h1></center>\r\n</body>\r\n</html>\r\n"
        return Response(
            status: status,
            headers: [.contentType: "text/html"],
            body: .init(byteBuffer: ByteBuffer(string: page))
        )
    }

    private struct TruncationError: Error {}
}

/// Collects a response body into a buffer.
private struct CollectingWriter: ResponseBodyWriter {
    final class Storage {
        var buffer = ByteBuffer()
    }

    let storage = Storage()

    mutating func write(_ buffer: ByteBuffer) async throws {
        var copy = buffer
        storage.buffer.writeBuffer(&copy)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
