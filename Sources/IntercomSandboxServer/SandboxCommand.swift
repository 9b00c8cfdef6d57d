import ArgumentParser
import Foundation
import IntercomSandbox
import IntercomSandboxOptions
import Logging

/// `intercom-sandbox`: serves the Intercom API on this machine for tests and demos.
@main
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intercom-sandbox",
        abstract: "Serve a local imitation of the Intercom REST API 2.14 for tests and demos.",
        discussion: """
            Example:
              intercom-sandbox --seed sample --port 4010
              curl -H 'Authorization: Bearer sandbox-token' -H 'Accept: application/json' http://127.0.0.1:4010/contacts

            With --data FILE, the data is saved to FILE on SIGINT (Ctrl-C) and SIGTERM; if that save
            fails, the reason goes to stderr and the exit code is 1.
            """
    )

    @OptionGroup var options: SandboxOptions

    func run() async throws {
        var logger = Logger(label: "intercom-sandbox")
        logger.logLevel = options.logLevel
        let configuration = try options.makeConfiguration()
        let sandbox: Sandbox
        do {
            sandbox = try await Sandbox.start(configuration, logger: logger)
        } catch let error as SandboxDataFileError {
            Self.printError("error: \(error)")
            throw ExitCode.failure
        }
        do {
            try await sandbox.runUntilSignalled {
                let banner = """
                    intercom-sandbox listening on \(sandbox.baseURL.absoluteString)
                    access token(s): \(Self.describeTokens(configuration.accessTokens))

                    """
                FileHandle.standardOutput.write(Data(banner.utf8))
            }
        } catch let error as SandboxDataFileError {
            Self.printError("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// Names the accepted tokens when they are only the well-known default, and otherwise only counts
    /// them, so that a real token passed with --token never reaches a terminal or a log.
    static func describeTokens(_ tokens: Set<String>) -> String {
        if tokens == [SandboxConfiguration.defaultAccessToken] { return SandboxConfiguration.defaultAccessToken }
        return "\(tokens.count) given with --token (not shown)"
    }

    /// Writes one line to stderr.
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
