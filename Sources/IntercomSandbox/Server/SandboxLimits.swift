import Foundation
import HTTPTypes
import Intercom

/// Upper bounds on everything the sandbox keeps because a client asked it to, so that no client can make it
/// use unbounded memory.
///
/// Each limit says what happens past it. Stores of records a client reads back by id (contacts, companies,
/// notes, conversations) refuse new ones with `422 limit_exceeded`; logs and caches (data events, OAuth codes,
/// tokens from the OAuth exchange) drop their oldest entry instead; the webhook queue drops new notifications
/// and counts them in `GET /sandbox/status`.
///
/// ```swift
/// var configuration = SandboxConfiguration()
/// configuration.limits.contacts = 1_000_000
/// ```
public struct SandboxLimits: Sendable, Hashable {
    /// Contacts in the store, however they are added: `POST /contacts`, `POST /sandbox/generate` or
    /// ``SandboxStore/generateContacts(count:)``. Past it, creating one answers `422 limit_exceeded`.
    /// Default: 250,000.
    public var contacts: Int = 250_000
    /// Companies in the store. Past it, creating one answers `422 limit_exceeded`. Default: 100,000.
    public var companies: Int = 100_000
    /// Tags in the store. Past it, creating one answers `422 limit_exceeded`. Default: 10,000.
    public var tags: Int = 10_000
    /// Conversations in the store. Past it, starting one answers `422 limit_exceeded`. Default: 100,000.
    public var conversations: Int = 100_000
    /// Parts (replies, notes, state changes) in one conversation. Past it, adding one answers
    /// `422 limit_exceeded`. Default: 5,000.
    public var partsPerConversation: Int = 5_000
    /// Notes on one contact. Past it, adding one answers `422 limit_exceeded`. Default: 1,000.
    public var notesPerContact: Int = 1_000
    /// Notes in the store. Past it, adding one answers `422 limit_exceeded`. Default: 100,000.
    public var notes: Int = 100_000
    /// Data events kept for one contact. Events are a log: recording one more drops that contact's oldest
    /// recorded event. Default: 10,000.
    public var eventsPerContact: Int = 10_000
    /// Data events kept in the store. Recording one more drops the oldest recorded event. Default: 100,000.
    public var events: Int = 100_000
    /// Distinct event names one contact can have submitted summaries for (`POST /events/summaries`).
    /// Past it, a summary for a new name answers `422 limit_exceeded`. Default: 1,000.
    public var eventSummariesPerContact: Int = 1_000
    /// Faults waiting in the queue, counting each repetition: `POST /sandbox/faults` and
    /// ``SandboxConfiguration/initialFaults``. Past it, queuing more answers `422 limit_exceeded` (and a
    /// configuration with more initial faults does not start). Default: 10,000.
    public var queuedFaults: Int = 10_000
    /// OAuth codes issued and not yet exchanged or expired. Issuing one more drops the oldest. Default: 1,000.
    public var oauthCodes: Int = 1_000
    /// How long an OAuth code can be exchanged after it is issued, on the sandbox's clock. A code works
    /// once. Default: 5 minutes.
    public var oauthCodeLifetime: Duration = .seconds(300)
    /// Access tokens issued by the OAuth exchange that the sandbox still accepts. Issuing one more stops the
    /// oldest issued token from working; the configured tokens always work. Default: 10,000.
    public var issuedTokens: Int = 10_000
    /// Webhook notifications waiting for delivery, including the one being delivered. Past it, new
    /// notifications are dropped and counted as `webhooks.dropped` in `GET /sandbox/status`. Default: 1,000.
    public var queuedWebhooks: Int = 1_000

    /// The default limits.
    public init() {}

    /// The name of the first limit that is negative, if any.
    var firstNegative: String? {
        let all: [(String, Int)] = [
            ("contacts", contacts), ("companies", companies), ("tags", tags), ("conversations", conversations),
            ("partsPerConversation", partsPerConversation), ("notesPerContact", notesPerContact),
            ("notes", notes), ("eventsPerContact", eventsPerContact), ("events", events),
            ("eventSummariesPerContact", eventSummariesPerContact), ("queuedFaults", queuedFaults),
            ("oauthCodes", oauthCodes), ("issuedTokens", issuedTokens), ("queuedWebhooks", queuedWebhooks),
        ]
        if oauthCodeLifetime < .zero { return "oauthCodeLifetime" }
        return all.first { $0.1 < 0 }?.0
    }

    /// How many more fit under `limit` when `used` are taken; never negative, and never overflows.
    static func room(_ limit: Int, used: Int) -> Int {
        guard used >= 0 else { return max(0, limit) }
        return limit > used ? limit - used : 0
    }

    /// The OAuth code lifetime in whole seconds, never negative.
    var oauthCodeLifetimeSeconds: Int64 {
        max(0, oauthCodeLifetime.components.seconds)
    }
}

extension SandboxError {
    /// The error for a store or queue at its limit: `422 limit_exceeded` with a message naming the limit.
    static func limitExceeded(_ message: String, field: String? = nil) -> SandboxError {
        SandboxError(.unprocessableContent, "limit_exceeded", message, field: field)
    }
}

/// A first-in, first-out queue with amortised O(1) push and pop, built on an array and a head index.
struct FIFO<Element> {
    private var storage: [Element] = []
    private var head = 0

    /// The number of elements waiting.
    var count: Int { storage.count - head }
    /// Whether no element is waiting.
    var isEmpty: Bool { head == storage.count }
    /// The oldest element, if any.
    var first: Element? { isEmpty ? nil : storage[head] }
    /// The newest element, if any.
    var last: Element? { isEmpty ? nil : storage.last }
    /// The waiting elements, oldest first.
    var elements: ArraySlice<Element> { storage[head...] }

    mutating func append(_ element: Element) {
        storage.append(element)
    }

    /// Replaces the newest element; does nothing when empty.
    mutating func replaceLast(_ element: Element) {
        guard !isEmpty else { return }
        storage[storage.count - 1] = element
    }

    /// Replaces the oldest element; does nothing when empty.
    mutating func replaceFirst(_ element: Element) {
        guard !isEmpty else { return }
        storage[head] = element
    }

    /// Removes and returns the oldest element.
    mutating func popFirst() -> Element? {
        guard !isEmpty else { return nil }
        let element = storage[head]
        head += 1
        if head == storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64, head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return element
    }

    mutating func removeAll() {
        storage.removeAll()
        head = 0
    }
}

extension FIFO: Sendable where Element: Sendable {}
