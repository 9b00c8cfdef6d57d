import BenchmarkSupport
import Foundation
import HTTPTypes
import Intercom
import IntercomSandbox
import NIOCore
import NIOFoundationCompat

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The servers the benchmarks measure, run in this process so that the benchmark process's CPU time and
/// memory are the clients' alone.
enum ChildServer {
    /// Starts a sandbox seeded with `contacts` generated contacts and the bare routes answering the same
    /// bytes the sandbox does, announces both on stdout, and serves until either server fails. SIGTERM ends
    /// the process (nothing here handles it), and so does the end of stdin.
    static func serve(contacts: Int) async throws {
        // First of all, so that a parent that dies while the contacts are generated takes this process along.
        exitWhenStandardInputCloses()
        var configuration = SandboxConfiguration(rateLimiting: .unlimited)
        // Room for the generated contacts and for every contact the load benchmarks create.
        configuration.limits.contacts = contacts + 1_000_000
        let sandbox = try await Sandbox.start(configuration)
        let generated = await sandbox.store.generateContacts(count: contacts)
        let client = sandbox.client()
        let firstPage = try await client.contacts.list(perPage: 1).firstPage()
        guard let contactID = generated.first ?? firstPage.items.first?.id else {
            throw ChildServerError("the sandbox holds no contact")
        }
        let contact = try await client.contacts.find(id: contactID)
        guard let email = contact.email, !email.isEmpty else {
            throw ChildServerError("contact \(contactID) has no email")
        }

        // The bytes the sandbox answers, asked for the way the benchmarks ask.
        let contactBody = try await client.send(.init(method: .get, path: "/contacts/\(contactID)")).body
        let searchQuery: JSONValue = ["query": ["field": "email", "operator": "=", "value": .string(email)]]
        let searchBody = try await client.send(.init(method: .post, path: "/contacts/search", body: .json(searchQuery)))
            .body
        let bare = try await BareServer.start(
            contact: ByteBuffer(data: contactBody),
            searchPage: ByteBuffer(data: searchBody)
        )

        let info = try ServerInfo(
            bare: bare.port,
            sandbox: sandbox.port,
            contactID: contactID,
            email: email,
            token: SandboxConfiguration.defaultAccessToken,
            contacts: firstPage.totalCount ?? contacts
        ).validated()
        try announce(info)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await bare.run() }
            group.addTask { try await sandbox.run() }
            _ = try await group.next()
            group.cancelAll()
        }
        await bare.stop()
        await sandbox.stop()
    }

    /// Prints `info` as one line of JSON on stdout, unbuffered.
    private static func announce(_ info: ServerInfo) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(info)
        line.append(UInt8(ascii: "\n"))
        try FileHandle.standardOutput.write(contentsOf: line)
    }

    /// Exits once stdin reaches its end. The parent holds the other end of the pipe, so this process never
    /// outlives it, however it ends.
    private static func exitWhenStandardInputCloses() {
        let watcher = Thread {
            var buffer = [UInt8](repeating: 0, count: 256)
            while true {
                let count = buffer.withUnsafeMutableBytes { bytes in
                    read(STDIN_FILENO, bytes.baseAddress, bytes.count)
                }
                if count > 0 { continue }
                if count < 0, errno == EINTR { continue }
                exit(0)
            }
        }
        watcher.start()
    }

    /// Writes `message` and a line break to stderr.
    static func report(_ message: String) {
        try? FileHandle.standardError.write(contentsOf: Data((message + "\n").utf8))
    }
}

/// Why the child server could not start.
struct ChildServerError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
