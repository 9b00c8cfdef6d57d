import Hummingbird
import NIOCore

/// Runs the application `make` builds in a new task and returns once it listens, with its bound port.
///
/// `make` receives the callback to pass as the application's `onServerRunning`. When the server stops
/// before listening, this throws ``SandboxStartError`` with the reason.
func startListening<App: ApplicationProtocol>(
    host: String,
    port: Int,
    _ make: (@escaping @Sendable (any Channel) async -> Void) -> App
) async throws -> (port: Int, task: Task<Void, any Error>) {
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let application = make { channel in
        continuation.yield(channel.localAddress?.port ?? 0)
        continuation.finish()
    }
    let task = Task {
        defer { continuation.finish() }
        try await application.run()
    }
    var iterator = ports.makeAsyncIterator()
    guard let bound = await iterator.next(), bound > 0 else {
        task.cancel()
        if case .failure(let error) = await task.result {
            throw SandboxStartError(host: host, port: port, underlying: "\(error)")
        }
        throw SandboxStartError(host: host, port: port, underlying: "the server stopped before listening")
    }
    return (bound, task)
}
