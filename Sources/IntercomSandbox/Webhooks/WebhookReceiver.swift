public import Foundation
import HTTPTypes
import Hummingbird
public import Intercom
import Logging
import NIOCore
import Synchronization

/// A loopback endpoint that receives webhook notifications and verifies their signatures: for demos
/// and for testing what a sandbox delivers.
///
/// ```swift
/// let receiver = try await WebhookReceiver.start(secret: "s3cret")
/// var configuration = SandboxConfiguration()
/// configuration.webhooks = .init(url: receiver.url, secret: "s3cret")
/// ```
public final class WebhookReceiver: Sendable {
    /// One delivery as it arrived.
    public struct Delivery: Sendable {
        /// Whether `X-Hub-Signature` matched the raw body.
        public var signatureValid: Bool
        /// The parsed notification, when the body was one.
        public var notification: WebhookNotification?
    }

    /// Where to deliver, such as `http://127.0.0.1:53211/webhooks`.
    public let url: URL
    private let store: Store
    private let task: Task<Void, any Error>

    private init(url: URL, store: Store, task: Task<Void, any Error>) {
        self.url = url
        self.store = store
        self.task = task
    }

    /// Every delivery so far, in order.
    public var deliveries: [Delivery] { store.deliveries.withLock { $0 } }

    /// Starts a receiver on an ephemeral 127.0.0.1 port that verifies with `secret`.
    public static func start(secret: String) async throws -> WebhookReceiver {
        let store = Store()
        let verifier = WebhookSignature(secret: secret)
        let router = Router()
        router.head("webhooks") { _, _ in HTTPResponse.Status.ok }
        router.post("webhooks") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            let data = Data(body.readableBytesView)
            let valid = verifier.isValid(
                body: data,
                signatureHeader: request.headers[.hubSignature]
            )
            store.append(Delivery(signatureValid: valid, notification: try? WebhookNotification.parse(data)))
            return valid ? .ok : .unauthorized
        }
        let (port, task) = try await startListening(host: "127.0.0.1", port: 0) { onServerRunning in
            Application(
                router: router,
                configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: onServerRunning,
                logger: Logger(label: "webhook-receiver", factory: { _ in SwiftLogNoOpLogHandler() })
            )
        }
        guard let url = URL(string: "http://127.0.0.1:\(port)/webhooks") else {
            task.cancel()
            throw SandboxStartError(host: "127.0.0.1", port: port, underlying: "no URL can be made for the receiver")
        }
        return WebhookReceiver(url: url, store: store, task: task)
    }

    /// Stops listening.
    public func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Collects deliveries from the request handlers.
    private final class Store: Sendable {
        let deliveries = Mutex<[Delivery]>([])

        func append(_ delivery: Delivery) {
            deliveries.withLock { $0.append(delivery) }
        }
    }
}
