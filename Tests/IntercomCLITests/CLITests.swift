import Foundation
import HTTPTypes
import Intercom
import IntercomSandbox
import Testing

/// Runs the built `intercom` binary as a subprocess.
enum CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        var json: JSONValue? { try? IntercomJSON.makeDecoder().decode(JSONValue.self, from: Data(stdout.utf8)) }
    }

    /// The `intercom` executable, built beside the test bundle.
    static var executable: URL? {
        var directory = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("intercom")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// Runs `intercom` with `arguments`, feeding `input` on stdin; output goes through temporary files
    /// so that a large export cannot fill a pipe.
    static func run(_ arguments: [String], input: Data = Data()) async throws -> Result {
        let binary = try #require(executable, "the intercom binary was not built beside the tests")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "intercom-cli-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        let inURL = directory.appendingPathComponent("stdin")
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        try input.write(to: inURL)

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["INTERCOM_ACCESS_TOKEN"] = nil
        environment["INTERCOM_BASE_URL"] = nil
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Result(
            status: status,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        )
    }
}

@Suite("intercom CLI")
struct CLITests {
    static func target(_ sandbox: Sandbox) -> [String] {
        ["--base-url", sandbox.baseURL.absoluteString, "--token", SandboxConfiguration.defaultAccessToken]
    }

    @Test("contacts list prints JSON that matches the store")
    func listMatchesStore() async throws {
        try await withSandbox(SandboxConfiguration(clock: ManualClock())) { sandbox in
            let result = try await CLI.run(
                ["contacts", "list", "--limit", "100", "--output", "json"] + Self.target(sandbox)
            )
            #expect(result.status == 0, "\(result.stderr)")
            let ids = result.json?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(ids.count == (await sandbox.store.counts()["contacts"]))
            #expect(Set(ids).count == ids.count)
        }
    }

    @Test("create, search and get agree with each other and with the store")
    func createSearchGet() async throws {
        try await withSandbox(SandboxConfiguration(clock: ManualClock())) { sandbox in
            let created = try await CLI.run(
                [
                    "contacts", "create", "--role", "lead", "--email", "cli@example.com", "--attribute", "plan=pro",
                    "--attribute", "seats=3", "--output", "json",
                ]
                    + Self.target(sandbox)
            )
            #expect(created.status == 0, "\(created.stderr)")
            let id = try #require(created.json?["id"]?.stringValue)
            #expect(created.json?["custom_attributes"]?["seats"] == 3)

            let found = try await CLI.run(
                ["contacts", "search", "email = cli@example.com", "role = lead", "--output", "jsonl"]
                    + Self.target(sandbox)
            )
            #expect(found.status == 0, "\(found.stderr)")
            #expect(found.stdout.split(separator: "\n").count == 1)
            #expect(found.stdout.contains(id))

            let shown = try await CLI.run(["contacts", "get", id, "--output", "json"] + Self.target(sandbox))
            #expect(shown.json?["email"] == "cli@example.com")
        }
    }

    @Test("API errors print one line with code, message and request id, and exit 3")
    func apiError() async throws {
        try await withSandbox(SandboxConfiguration(clock: ManualClock())) { sandbox in
            let result = try await CLI.run(["contacts", "get", "missing"] + Self.target(sandbox))
            #expect(result.status == 3)
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1)
            #expect(result.stderr.contains("404 not_found: User Not Found (request "))
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("Usage errors exit 64; network errors exit 4")
    func exitCodes() async throws {
        let usage = try await CLI.run(["contacts", "search", "role LIKE user", "--sandbox"])
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("LIKE"))
        let noToken = try await CLI.run(["contacts", "list"])
        #expect(noToken.status == 64)
        #expect(noToken.stderr.contains("no access token"))
        // A port that was just freed: nothing listens there.
        let url = try await withSandbox(SandboxConfiguration(clock: ManualClock())) { $0.baseURL }
        let network = try await CLI.run(["admins", "me", "--base-url", url.absoluteString, "--token", "t"])
        #expect(network.status == 4)
        #expect(network.stderr.hasPrefix("error: network:"))
    }

    @Test("Every command has help with an example")
    func help() async throws {
        for command in [
            ["contacts", "list"], ["contacts", "search"], ["companies", "scroll"], ["export"], ["webhook", "verify"],
            ["demo"], ["api"],
        ] {
            let result = try await CLI.run(command + ["--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("Example:"), "\(command)")
        }
    }

    @Test("export streams 10,000 contacts as JSON Lines, record for record")
    func exportTenThousand() async throws {
        try await withSandbox(SandboxConfiguration(rateLimiting: .unlimited, clock: ManualClock())) { sandbox in
            await sandbox.store.generateContacts(count: 10_000)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                "export-\(UUID().uuidString).jsonl"
            )
            defer { try? FileManager.default.removeItem(at: file) }
            let result = try await CLI.run(["export", "contacts", "--file", file.path] + Self.target(sandbox))
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.isEmpty, "no progress line when stderr is not a terminal")
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
            let exported = lines.compactMap {
                try? IntercomJSON.makeDecoder().decode(JSONValue.self, from: Data($0.utf8))["id"]?.stringValue
            }
            let stored = try await sandbox.client().contacts.list(perPage: 150).collect().map(\.id)
            #expect(exported.count == 10_006)
            #expect(exported == stored)
        }
    }

    @Test("export as CSV has a header and quotes what needs quoting")
    func exportCSV() async throws {
        try await withSandbox(SandboxConfiguration(clock: ManualClock())) { sandbox in
            let result = try await CLI.run(["export", "contacts", "--format", "csv"] + Self.target(sandbox))
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n")
            #expect(lines.first == "id,external_id,role,email,name,phone,created_at,updated_at,custom_attributes")
            #expect(lines.count == 7)
            #expect(lines[1].hasSuffix(#","{""is_cool"":true,""plan"":""pro""}""#))
        }
    }

    @Test("webhook sign and verify agree, and a wrong secret fails")
    func webhooks() async throws {
        let body = Data(#"{"type":"notification_event","id":"n1","topic":"ping","data":{"item":{}}}"#.utf8)
        let signed = try await CLI.run(["webhook", "sign", "--secret", "s3cret"], input: body)
        let signature = signed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(signature == WebhookSignature(secret: "s3cret").signature(for: body))
        let verified = try await CLI.run(
            ["webhook", "verify", "--secret", "s3cret", "--signature", signature],
            input: body
        )
        #expect(verified.status == 0)
        #expect(verified.stdout.contains("valid: ping n1"))
        let rejected = try await CLI.run(
            ["webhook", "verify", "--secret", "wrong", "--signature", signature],
            input: body
        )
        #expect(rejected.status == 1)
        #expect(rejected.stderr.contains("does not match"))
    }

    @Test("demo walks the whole story on an embedded sandbox and exits 0")
    func demo() async throws {
        let result = try await CLI.run(["demo"])
        #expect(result.status == 0, "\(result.stderr)")
        for chapter in [
            "Users", "Leads", "Companies", "Events", "Tags", "Messages", "Conversations", "Notifications", "Webhooks",
        ] {
            #expect(result.stdout.contains("\n\(chapter)\n"), "\(chapter)")
        }
        #expect(result.stdout.contains("Every step checked out."))
        #expect(result.stdout.contains("conversation.admin.replied"), "webhooks arrived from the sandbox")
        #expect(!result.stdout.contains("✗"))
    }
}

@Suite("intercom-sandbox executable")
struct SandboxExecutableTests {
    @Test("intercom-sandbox --seed sample listens on 127.0.0.1 and lists the sample contacts, as the README shows")
    func servesSampleContacts() async throws {
        let binary = try #require(
            CLI.executable?.deletingLastPathComponent().appendingPathComponent("intercom-sandbox")
        )
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--seed", "sample", "--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // The banner's first line names the URL.
        let banner = await Task.detached { () -> String in
            var text = ""
            while !text.contains("\n") {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            return text
        }.value
        let line = try #require(banner.split(separator: "\n").first)
        #expect(line.hasPrefix("intercom-sandbox listening on http://127.0.0.1:"))
        let url = try #require(URL(string: String(line.split(separator: " ").last ?? "")))

        let client = IntercomClient(accessToken: "sandbox-token", configuration: .init(baseURL: url))
        let contacts = try await client.send(.init(method: .get, path: "/contacts")).json()
        #expect(contacts["type"] == "list")
        #expect(contacts["data"]?.arrayValue?.count == 6)

        let status: Int32 = await withCheckedContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            process.interrupt()
        }
        #expect(status == 0, "SIGINT stops the sandbox cleanly")
    }
}
