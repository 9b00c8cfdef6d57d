import Foundation
import HTTPTypes
import Intercom
import IntercomSandbox
import TestSupport
import Testing

/// The two ways to serve a sandbox from a shell.
enum SandboxServer: String, CaseIterable, Sendable {
    case sandboxExecutable = "intercom-sandbox"
    case cli = "intercom sandbox"

    /// Starts this server with `arguments` (the sandbox's own flags).
    func launch(_ arguments: [String]) throws -> ChildProcess {
        switch self {
        case .sandboxExecutable:
            let binary = try #require(CLI.sandboxExecutable, "intercom-sandbox was not built beside the tests")
            return try ChildProcess(binary, arguments)
        case .cli:
            let binary = try #require(CLI.executable, "intercom was not built beside the tests")
            return try ChildProcess(binary, ["sandbox"] + arguments)
        }
    }
}

extension ChildProcess {
    /// Waits for a sandbox's start-up line and returns the URL it names.
    func waitForSandboxURL() async throws -> URL {
        let line = try await waitForLine(containing: "listening on ")
        let word = line.split(separator: " ").first { $0.hasPrefix("http://") }
        return try #require(word.flatMap { URL(string: String($0)) }, "no URL in \"\(line)\"")
    }
}

@Suite("CLI hardening")
struct CLIHardeningTests {
    static let notification = Data(#"{"type":"notification_event","id":"n1","topic":"ping","data":{"item":{}}}"#.utf8)

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "intercom-hardening-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    // MARK: --data

    @Test(
        "--data is saved when the server is stopped by SIGINT or SIGTERM, and the exit code is 0",
        arguments: SandboxServer.allCases,
        [SIGINT, SIGTERM]
    )
    func savesOnSignal(server: SandboxServer, number: Int32) async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("store.json")
        let child = try server.launch(["--port", "0", "--seed", "empty", "--data", file.path])
        let url = try await child.waitForSandboxURL()

        let email = "kept-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let client = IntercomClient(
            accessToken: SandboxConfiguration.defaultAccessToken,
            configuration: .init(baseURL: url)
        )
        _ = try await client.send(.init(method: .post, path: "/contacts", body: .json(["email": .string(email)])))

        child.send(signal: number)
        let exit = try await child.waitForExit()
        #expect(exit.reason == .exit, "\(child.stderr)")
        #expect(exit.status == 0, "\(child.stderr)")
        let saved = try String(contentsOf: file, encoding: .utf8)
        #expect(saved.contains(email))
    }

    @Test("A save that fails is reported on stderr with a non-zero exit code", arguments: SandboxServer.allCases)
    func failedSave(server: SandboxServer) async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let dataDirectory = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let file = dataDirectory.appendingPathComponent("store.json")
        let child = try server.launch(["--port", "0", "--data", file.path])
        _ = try await child.waitForSandboxURL()

        try FileManager.default.removeItem(at: dataDirectory)
        child.send(signal: SIGTERM)
        let exit = try await child.waitForExit()
        #expect(exit.reason == .exit)
        #expect(exit.status != 0)
        #expect(child.stderr.contains("cannot save sandbox data to \(file.path)"), "\(child.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dataDirectory.path), "the save made no directory")
    }

    @Test(
        "A corrupt data file stops start-up with an error naming it, and is left as it was",
        arguments: SandboxServer.allCases
    )
    func corruptDataFile(server: SandboxServer) async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("store.json")
        let corrupt = Data(#"{"contacts": [1, 2"#.utf8)
        try corrupt.write(to: file)

        let child = try server.launch(["--port", "0", "--data", file.path])
        let exit = try await child.waitForExit()
        #expect(exit.reason == .exit, "no crash: \(child.stderr)")
        #expect(exit.status != 0)
        #expect(child.stderr.contains("cannot load sandbox data from \(file.path)"), "\(child.stderr)")
        #expect(!child.stdout.contains("listening on"))
        #expect(try Data(contentsOf: file) == corrupt, "the corrupt file is not overwritten")
    }

    // MARK: export

    @Test("export --resume appends to --file and writes the CSV header once; without it the file is replaced")
    func resumeAppends() async throws {
        try await withSandbox(SandboxConfiguration(clock: ManualClock())) { sandbox in
            let directory = try Self.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = directory.appendingPathComponent("contacts.csv")
            let export = ["export", "contacts", "--format", "csv", "--per-page", "2", "--file", file.path]
            func lines() throws -> [String] {
                try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
            }

            let first = try await CLI.run(export + CLITests.target(sandbox))
            #expect(first.status == 0, "\(first.stderr)")
            let full = try lines()
            #expect(full.count == 7)
            #expect(full.first?.hasPrefix("id,external_id,") == true)

            let page = try await sandbox.client().contacts.list(perPage: 2).firstPage()
            guard case .startingAfter(let cursor)? = page.nextCursor else {
                Issue.record("the first page has no cursor: \(String(describing: page.nextCursor))")
                return
            }
            let resumed = try await CLI.run(export + ["--resume", cursor] + CLITests.target(sandbox))
            #expect(resumed.status == 0, "\(resumed.stderr)")
            let appended = try lines()
            #expect(appended.count == full.count + 4)
            #expect(appended.filter { $0.hasPrefix("id,external_id,") }.count == 1, "one header")
            #expect(Array(appended.prefix(full.count)) == full, "the first run's rows are kept")
            #expect(Array(appended.suffix(4)) == Array(full.suffix(4)), "the rows after the cursor follow")

            let again = try await CLI.run(export + CLITests.target(sandbox))
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try lines() == full, "without --resume the file is replaced")
        }
    }

    @Test("CSV cells that a spreadsheet would run as formulas get a leading ' and quotes; others are unchanged")
    func csvFormulaInjection() async throws {
        try await withSandbox(SandboxConfiguration(clock: ManualClock())) { sandbox in
            let names = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "Plain Name"]
            for (index, name) in names.enumerated() {
                _ = try await sandbox.client().send(
                    .init(
                        method: .post,
                        path: "/contacts",
                        body: .json(["email": .string("formula\(index)@example.com"), "name": .string(name)])
                    )
                )
            }
            let result = try await CLI.run(["export", "contacts", "--format", "csv"] + CLITests.target(sandbox))
            #expect(result.status == 0, "\(result.stderr)")
            let escaped = ["\"'=1+1\"", "\"'+1\"", "\"'-1\"", "\"'@SUM(A1)\"", "\"'\tx\"", "\"'\rx\""]
            for (index, cell) in escaped.enumerated() {
                #expect(result.stdout.contains("formula\(index)@example.com,\(cell),"), "\(cell)")
            }
            #expect(result.stdout.contains("formula6@example.com,Plain Name,"), "an ordinary cell is unchanged")
        }
    }

    @Test("The --format help explains the CSV escaping, negative numbers included")
    func csvHelp() async throws {
        let help = try await CLI.run(["export", "--help"])
        #expect(help.status == 0)
        // The help is wrapped to the terminal's width, so compare with the line breaks taken out.
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("formula injection"))
        #expect(text.contains("negative numbers too"))
    }

    // MARK: webhook replay

    @Test(
        "webhook replay refuses hosts that only look like loopback",
        arguments: ["http://127.attacker.example/", "http://127.0.0.1.nip.io/"]
    )
    func replayRefusesLookalikes(url: String) async throws {
        let result = try await CLI.run(
            ["webhook", "replay", "--url", url, "--secret", "s3cret"],
            input: Self.notification
        )
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("loopback"))
    }

    @Test("webhook replay sends what Intercom sends: JSON and a signature, no Authorization, the query as given")
    func replayRequest() async throws {
        let body = Self.notification
        try await withLoopbackServer(respond: { _, _ in CannedResponse(status: .ok, body: "") }) { url, log in
            let result = try await CLI.run(
                ["webhook", "replay", "--url", url.absoluteString + "/hooks?a=1&b=2", "--secret", "s3cret"],
                input: body,
                environment: ["INTERCOM_ACCESS_TOKEN": "configured-token"]
            )
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("delivered: HTTP 200"))
            #expect(log.count == 1)
            let request = try #require(log.all.first)
            #expect(request.method == .post)
            #expect(request.path == "/hooks")
            #expect(request.query == ["a": "1", "b": "2"])
            #expect(request.headers[.authorization] == nil)
            #expect(request.headers[.contentType] == "application/json")
            #expect(request.headers[.hubSignature] == WebhookSignature(secret: "s3cret").signature(for: body))
            #expect(request.body == body)
        }
    }

    @Test("webhook replay reports a redirect and does not follow it")
    func replayDoesNotFollowRedirects() async throws {
        try await withLoopbackServer(respond: { _, _ in CannedResponse(status: .ok, body: "") }) { elsewhere, landed in
            let location = elsewhere.appendingPathComponent("landing").absoluteString
            try await withLoopbackServer(
                respond: { _, _ in CannedResponse(status: .found, headers: [.location: location], body: "") }
            ) { handler, received in
                let result = try await CLI.run(
                    ["webhook", "replay", "--url", handler.appendingPathComponent("hooks").absoluteString]
                        + ["--secret", "s3cret"],
                    input: Self.notification
                )
                #expect(result.stdout.contains("delivered: HTTP 302"), "\(result.stderr)")
                #expect(result.status == 3)
                #expect(result.stderr.contains("not followed"))
                #expect(received.count == 1)
            }
            #expect(landed.count == 0, "the redirect target was never requested")
        }
    }
}
