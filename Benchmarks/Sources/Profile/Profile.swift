import AsyncHTTPClient
import BenchmarkSupport
import Foundation
import HTTPTypes
import Intercom
import IntercomSandbox
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The loops `intercom-profile` runs. Everything stays in one process so that a profiler sees the client
/// and the server together.
enum Profile {
    /// `count` sequential `GET /contacts/{id}` to an in-process sandbox, with a raw AsyncHTTPClient request.
    static func sandboxGet(count: Int) async throws {
        try await withSandbox(SandboxConfiguration(rateLimiting: .unlimited)) { sandbox in
            guard let id = await sandbox.store.generateContacts(count: 1).first else {
                throw ProfileError("the sandbox made no contact")
            }
            let url = "http://127.0.0.1:\(sandbox.port)/contacts/\(id)"
            let token = SandboxConfiguration.defaultAccessToken
            let elapsed = try await timed {
                for _ in 0..<count {
                    var request = HTTPClientRequest(url: url)
                    request.headers.add(name: "Authorization", value: "Bearer \(token)")
                    request.headers.add(name: "Accept", value: "application/json")
                    request.headers.add(name: "Intercom-Version", value: IntercomAPIVersion.latest.rawValue)
                    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                    _ = try await response.body.collect(upTo: 32 << 20)
                    guard response.status == .ok else {
                        throw ProfileError("GET /contacts/\(id) answered \(response.status.code)")
                    }
                }
            }
            report("sandbox-get", count: count, elapsed: elapsed)
        }
    }

    /// `count` sequential `client.contacts.find(id:)` against in-process bare routes that answer a contact
    /// the sandbox rendered.
    static func sdkFind(count: Int) async throws {
        let (body, id) = try await withSandbox(SandboxConfiguration(rateLimiting: .unlimited)) {
            sandbox -> (Data, String) in
            guard let id = await sandbox.store.generateContacts(count: 1).first else {
                throw ProfileError("the sandbox made no contact")
            }
            let answer = try await sandbox.client().send(.init(method: .get, path: "/contacts/\(id)"))
            return (answer.body, id)
        }
        let server = try await BareServer.start(contact: ByteBuffer(data: body), searchPage: ByteBuffer(data: body))
        do {
            guard let url = URL(string: "http://127.0.0.1:\(server.port)") else {
                throw ProfileError("no URL can be made for port \(server.port)")
            }
            var configuration = IntercomClient.Configuration(baseURL: url)
            configuration.retryPolicy = .none
            let client = IntercomClient(accessToken: "profile-token", configuration: configuration)
            let elapsed = try await timed {
                for _ in 0..<count {
                    _ = try await client.contacts.find(id: id)
                }
            }
            report("sdk-find", count: count, elapsed: elapsed)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// `count` sequential bare AsyncHTTPClient GETs of the same contact from the same in-process bare routes,
    /// the body parsed with `JSONSerialization`: the floor `sdk-find` is compared with.
    static func bareFind(count: Int) async throws {
        let (body, id) = try await withSandbox(SandboxConfiguration(rateLimiting: .unlimited)) {
            sandbox -> (Data, String) in
            guard let id = await sandbox.store.generateContacts(count: 1).first else {
                throw ProfileError("the sandbox made no contact")
            }
            let answer = try await sandbox.client().send(.init(method: .get, path: "/contacts/\(id)"))
            return (answer.body, id)
        }
        let server = try await BareServer.start(contact: ByteBuffer(data: body), searchPage: ByteBuffer(data: body))
        do {
            let url = "http://127.0.0.1:\(server.port)/contacts/\(id)"
            let elapsed = try await timed {
                for _ in 0..<count {
                    var request = HTTPClientRequest(url: url)
                    request.headers.add(name: "Authorization", value: "Bearer profile-token")
                    request.headers.add(name: "Accept", value: "application/json")
                    request.headers.add(name: "Intercom-Version", value: IntercomAPIVersion.latest.rawValue)
                    request.headers.add(name: "User-Agent", value: "intercom-swift/\(IntercomClient.sdkVersion)")
                    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                    let bytes = try await response.body.collect(upTo: 32 << 20)
                    _ = try JSONSerialization.jsonObject(with: Data(buffer: bytes))
                }
            }
            report("bare-find", count: count, elapsed: elapsed)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// How long `body` takes.
    private static func timed(_ body: () async throws -> Void) async throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        try await body()
        return clock.now - start
    }

    private static func report(_ name: String, count: Int, elapsed: Duration) {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let microseconds = seconds / Double(count) * 1e6
        let total = String(format: "%.3f", seconds)
        let each = String(format: "%.1f", microseconds)
        print("\(name): \(count) calls in \(total) s, \(each) us each")
    }

    /// Writes `message` to stderr and exits with `status`.
    static func fail(_ message: String, status: Int32) -> Never {
        try? FileHandle.standardError.write(contentsOf: Data((message + "\n").utf8))
        exit(status)
    }
}

/// Why a profiling run stopped.
struct ProfileError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
