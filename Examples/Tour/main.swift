// The story of intercom-go's README in Swift, run against an in-process sandbox.
//
//   swift run intercom-tour
//
// Point it at another server with INTERCOM_BASE_URL and INTERCOM_ACCESS_TOKEN (for example a running
// `intercom-sandbox`); nothing here talks to the real Intercom unless you set those yourself.
import Foundation
import Intercom
import IntercomSandbox
import IntercomTour

let environment = ProcessInfo.processInfo.environment
let printStep: @Sendable (Tour.Step) -> Void = { step in
    print("✓ [\(step.chapter)] \(step.title): \(step.detail)")
}

do {
    if environment["INTERCOM_BASE_URL"] != nil {
        let client = try IntercomClient.fromEnvironment()
        try await Tour(client: client, report: printStep).run()
    } else {
        try await withSandbox(SandboxConfiguration(port: 0)) { sandbox in
            print("Sandbox at \(sandbox.baseURL.absoluteString)")
            try await Tour(client: sandbox.client(), report: printStep).run()
        }
    }
    print("The whole story ran.")
} catch {
    FileHandle.standardError.write(Data("✗ \(error)\n".utf8))
    exit(1)
}
