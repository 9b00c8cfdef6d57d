import HTTPTypes
import Hummingbird
public import NIOCore

/// Hummingbird routes that answer fixed bytes: the floor the sandbox is measured against, with nothing but
/// routing, the HTTP server and a JSON body between a request and its response.
///
/// - `GET /contacts/{id}` and `POST /contacts` answer `contact`.
/// - `POST /contacts/search` answers `searchPage`.
///
/// The POST routes read the request body before answering, as any server has to.
public struct BareServer: Sendable {
    /// The port the routes listen on, on 127.0.0.1.
    public let port: Int
    private let task: Task<Void, any Error>

    /// The most request body a POST route reads.
    private static let maxBodyBytes = 1 << 20

    /// Starts the routes on a free 127.0.0.1 port and returns once they accept connections.
    ///
    /// - Throws: ``BareServerError`` when the server stops before it listens.
    public static func start(contact: ByteBuffer, searchPage: ByteBuffer) async throws -> BareServer {
        let router = Router()
        router.get("contacts/:id") { _, _ in json(contact) }
        router.post("contacts") { request, _ in
            _ = try await request.body.collect(upTo: maxBodyBytes)
            return json(contact)
        }
        router.post("contacts/search") { request, _ in
            _ = try await request.body.collect(upTo: maxBodyBytes)
            return json(searchPage)
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }
        )
        let task = Task {
            defer { continuation.finish() }
            try await application.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), (1...65_535).contains(port) else {
            task.cancel()
            if case .failure(let error) = await task.result {
                throw BareServerError(reason: "\(error)")
            }
            throw BareServerError(reason: "the server stopped before listening")
        }
        return BareServer(port: port, task: task)
    }

    /// Waits while the server runs; it only stops by itself when it fails.
    public func run() async throws {
        try await task.value
    }

    /// Stops the server and waits until it has.
    public func stop() async {
        task.cancel()
        _ = await task.result
    }

    private static func json(_ bytes: ByteBuffer) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: bytes))
    }
}

/// Why the bare routes could not start.
public struct BareServerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var reason: String

    /// A readable description.
    public var description: String { "The bare routes could not listen on 127.0.0.1: \(reason)" }
}
