import AsyncHTTPClient
import Foundation
import HTTPTypes
import Intercom
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// What a notification is about, captured when the change happens.
enum WebhookItem: Sendable {
    case contact(String)
    case deletedContact(ContactRecord)
    case company(String)
    case conversation(String)
    case tag(TagRecord)
    case tagged(tag: TagRecord, contactID: String)
}

/// Delivers signed `notification_event` payloads to the configured receiver, one at a time and in
/// order, retrying a failed delivery twice.
final class WebhookDispatcher: Sendable {
    struct Delivery: Sendable {
        var topic: String
        var body: Data
    }

    let configuration: SandboxConfiguration.Webhooks
    let clock: any IntercomClock
    private let signer: WebhookSignature
    private let queue: AsyncStream<Delivery>.Continuation
    private let worker: Task<Void, Never>
    private let outstanding = DeliveryTracker()

    init(
        configuration: SandboxConfiguration.Webhooks,
        clock: any IntercomClock,
        logger: Logger = Logger(label: "intercom-sandbox.webhooks")
    ) {
        self.configuration = configuration
        self.clock = clock
        let signer = WebhookSignature(secret: configuration.secret)
        self.signer = signer
        let (stream, continuation) = AsyncStream.makeStream(of: Delivery.self)
        self.queue = continuation
        let outstanding = self.outstanding
        let url = configuration.url
        self.worker = Task {
            var validated = false
            for await delivery in stream {
                if !validated {
                    // Intercom checks a receiver with a HEAD request before it delivers to it.
                    await Self.validate(url: url, logger: logger)
                    validated = true
                }
                await Self.deliver(delivery, to: url, signer: signer, clock: clock, logger: logger)
                outstanding.finishOne()
            }
        }
    }

    /// Queues a notification for delivery.
    func enqueue(topic: String, appID: String, item: JSONValue, createdAt: Int64) {
        let notification: JSONValue = [
            "type": "notification_event",
            "app_id": .string(appID),
            "id": .string("notif_" + UUID().uuidString.lowercased()),
            "topic": .string(topic),
            "delivery_status": "pending",
            "delivery_attempts": 1,
            "delivered_at": 0,
            "first_sent_at": .int(Int(createdAt)),
            "created_at": .int(Int(createdAt)),
            "self": nil,
            "links": [:],
            "data": ["type": "notification_event_data", "item": item],
        ]
        guard let body = try? IntercomJSON.makeEncoder().encode(notification) else { return }
        outstanding.add()
        queue.yield(Delivery(topic: topic, body: body))
    }

    /// Waits until every queued notification has been delivered or given up on.
    func flush() async {
        await outstanding.waitUntilIdle()
    }

    /// Stops delivering; queued notifications are dropped.
    func stop() {
        queue.finish()
        worker.cancel()
    }

    private static func validate(url: URL, logger: Logger) async {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .HEAD
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            if !(200..<300).contains(response.status.code) {
                logger.warning(
                    "Webhook receiver answered HEAD with \(response.status.code); Intercom would not accept it"
                )
            }
        } catch {
            logger.warning("Webhook receiver did not answer HEAD: \(error)")
        }
    }

    private static func deliver(
        _ delivery: Delivery,
        to url: URL,
        signer: WebhookSignature,
        clock: any IntercomClock,
        logger: Logger
    ) async {
        for attempt in 1...3 {
            var body = delivery.body
            if attempt > 1, var json = try? IntercomJSON.makeDecoder().decode(JSONValue.self, from: body),
                case .object(var object) = json
            {
                object["delivery_attempts"] = .int(attempt)
                json = .object(object)
                body = (try? IntercomJSON.makeEncoder().encode(json)) ?? body
            }
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "intercom-sandbox-webhooks")
            request.headers.add(name: WebhookSignature.headerName, value: signer.signature(for: body))
            request.body = .bytes(ByteBuffer(bytes: body))
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                _ = try? await response.body.collect(upTo: 1 << 20)
                if (200..<300).contains(response.status.code) { return }
                logger.warning("Webhook \(delivery.topic) got \(response.status.code) (attempt \(attempt))")
            } catch {
                logger.warning("Webhook \(delivery.topic) failed: \(error) (attempt \(attempt))")
            }
            if Task.isCancelled { return }
            try? await clock.sleep(for: .seconds(1))
        }
    }
}

/// Counts deliveries in flight and wakes those waiting for none to be left.
final class DeliveryTracker: Sendable {
    private let state = Mutex<(count: Int, waiters: [CheckedContinuation<Void, Never>])>((0, []))

    func add() {
        state.withLock { $0.count += 1 }
    }

    func finishOne() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.count -= 1
            guard state.count == 0 else { return [] }
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }

    func waitUntilIdle() async {
        await withCheckedContinuation { continuation in
            let idle = state.withLock { state -> Bool in
                guard state.count > 0 else { return true }
                state.waiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }
}

extension SandboxStore {
    /// Sends a notification about a change, when webhooks are configured.
    func emit(topic: String, item: WebhookItem) {
        guard let webhooks else { return }
        webhooks.enqueue(topic: topic, appID: data.appID, item: webhookJSON(for: item), createdAt: now)
    }

    /// Waits until every notification so far has been delivered.
    public func flushWebhooks() async {
        await webhooks?.flush()
    }

    /// Stops webhook delivery.
    func stopWebhooks() {
        webhooks?.stop()
    }
}
