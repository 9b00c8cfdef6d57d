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

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Walk intercom-go's README story on an embedded sandbox, checking every step.",
        discussion: "Example: swift run intercom demo"
    )

    func run() async throws {
        let secret = "demo-client-secret"
        let receiver = try await WebhookReceiver.start(secret: secret)
        var configuration = SandboxConfiguration(port: 0)
        configuration.webhooks = .init(url: receiver.url, secret: secret)
        let sandbox = try await Sandbox.start(configuration)
        defer { Task { await receiver.stop() } }
        print("Embedded sandbox at \(sandbox.baseURL.absoluteString); webhooks to \(receiver.url.absoluteString)\n")
        let chapter = Mutex("")
        do {
            try await Tour(client: sandbox.client()) { step in
                let isNew = chapter.withLock { current in
                    defer { current = step.chapter }
                    return current != step.chapter
                }
                if isNew { print("\n\(step.chapter)") }
                print("  ✓ \(step.title): \(step.detail)")
            }.run()
            await sandbox.store.flushWebhooks()
            await sandbox.stop()
            let deliveries = receiver.deliveries
            let topics = deliveries.compactMap { $0.notification?.topic }
            guard !deliveries.isEmpty, deliveries.allSatisfy(\.signatureValid), topics.count == deliveries.count else {
                throw Tour.Failure(
                    step: "Receive signed webhooks",
                    problem: "\(deliveries.count) deliveries, not all signed and parsed"
                )
            }
            print("\nWebhooks")
            print(
                "  ✓ Received and verified \(deliveries.count) signed notifications: \(Set(topics).sorted().joined(separator: ", "))"
            )
            print("\nEvery step checked out.")
        } catch {
            await sandbox.stop()
            printError("\n✗ \(error)")
            throw ExitCode.failure
        }
    }
}
