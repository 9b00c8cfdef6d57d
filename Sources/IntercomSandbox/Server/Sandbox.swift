import Dispatch
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
    private let logger: Logger

    private init(baseURL: URL, port: Int, state: SandboxState, task: Task<Void, any Error>, logger: Logger) {
        self.baseURL = baseURL
        self.port = port
        self.state = state
        self.task = task
        self.logger = logger
    }

    /// The sandbox's data.
    public var store: SandboxStore { state.store }

    /// Starts a sandbox and returns once it accepts connections.
    ///
    /// When the configuration names a data file that exists, its data replaces the seed first.
    ///
    /// - Throws: ``SandboxConfigurationError`` when the configuration cannot be used,
    ///   ``SandboxDataFileError`` when the data file cannot be read or is not sandbox data (the file is
    ///   left as it is), and ``SandboxStartError`` when the server cannot bind its address.
    public static func start(
        _ configuration: SandboxConfiguration = SandboxConfiguration(),
        logger: Logger = Logger(label: "intercom-sandbox", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws -> Sandbox {
        try configuration.validate()
        let state = await SandboxState(configuration: configuration)
        if let file = configuration.dataFile, FileManager.default.fileExists(atPath: file.path) {
            try await state.store.load(from: file)
        }
        // `[::1]` is how a URL writes an IPv6 host; the socket wants it bare.
        let bindHost =
            configuration.host.hasPrefix("[") && configuration.host.hasSuffix("]")
            ? String(configuration.host.dropFirst().dropLast()) : configuration.host
        let (port, task) = try await startListening(host: bindHost, port: configuration.port) {
            onServerRunning in
            buildSandboxApplication(state: state, logger: logger, onServerRunning: onServerRunning)
        }
        let host = bindHost.contains(":") ? "[\(bindHost)]" : bindHost
        guard let url = URL(string: "http://\(host):\(port)") else {
            task.cancel()
            throw SandboxStartError(
                host: configuration.host,
                port: port,
                underlying: "no URL can be made for this host"
            )
        }
        return Sandbox(baseURL: url, port: port, state: state, task: task, logger: logger)
    }

    /// Stops the server, then saves the data when the configuration names a data file.
    ///
    /// The server stops before the save, so no request can change the data after it was written.
    /// Calling this again saves again.
    ///
    /// - Throws: ``SandboxDataFileError`` when the data cannot be saved. The server and webhook
    ///   delivery are stopped all the same.
    public func shutdown() async throws {
        task.cancel()
        _ = await task.result
        var failure: (any Error)?
        if let file = state.configuration.dataFile {
            do {
                try await state.store.save(to: file)
            } catch {
                failure = error
            }
        }
        await state.store.stopWebhooks()
        if let failure { throw failure }
    }

    /// Stops the server, then saves the data when the configuration names a data file.
    ///
    /// A failed save is logged at error level and otherwise ignored; call ``shutdown()`` to handle it.
    public func stop() async {
        do {
            try await shutdown()
        } catch {
            logger.error("\(error)")
        }
    }

    /// Serves until the process receives SIGINT or SIGTERM (or the server stops by itself), then
    /// shuts down as ``shutdown()`` does, saving the data file when one is configured.
    ///
    /// `whenReady` runs once the signal handlers are in place, so a caller that prints a start-up
    /// line from it tells its parent the moment a signal will be handled. While this runs, the two
    /// signals no longer end the process at once.
    ///
    /// - Throws: ``SandboxDataFileError`` when the data cannot be saved, or the server's error when it
    ///   failed by itself (after saving).
    public func runUntilSignalled(whenReady: () -> Void = {}) async throws {
        let signals = [SIGINT, SIGTERM]
        #if canImport(Darwin)
        // Dispatch sees the signals through kqueue even while they are ignored, and ignoring them keeps
        // their default action from ending the process before the data is saved. (On Linux, Dispatch
        // installs a handler of its own when a source registers.) The previous actions come back on return.
        let previousActions = signals.map { number in (number, signal(number, SIG_IGN)) }
        defer { for (number, action) in previousActions { _ = signal(number, action) } }
        #endif
        let (received, continuation) = AsyncStream.makeStream(of: Int32.self)
        var sources: [any DispatchSourceSignal] = []
        defer {
            for source in sources { source.cancel() }
            continuation.finish()
        }
        for number in signals {
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { continuation.yield(number) }
            await withCheckedContinuation { (registered: CheckedContinuation<Void, Never>) in
                source.setRegistrationHandler { registered.resume() }
                source.resume()
            }
            sources.append(source)
        }
        whenReady()

        let serverFailure: (any Error)? = await withTaskGroup(of: RunOutcome.self) { group in
            group.addTask {
                for await _ in received { return .signalled }
                return .signalled
            }
            group.addTask {
                do {
                    try await self.run()
                    return .serverStopped(nil)
                } catch {
                    return .serverStopped(error)
                }
            }
            let first = await group.next() ?? .signalled
            group.cancelAll()
            if case .serverStopped(let error) = first { return error }
            return nil
        }
        try await shutdown()
        if let serverFailure, !(serverFailure is CancellationError) { throw serverFailure }
    }

    /// How ``runUntilSignalled(whenReady:)`` came to stop.
    private enum RunOutcome: Sendable {
        case signalled
        case serverStopped((any Error)?)
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

/// Why the sandbox's data file could not be loaded or saved.
public struct SandboxDataFileError: Error, Sendable, CustomStringConvertible {
    /// What the sandbox was doing with the file.
    public enum Operation: String, Sendable {
        /// Reading the file at start.
        case load
        /// Writing the file at stop.
        case save
    }

    /// The data file.
    public var file: URL
    /// Whether loading or saving failed.
    public var operation: Operation
    /// The reason, in words.
    public var reason: String

    /// Creates the error.
    public init(file: URL, operation: Operation, reason: String) {
        self.file = file
        self.operation = operation
        self.reason = reason
    }

    /// Wraps whatever `error` reading or writing `file` threw.
    init(file: URL, operation: Operation, underlying error: any Error) {
        let reason: String
        switch error {
        case let decoding as DecodingError:
            switch decoding {
            case .dataCorrupted(let context):
                reason = "it does not hold sandbox data: \(context.debugDescription)"
            case .keyNotFound(let key, _):
                reason = "it is not sandbox data (no \"\(key.stringValue)\")"
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                let path = context.codingPath.map { $0.stringValue }.joined(separator: ".")
                reason = "it is not sandbox data (unexpected value at \"\(path)\")"
            @unknown default:
                reason = "it is not sandbox data"
            }
        default:
            reason = error.localizedDescription
        }
        self.init(file: file, operation: operation, reason: reason)
    }

    /// A readable description that names the file.
    public var description: String {
        switch operation {
        case .load: return "cannot load sandbox data from \(file.path): \(reason)"
        case .save: return "cannot save sandbox data to \(file.path): \(reason)"
        }
    }
}

/// Starts a sandbox, runs `body` with it, and stops it, even when `body` throws.
///
/// When `body` succeeds, a failure to save the configured data file is thrown.
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
    let result: T
    do {
        result = try await body(sandbox)
    } catch {
        await sandbox.stop()
        throw error
    }
    try await sandbox.shutdown()
    return result
}
