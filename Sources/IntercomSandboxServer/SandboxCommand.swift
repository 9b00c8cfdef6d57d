import ArgumentParser
import Foundation
import IntercomSandbox
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
            """
    )

    @OptionGroup var options: SandboxOptions

    func run() async throws {
        var logger = Logger(label: "intercom-sandbox")
        logger.logLevel = options.logLevel
        let configuration = try options.makeConfiguration()
        let sandbox = try await Sandbox.start(configuration, logger: logger)
        let banner = """
            intercom-sandbox listening on \(sandbox.baseURL.absoluteString)
            access token(s): \(configuration.accessTokens.sorted().joined(separator: ", "))

            """
        FileHandle.standardOutput.write(Data(banner.utf8))

        let signals = [SIGINT, SIGTERM].map { signal in
            Foundation.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal)
            source.setEventHandler {
                Task {
                    await sandbox.stop()
                    Foundation.exit(0)
                }
            }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }
        try await sandbox.run()
    }
}
