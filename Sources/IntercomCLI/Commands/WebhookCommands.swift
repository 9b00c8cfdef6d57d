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
