import ArgumentParser
import AsyncHTTPClient
import Foundation
import HTTPTypes
import Intercom
import IntercomSandbox
import IntercomSandboxOptions
import IntercomTour
import NIOCore
import NIOHTTP1
import Synchronization

struct SandboxServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Serve the Intercom API locally (the same flags as intercom-sandbox).",
        discussion: """
            With --data FILE, the data is saved to FILE on SIGINT (Ctrl-C) and SIGTERM; if that save fails,
            the reason goes to stderr and the exit code is 1.
            Example: intercom sandbox --seed sample --port 4010
            """
    )
    @OptionGroup var options: SandboxOptions

    func run() async throws {
        let configuration = try options.makeConfiguration()
        let sandbox: Sandbox
        do {
            sandbox = try await Sandbox.start(configuration)
        } catch let error as SandboxDataFileError {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        do {
            try await sandbox.runUntilSignalled {
                let banner = """
                    intercom sandbox listening on \(sandbox.baseURL.absoluteString)
                    access token(s): \(Self.describeTokens(configuration.accessTokens))

                    """
                // Written straight to the file descriptor: `print` may hold it in a buffer when stdout is a pipe.
                FileHandle.standardOutput.write(Data(banner.utf8))
            }
        } catch let error as SandboxDataFileError {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// Names the accepted tokens when they are only the well-known default, and otherwise only counts
    /// them, so that a real token passed with --token is never printed.
    static func describeTokens(_ tokens: Set<String>) -> String {
        if tokens == [SandboxConfiguration.defaultAccessToken] { return SandboxConfiguration.defaultAccessToken }
        return "\(tokens.count) given with --token (not shown)"
    }
}
