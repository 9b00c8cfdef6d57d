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

    /// The `intercom-sandbox` executable, built beside `intercom`.
    static var sandboxExecutable: URL? {
        guard let directory = executable?.deletingLastPathComponent() else { return nil }
        let candidate = directory.appendingPathComponent("intercom-sandbox")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }

    /// Runs `intercom` with `arguments`, feeding `input` on stdin; output goes through temporary files
    /// so that a large export cannot fill a pipe.
    ///
    /// `INTERCOM_ACCESS_TOKEN`, `INTERCOM_BASE_URL`, `INTERCOM_PROFILE` and `INTERCOM_REGION` are removed from the inherited
    /// environment and `XDG_CONFIG_HOME` points to an empty directory;
    /// `environment` adds variables of its own. A run that outlives `timeout` is killed, and the test
    /// fails with the output it had printed so far.
    static func run(
        _ arguments: [String],
        input: Data = Data(),
        environment: [String: String] = [:],
        timeout: Duration = .seconds(120)
    ) async throws -> Result {
        let binary = try #require(executable, "the intercom binary was not built beside the tests")
        // No profile of the machine's user: a configuration directory of the run's own, unless the
        // test gives one.
        let isolated = FileManager.default.temporaryDirectory.appendingPathComponent(
            "intercom-config-\(UUID().uuidString)"
        )
        var changes: [String: String?] = [
            "INTERCOM_ACCESS_TOKEN": nil, "INTERCOM_BASE_URL": nil, "INTERCOM_PROFILE": nil, "INTERCOM_REGION": nil,
            "XDG_CONFIG_HOME": isolated.path,
        ]
        for (name, value) in environment { changes[name] = value }
        let child = try ChildProcess(binary, arguments, environment: changes, input: input)
        let exit = try await child.waitForExit(timeout: timeout)
        return Result(status: exit.status, stdout: child.stdout, stderr: child.stderr)
    }
}

/// A built executable running in the background for a test.
///
/// Its stdout and stderr go to temporary files, so reading them never blocks, and every wait has a
/// deadline: past it the child is killed and the wait throws ``ChildProcessFailure`` carrying the output
/// seen so far. The child is killed, if still running, and its files removed when this is released.
final class ChildProcess {
    let process = Process()
    private let directory: URL
    private let stdoutURL: URL
    private let stderrURL: URL

    /// Starts `executable` with `arguments`. `environment` changes the inherited variables: a `nil`
    /// value removes one.
    init(
        _ executable: URL,
        _ arguments: [String],
        environment changes: [String: String?] = [:],
        input: Data = Data()
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("intercom-child-\(UUID().uuidString)")
        stdoutURL = directory.appendingPathComponent("stdout")
        stderrURL = directory.appendingPathComponent("stderr")
        let inputURL = directory.appendingPathComponent("stdin")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data().write(to: stdoutURL)
        try Data().write(to: stderrURL)
        try input.write(to: inputURL)

        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in changes { environment[name] = value }
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = try FileHandle(forReadingFrom: inputURL)
        try process.run()
    }

    deinit {
        if process.isRunning { _ = kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Everything the child wrote to stdout so far.
    var stdout: String { Self.read(stdoutURL) }
    /// Everything the child wrote to stderr so far.
    var stderr: String { Self.read(stderrURL) }

    private static func read(_ url: URL) -> String {
        String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self)
    }

    /// Sends `number` (such as `SIGINT`) to the child.
    func send(signal number: Int32) {
        _ = kill(process.processIdentifier, number)
    }

    /// Waits until a complete line of stdout contains `text`, and returns that line.
    func waitForLine(containing text: String, timeout: Duration = .seconds(60)) async throws -> String {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            // Checked before reading, so that a line printed just before exiting is still seen.
            let running = process.isRunning
            // The last piece has no newline yet, so it may still grow.
            let lines = stdout.components(separatedBy: "\n").dropLast()
            if let line = lines.first(where: { $0.contains(text) }) { return line }
            if !running {
                throw ChildProcessFailure(
                    problem: "the child exited with status \(process.terminationStatus) before printing \"\(text)\"",
                    stdout: stdout,
                    stderr: stderr
                )
            }
            if clock.now >= deadline {
                return try fail("no line containing \"\(text)\" within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits until the child exits, and returns its status and whether it exited or was killed by a signal.
    func waitForExit(
        timeout: Duration = .seconds(60)
    ) async throws -> (status: Int32, reason: Process.TerminationReason) {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while process.isRunning {
            if clock.now >= deadline { return try fail("the child was still running after \(timeout)") }
            try await Task.sleep(for: .milliseconds(20))
        }
        return (process.terminationStatus, process.terminationReason)
    }

    /// Kills the child and throws, with the output seen so far.
    private func fail<T>(_ problem: String) throws -> T {
        if process.isRunning { _ = kill(process.processIdentifier, SIGKILL) }
        throw ChildProcessFailure(problem: problem, stdout: stdout, stderr: stderr)
    }
}

/// A child process did not do what a test waited for (in time, or at all); carries what it printed.
struct ChildProcessFailure: Error, CustomStringConvertible {
    var problem: String
    var stdout: String
    var stderr: String

    var description: String {
        "\(problem)\n--- stdout so far:\n\(stdout)\n--- stderr so far:\n\(stderr)"
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
        let binary = try #require(CLI.sandboxExecutable, "intercom-sandbox was not built beside the tests")
        let child = try ChildProcess(binary, ["--seed", "sample", "--port", "0"])

        // The banner's first line names the URL.
        let line = try await child.waitForLine(containing: "listening on")
        #expect(line.hasPrefix("intercom-sandbox listening on http://127.0.0.1:"))
        let url = try #require(URL(string: String(line.split(separator: " ").last ?? "")))

        let client = IntercomClient(accessToken: "sandbox-token", configuration: .init(baseURL: url))
        let contacts = try await client.send(.init(method: .get, path: "/contacts")).json()
        #expect(contacts["type"] == "list")
        #expect(contacts["data"]?.arrayValue?.count == 6)

        child.send(signal: SIGINT)
        let exit = try await child.waitForExit()
        #expect(exit.reason == .exit && exit.status == 0, "SIGINT stops the sandbox cleanly: \(child.stderr)")
    }
}
