import ArgumentParser
import Foundation
import HTTPTypes
import Intercom
import IntercomSandbox
import IntercomTour
import Synchronization

struct Webhook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign, verify and replay webhook notifications.",
        discussion: "Example: intercom webhook sign --secret s3cret --file notification.json",
        subcommands: [Sign.self, Verify.self, Replay.self]
    )

    /// Where the notification body comes from.
    struct BodyOptions: ParsableArguments {
        @Option(help: "Read the body from this file instead of stdin.") var file: String?

        func read() throws -> Data {
            if let file {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw ValidationError("cannot read \(file)")
                }
                return data
            }
            return FileHandle.standardInput.readDataToEndOfFile()
        }
    }

    struct Sign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the X-Hub-Signature for a body.",
            discussion: "Example: intercom webhook sign --secret s3cret < notification.json"
        )
        @Option(help: "Your app's client secret.") var secret: String
        @OptionGroup var body: BodyOptions

        func run() throws {
            print(WebhookSignature(secret: secret).signature(for: try body.read()))
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a body's X-Hub-Signature and show the parsed notification.",
            discussion: "Example: intercom webhook verify --secret s3cret --signature sha1=… --file notification.json"
        )
        @Option var secret: String
        @Option var signature: String
        @OptionGroup var body: BodyOptions

        func run() throws {
            do {
                let notification = try WebhookNotification.verifyAndParse(
                    body: try body.read(),
                    signatureHeader: signature,
                    secret: secret
                )
                print("valid: \(notification.topic) \(notification.id)")
            } catch let error as WebhookVerificationError {
                printError("error: \(error)")
                throw ExitCode.failure
            } catch let error as IntercomError {
                printError("error: \(error.message)")
                throw ExitCode.failure
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "POST a notification, signed, to your handler (a loopback URL).",
            discussion:
                "Example: intercom webhook replay --url http://127.0.0.1:8080/hooks --secret s3cret --file notification.json"
        )
        @Option var url: String
        @Option var secret: String
        @OptionGroup var body: BodyOptions

        func validate() throws {
            guard let parsed = URL(string: url), let host = parsed.host,
                ["localhost", "127.0.0.1", "::1"].contains(host) || host.hasPrefix("127.")
            else {
                throw ValidationError("--url must be on a loopback host")
            }
        }

        func run() async throws {
            let data = try body.read()
            _ = try WebhookNotification.parse(data)
            guard let target = URL(string: url),
                let base = URL(
                    string:
                        "\(target.scheme ?? "http")://\(target.host ?? "127.0.0.1")\(target.port.map { ":\($0)" } ?? "")"
                )
            else {
                throw ValidationError("--url is not a URL")
            }
            let client = IntercomClient(accessToken: "unused").with {
                $0.baseURL = base
                $0.retryPolicy = .none
            }
            try await reportingFailures {
                let response = try await client.send(
                    IntercomRawRequest(
                        method: .post,
                        path: target.path.isEmpty ? "/" : target.path,
                        body: .data(data),
                        headerFields: [
                            .hubSignature: WebhookSignature(secret: secret).signature(for: data)
                        ]
                    )
                )
                print("delivered: HTTP \(response.status.code)")
            }
        }
    }
}

struct SandboxServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Serve the Intercom API locally (the same flags as intercom-sandbox).",
        discussion: "Example: intercom sandbox --seed sample --port 4010"
    )
    @OptionGroup var options: SandboxOptions

    func run() async throws {
        let configuration = try options.makeConfiguration()
        let sandbox = try await Sandbox.start(configuration)
        print(
            "intercom sandbox listening on \(sandbox.baseURL.absoluteString) (token: \(configuration.accessTokens.sorted().joined(separator: ", ")))"
        )
        try await sandbox.run()
    }
}

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
