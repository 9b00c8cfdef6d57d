public import Foundation
import Hummingbird
public import Intercom
public import Logging
import NIOCore
import Synchronization

/// A running sandbox: the Intercom API on a loopback port, in this process.
///
/// ```swift
/// let sandbox = try await Sandbox.start()
/// let client = sandbox.client()
/// let me = try await client.send(.init(method: .get, path: "/me"))
/// await sandbox.stop()
/// ```
///
/// In tests, ``withSandbox(_:_:)`` starts one, runs your code and always stops it.
public final class Sandbox: Sendable {
    /// The URL the sandbox serves, such as `http://127.0.0.1:53122`.
    public let baseURL: URL
    /// The port it listens on.
    public let port: Int
    /// Its shared state: configuration and data.
    public let state: SandboxState
    private let task: Task<Void, any Error>

    private init(baseURL: URL, port: Int, state: SandboxState, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.port = port
        self.state = state
        self.task = task
    }

    /// The sandbox's data.
    public var store: SandboxStore { state.store }

    /// Starts a sandbox and returns once it accepts connections.
    ///
    /// - Throws: ``SandboxStartError`` when the server cannot bind its address.
    public static func start(
        _ configuration: SandboxConfiguration = SandboxConfiguration(),
        logger: Logger = Logger(label: "intercom-sandbox", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws -> Sandbox {
        let state = await SandboxState(configuration: configuration)
        if let file = configuration.dataFile, FileManager.default.fileExists(atPath: file.path) {
            try await state.store.load(from: file)
        }
        let (port, task) = try await startListening(host: configuration.host, port: configuration.port) {
            onServerRunning in
            buildSandboxApplication(state: state, logger: logger, onServerRunning: onServerRunning)
        }
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        guard let url = URL(string: "http://\(host):\(port)") else {
            task.cancel()
            throw SandboxStartError(
                host: configuration.host,
                port: port,
                underlying: "no URL can be made for this host"
            )
        }
        return Sandbox(baseURL: url, port: port, state: state, task: task)
    }

    /// Stops the server, saving the data first when the configuration names a data file.
    public func stop() async {
        if let file = state.configuration.dataFile {
            try? await state.store.save(to: file)
        }
        await state.store.stopWebhooks()
        task.cancel()
        _ = await task.result
    }

    /// Waits until the server stops, for example after a signal cancels the calling task.
    public func run() async throws {
        try await withTaskCancellationHandler {
            _ = try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// A client for this sandbox with its first accepted access token (or `token`).
    public func client(
        token: String? = nil,
        configure: (inout IntercomClient.Configuration) -> Void = { _ in }
    ) -> IntercomClient {
        var configuration = IntercomClient.Configuration(baseURL: baseURL)
        configure(&configuration)
        let token = token ?? state.configuration.accessTokens.sorted().first ?? SandboxConfiguration.defaultAccessToken
        return IntercomClient(accessToken: token, configuration: configuration)
    }
}

/// Why a sandbox could not start.
public struct SandboxStartError: Error, Sendable, CustomStringConvertible {
    /// The host it tried to bind.
    public var host: String
    /// The port it tried to bind.
    public var port: Int
    /// What went wrong.
    public var underlying: String

    /// A readable description.
    public var description: String { "The sandbox could not listen on \(host):\(port): \(underlying)" }
}

/// Starts a sandbox, runs `body` with it, and stops it, even when `body` throws.
///
/// ```swift
/// @Test func createsContacts() async throws {
///     try await withSandbox { sandbox in
///         let client = sandbox.client()
///         ...
///     }
/// }
/// ```
public func withSandbox<T: Sendable>(
    _ configuration: SandboxConfiguration = SandboxConfiguration(),
    _ body: (Sandbox) async throws -> T
) async throws -> T {
    let sandbox = try await Sandbox.start(configuration)
    do {
        let result = try await body(sandbox)
        await sandbox.stop()
        return result
    } catch {
        await sandbox.stop()
        throw error
    }
}
