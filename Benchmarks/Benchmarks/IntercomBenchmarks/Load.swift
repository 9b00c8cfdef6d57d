import AsyncHTTPClient
import Foundation
import Intercom
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// The HTTP client for load against the child's servers: up to 64 connections to one host, where
/// `HTTPClient.shared` opens 8, so that 32 or 64 concurrent requests reach the server as such. It lives as
/// long as the process.
enum LoadHTTP {
    static let pooled: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: 64
        )
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(60))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}

/// Raw requests to one of the child's servers on 127.0.0.1, with the headers the SDK sends.
struct LoopbackHTTP: Sendable {
    private let base: String
    private let token: String
    private let client: HTTPClient

    /// The most response body read, as the SDK's default.
    private static let maxBodyBytes = 32 << 20

    init(port: Int, token: String, client: HTTPClient = .shared) {
        base = "http://127.0.0.1:\(port)"
        self.token = token
        self.client = client
    }

    /// Sends a request and returns its status and body, whatever the status.
    func send(
        _ method: HTTPMethod,
        _ path: String,
        body: ByteBuffer? = nil
    ) async throws -> (status: UInt, body: ByteBuffer) {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Intercom-Version", value: IntercomAPIVersion.latest.rawValue)
        request.headers.add(name: "User-Agent", value: "intercom-swift/\(IntercomClient.sdkVersion)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(body)
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: Self.maxBodyBytes)
        return (response.status.code, bytes)
    }

    /// Sends a request and returns its body.
    ///
    /// - Throws: ``MeasurementError`` when the status is not 2xx.
    func expectSuccess(_ method: HTTPMethod, _ path: String, body: ByteBuffer? = nil) async throws -> ByteBuffer {
        let answer = try await send(method, path, body: body)
        guard (200..<300).contains(answer.status) else {
            let excerpt = String(decoding: answer.body.readableBytesView.prefix(200), as: UTF8.self)
            throw MeasurementError("\(method.rawValue) \(path) answered \(answer.status): \(excerpt)")
        }
        return answer.body
    }
}

/// SDK clients for the child's servers.
enum SDK {
    /// A client for `127.0.0.1:port` that never retries, so a failure shows at once.
    static func client(port: Int, token: String, http: HTTPClient = .shared) throws -> IntercomClient {
        guard let url = URL(string: "http://127.0.0.1:\(port)") else {
            throw MeasurementError("no URL can be made for port \(port)")
        }
        var configuration = IntercomClient.Configuration(baseURL: url)
        configuration.retryPolicy = .none
        configuration.transport = AsyncHTTPClientTransport(client: http)
        return IntercomClient(accessToken: token, configuration: configuration)
    }
}

/// What a batch of calls took: wall time, this process's CPU time, and the child server's CPU time.
struct Batch: Sendable {
    let calls: Int
    let seconds: Double
    let clientCPUSeconds: Double
    let serverCPUSeconds: Double

    var callsPerSecond: Double { seconds > 0 ? Double(calls) / seconds : 0 }

    static func + (left: Batch, right: Batch) -> Batch {
        Batch(
            calls: left.calls + right.calls,
            seconds: left.seconds + right.seconds,
            clientCPUSeconds: left.clientCPUSeconds + right.clientCPUSeconds,
            serverCPUSeconds: left.serverCPUSeconds + right.serverCPUSeconds
        )
    }
    var clientMicrosecondsPerCall: Double { calls > 0 ? clientCPUSeconds * 1e6 / Double(calls) : 0 }
    var serverMicrosecondsPerCall: Double { calls > 0 ? serverCPUSeconds * 1e6 / Double(calls) : 0 }
}

enum Load {
    /// Makes `calls` calls of `call`, `concurrency` at a time, passing each its index, and measures them.
    /// The first failure stops the batch and is thrown.
    ///
    /// - Parameter server: The child whose CPU time to read before and after, if any.
    static func run(
        calls: Int,
        concurrency: Int,
        server: ServerProcess? = nil,
        _ call: @escaping @Sendable (Int) async throws -> Void
    ) async throws -> Batch {
        guard calls > 0, (1...1_024).contains(concurrency) else {
            throw MeasurementError("a batch needs calls and a concurrency of 1 to 1024")
        }
        let clock = ContinuousClock()
        let serverBefore = try server?.cpuSeconds() ?? 0
        let clientBefore = try ProcessStats.ownCPUSeconds()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<min(concurrency, calls) {
                group.addTask {
                    var index = worker
                    while index < calls {
                        try await call(index)
                        index += concurrency
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = clock.now - start
        let clientAfter = try ProcessStats.ownCPUSeconds()
        let serverAfter = try server?.cpuSeconds() ?? 0
        return Batch(
            calls: calls,
            seconds: elapsed.inSeconds,
            clientCPUSeconds: clientAfter - clientBefore,
            serverCPUSeconds: serverAfter - serverBefore
        )
    }

    /// Measures a floor and a subject in `rounds` alternating batches of `calls / rounds` each, the floor
    /// first in even rounds and the subject first in odd ones, and adds each side's batches up: drift on
    /// a shared machine then falls on both sides rather than on whichever ran second.
    static func interleaved(
        rounds: Int = 6,
        calls: Int,
        concurrency: Int,
        server: ServerProcess? = nil,
        floor: @escaping @Sendable (Int) async throws -> Void,
        subject: @escaping @Sendable (Int) async throws -> Void
    ) async throws -> (floor: Batch, subject: Batch) {
        guard (1...100).contains(rounds), calls >= rounds else {
            throw MeasurementError("interleaving needs 1 to 100 rounds and at least a call per round")
        }
        let perRound = calls / rounds
        var floorTotal = Batch(calls: 0, seconds: 0, clientCPUSeconds: 0, serverCPUSeconds: 0)
        var subjectTotal = floorTotal
        for round in 0..<rounds {
            let offset = round * perRound
            if round % 2 == 0 {
                floorTotal =
                    floorTotal
                    + (try await run(calls: perRound, concurrency: concurrency, server: server) {
                        try await floor(offset + $0)
                    })
                subjectTotal =
                    subjectTotal
                    + (try await run(calls: perRound, concurrency: concurrency, server: server) {
                        try await subject(offset + $0)
                    })
            } else {
                subjectTotal =
                    subjectTotal
                    + (try await run(calls: perRound, concurrency: concurrency, server: server) {
                        try await subject(offset + $0)
                    })
                floorTotal =
                    floorTotal
                    + (try await run(calls: perRound, concurrency: concurrency, server: server) {
                        try await floor(offset + $0)
                    })
            }
        }
        return (floorTotal, subjectTotal)
    }

    /// How long `body` takes, in seconds.
    static func timed(_ body: () async throws -> Void) async rethrows -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await body()
        return (clock.now - start).inSeconds
    }
}

/// Turns measurements into the whole numbers custom metrics take.
enum Ratio {
    /// `part ÷ whole` in percent, rounded.
    ///
    /// - Throws: ``MeasurementError`` naming `what` when `part` is negative or `whole` is not positive, or
    ///   either is not finite.
    static func percent(_ part: Double, of whole: Double, _ what: String) throws -> Int {
        guard part.isFinite, whole.isFinite, part >= 0, whole > 0 else {
            throw MeasurementError("\(what): no ratio of \(part) to \(whole)")
        }
        return try rounded(part / whole * 100, what)
    }

    /// A non-negative finite figure, rounded.
    static func rounded(_ value: Double, _ what: String) throws -> Int {
        guard value.isFinite, value >= 0, value < 1e15 else {
            throw MeasurementError("\(what): \(value) is not a figure a metric can hold")
        }
        return Int(value.rounded())
    }
}

/// Why a benchmark could not measure.
struct MeasurementError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

extension Duration {
    /// The duration in seconds.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

/// `value` with `digits` decimals, for the summary lines.
func fixed(_ value: Double, _ digits: Int = 0) -> String {
    String(format: "%.\(min(max(digits, 0), 6))f", value)
}

/// A percent figure as a factor, such as `95` as `0.95x`.
func factor(_ percent: Int) -> String {
    fixed(Double(percent) / 100, 2) + "x"
}
