import ArgumentParser
import AsyncHTTPClient
import Foundation
import HTTPTypes
import Intercom
import IntercomSandbox
import IntercomTour
import NIOCore
import NIOHTTP1
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
            discussion: """
                The request carries what Intercom sends: Content-Type: application/json and X-Hub-Signature,
                and no Authorization header. The URL, query included, is used as given; redirects are
                reported, never followed. Exit code 0 for a 2xx answer, 3 for any other.
                Example: intercom webhook replay --url http://127.0.0.1:8080/hooks --secret s3cret < notification.json
                """
        )
        @Option(help: "Your handler's URL: http(s) on 127.0.0.0/8, ::1 or localhost.") var url: String
        @Option(help: "Your app's client secret, to sign the body.") var secret: String
        @OptionGroup var body: BodyOptions

        func validate() throws {
            guard let parsed = URL(string: url), LoopbackAddress.isLoopback(url: parsed) else {
                throw ValidationError(
                    "--url must be an http(s) URL on a loopback address (127.0.0.0/8, ::1 or localhost)"
                )
            }
        }

        func run() async throws {
            let data = try body.read()
            _ = try WebhookNotification.parse(data)

            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(
                name: WebhookSignature.headerName,
                value: WebhookSignature(secret: secret).signature(for: data)
            )
            request.body = .bytes(ByteBuffer(bytes: data))

            // A client of its own: it never follows a redirect (which could lead off this machine)
            // and does not retry a refused connection.
            var configuration = HTTPClient.Configuration()
            configuration.redirectConfiguration = .disallow
            configuration.connectionPool.retryConnectionEstablishment = false
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            let outcome: Result<(status: HTTPResponseStatus, location: String?), any Error>
            do {
                let response = try await client.execute(request, timeout: .seconds(30))
                _ = try? await response.body.collect(upTo: 1 << 20)
                outcome = .success((status: response.status, location: response.headers.first(name: "Location")))
            } catch {
                outcome = .failure(error)
            }
            try await client.shutdown()

            switch outcome {
            case .failure(let error):
                printError("error: network: \(error)")
                throw Exit.networkError
            case .success(let answer):
                print("delivered: HTTP \(answer.status.code)")
                guard (200..<300).contains(answer.status.code) else {
                    let code = answer.status.code
                    if (300..<400).contains(code) {
                        let target = answer.location.map { " to \($0)" } ?? ""
                        printError("error: the handler answered HTTP \(code), a redirect\(target); not followed")
                    } else {
                        printError("error: the handler answered HTTP \(code) \(answer.status.reasonPhrase)")
                    }
                    throw Exit.apiError
                }
            }
        }
    }
}

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
