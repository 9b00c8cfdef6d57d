public import Foundation
public import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A request as the loopback server received it.
public struct ReceivedRequest: Sendable {
    /// The request method.
    public var method: HTTPRequest.Method
    /// The request path, without the query.
    public var path: String
    /// The query items by name.
    public var query: [String: String]
    /// The request's header fields.
    public var headers: HTTPFields
    /// The raw body.
    public var body: Data

    /// The body parsed as a JSON object, if it is one.
    public var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }
}

/// A canned response for the loopback server.
public struct CannedResponse: Sendable {
    /// The status to answer with.
    public var status: HTTPResponse.Status = .ok
    /// The header fields to answer with.
    public var headers: HTTPFields = [.contentType: "application/json"]
    /// The body to answer with.
    public var body: String = "{}"
    /// When set, the server waits this long before answering.
    public var delay: Duration? = nil

    /// Creates a canned response.
    public init(
        status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [.contentType: "application/json"],
        body: String = "{}",
        delay: Duration? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
    }

    /// A JSON response with extra headers.
    public static func json(
        _ body: String,
        status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:]
    ) -> CannedResponse {
        var fields: HTTPFields = [.contentType: "application/json"]
        fields.append(contentsOf: headers)
        return CannedResponse(status: status, headers: fields, body: body)
    }
}

/// Records what a loopback server received.
public final class RequestLog: Sendable {
    private let entries = Mutex<[ReceivedRequest]>([])

    /// Every request received, in order.
    public var all: [ReceivedRequest] { entries.withLock { $0 } }
    /// How many requests were received.
    public var count: Int { entries.withLock { $0.count } }

    func append(_ request: ReceivedRequest) {
        entries.withLock { $0.append(request) }
    }
}

/// Runs `body` with the base URL of an HTTP server on an ephemeral 127.0.0.1 port whose every
/// answer comes from `respond`. The server stops when `body` returns.
public func withLoopbackServer<T: Sendable>(
    respond: @escaping @Sendable (ReceivedRequest, Int) async throws -> CannedResponse,
    _ body: @Sendable (URL, RequestLog) async throws -> T
) async throws -> T {
    let log = RequestLog()
    let router = Router()
    let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
        let bytes = try await request.body.collect(upTo: 1 << 20)
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters {
            query[String(name)] = String(value)
        }
        let received = ReceivedRequest(
            method: request.method,
            path: request.uri.path,
            query: query,
            headers: request.headers,
            body: Data(bytes.readableBytesView)
        )
        let index = log.count
        log.append(received)
        let canned = try await respond(received, index)
        if let delay = canned.delay { try await Task.sleep(for: delay) }
        return Response(
            status: canned.status,
            headers: canned.headers,
            body: .init(byteBuffer: ByteBuffer(string: canned.body))
        )
    }
    for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete, .head] {
        router.on("**", method: method, use: handler)
    }
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        },
        logger: Logger(label: "loopback", factory: { _ in SwiftLogNoOpLogHandler() })
    )
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0, let url = URL(string: "http://127.0.0.1:\(port)") else {
            group.cancelAll()
            throw LoopbackServerError.didNotStart
        }
        do {
            let result = try await body(url, log)
            group.cancelAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}

/// Why a loopback server could not be used.
public enum LoopbackServerError: Error {
    case didNotStart
}
