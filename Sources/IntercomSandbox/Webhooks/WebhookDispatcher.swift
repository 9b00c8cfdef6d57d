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
    /// An object the store keeps as JSON (``DocumentKind``), sent as it is.
    case document(JSONValue)
}

/// Delivers signed `notification_event` payloads to the configured receiver, one at a time and in
/// order, retrying a failed delivery twice.
///
/// Deliveries go through ``WebhookHTTP``: only to loopback URLs, never following redirects. At most
/// `queueLimit` notifications wait (counting the one being delivered); past it new ones are dropped and
/// counted, and ``counts`` reports them for `GET /sandbox/status`.
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
    private let outstanding: DeliveryTracker
    private let logger: Logger

    init(
        configuration: SandboxConfiguration.Webhooks,
        clock: any IntercomClock,
        queueLimit: Int = SandboxLimits().queuedWebhooks,
        logger: Logger = Logger(label: "intercom-sandbox.webhooks")
    ) {
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        let signer = WebhookSignature(secret: configuration.secret)
        self.signer = signer
        let (stream, continuation) = AsyncStream.makeStream(of: Delivery.self)
        self.queue = continuation
        let outstanding = DeliveryTracker(limit: queueLimit)
        self.outstanding = outstanding
        let url = configuration.url
        self.worker = Task {
            var validated = false
            for await delivery in stream {
                if !validated {
                    // Intercom checks a receiver with a HEAD request before it delivers to it.
                    await Self.validate(url: url, logger: logger)
                    validated = true
                }
                let delivered = await Self.deliver(delivery, to: url, signer: signer, clock: clock, logger: logger)
                outstanding.finishOne(delivered: delivered)
            }
        }
    }

    /// Queues a notification for delivery, or drops it (counting the drop) when the queue is full.
    func enqueue(topic: String, appID: String, item: JSONValue, createdAt: Int64) {
        let notification: JSONValue = [
            "type": "notification_event",
            "app_id": .string(appID),
            "id": .string("notif_" + UUID().uuidString.lowercased()),
            "topic": .string(topic),
            "delivery_status": "pending",
            "delivery_attempts": 1,
            "delivered_at": 0,
            "first_sent_at": .int(Int(clamping: createdAt)),
            "created_at": .int(Int(clamping: createdAt)),
            "self": nil,
            "links": [:],
            "data": ["type": "notification_event_data", "item": item],
        ]
        guard outstanding.reserve() else {
            // Counted in `GET /sandbox/status`; logged at debug level so a flood of drops cannot flood the log.
            logger.debug("Webhook queue is full (\(outstanding.limit)); dropped a \(topic) notification")
            return
        }
        guard let body = try? IntercomJSON.sharedEncoder.encode(notification) else {
            outstanding.cancelOne()
            return
        }
        if case .enqueued = queue.yield(Delivery(topic: topic, body: body)) { return }
        outstanding.cancelOne()
    }

    /// Waits until every queued notification has been delivered or given up on.
    func flush() async {
        await outstanding.waitUntilIdle()
    }

    /// Stops delivering; queued notifications are dropped and counted, and waiters on ``flush()`` resume.
    func stop() {
        queue.finish()
        worker.cancel()
        outstanding.stop()
    }

    /// Deliveries so far.
    var counts: WebhookCounts { outstanding.counts }

    private static func validate(url: URL, logger: Logger) async {
        do {
            let status = try await WebhookHTTP.head(url)
            if !(200..<300).contains(status) {
                logger.warning("Webhook receiver answered HEAD with \(status); Intercom would not accept it")
            }
        } catch let error as SandboxConfigurationError {
            logger.error("\(error.description)")
        } catch {
            logger.warning("Webhook receiver did not answer HEAD: \(error)")
        }
    }

    /// Delivers one notification, retrying twice; answers whether the receiver accepted it with a `2xx`.
    private static func deliver(
        _ delivery: Delivery,
        to url: URL,
        signer: WebhookSignature,
        clock: any IntercomClock,
        logger: Logger
    ) async -> Bool {
        for attempt in 1...3 {
            var body = delivery.body
            if attempt > 1, var json = try? IntercomJSON.sharedDecoder.decode(JSONValue.self, from: body),
                case .object(var object) = json
            {
                object["delivery_attempts"] = .int(attempt)
                json = .object(object)
                body = (try? IntercomJSON.sharedEncoder.encode(json)) ?? body
            }
            do {
                let status = try await WebhookHTTP.post(
                    body,
                    to: url,
                    headers: [WebhookSignature.headerName: signer.signature(for: body)]
                )
                if (200..<300).contains(status) { return true }
                logger.warning("Webhook \(delivery.topic) got \(status) (attempt \(attempt))")
            } catch let error as SandboxConfigurationError {
                logger.error("Webhook \(delivery.topic) not sent: \(error.description)")
                return false
            } catch {
                logger.warning("Webhook \(delivery.topic) failed: \(error) (attempt \(attempt))")
            }
            if Task.isCancelled { return false }
            try? await clock.sleep(for: .seconds(1))
        }
        return false
    }
}

/// How many webhook notifications wait, were delivered, failed after their retries, or were dropped because
/// the queue was full or the sandbox stopped.
struct WebhookCounts: Sendable, Hashable, Encodable {
    var queued = 0
    var delivered = 0
    var failed = 0
    var dropped = 0
}

/// Counts deliveries in flight, bounds them, and wakes those waiting for none to be left.
final class DeliveryTracker: Sendable {
    private struct State: Sendable {
        var counts = WebhookCounts()
        var stopped = false
        var waiters: [CheckedContinuation<Void, Never>] = []

        /// Takes the waiters to resume once nothing is queued.
        mutating func takeWaitersIfIdle() -> [CheckedContinuation<Void, Never>] {
            guard counts.queued == 0 else { return [] }
            defer { waiters = [] }
            return waiters
        }
    }

    private let state = Mutex(State())
    /// The most deliveries that can wait at once.
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a place in the queue; `false`, counting a drop, when it is full or delivery has stopped.
    func reserve() -> Bool {
        state.withLock { state in
            guard !state.stopped, state.counts.queued < limit else {
                state.counts.dropped += 1
                return false
            }
            state.counts.queued += 1
            return true
        }
    }

    /// Gives back a place that was reserved but never queued, counting a drop.
    func cancelOne() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.stopped, state.counts.queued > 0 else { return [] }
            state.counts.queued -= 1
            state.counts.dropped += 1
            return state.takeWaitersIfIdle()
        }
        waiters.forEach { $0.resume() }
    }

    /// Records the end of one delivery.
    func finishOne(delivered: Bool) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.stopped, state.counts.queued > 0 else { return [] }
            state.counts.queued -= 1
            if delivered { state.counts.delivered += 1 } else { state.counts.failed += 1 }
            return state.takeWaitersIfIdle()
        }
        waiters.forEach { $0.resume() }
    }

    /// Stops counting: whatever still waits is dropped, and every waiter resumes.
    func stop() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.stopped = true
            state.counts.dropped += state.counts.queued
            state.counts.queued = 0
            return state.takeWaitersIfIdle()
        }
        waiters.forEach { $0.resume() }
    }

    /// The counts so far.
    var counts: WebhookCounts { state.withLock { $0.counts } }

    func waitUntilIdle() async {
        await withCheckedContinuation { continuation in
            let idle = state.withLock { state -> Bool in
                guard state.counts.queued > 0 else { return true }
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

    /// Webhook deliveries so far; all zero when webhooks are not configured.
    nonisolated var webhookCounts: WebhookCounts {
        webhooks?.counts ?? WebhookCounts()
    }
}
