import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Intercom
import IntercomSandbox
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Pairs that measure the SDK and the sandbox against a floor in the same run: what the same work
/// costs without them. Absolute times on a shared machine are noise; the ratios are the result.
enum Floors {
    /// A contact as `GET /contacts/{id}` answers it, about 2 KB.
    static func contactBody() async throws -> ByteBuffer {
        try await withSandbox(SandboxConfiguration(rateLimiting: .unlimited)) { sandbox in
            let client = sandbox.client()
            let first = try await client.contacts.list(perPage: 1).collect(limit: 1)
            guard let id = first.first?.id else { throw BenchmarkError.wrongCount(0) }
            let answer = try await client.send(.init(method: .get, path: "/contacts/\(id)"))
            return ByteBuffer(bytes: answer.body)
        }
    }

    /// Runs `body` on a bare Hummingbird server that answers every `GET /contacts/{id}` with `bytes`.
    static func withBareServer<T: Sendable>(
        answering bytes: ByteBuffer,
        _ body: @Sendable (URL) async throws -> T
    ) async throws -> T {
        let router = Router()
        router.get("contacts/:id") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: bytes))
        }
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let server = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.runService() }
            var port = 0
            for await value in stream {
                port = value
                break
            }
            guard let url = URL(string: "http://127.0.0.1:\(port)") else { throw BenchmarkError.wrongCount(port) }
            let result = try await body(url)
            group.cancelAll()
            return result
        }
    }

    /// Requests per second for `requests` calls of `call`, `concurrency` at a time.
    static func throughput(
        requests: Int,
        concurrency: Int,
        _ call: @escaping @Sendable () async throws -> Void
    ) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var index = worker
                    while index < requests {
                        try await call()
                        index += concurrency
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(requests) / seconds
    }

    static func printRatio(_ name: String, subject: Double, floor: Double) {
        let label = name.padding(toLength: 58, withPad: " ", startingAt: 0)
        print(label + String(format: "%8.0f vs %8.0f req/s   ratio %.2f×", subject, floor, subject / floor))
    }

    /// The SDK's `contacts.find(id:)` against a bare AsyncHTTPClient GET that sends the same headers,
    /// collects the body and parses it with `JSONSerialization`, both against the bare server.
    static func sdkAgainstBareClient(requests: Int) async throws {
        let bytes = try await contactBody()
        try await withBareServer(answering: bytes) { url in
            var configuration = IntercomClient.Configuration(baseURL: url)
            configuration.retryPolicy = .none
            let client = IntercomClient(accessToken: "token", configuration: configuration)
            let target = url.appendingPathComponent("contacts/1").absoluteString
            let bare: @Sendable () async throws -> Void = {
                var request = HTTPClientRequest(url: target)
                request.headers.add(name: "Authorization", value: "Bearer token")
                request.headers.add(name: "Intercom-Version", value: "2.16")
                request.headers.add(name: "Accept", value: "application/json")
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                let body = try await response.body.collect(upTo: 32 << 20)
                _ = try JSONSerialization.jsonObject(with: Data(buffer: body))
            }
            let sdk: @Sendable () async throws -> Void = { _ = try await client.contacts.find(id: "1") }
            for concurrency in [1, 32] {
                _ = try await throughput(requests: 200, concurrency: concurrency, bare)
                _ = try await throughput(requests: 200, concurrency: concurrency, sdk)
                let floor = try await throughput(requests: requests, concurrency: concurrency, bare)
                let subject = try await throughput(requests: requests, concurrency: concurrency, sdk)
                printRatio("SDK find vs bare AsyncHTTPClient, C=\(concurrency)", subject: subject, floor: floor)
            }
        }
    }

    /// The sandbox's `GET /contacts/{id}` against the bare Hummingbird route answering the same bytes.
    static func sandboxAgainstBareRoute(requests: Int) async throws {
        let bytes = try await contactBody()
        let bareRate = try await withBareServer(answering: bytes) { url in
            try await rate(of: url.appendingPathComponent("contacts/1").absoluteString, requests: requests)
        }
        let sandboxRate = try await withSandbox(SandboxConfiguration(rateLimiting: .unlimited)) { sandbox in
            let first = try await sandbox.client().contacts.list(perPage: 1).collect(limit: 1)
            let id = first.first?.id ?? "missing"
            return try await rate(
                of: sandbox.baseURL.appendingPathComponent("contacts/\(id)").absoluteString,
                requests: requests
            )
        }
        printRatio("sandbox GET /contacts/{id} vs bare Hummingbird, C=32", subject: sandboxRate, floor: bareRate)
    }

    private static func rate(of url: String, requests: Int) async throws -> Double {
        let call: @Sendable () async throws -> Void = {
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Authorization", value: "Bearer \(SandboxConfiguration.defaultAccessToken)")
            request.headers.add(name: "Accept", value: "application/json")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            _ = try await response.body.collect(upTo: 32 << 20)
        }
        _ = try await throughput(requests: 200, concurrency: 32, call)
        return try await throughput(requests: requests, concurrency: 32, call)
    }
}
