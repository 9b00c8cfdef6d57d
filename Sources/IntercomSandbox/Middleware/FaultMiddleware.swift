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
                "latency:\(SandboxFault.boundedLatency(duration).components.seconds * 1000 + SandboxFault.boundedLatency(duration).components.attoseconds / 1_000_000_000_000_000)"
        case .dropConnection: return "drop_connection"
        case .truncatedBody: return "truncated_body"
        }
    }
}

/// Faults queued for the next requests, through the control API, as runs of one fault repeated.
///
/// A run is stored once with its remaining count, so queuing a fault 10,000 times takes one entry and taking
/// the next fault is O(1). The total waiting, counting repetitions, never exceeds `limit`.
final class FaultQueue: Sendable {
    /// One fault and how many more requests get it.
    struct Run: Sendable, Hashable {
        var fault: SandboxFault
        var remaining: Int
    }

    private struct State: Sendable {
        var runs = FIFO<Run>()
        var total = 0
    }

    private let state = Mutex(State())
    /// The most faults that can wait, counting repetitions.
    let limit: Int

    init(limit: Int = SandboxLimits().queuedFaults) {
        self.limit = limit
    }

    /// Queues `fault` for the next `count` requests after those already queued.
    ///
    /// - Returns: `false`, queuing nothing, when that would take the total past ``limit``.
    @discardableResult
    func enqueue(_ fault: SandboxFault, count: Int) -> Bool {
        guard count > 0 else { return true }
        return state.withLock { state in
            guard count <= limit - state.total else { return false }
            state.total += count
            if var last = state.runs.last, last.fault == fault {
                last.remaining += count
                state.runs.replaceLast(last)
            } else {
                state.runs.append(Run(fault: fault, remaining: count))
            }
            return true
        }
    }

    /// Takes the next queued fault, if any.
    func next() -> SandboxFault? {
        state.withLock { state in
            guard var run = state.runs.first else { return nil }
            state.total -= 1
            run.remaining -= 1
            if run.remaining <= 0 {
                _ = state.runs.popFirst()
            } else {
                state.runs.replaceFirst(run)
            }
            return run.fault
        }
    }

    func clear() {
        state.withLock { state in
            state.runs.removeAll()
            state.total = 0
        }
    }

    /// The waiting runs, next first.
    var runs: [Run] { state.withLock { Array($0.runs.elements) } }

    /// How many faults wait, counting repetitions.
    var count: Int { state.withLock { $0.total } }

    /// How many upcoming faults ``pending`` spells out.
    static let pendingShown = 100

    /// The next faults, repetitions spelled out, at most ``pendingShown`` of them; ``runs`` has them all.
    var pending: [SandboxFault] { upcoming(Self.pendingShown) }

    /// The next `limit` faults, repetitions spelled out, without taking them.
    func upcoming(_ limit: Int) -> [SandboxFault] {
        state.withLock { state in
            var result: [SandboxFault] = []
            for run in state.runs.elements {
                let room = limit - result.count
                guard room > 0 else { break }
                result.append(contentsOf: repeatElement(run.fault, count: min(room, run.remaining)))
            }
            return result
        }
    }
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
            let now = IntercomJSON.unixSeconds(clock.now)
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
            try await clock.sleep(for: SandboxFault.boundedLatency(duration))
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
/// Collects a response body in memory, for middleware that rewrites or cuts it.
struct CollectingWriter: ResponseBodyWriter {
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

extension SandboxFault {
    /// The longest latency a fault adds: two minutes, whatever a ``SandboxFault/latency(_:)`` built in
    /// code asks for (the `latency:<ms>` name accepts at most 120000).
    public static let maxLatency: Duration = .seconds(120)

    /// `duration` within `0...maxLatency`.
    static func boundedLatency(_ duration: Duration) -> Duration {
        min(max(duration, .zero), maxLatency)
    }
}
