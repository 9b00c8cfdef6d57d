import Foundation
import HTTPTypes
import Intercom

extension SandboxStore {
    /// The most metadata keys an event keeps.
    static let maxEventMetadataKeys = 10
    /// How far back events can be listed.
    static let eventListingWindow: Int64 = 90 * 86_400

    /// Finds the contact an event or message names, by Intercom id, `user_id` (external id) or email.
    func contact(id: String?, userID: String?, email: String?) throws -> ContactRecord {
        if let id { return try contact(id) }
        if let userID { return try contact(externalID: userID) }
        if let email {
            let matches = contacts(email: email)
            guard let first = matches.first else { throw SandboxError.notFound("User Not Found") }
            guard matches.count == 1 else {
                throw SandboxError(
                    .conflict,
                    .conflict,
                    "Multiple existing users match this email address - must be more specific using user_id"
                )
            }
            return first
        }
        throw SandboxError.parameterNotFound("One of id, user_id or email is required")
    }

    /// Records an event; a duplicate (same contact, name and time) is ignored, as Intercom does.
    func recordEvent(
        name: String,
        createdAt: Int64?,
        id: String?,
        userID: String?,
        email: String?,
        metadata: [String: JSONValue]?
    ) throws {
        guard !name.isEmpty else { throw SandboxError.parameterNotFound("event_name is required", field: "event_name") }
        guard let createdAt else { throw SandboxError.parameterNotFound("created_at is required", field: "created_at") }
        let identifiers = [id, userID, email].compactMap { $0 }.count
        guard identifiers > 0 else { throw SandboxError.parameterNotFound("One of id, user_id or email is required") }
        let contact = try self.contact(id: id, userID: userID, email: email)
        var kept: [String: JSONValue] = [:]
        // Intercom keeps the first ten keys sent; JSON objects carry no order here, so the sandbox keeps
        // the first ten in alphabetical order.
        for key in (metadata ?? [:]).keys.sorted().prefix(Self.maxEventMetadataKeys) {
            guard let value = metadata?[key] else { continue }
            switch value {
            case .array:
                throw SandboxError.parameterInvalid("metadata.\(key) must not be an array", field: "metadata.\(key)")
            case .object(let object):
                let richLink = object["url"]?.stringValue != nil && object["value"]?.stringValue != nil
                let money = object["amount"]?.intValue != nil && object["currency"]?.stringValue != nil
                guard richLink || money else {
                    throw SandboxError.parameterInvalid(
                        "metadata.\(key) must be flat: only rich links {url, value} and money {amount, currency} may be objects",
                        field: "metadata.\(key)"
                    )
                }
            default:
                break
            }
            kept[key] = value
        }
        let duplicate = data.events.contains {
            $0.contactID == contact.id && $0.eventName == name && $0.createdAt == createdAt
        }
        guard !duplicate else { return }
        makeRoomForEvent(contactID: contact.id)
        guard limits.events > 0, limits.eventsPerContact > 0 else { return }
        data.events.append(
            EventRecord(
                id: SandboxIDs.objectID(),
                eventName: name,
                createdAt: createdAt,
                contactID: contact.id,
                userID: contact.externalID,
                email: contact.email,
                metadata: kept
            )
        )
    }

    /// Drops the oldest recorded events so that one more fits both ``SandboxLimits/eventsPerContact`` and
    /// ``SandboxLimits/events``. Events are a log, so the oldest go rather than the request failing.
    private func makeRoomForEvent(contactID: String) {
        let ofContact = data.events.reduce(0) { $1.contactID == contactID ? $0 + 1 : $0 }
        let contactExcess = ofContact - (max(1, limits.eventsPerContact) - 1)
        if contactExcess > 0 {
            let dropped = Set(data.events.lazy.filter { $0.contactID == contactID }.prefix(contactExcess).map(\.id))
            data.events.removeAll { $0.contactID == contactID && dropped.contains($0.id) }
        }
        let totalExcess = data.events.count - (max(1, limits.events) - 1)
        if totalExcess > 0 {
            data.events.removeFirst(min(totalExcess, data.events.count))
        }
    }

    /// A contact's events of the last 90 days, newest first.
    func events(ofContact id: String) -> [EventRecord] {
        let cutoff = now - Self.eventListingWindow
        return data.events.filter { $0.contactID == id && $0.createdAt >= cutoff }.sorted {
            $0.createdAt > $1.createdAt
        }
    }

    /// Adds counts to a contact's event summaries.
    ///
    /// - Throws: `422 limit_exceeded`, changing nothing, when a new event name would take the contact past
    ///   ``SandboxLimits/eventSummariesPerContact``.
    func recordSummaries(
        contact: ContactRecord,
        summaries: [(name: String, count: Int, first: Int64?, last: Int64?)]
    ) throws {
        var existing = data.eventSummaries[contact.id] ?? [:]
        let newNames = Set(summaries.map { $0.name }).subtracting(existing.keys)
        guard newNames.count <= SandboxLimits.room(limits.eventSummariesPerContact, used: existing.count) else {
            throw SandboxError.limitExceeded(
                "A contact can have summaries for at most \(limits.eventSummariesPerContact) event names",
                field: "event_summaries.event_name"
            )
        }
        for summary in summaries {
            let first = summary.first ?? now
            let last = summary.last ?? first
            if var current = existing[summary.name] {
                current.count = Checked.adding(current.count, summary.count)
                current.first = min(current.first, first)
                current.last = max(current.last, last)
                existing[summary.name] = current
            } else {
                existing[summary.name] = EventSummaryRecord(
                    name: summary.name,
                    count: summary.count,
                    first: first,
                    last: last
                )
            }
        }
        data.eventSummaries[contact.id] = existing
    }

    /// A contact's event summaries: its recorded events plus submitted summaries.
    func eventSummaries(ofContact id: String) -> [EventSummaryRecord] {
        var summaries = data.eventSummaries[id] ?? [:]
        for event in data.events where event.contactID == id {
            if var current = summaries[event.eventName] {
                current.count = Checked.adding(current.count, 1)
                current.first = min(current.first, event.createdAt)
                current.last = max(current.last, event.createdAt)
                summaries[event.eventName] = current
            } else {
                summaries[event.eventName] = EventSummaryRecord(
                    name: event.eventName,
                    count: 1,
                    first: event.createdAt,
                    last: event.createdAt
                )
            }
        }
        return summaries.values.sorted { $0.name < $1.name }
    }

    // MARK: Admins and teams

    func admin(_ id: String) throws -> AdminRecord {
        guard let admin = data.admins.first(where: { $0.id == id }) else {
            throw SandboxError.notFound("Admin Not Found", code: .adminNotFound)
        }
        return admin
    }

    /// Sets an admin's away mode; `reasonID` names one of the workspace's away status reasons, and coming
    /// back (`enabled` false) clears the reason.
    func setAway(adminID: String, enabled: Bool, reassign: Bool, reasonID: String? = nil) throws -> AdminRecord {
        guard let index = data.admins.firstIndex(where: { $0.id == adminID }) else {
            throw SandboxError.notFound("Admin Not Found", code: .adminNotFound)
        }
        if let reasonID, !data.hasDocument(.awayStatusReason, reasonID) {
            throw SandboxError.parameterInvalid(
                "away_status_reason_id \(reasonID) is not one of the workspace's away status reasons",
                field: "away_status_reason_id"
            )
        }
        data.admins[index].awayStatusReasonID = enabled ? reasonID : nil
        data.admins[index].awayModeEnabled = enabled
        data.admins[index].awayModeReassign = reassign
        logActivity(
            "admin_away_mode_change",
            adminID: adminID,
            metadata: ["away_mode": .bool(enabled), "reassign_conversations": .bool(reassign)]
        )
        return data.admins[index]
    }

    func team(_ id: String) throws -> TeamRecord {
        guard let team = data.teams.first(where: { $0.id == id }) else {
            throw SandboxError.notFound("Team Not Found", code: .teamNotFound)
        }
        return team
    }

    // MARK: OAuth

    /// Issues an OAuth authorization code, as Intercom's consent screen does once a user approves an app.
    public func issueCode() -> String {
        issueAuthorizationCode()
    }

    /// Issues a code, first forgetting expired ones, then the oldest while more than
    /// ``SandboxLimits/oauthCodes`` would be outstanding.
    func issueAuthorizationCode() -> String {
        let current = now
        data.oauthCodes = data.oauthCodes.filter { isFresh(issuedAt: $0.value, now: current) }
        let keep = max(1, limits.oauthCodes) - 1
        if data.oauthCodes.count > keep {
            let oldest = data.oauthCodes.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
            for (code, _) in oldest.prefix(data.oauthCodes.count - keep) { data.oauthCodes[code] = nil }
        }
        let code = "code_" + SandboxIDs.objectID()
        if limits.oauthCodes > 0 { data.oauthCodes[code] = current }
        return code
    }

    /// Whether a code issued at `issued` can still be exchanged at `now`: within
    /// ``SandboxLimits/oauthCodeLifetime``, without overflowing on odd stored times. A code issued
    /// "later" than now (the clock was advanced, then the sandbox restarted) is not fresh.
    private func isFresh(issuedAt issued: Int64, now: Int64) -> Bool {
        let (age, overflow) = now.subtractingReportingOverflow(issued)
        return !overflow && age >= 0 && age <= limits.oauthCodeLifetimeSeconds
    }

    /// Exchanges a fresh, unused code for a token. A code works once, within
    /// ``SandboxLimits/oauthCodeLifetime`` (five minutes by default) on the sandbox's clock.
    func redeemAuthorizationCode(_ code: String) throws -> String {
        guard let issued = data.oauthCodes.removeValue(forKey: code), isFresh(issuedAt: issued, now: now) else {
            throw SandboxError(
                .unauthorized,
                "invalid_grant",
                "The authorization code is invalid, expired or already used"
            )
        }
        return "oauth_" + SandboxIDs.objectID() + SandboxIDs.objectID()
    }
}
