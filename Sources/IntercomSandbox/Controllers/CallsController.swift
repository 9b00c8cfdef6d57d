import Foundation
import HTTPTypes
import Hummingbird
import Intercom
import NIOCore

/// `/calls` (list, find, recording, transcript and the search by conversation) and the phone switch of
/// `POST /phone_call_redirects`.
///
/// Calls are read-only in the API: the sample workspace seeds them. A stored call keeps, besides the
/// fields Intercom answers with, whether it has a recording (`recording`), its transcript lines
/// (`transcript`) and the id of the call Fin handled before handing over (`fin_call_id`); the links are
/// made from those, on the address the client reached the sandbox at.
struct CallsController {
    let store: SandboxStore

    /// The page size of `GET /calls`, which is also the most a page may hold.
    static let pageSize = 25
    /// The most conversation ids one search may name.
    static let maxConversationIDs = 20

    /// The members of a call as Intercom answers with it, besides the links.
    static let publicKeys = [
        "type", "id", "conversation_id", "admin_id", "contact_id", "state", "initiated_at", "answered_at", "ended_at",
        "created_at", "updated_at", "call_type", "direction", "ended_reason", "phone",
    ]

    func register(on router: Router<SandboxContext>) {
        let store = self.store
        router.get("calls") { request, _ in
            let base = TicketsController.baseURL(request)
            let calls = await store.read { store in
                let data = store.data
                return data.documents(.call).map { Self.wire($0, data: data, base: base) }
            }
            return try Reply.numberedList(
                calls,
                request: request,
                defaultPerPage: Self.pageSize,
                maxPerPage: Self.pageSize
            )
        }
        router.post("calls/search") { request, _ in
            let body = try await request.jsonBody()
            let conversationIDs = try Self.conversationIDs(body)
            let base = TicketsController.baseURL(request)
            let calls = await store.read { store in
                let data = store.data
                return data.documents(.call).filter { call in
                    call["conversation_id"]?.stringValue.map { conversationIDs.contains($0) } ?? false
                }.map { Self.searchWire($0, data: data, base: base) }
            }
            return try Reply.plainList(calls)
        }
        router.get("calls/:call_id") { request, context in
            let id = try context.path("call_id")
            let base = TicketsController.baseURL(request)
            let call = try await store.read { store in
                try Self.wire(store.data.document(.call, id), data: store.data, base: base)
            }
            return try Reply.object(call)
        }
        router.get("calls/:call_id/recording") { request, context in
            let id = try context.path("call_id")
            let base = TicketsController.baseURL(request)
            let call = try await store.read { store in try store.data.document(.call, id) }
            guard Self.hasRecording(call) else { throw Self.noRecording }
            return Response(status: .found, headers: [.location: "\(base)/calls/\(id)/recording/file"])
        }
        // Where the recording link leads: the "signed" file a real redirect would point at.
        router.get("calls/:call_id/recording/file") { _, context in
            let id = try context.path("call_id")
            let call = try await store.read { store in try store.data.document(.call, id) }
            guard Self.hasRecording(call) else { throw Self.noRecording }
            return Response(
                status: .ok,
                headers: [.contentType: "audio/wav", .contentDisposition: "attachment; filename=call-\(id).wav"],
                body: .init(byteBuffer: ByteBuffer(bytes: Self.silentRecording))
            )
        }
        router.get("calls/:call_id/transcript") { _, context in
            let id = try context.path("call_id")
            let call = try await store.read { store in try store.data.document(.call, id) }
            let lines = call["transcript"]?.arrayValue ?? []
            guard !lines.isEmpty else { throw DocumentKind.call.notFound(id) }
            let day = String(TimestampText().text(ExportJobs.time(call["created_at"])).prefix(10))
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/plain; charset=utf-8",
                    .contentDisposition: "attachment; filename=transcription_data-\(day).txt",
                ],
                body: .init(byteBuffer: ByteBuffer(string: Self.transcriptText(lines)))
            )
        }
        registerPhoneSwitch(on: router)
    }

    /// `POST /phone_call_redirects`: checks the number and "sends" the SMS with a Messenger link. The
    /// custom attributes go to the contacts that have this phone number.
    func registerPhoneSwitch(on router: Router<SandboxContext>) {
        let store = self.store
        router.post("phone_call_redirects") { request, _ in
            let body = try await request.jsonBody()
            let phone = try body.requireString("phone")
            let attributes = try body.object("custom_attributes") ?? [:]
            guard let number = Self.e164(phone) else {
                // Intercom answers this one with its own small body, not an error list.
                return try Reply.json(
                    ["error_key": "invalid_phone_number", "message": "Invalid phone number"] as JSONValue,
                    status: .badRequest
                )
            }
            return try await store.perform { store in
                let id = UUID().uuidString.lowercased()
                let url = "https://messenger.sandbox.example/msgr/\(id)"
                let contactIDs = store.data.contacts.values.filter { contact in
                    contact.phone.flatMap(Self.e164) == number
                }.map(\.id).sorted()
                // The sandbox keeps the latest 1,000 redirects (nothing reads them back); the oldest goes first.
                if (store.data.documentCollections[.phoneCallRedirect]?.order.count ?? 0) >= 1_000,
                    let oldest = store.data.documentCollections[.phoneCallRedirect]?.order.first
                {
                    _ = try? store.data.removeDocument(.phoneCallRedirect, oldest)
                }
                try store.data.insertDocument(
                    .phoneCallRedirect,
                    [
                        "id": .string(id), "type": "phone_call_redirect", "phone": .string(number), "url": .string(url),
                        "custom_attributes": .object(attributes),
                        "contact_ids": .array(contactIDs.map(JSONValue.string)), "created_at": .time(store.now),
                    ]
                )
                if !attributes.isEmpty {
                    for contactID in contactIDs {
                        _ = try store.updateContact(contactID, ContactInput(customAttributes: attributes))
                    }
                }
                return try Reply.object(["type": "phone_call_redirect", "url": .string(url)])
            }
        }
    }

    // MARK: Answers

    /// A call as Intercom answers with it: the public members, and links to what it has.
    static func wire(_ call: [String: JSONValue], data: WorkspaceData, base: String) -> [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        for key in publicKeys { object[key] = call[key] ?? .null }
        object["type"] = "call"
        let id = call["id"]?.stringValue ?? ""
        object["recording_url"] = hasRecording(call) ? .string("\(base)/calls/\(id)/recording") : .null
        object["transcription_url"] = hasTranscript(call) ? .string("\(base)/calls/\(id)/transcript") : .null
        let finCall = call["fin_call_id"]?.stringValue.flatMap { try? data.document(.call, $0) }
        let finID = finCall?["id"]?.stringValue ?? ""
        object["fin_recording_url"] =
            finCall.map(hasRecording) == true ? .string("\(base)/calls/\(finID)/recording") : .null
        object["fin_transcription_url"] =
            finCall.map(hasTranscript) == true ? .string("\(base)/calls/\(finID)/transcript") : .null
        return object
    }

    /// A call as the search answers with it: with its transcript lines (none when it has no transcript).
    static func searchWire(_ call: [String: JSONValue], data: WorkspaceData, base: String) -> [String: JSONValue] {
        var object = wire(call, data: data, base: base)
        let lines = call["transcript"]?.arrayValue ?? []
        object["transcript"] = .array(lines)
        object["transcript_status"] = lines.isEmpty ? .null : "completed"
        return object
    }

    static func hasRecording(_ call: [String: JSONValue]) -> Bool {
        call["recording"]?.boolValue == true
    }

    static func hasTranscript(_ call: [String: JSONValue]) -> Bool {
        !(call["transcript"]?.arrayValue ?? []).isEmpty
    }

    static let noRecording = SandboxError.notFound("Recording Not Found")

    /// The transcript as the text file Intercom serves: `[hh:mm:ss] Speaker: "words"`, one line each.
    static func transcriptText(_ lines: [JSONValue]) -> String {
        lines.map { line -> String in
            let offset = min(max(line["offset_seconds"]?.intValue ?? 0, 0), 359_999)
            let clock = [offset / 3_600, offset % 3_600 / 60, offset % 60].map { $0 < 10 ? "0\($0)" : "\($0)" }
                .joined(separator: ":")
            let speaker = line["speaker"]?.stringValue ?? "Unknown"
            let text = line["text"]?.stringValue ?? ""
            return "[\(clock)] \(speaker): \"\(text)\""
        }.joined(separator: "\n")
    }

    /// The conversation ids of a search: one to twenty, as strings (numbers are taken too).
    static func conversationIDs(_ body: BodyFields) throws -> Set<String> {
        let limit = SandboxError(
            .badRequest,
            "conversation_id_limit_exceeded",
            "A list of up to \(maxConversationIDs) conversation IDs is required"
        )
        guard let values = try body.array("conversation_ids") else { throw limit }
        guard (1...maxConversationIDs).contains(values.count) else { throw limit }
        let ids = try values.map { value -> String in
            if let text = value.stringValue, !text.isEmpty { return text }
            if let number = value.intValue { return String(number) }
            throw BodyFields.wrongType("conversation_ids", "an array of conversation ids")
        }
        return Set(ids)
    }

    /// `text` as an E.164 number (`+` and 7 to 15 digits, the first not 0), spaces removed; `nil` when
    /// it is not one.
    static func e164(_ text: String) -> String? {
        let compact = text.filter { $0 != " " }
        guard compact.hasPrefix("+") else { return nil }
        let digits = compact.dropFirst()
        guard (7...15).contains(digits.count), digits.first != "0",
            digits.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        return compact
    }

    /// One second of silence as a WAV file (8 kHz, 8-bit mono PCM): the sandbox's every recording.
    static let silentRecording: [UInt8] = {
        let samples = 8_000
        var file: [UInt8] = Array("RIFF".utf8) + Gzip.littleEndian(UInt32(36 + samples)) + Array("WAVE".utf8)
        file += Array("fmt ".utf8) + Gzip.littleEndian(UInt32(16))
        // PCM, one channel, 8000 samples a second, 8000 bytes a second, 1-byte frames, 8 bits a sample.
        file += Gzip.littleEndian(UInt16(1)) + Gzip.littleEndian(UInt16(1))
        file += Gzip.littleEndian(UInt32(8_000)) + Gzip.littleEndian(UInt32(8_000))
        file += Gzip.littleEndian(UInt16(1)) + Gzip.littleEndian(UInt16(8))
        file += Array("data".utf8) + Gzip.littleEndian(UInt32(samples))
        // Unsigned 8-bit PCM is silent at its midpoint.
        file += [UInt8](repeating: 128, count: samples)
        return file
    }()
}
