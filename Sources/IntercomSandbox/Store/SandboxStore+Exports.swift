import Foundation
import Intercom

// MARK: - Export jobs

/// The export jobs of `/export/content/data` and `/export/reporting_data`: how they move through their
/// states on the sandbox clock, how many may wait at once, and what they answer.
///
/// A job keeps only what it was asked for and when; its state is worked out from its age whenever it
/// is read, so no background work is needed and advancing the clock is enough to finish it.
enum ExportJobs {
    /// Seconds a content export stays `pending` before it starts.
    static let contentStartSeconds: Int64 = 5
    /// Seconds after its creation at which a content export has finished.
    static let contentFinishSeconds: Int64 = 15
    /// Seconds a reporting export stays `pending` before it is `complete`.
    static let reportingFinishSeconds: Int64 = 10
    /// How long a finished file stays downloadable: two days.
    static let downloadLifetimeSeconds: Int64 = 2 * 86_400
    /// Content exports that may be pending or running at once in a workspace.
    static let maxActiveContentExports = 1
    /// Reporting exports that may be pending at once in a workspace.
    static let maxPendingReportingExports = 5
    /// The last second of year 9999, the latest time a job may name.
    static let latestSecond: Int64 = 253_402_300_799
    /// What a download of a job with no file answers.
    static let noFile = SandboxError.notFound("The requested resource does not exist.")

    /// A new job identifier: sixteen lowercase letters and digits, unused by any job of `kind`.
    static func newIdentifier(in data: WorkspaceData, kind: DocumentKind) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var identifier = ""
        repeat {
            identifier = String((0..<16).map { _ in alphabet.randomElement() ?? "x" })
        } while data.hasDocument(kind, identifier)
        return identifier
    }

    /// A stored time, held to the years 1970 to 9999 (a loaded data file may hold anything).
    static func time(_ value: JSONValue?) -> Int64 {
        min(max(Int64(clamping: value?.intValue ?? 0), 0), latestSecond)
    }

    /// Seconds since the job was created.
    static func age(_ job: [String: JSONValue], now: Int64) -> Int64 {
        now - time(job["created_at"])
    }

    // MARK: Content exports

    /// The state of a content export: `pending`, `in_progress`, then `completed` (or `no_data` when the
    /// range holds nothing to export); `canceled` once canceled.
    static func contentStatus(_ job: [String: JSONValue], data: WorkspaceData, now: Int64) -> String {
        if job["canceled_at"]?.intValue != nil { return "canceled" }
        let elapsed = age(job, now: now)
        if elapsed < contentStartSeconds { return "pending" }
        if elapsed < contentFinishSeconds { return "in_progress" }
        return receiptRows(data, from: time(job["created_at_after"]), to: time(job["created_at_before"])).isEmpty
            ? "no_data" : "completed"
    }

    /// Whether a content export still holds the workspace's one slot.
    static func isActive(_ job: [String: JSONValue], data: WorkspaceData, now: Int64) -> Bool {
        let status = contentStatus(job, data: data, now: now)
        return status == "pending" || status == "in_progress"
    }

    /// How many content exports are pending or running.
    static func activeContentExports(in data: WorkspaceData, now: Int64) -> Int {
        data.documents(.contentExport).filter { isActive($0, data: data, now: now) }.count
    }

    /// When a finished job's file stops being downloadable.
    static func expiry(_ job: [String: JSONValue], finishSeconds: Int64) -> Int64 {
        time(job["created_at"]) + finishSeconds + downloadLifetimeSeconds
    }

    /// A content export as Intercom answers it; the links are empty strings until the file is ready.
    static func contentWire(
        _ job: [String: JSONValue],
        data: WorkspaceData,
        now: Int64,
        base: String
    ) -> [String: JSONValue] {
        let id = job["id"]?.stringValue ?? ""
        let status = contentStatus(job, data: data, now: now)
        let ready = status == "completed"
        return [
            "job_identifier": .string(id),
            "status": .string(status),
            "download_url": .string(ready ? "\(base)/download/content/data/\(id)" : ""),
            "download_expires_at": .string(ready ? String(expiry(job, finishSeconds: contentFinishSeconds)) : ""),
        ]
    }

    /// The columns of the receipts file a content export holds.
    static let receiptColumns = [
        "user_id", "user_external_id", "company_id", "email", "name", "ruleset_id", "content_id", "content_type",
        "content_title", "received_at",
    ]

    /// One receipt per contact of each conversation started in the range. Like Intercom, the range covers
    /// whole days (UTC): from the start of the first day to the end of the last.
    static func receiptRows(_ data: WorkspaceData, from: Int64, to: Int64) -> [[String]] {
        let day: Int64 = 86_400
        let start = from - from % day
        let end = to - to % day + day - 1
        guard start <= end else { return [] }
        let timestamps = TimestampText()
        var rows: [[String]] = []
        for id in data.conversationOrder {
            guard let conversation = data.conversations[id], (start...end).contains(conversation.createdAt) else {
                continue
            }
            for contactID in conversation.contactIDs {
                guard let contact = data.contacts[contactID] else { continue }
                let company = contact.companyIDs.first.flatMap { data.companies[$0]?.companyID } ?? "-1"
                rows.append([
                    contact.id, contact.externalID ?? "", company, contact.email ?? "", contact.name ?? "",
                    conversation.messageID ?? conversation.id, conversation.id, conversation.sourceType,
                    conversation.title ?? conversation.sourceSubject ?? "", timestamps.text(conversation.createdAt),
                ])
            }
        }
        return rows
    }

    // MARK: Reporting exports

    /// The state of a reporting export: `pending`, then `complete`.
    static func reportingStatus(_ job: [String: JSONValue], now: Int64) -> String {
        age(job, now: now) < reportingFinishSeconds ? "pending" : "complete"
    }

    /// A reporting export as Intercom answers it; the links are empty strings until the file is ready.
    static func reportingWire(_ job: [String: JSONValue], now: Int64, base: String) -> [String: JSONValue] {
        let id = job["id"]?.stringValue ?? ""
        let status = reportingStatus(job, now: now)
        let ready = status == "complete"
        return [
            "job_identifier": .string(id),
            "status": .string(status),
            "download_url": .string(ready ? "\(base)/download/reporting_data/\(id)" : ""),
            "download_expires_at": .string(ready ? String(expiry(job, finishSeconds: reportingFinishSeconds)) : ""),
        ]
    }

    /// The CSV file of a reporting export: the requested attributes, in the requested order, of each
    /// record of the dataset whose time falls in the range.
    static func reportingCSV(_ job: [String: JSONValue], data: WorkspaceData) -> String {
        let dataset = ReportingDataset.named(job["dataset_id"]?.stringValue ?? "")
        let columns = (job["attribute_ids"]?.arrayValue ?? []).compactMap(\.stringValue)
        let records = dataset?.records(in: data, from: time(job["start_time"]), to: time(job["end_time"])) ?? []
        return CSVText.document(header: columns, rows: records.map { record in columns.map { record[$0] ?? "" } })
    }
}

/// Unix seconds written as ISO 8601 text (`2023-11-14T22:13:20Z`), with one formatter for a whole file.
struct TimestampText {
    private let formatter = ISO8601DateFormatter()

    func text(_ seconds: Int64) -> String {
        formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}

// MARK: - Reporting datasets

/// A dataset the reporting export offers: the attributes a job may ask for, and how one record of the
/// store reads as a row of them.
struct ReportingDataset: Sendable {
    /// One column a job may ask for.
    struct Attribute: Sendable {
        var id: String
        var name: String
    }

    var id: String
    var name: String
    var description: String
    var defaultTimeAttributeID: String
    var attributes: [Attribute]

    /// Every dataset, in the order `get_datasets` lists them.
    static let all: [ReportingDataset] = [conversation, call]

    static let conversation = ReportingDataset(
        id: "conversation",
        name: "Conversation",
        description: "One row per conversation, with its state, channel, assignment and timing.",
        defaultTimeAttributeID: "conversation_started_at",
        attributes: [
            Attribute(id: "conversation_id", name: "Conversation ID"),
            Attribute(id: "conversation_started_at", name: "Conversation started at"),
            Attribute(id: "conversation_last_updated_at", name: "Conversation last updated at"),
            Attribute(id: "conversation_state", name: "Conversation state"),
            Attribute(id: "conversation_title", name: "Conversation title"),
            Attribute(id: "channel", name: "Channel"),
            Attribute(id: "teammate_assigned_id", name: "Teammate assigned ID"),
            Attribute(id: "team_assigned_id", name: "Team assigned ID"),
            Attribute(id: "contact_id", name: "Contact ID"),
        ]
    )

    static let call = ReportingDataset(
        id: "call",
        name: "Call",
        description: "One row per phone call, with its direction, outcome and length.",
        defaultTimeAttributeID: "call_started_at",
        attributes: [
            Attribute(id: "call_id", name: "Call ID"),
            Attribute(id: "call_started_at", name: "Call started at"),
            Attribute(id: "call_direction", name: "Call direction"),
            Attribute(id: "call_state", name: "Call state"),
            Attribute(id: "call_ended_reason", name: "Call ended reason"),
            Attribute(id: "call_duration_seconds", name: "Call duration (seconds)"),
            Attribute(id: "teammate_id", name: "Teammate ID"),
            Attribute(id: "contact_id", name: "Contact ID"),
            Attribute(id: "conversation_id", name: "Conversation ID"),
        ]
    )

    /// The dataset with `id`.
    static func named(_ id: String) -> ReportingDataset? {
        all.first { $0.id == id }
    }

    /// Whether the dataset has an attribute with `id`.
    func hasAttribute(_ id: String) -> Bool {
        attributes.contains { $0.id == id }
    }

    /// The dataset as `get_datasets` lists it.
    var wire: [String: JSONValue] {
        [
            "id": .string(id),
            "name": .string(name),
            "description": .string(description),
            "default_time_attribute_id": .string(defaultTimeAttributeID),
            "attributes": .array(
                attributes.map { attribute -> JSONValue in
                    ["id": .string(attribute.id), "name": .string(attribute.name)]
                }
            ),
        ]
    }

    /// Each record whose time attribute falls in `from...to`, as attribute id to text.
    func records(in data: WorkspaceData, from: Int64, to: Int64) -> [[String: String]] {
        guard from <= to else { return [] }
        let range = from...to
        let timestamps = TimestampText()
        switch id {
        case Self.conversation.id:
            let conversations = data.conversationOrder.compactMap { data.conversations[$0] }
            return conversations.filter { range.contains($0.createdAt) }
                .map { conversation -> [String: String] in
                    [
                        "conversation_id": conversation.id,
                        "conversation_started_at": timestamps.text(conversation.createdAt),
                        "conversation_last_updated_at": timestamps.text(conversation.updatedAt),
                        "conversation_state": conversation.state,
                        "conversation_title": conversation.title ?? conversation.sourceSubject ?? "",
                        "channel": conversation.sourceType == "email" ? "email" : "chat",
                        "teammate_assigned_id": conversation.adminAssigneeID.map(String.init) ?? "",
                        "team_assigned_id": conversation.teamAssigneeID.map(String.init) ?? "",
                        "contact_id": conversation.contactIDs.first ?? "",
                    ]
                }
        case Self.call.id:
            let calls = data.documents(.call).filter { range.contains(ExportJobs.time($0["initiated_at"])) }
            return calls.map { call -> [String: String] in
                let started = ExportJobs.time(call["initiated_at"])
                let ended = call["ended_at"]?.intValue != nil ? ExportJobs.time(call["ended_at"]) : started
                return [
                    "call_id": call["id"]?.stringValue ?? "",
                    "call_started_at": timestamps.text(started),
                    "call_direction": call["direction"]?.stringValue ?? "",
                    "call_state": call["state"]?.stringValue ?? "",
                    "call_ended_reason": call["ended_reason"]?.stringValue ?? "",
                    "call_duration_seconds": String(max(ended - started, 0)),
                    "teammate_id": call["admin_id"]?.stringValue ?? "",
                    "contact_id": call["contact_id"]?.stringValue ?? "",
                    "conversation_id": call["conversation_id"]?.stringValue ?? "",
                ]
            }
        default:
            return []
        }
    }
}

// MARK: - Files

/// CSV text as RFC 4180 writes it: comma-separated, CRLF line ends, fields quoted when they need it.
enum CSVText {
    /// The header line and one line per row.
    static func document(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// One field, quoted (with quotes doubled) when it holds a comma, a quote or a line break.
    static func field(_ text: String) -> String {
        let special = Set(",\"\r\n".unicodeScalars)
        guard text.unicodeScalars.contains(where: { special.contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A gzip file (RFC 1952) holding its payload in "stored" deflate blocks (RFC 1951, section 3.2.4):
/// uncompressed, since Foundation has no compressor, yet readable by every gunzip.
enum Gzip {
    /// The most bytes one stored block holds.
    static let blockSize = 65_535

    /// `payload` in a gzip file that names it `fileName` and dates it `modified` (Unix seconds).
    static func wrap(_ payload: [UInt8], fileName: String, modified: Int64) -> [UInt8] {
        // Magic number, compression method 8 (deflate), flags: FNAME.
        var file: [UInt8] = [0x1F, 0x8B, 0x08, 0x08]
        file += littleEndian(UInt32(clamping: max(modified, 0)))
        // No extra flags; operating system 255 (unknown).
        file += [0x00, 0xFF]
        file += fileName.utf8.filter { $0 != 0 } + [0]
        var offset = 0
        repeat {
            let end = min(offset + blockSize, payload.count)
            let length = UInt16(clamping: end - offset)
            // BFINAL in bit 0 and BTYPE 00 (stored); the rest of the byte pads to the byte boundary.
            file.append(end == payload.count ? 0x01 : 0x00)
            file += littleEndian(length) + littleEndian(~length)
            file += payload[offset..<end]
            offset = end
        } while offset < payload.count
        file += littleEndian(CRC32.checksum(payload))
        file += littleEndian(UInt32(truncatingIfNeeded: payload.count))
        return file
    }

    static func littleEndian(_ value: UInt16) -> [UInt8] {
        [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)]
    }

    static func littleEndian(_ value: UInt32) -> [UInt8] {
        [
            UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 24),
        ]
    }
}

/// The CRC-32 checksum gzip uses (ISO 3309: reflected polynomial `0xEDB88320`).
enum CRC32 {
    /// The checksum of every byte value, for the byte-at-a-time loop.
    static let table: [UInt32] = (0..<256).map { index -> UInt32 in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1
        }
        return value
    }

    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }
}

// MARK: - Sample data

extension SampleWorkspace {
    /// The id of the sample workspace's finished content export. Its finished reporting export has the
    /// same id (the two kinds of job are looked up apart), so one sample id serves both download paths.
    static let sampleExportID = "sbx4m8q2w7c1d9fz"

    /// Three calls on the sample conversations (a Fin leg handed to a teammate, and an unanswered
    /// outbound call), a Fin agent conversation waiting for its rating, and one finished export of each kind.
    static func seedCalls(into data: inout WorkspaceData, now: Int64) {
        let day: Int64 = 86_400
        let margaret = "6560c0a15f4d1a0001ab0001"
        let katherine = "6560c0a15f4d1a0001ab0002"
        let finStart = now - 3 * day + 300
        let finEnd = finStart + 95
        let teammateAnswered = finEnd + 6
        let teammateEnd = teammateAnswered + 250
        func line(_ offset: Int, _ speaker: String, _ text: String) -> JSONValue {
            ["offset_seconds": .int(offset), "speaker": .string(speaker), "text": .string(text)]
        }
        let teammateLeg: [String: JSONValue] = [
            "type": "call", "id": "310000000001", "conversation_id": "147000000001", "admin_id": .string(ownerID),
            "contact_id": .string(margaret), "state": "completed", "initiated_at": .time(finEnd),
            "answered_at": .time(teammateAnswered), "ended_at": .time(teammateEnd), "created_at": .time(finEnd),
            "updated_at": .time(teammateEnd + 1), "call_type": "phone", "direction": "inbound",
            "ended_reason": "completed", "phone": "+15550100101", "recording": true, "fin_call_id": "310000000002",
            "transcript": .array([
                line(2, "Teammate 1", "Hi, this is Ada from support. Fin tells me your CSV export is slow."),
                line(9, "User", "Yes, the nightly export takes several minutes now."),
                line(17, "Teammate 1", "I can see it. Narrowing the date range should bring it back down."),
                line(26, "User", "Thanks, I'll try a weekly range."),
            ]),
        ]
        let finLeg: [String: JSONValue] = [
            "type": "call", "id": "310000000002", "conversation_id": "147000000001", "admin_id": .null,
            "contact_id": .string(margaret), "state": "completed", "initiated_at": .time(finStart),
            "answered_at": .time(finStart + 1), "ended_at": .time(finEnd), "created_at": .time(finStart),
            "updated_at": .time(finEnd), "call_type": "phone", "direction": "inbound",
            "ended_reason": "transferred", "phone": "+15550100101", "recording": true, "fin_call_id": .null,
            "transcript": .array([
                line(1, "Fin", "Hello, I'm Fin. What can I help you with?"),
                line(5, "User", "Our data export has become really slow."),
                line(12, "Fin", "Let me bring in a teammate who can look at your workspace."),
            ]),
        ]
        let outbound = now - 9 * day
        let unanswered: [String: JSONValue] = [
            "type": "call", "id": "310000000003", "conversation_id": "147000000002", "admin_id": "991267461",
            "contact_id": .string(katherine), "state": "completed", "initiated_at": .time(outbound),
            "answered_at": .null, "ended_at": .time(outbound + 30), "created_at": .time(outbound),
            "updated_at": .time(outbound + 31), "call_type": "phone", "direction": "outbound",
            "ended_reason": "no_answer", "phone": "+15550100102", "recording": false, "fin_call_id": .null,
            "transcript": .null,
        ]
        // The first call is the one with everything: recording, transcript and a Fin leg.
        let calls = [teammateLeg, finLeg, unanswered]
        for call in calls {
            _ = try? data.insertDocument(.call, call)
        }
        seedFinConversation(into: &data, now: now, contactID: margaret)
        _ = try? data.insertDocument(
            .contentExport,
            [
                "id": .string(sampleExportID), "created_at": .time(now - 3_600),
                "created_at_after": .time(now - 30 * day), "created_at_before": .time(now), "canceled_at": .null,
            ]
        )
        _ = try? data.insertDocument(
            .reportingExport,
            [
                "id": .string(sampleExportID), "created_at": .time(now - 3_600), "dataset_id": "conversation",
                "attribute_ids": .array(ReportingDataset.conversation.attributes.map { JSONValue.string($0.id) }),
                "start_time": .time(now - 30 * day), "end_time": .time(now),
            ]
        )
    }

    /// A Fin agent conversation Fin finished ten minutes ago and asked the user to rate. Its external id
    /// is the sample conversation's id, as for a client that mirrors Intercom's conversation ids.
    private static func seedFinConversation(into data: inout WorkspaceData, now: Int64, contactID: String) {
        let asked = now - 600
        let formatter = ISO8601DateFormatter()
        func stamp(_ seconds: Int64) -> JSONValue {
            .string(formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))))
        }
        let messages: [JSONValue] = [
            ["author": "user", "body": "How do I schedule a weekly export?", "timestamp": stamp(asked - 60)],
            ["author": "fin", "body": "<p>Open Settings, then Exports.</p>", "timestamp": stamp(asked - 55)],
            ["author": "user", "body": "Found it, thanks!", "timestamp": stamp(asked)],
        ]
        let conversation: [String: JSONValue] = [
            "id": "147000000001", "user_id": "user-1001", "user_name": "Margaret Hamilton",
            "user_email": "margaret@acme.example", "contact_id": .string(contactID), "messages": .array(messages),
            "user_attributes": .object([:]), "conversation_attributes": .object([:]), "escalated": false,
            "last_user_message_at": .time(asked), "created_at": .time(asked - 60), "updated_at": .time(asked),
            "rating": .null, "remark": .null, "rated_at": .null,
        ]
        _ = try? data.insertDocument(.finConversation, conversation)
    }
}
