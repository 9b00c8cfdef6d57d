public import Foundation
import Intercom

/// The sandbox's data: one workspace, kept in memory and safe under concurrent requests.
///
/// Every change goes through this actor, so counts stay exact however many requests arrive at once.
public actor SandboxStore {
    let clock: any IntercomClock
    let webhooks: WebhookDispatcher?
    /// The bounds on what clients can make the store keep.
    let limits: SandboxLimits
    var data = WorkspaceData()

    init(
        clock: any IntercomClock,
        webhooks: SandboxConfiguration.Webhooks?,
        limits: SandboxLimits = SandboxLimits()
    ) {
        self.clock = clock
        self.limits = limits
        self.webhooks = webhooks.map {
            WebhookDispatcher(configuration: $0, clock: clock, queueLimit: limits.queuedWebhooks)
        }
    }

    /// The current time as whole Unix seconds.
    var now: Int64 { IntercomJSON.unixSeconds(clock.now) }

    /// Replaces all data with a fresh seed.
    public func reset(seed: SandboxConfiguration.Seed) {
        data = WorkspaceData()
        SampleWorkspace.seed(into: &data, seed: seed, now: now)
    }

    /// How many objects of each kind the store holds.
    public func counts() -> [String: Int] {
        [
            "admins": data.admins.count,
            "teams": data.teams.count,
            "contacts": data.contacts.count,
            "users": data.contacts.values.filter { $0.role == "user" }.count,
            "leads": data.contacts.values.filter { $0.role == "lead" }.count,
            "companies": data.companies.count,
            "tags": data.tags.count,
            "segments": data.segments.count,
            "notes": data.notes.count,
            "events": data.events.count,
            "conversations": data.conversations.count,
        ]
    }

    /// Saves every object to a JSON file.
    ///
    /// The JSON goes to a temporary file in the same directory first, which is then renamed over
    /// `file` (`Data.WritingOptions.atomic`), so a crash or full disk mid-write never leaves a
    /// half-written file behind: `file` holds either the old data or the new.
    ///
    /// - Throws: ``SandboxDataFileError`` naming the file, for example when its directory is gone
    ///   or read-only.
    public func save(to file: URL) throws {
        let encoder = IntercomJSON.makeEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            try encoder.encode(data).write(to: file, options: .atomic)
        } catch {
            throw SandboxDataFileError(file: file, operation: .save, underlying: error)
        }
    }

    /// Replaces all data with what a JSON file written by ``save(to:)`` holds.
    ///
    /// - Throws: ``SandboxDataFileError`` naming the file when it cannot be read or does not hold
    ///   sandbox data; the data in memory is then left as it was.
    public func load(from file: URL) throws {
        do {
            var loaded = try IntercomJSON.sharedDecoder.decode(WorkspaceData.self, from: Data(contentsOf: file))
            try loaded.validate(limits: limits)
            data = loaded
        } catch {
            throw SandboxDataFileError(file: file, operation: .load, underlying: error)
        }
    }
}

/// Everything the store holds, as one value that can be saved and loaded.
struct WorkspaceData: Codable, Sendable {
    var appID = "sandbox-app"
    var admins: [AdminRecord] = []
    var teams: [TeamRecord] = []
    /// Contacts, indexed, in creation order (the listing order).
    var contacts = ContactTable()
    /// The listing order as data files of earlier versions wrote it next to an id-keyed `contacts`;
    /// applied when such a file is loaded, never written.
    var contactOrder: [String]?
    var companies: [String: CompanyRecord] = [:]
    var companyOrder: [String] = []
    var tags: [TagRecord] = []
    var segments: [SegmentRecord] = []
    var notes = NoteTable()
    var events: [EventRecord] = []
    var eventSummaries: [String: [String: EventSummaryRecord]] = [:]
    var conversations: [String: ConversationRecord] = [:]
    var conversationOrder: [String] = []
    var dataAttributes: [DataAttributeRecord] = []
    var subscriptionTypes: [SubscriptionTypeRecord] = []
    var scroll: ScrollRecord?
    var oauthCodes: [String: Int64] = [:]
    /// The resources kept as JSON objects (``DocumentKind``); absent in data files of earlier versions.
    var documentStore: [DocumentKind: DocumentCollection]?
    var nextNumericID = 1_000_000

    /// A new numeric id, as Intercom uses for conversations, parts, tags and notes.
    mutating func numericID() -> String {
        // `validate(limits:)` keeps a loaded counter far below `Int.max`; this guard only makes sure.
        if nextNumericID < Int.max { nextNumericID += 1 }
        return String(nextNumericID)
    }

    /// The largest numeric-id counter a data file may hold.
    static let maxNumericID = Int.max / 2

    /// Checks data read from a file, which anyone may have edited, before the store uses it: counts
    /// within the sandbox's limits, counters that cannot overflow, and a scroll that points inside its
    /// own list. Times of OAuth codes outside any date's range are dropped rather than refused.
    mutating func validate(limits: SandboxLimits) throws(WorkspaceDataError) {
        func check(_ count: Int, _ limit: Int, _ what: String) throws(WorkspaceDataError) {
            guard count <= limit else { throw WorkspaceDataError("\(count) \(what), more than the limit of \(limit)") }
        }
        try check(contacts.count, limits.contacts, "contacts")
        try check(companies.count, limits.companies, "companies")
        try check(tags.count, limits.tags, "tags")
        try check(conversations.count, limits.conversations, "conversations")
        try check(notes.count, limits.notes, "notes")
        try check(events.count, limits.events, "events")
        guard (0...Self.maxNumericID).contains(nextNumericID) else {
            throw WorkspaceDataError("nextNumericID \(nextNumericID) is outside 0...\(Self.maxNumericID)")
        }
        if let scroll, !(0...scroll.companyIDs.count).contains(scroll.position) || !scroll.lastUsedAt.isFinite {
            self.scroll = nil
        }
        oauthCodes = oauthCodes.filter { IntercomJSON.unixSecondsRange.contains($0.value) }
        if let legacyOrder = contactOrder {
            contacts.reorder(legacyOrder)
            contactOrder = nil
        }
    }
}

/// Why a data file's contents cannot be loaded.
struct WorkspaceDataError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Totals of one event for one contact, as `POST /events/summaries` records them.
struct EventSummaryRecord: Codable, Sendable, Hashable {
    var name: String
    var count: Int
    var first: Int64
    var last: Int64
}

/// A teammate.
struct AdminRecord: Codable, Sendable, Hashable {
    var id: String
    var name: String
    var email: String
    var jobTitle: String?
    var awayModeEnabled = false
    var awayModeReassign = false
    /// Why the admin is away, an away status reason's id; absent in data files of earlier versions.
    var awayStatusReasonID: String?
    var hasInboxSeat = true
    var teamIDs: [String] = []
}

/// A team of admins.
struct TeamRecord: Codable, Sendable, Hashable {
    var id: String
    var name: String
    var adminIDs: [String]
}
