import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Intercom
import NIOCore
import Testing

@testable import IntercomSandbox

/// Calls, the Fin agent, the phone switch and both export APIs, through the router without sockets.
@Suite("Sandbox calls, Fin agent, phone switch and export routes")
struct ExportRouteTests {
    static let margaret = "6560c0a15f4d1a0001ab0001"
    static let openConversation = "147000000001"
    static let closedConversation = "147000000002"
    /// The sandbox clock's time when a test starts (a fresh `ManualClock`).
    static let start = 1_700_000_000
    static let day = 86_400

    /// Moves the sandbox clock forward.
    static func advance(_ client: some TestClientProtocol, _ seconds: Int) async throws {
        let response = try await client.send(.post, "/sandbox/clock/advance", json: ["seconds": .int(seconds)])
        #expect(response.status == .ok)
    }

    /// The body of a Fin start or reply from Katherine, with what `overrides` changes.
    static func finTurn(_ id: String, _ text: String, _ overrides: [String: JSONValue] = [:]) -> JSONValue {
        var body: [String: JSONValue] = [
            "conversation_id": .string(id),
            "message": ["author": "user", "body": .string(text), "timestamp": "2023-11-14T22:13:20.000Z"],
            "user": ["id": "user-1002", "name": "Katherine Johnson", "email": "katherine@globex.example"],
        ]
        for (key, value) in overrides { body[key] = value }
        return .object(body)
    }

    /// An attachment Fin accepts: a link to a file.
    static let linkAttachment: JSONValue = ["type": "url", "url": "https://files.sandbox.example/a.pdf"]

    /// The payload of a gzip file made of stored deflate blocks, once its header, checksum and size check
    /// out; `nil` otherwise.
    static func gunzipStored(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 18, bytes[0] == 0x1F, bytes[1] == 0x8B, bytes[2] == 8 else { return nil }
        var index = 10
        if bytes[3] & 0x08 != 0 {
            while index < bytes.count, bytes[index] != 0 { index += 1 }
            index += 1
        }
        var payload: [UInt8] = []
        var isLast = false
        while !isLast {
            guard index + 5 <= bytes.count, bytes[index] & 0x06 == 0 else { return nil }
            isLast = bytes[index] & 1 == 1
            let length = Int(bytes[index + 1]) | Int(bytes[index + 2]) << 8
            let complement = Int(bytes[index + 3]) | Int(bytes[index + 4]) << 8
            guard length ^ 0xFFFF == complement, index + 5 + length <= bytes.count else { return nil }
            payload += bytes[(index + 5)..<(index + 5 + length)]
            index += 5 + length
        }
        guard index + 8 == bytes.count else { return nil }
        func word(at offset: Int) -> UInt32 {
            (0..<4).reduce(UInt32(0)) { total, byte in total | UInt32(bytes[offset + byte]) << (8 * UInt32(byte)) }
        }
        guard word(at: index) == CRC32.checksum(payload),
            word(at: index + 4) == UInt32(truncatingIfNeeded: payload.count)
        else { return nil }
        return payload
    }

    /// The CSV text inside a download answer.
    static func csv(_ response: TestResponse) -> String? {
        gunzipStored(Array(response.body.readableBytesView)).map { String(decoding: $0, as: UTF8.self) }
    }

    // MARK: Calls

    @Test("Calls: listed by page, found with their links, redirected to the recording, transcribed as text")
    func calls() async throws {
        try await withSandboxRouter { client, _ in
            let list = try await client.send(.get, "/calls")
            #expect(list.status == .ok)
            #expect(list.json["type"] == "list")
            #expect(list.json["total_count"] == 3)
            #expect(list.json["pages"]?["per_page"] == 25)
            let ids = (list.json["data"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            #expect(ids == ["310000000001", "310000000002", "310000000003"])
            let second = try await client.send(.get, "/calls?per_page=2&page=2")
            #expect(second.json["data"]?.arrayValue?.count == 1)
            #expect(second.json["pages"]?["total_pages"] == 2)
            expectError(try await client.send(.get, "/calls?per_page=26"), .badRequest, "parameter_invalid")

            let call = try await client.send(.get, "/calls/310000000001")
            #expect(call.status == .ok)
            #expect(call.json["type"] == "call")
            #expect(call.json["conversation_id"] == .string(Self.openConversation))
            #expect(call.json["contact_id"] == .string(Self.margaret))
            #expect(call.json["admin_id"] == "991267460")
            #expect(call.json["direction"] == "inbound")
            #expect(call.json["recording_url"]?.stringValue?.hasSuffix("/calls/310000000001/recording") == true)
            #expect(call.json["transcription_url"]?.stringValue?.hasSuffix("/calls/310000000001/transcript") == true)
            #expect(call.json["fin_recording_url"]?.stringValue?.hasSuffix("/calls/310000000002/recording") == true)
            #expect(call.json["recording"] == nil, "the sandbox's own bookkeeping stays out of the answer")
            #expect(call.json["transcript"] == nil)
            let unanswered = try await client.send(.get, "/calls/310000000003")
            #expect(unanswered.json["answered_at"] == .null)
            #expect(unanswered.json["recording_url"] == .null)
            #expect(unanswered.json["fin_transcription_url"] == .null)
            let missing = try await client.send(.get, "/calls/999")
            expectError(missing, .notFound, "not_found")
            #expect(missing.json["errors"]?[0]?["message"] == "Not Found")

            let redirect = try await client.send(.get, "/calls/310000000001/recording")
            #expect(redirect.status == .found)
            let location = redirect.headers[.location] ?? ""
            #expect(location.hasSuffix("/calls/310000000001/recording/file"))
            let audio = try await client.send(.get, URLComponents(string: location)?.path ?? "/")
            #expect(audio.status == .ok)
            #expect(audio.headers[.contentType] == "audio/wav")
            #expect(Array(audio.body.readableBytesView.prefix(4)) == Array("RIFF".utf8))
            let noRecording = try await client.send(.get, "/calls/310000000003/recording")
            expectError(noRecording, .notFound, "not_found")
            #expect(noRecording.json["errors"]?[0]?["message"] == "Recording Not Found")

            let transcript = try await client.send(.get, "/calls/310000000001/transcript")
            #expect(transcript.status == .ok)
            #expect(transcript.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(transcript.headers[.contentDisposition]?.contains("filename=transcription_data-") == true)
            let lines = String(buffer: transcript.body).split(separator: "\n")
            #expect(lines.count == 4)
            #expect(lines.first?.hasPrefix("[00:00:02] Teammate 1: \"Hi, this is Ada") == true)
            expectError(try await client.send(.get, "/calls/310000000003/transcript"), .notFound, "not_found")
        }
    }

    @Test("Call search finds the calls of the conversations named, with their transcripts")
    func callSearch() async throws {
        try await withSandboxRouter { client, _ in
            let body: JSONValue = ["conversation_ids": [.string(Self.openConversation), "64619700000000"]]
            let response = try await client.send(.post, "/calls/search", json: body)
            #expect(response.status == .ok)
            #expect(response.json["pages"] == nil)
            let calls = response.json["data"]?.arrayValue ?? []
            #expect(calls.compactMap { $0["id"]?.stringValue } == ["310000000001", "310000000002"])
            #expect(calls.first?["transcript"]?.arrayValue?.count == 4)
            #expect(calls.first?["transcript_status"] == "completed")
            #expect(calls.first?["transcript"]?[0]?["speaker"] == "Teammate 1")

            let closed = try await client.send(.post, "/calls/search", json: ["conversation_ids": [147_000_000_002]])
            let unanswered = closed.json["data"]?[0]
            #expect(unanswered?["id"] == "310000000003")
            #expect(unanswered?["transcript"] == .array([]))
            #expect(unanswered?["transcript_status"] == .null)
        }
    }

    @Test(
        "Call search needs one to twenty conversation ids",
        arguments: [
            [:],
            ["conversation_ids": []],
            ["conversation_ids": .array((0..<21).map { JSONValue.string("1470000000\($0)") })],
        ] as [JSONValue]
    )
    func callSearchLimits(body: JSONValue) async throws {
        try await withSandboxRouter { client, _ in
            let response = try await client.send(.post, "/calls/search", json: body)
            expectError(response, .badRequest, "conversation_id_limit_exceeded")
        }
    }

    @Test(
        "Call search refuses conversation ids of the wrong type",
        arguments: [["conversation_ids": "147000000001"], ["conversation_ids": [["id": "147000000001"]]]] as [JSONValue]
    )
    func callSearchTypes(body: JSONValue) async throws {
        try await withSandboxRouter { client, _ in
            expectError(try await client.send(.post, "/calls/search", json: body), .badRequest, "parameter_invalid")
        }
    }

    // MARK: Fin agent

    @Test("Fin: start, reply, Fin finishing on the clock, then a rating that a remark locks")
    func finConversation() async throws {
        try await withSandboxRouter { client, _ in
            let start = try await client.send(.post, "/fin/start", json: Self.finTurn("ext-42", "How do I export?"))
            #expect(start.status == .ok)
            #expect(start.json["conversation_id"] == "ext-42")
            #expect(start.json["user_id"] == "user-1002")
            #expect(start.json["status"] == "thinking")
            #expect(start.json["created_at_ms"] == "2023-11-14T22:13:20.000Z")
            #expect(
                start.json["sse_subscription_url"]?.stringValue?.removingPercentEncoding?.contains("ext-42") == true
            )
            #expect(start.json["errors"] == nil)

            func rate(_ body: JSONValue) async throws -> TestResponse {
                try await client.send(.post, "/fin/csat", json: body)
            }
            let early = try await rate(["conversation_id": "ext-42", "rating": "good"])
            #expect(early.status == .unprocessableContent)
            #expect(early.json["errors"]?["base"] == "No rating survey found for this conversation")

            try await Self.advance(client, 5)
            let reply = try await client.send(.post, "/fin/reply", json: Self.finTurn("ext-42", "As a CSV file?"))
            #expect(reply.status == .ok)
            #expect(reply.json["status"] == "thinking")
            try await Self.advance(client, 200)

            let good = try await rate(["conversation_id": "ext-42", "rating": "good"])
            #expect(good.status == .ok)
            #expect(good.json == ["conversation_id": "ext-42", "rating": "good", "status": "rated"])
            #expect(try await rate(["conversation_id": "ext-42", "rating": "good"]).status == .ok)
            let changed = try await rate(["conversation_id": "ext-42", "rating": "amazing"])
            #expect(changed.json["rating"] == "amazing")
            let remark: JSONValue = ["conversation_id": "ext-42", "rating": "amazing", "remark": "Quick and clear."]
            #expect(try await rate(remark).status == .ok)
            #expect(try await rate(remark).status == .ok, "a retry of the same submission succeeds")
            let locked = try await rate(["conversation_id": "ext-42", "rating": "bad"])
            #expect(locked.status == .unprocessableContent)
            #expect(locked.json["errors"]?["base"]?.stringValue?.contains("remark has already been submitted") == true)
            let invalid = try await rate(["conversation_id": "ext-42", "rating": "superb"])
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.json["errors"]?["rating"] == "Rating isn't an option")
        }
    }

    @Test("Fin: a request for a person escalates, ratings close after a day, unknown conversations are refused")
    func finEdges() async throws {
        try await withSandboxRouter { client, _ in
            // The sample conversation is finished and waiting for its rating.
            let sample = try await client.send(
                .post,
                "/fin/csat",
                json: ["conversation_id": .string(Self.openConversation), "rating": "ok"]
            )
            #expect(sample.status == .ok)

            _ = try await client.send(.post, "/fin/start", json: Self.finTurn("ext-human", "Can a human help me?"))
            _ = try await client.send(.post, "/fin/start", json: Self.finTurn("ext-late", "Where are invoices?"))
            try await Self.advance(client, 200)
            let escalated = try await client.send(
                .post,
                "/fin/csat",
                json: ["conversation_id": "ext-human", "rating": "ok"]
            )
            #expect(escalated.json["errors"]?["base"] == "No rating survey found for this conversation")
            try await Self.advance(client, Self.day)
            let late = try await client.send(.post, "/fin/csat", json: ["conversation_id": "ext-late", "rating": "ok"])
            #expect(late.json["errors"]?["base"] == "The rating window for this conversation has closed")

            let unknown = try await client.send(.post, "/fin/csat", json: ["conversation_id": "nope", "rating": "ok"])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.json["errors"]?["external_conversation_id"] != nil)
            let reply = try await client.send(.post, "/fin/reply", json: Self.finTurn("nope", "Hello?"))
            expectError(reply, .notFound, "not_found")
        }
    }

    @Test("Fin: attributes no data attribute defines come back as errors, and the conversation still starts")
    func finAttributeErrors() async throws {
        try await withSandboxRouter { client, _ in
            let body = Self.finTurn(
                "ext-attrs",
                "Hi",
                [
                    "user": [
                        "id": "user-1002", "attributes": ["plan": "starter", "shoe_size": 9],
                    ],
                    "conversation_metadata": [
                        "history": [["author": "agent", "body": "Welcome!", "timestamp": "2023-11-14T22:00:00Z"]],
                        "attributes": ["title": "Billing", "mood": "calm"],
                    ],
                ]
            )
            let response = try await client.send(.post, "/fin/start", json: body)
            #expect(response.status == .ok)
            let errors = response.json["errors"]
            #expect(errors?["user"]?["attributes"]?["shoe_size"] == "User attribute 'shoe_size' does not exist")
            #expect(errors?["user"]?["attributes"]?["plan"] == nil)
            #expect(errors?["conversation"]?["attributes"]?["mood"] != nil)
            #expect(errors?["conversation"]?["attributes"]?["title"] == nil)
        }
    }

    @Test(
        "Fin start checks its body",
        arguments: [
            ["conversation_id": nil],
            ["message": nil],
            ["message": ["author": "robot", "body": "Hi", "timestamp": "2023-11-14T22:13:20Z"]],
            ["message": ["author": "user", "body": "Hi", "timestamp": "yesterday"]],
            ["user": nil],
            ["user": ["name": "No Id"]],
            ["user": ["id": "user-1002", "email": "not-an-email"]],
            ["attachments": .array(Array(repeating: ExportRouteTests.linkAttachment, count: 11))],
            ["attachments": [["type": "video"]]],
            ["attachments": [["type": "url", "url": "ftp://files.sandbox.example/a.pdf"]]],
            ["attachments": [["type": "file", "name": "a.png", "content_type": "image/png", "data": "%%%"]]],
        ] as [[String: JSONValue]]
    )
    func finValidation(overrides: [String: JSONValue]) async throws {
        try await withSandboxRouter { client, _ in
            var body = Self.finTurn("ext-bad", "Hi").objectValue ?? [:]
            for (key, value) in overrides {
                if value.isNull { body[key] = nil } else { body[key] = value }
            }
            let response = try await client.send(.post, "/fin/start", json: .object(body))
            expectError(response, .badRequest, "parameter_invalid")
        }
    }

    // MARK: Phone switch

    @Test("Phone switch: an E.164 number gets a Messenger link, and the contact with it gets the attributes")
    func phoneSwitch() async throws {
        try await withSandboxRouter { client, _ in
            let contact = try await client.send(
                .post,
                "/contacts",
                json: ["role": "user", "email": "ring@sandbox.example", "phone": "+447700900123"]
            )
            let contactID = contact.json["id"]?.stringValue ?? ""
            let redirect = try await client.send(
                .post,
                "/phone_call_redirects",
                json: ["phone": "+44 7700 900123", "custom_attributes": ["issue_type": "Billing"]]
            )
            #expect(redirect.status == .ok)
            #expect(redirect.json["type"] == "phone_call_redirect")
            #expect(redirect.json["url"]?.stringValue?.hasPrefix("https://") == true)
            let updated = try await client.send(.get, "/contacts/\(contactID)")
            #expect(updated.json["custom_attributes"]?["issue_type"] == "Billing")

            let invalid = try await client.send(.post, "/phone_call_redirects", json: ["phone": "07700 900123"])
            #expect(invalid.status == .badRequest)
            #expect(invalid.json == ["error_key": "invalid_phone_number", "message": "Invalid phone number"])
            let missing = try await client.send(.post, "/phone_call_redirects", json: [:])
            expectError(missing, .badRequest, "parameter_not_found")
            let number = try await client.send(.post, "/phone_call_redirects", json: ["phone": 447_700_900_123])
            expectError(number, .badRequest, "parameter_invalid")
            let attributes = try await client.send(
                .post,
                "/phone_call_redirects",
                json: ["phone": "+447700900123", "custom_attributes": "Billing"]
            )
            expectError(attributes, .badRequest, "parameter_invalid")
        }
    }

    // MARK: Content data exports

    @Test("Content export: pending, in progress, completed with a gzipped CSV; one job at a time; cancel")
    func contentExport() async throws {
        try await withSandboxRouter { client, _ in
            let range: JSONValue = [
                "created_at_after": .int(Self.start - 30 * Self.day), "created_at_before": .int(Self.start),
            ]
            let created = try await client.send(.post, "/export/content/data", json: range)
            #expect(created.status == .ok)
            let id = created.json["job_identifier"]?.stringValue ?? ""
            #expect(id.count == 16)
            #expect(created.json["status"] == "pending")
            #expect(created.json["download_url"] == "")
            #expect(created.json["download_expires_at"] == "")
            let busy = try await client.send(.post, "/export/content/data", json: range)
            expectError(busy, .tooManyRequests, "rate_limit_exceeded")

            try await Self.advance(client, 6)
            #expect(try await client.send(.get, "/export/content/data/\(id)").json["status"] == "in_progress")
            expectError(try await client.send(.get, "/download/content/data/\(id)"), .notFound, "not_found")

            try await Self.advance(client, 10)
            let done = try await client.send(.get, "/export/content/data/\(id)")
            #expect(done.json["status"] == "completed")
            #expect(done.json["download_url"]?.stringValue?.hasSuffix("/download/content/data/\(id)") == true)
            #expect(done.json["download_expires_at"] == .string(String(Self.start + 15 + 2 * Self.day)))
            let download = try await client.send(.get, "/download/content/data/\(id)")
            #expect(download.status == .ok)
            #expect(download.headers[.contentType] == "application/octet-stream")
            #expect(download.headers[.contentDisposition]?.contains(".csv.gz") == true)
            let csv = Self.csv(download) ?? ""
            let lines = csv.components(separatedBy: "\r\n")
            #expect(lines.first == ExportJobs.receiptColumns.joined(separator: ","))
            #expect(csv.contains("\(Self.margaret),user-1001,acme,margaret@acme.example,Margaret Hamilton,"))
            #expect(csv.contains("Invoice question"))

            let next = try await client.send(.post, "/export/content/data", json: range)
            #expect(next.status == .ok, "a finished job frees the slot")
            let nextID = next.json["job_identifier"]?.stringValue ?? ""
            let canceled = try await client.send(.post, "/export/cancel/\(nextID)")
            #expect(canceled.json["status"] == "canceled")
            #expect(try await client.send(.post, "/export/cancel/\(nextID)").json["status"] == "canceled")
            try await Self.advance(client, 20)
            #expect(try await client.send(.get, "/export/content/data/\(nextID)").json["status"] == "canceled")
            expectError(try await client.send(.get, "/download/content/data/\(nextID)"), .notFound, "not_found")

            let empty = try await client.send(
                .post,
                "/export/content/data",
                json: ["created_at_after": 315_532_800, "created_at_before": 315_619_200]
            )
            let emptyID = empty.json["job_identifier"]?.stringValue ?? ""
            try await Self.advance(client, 20)
            #expect(try await client.send(.get, "/export/content/data/\(emptyID)").json["status"] == "no_data")

            let unknown = try await client.send(.get, "/export/content/data/nope")
            expectError(unknown, .notFound, "not_found")
            #expect(unknown.json["errors"]?[0]?["message"] == "Export job not found for identifier: nope")
            expectError(try await client.send(.post, "/export/cancel/nope"), .notFound, "not_found")
            expectError(try await client.send(.get, "/download/content/data/nope"), .notFound, "not_found")
        }
    }

    @Test(
        "Content export checks its date range",
        arguments: [
            ([:], "parameter_not_found"),
            (["created_at_after": 1_699_000_000], "parameter_not_found"),
            (["created_at_after": "yesterday", "created_at_before": 1_700_000_000], "parameter_invalid"),
            (["created_at_after": 1_700_000_000, "created_at_before": 1_699_000_000], "parameter_invalid"),
            (["created_at_after": -5, "created_at_before": 1_700_000_000], "parameter_invalid"),
        ] as [(JSONValue, String)]
    )
    func contentExportValidation(body: JSONValue, code: String) async throws {
        try await withSandboxRouter { client, _ in
            expectError(try await client.send(.post, "/export/content/data", json: body), .badRequest, code)
        }
    }

    @Test("The sample workspace's finished exports download as gzipped CSV")
    func sampleExports() async throws {
        try await withSandboxRouter { client, _ in
            let id = SampleWorkspace.sampleExportID
            let content = try await client.send(.get, "/export/content/data/\(id)")
            #expect(content.json["status"] == "completed")
            let contentFile = try await client.send(.get, "/download/content/data/\(id)")
            #expect(Self.csv(contentFile) != nil)
            let report = try await client.send(.get, "/export/reporting_data/\(id)?app_id=sandbox-app&client_id=1")
            #expect(report.json["status"] == "complete")
            let reportFile = try await client.send(.get, "/download/reporting_data/\(id)")
            let csv = Self.csv(reportFile) ?? ""
            #expect(csv.hasPrefix("conversation_id,conversation_started_at,"))
            #expect(csv.contains(Self.closedConversation))
        }
    }

    // MARK: Reporting data exports

    @Test("Reporting export: datasets, enqueue, pending then complete, a CSV of the chosen attributes")
    func reportingExport() async throws {
        try await withSandboxRouter { client, _ in
            let datasets = try await client.send(.get, "/export/reporting_data/get_datasets")
            #expect(datasets.status == .ok)
            let listed = datasets.json["data"]?.arrayValue ?? []
            #expect(listed.compactMap { $0["id"]?.stringValue } == ["conversation", "call"])
            #expect(listed.first?["default_time_attribute_id"] == "conversation_started_at")
            #expect(listed.first?["attributes"]?[0]?["id"] == "conversation_id")

            let order: JSONValue = [
                "dataset_id": "call", "attribute_ids": ["call_id", "call_direction", "call_id"],
                "start_time": .int(Self.start - 30 * Self.day), "end_time": .int(Self.start),
            ]
            let queued = try await client.send(.post, "/export/reporting_data/enqueue", json: order)
            #expect(queued.status == .ok)
            #expect(queued.json["status"] == "pending")
            #expect(queued.json["download_url"] == "")
            let id = queued.json["job_identifier"]?.stringValue ?? ""
            expectError(try await client.send(.get, "/download/reporting_data/\(id)"), .notFound, "not_found")

            try await Self.advance(client, 11)
            let done = try await client.send(.get, "/export/reporting_data/\(id)?app_id=sandbox-app&client_id=1")
            #expect(done.json["status"] == "complete")
            #expect(done.json["download_url"]?.stringValue?.hasSuffix("/download/reporting_data/\(id)") == true)
            let download = try await client.send(.get, "/download/reporting_data/\(id)")
            #expect(download.status == .ok)
            let expected =
                "call_id,call_direction\r\n310000000001,inbound\r\n310000000002,inbound\r\n"
                + "310000000003,outbound\r\n"
            #expect(Self.csv(download) == expected)

            for _ in 0..<ExportJobs.maxPendingReportingExports {
                #expect(try await client.send(.post, "/export/reporting_data/enqueue", json: order).status == .ok)
            }
            let busy = try await client.send(.post, "/export/reporting_data/enqueue", json: order)
            expectError(busy, .tooManyRequests, "rate_limit_exceeded")

            let unknown = try await client.send(.get, "/export/reporting_data/nope")
            expectError(unknown, .notFound, "not_found")
            #expect(unknown.json["errors"]?[0]?["message"] == "Export job not found for identifier: nope")
        }
    }

    @Test(
        "Reporting export checks the dataset, attributes and times",
        arguments: [
            ([:], "'dataset_id' is a required parameter"),
            (["dataset_id": "imaginary"], "imaginary is not a valid dataset_id"),
            (["dataset_id": "conversation"], "'attribute_ids' is a required parameter"),
            (
                ["dataset_id": "conversation", "attribute_ids": "conversation_id"],
                "'attribute_ids' not an array must be of type Array"
            ),
            (
                ["dataset_id": "conversation", "attribute_ids": []],
                "attribute_ids must contain at least one attribute_id"
            ),
            (
                ["dataset_id": "conversation", "attribute_ids": ["conversation_id", "non_existent"]],
                "attribute_ids invalid for conversation dataset: non_existent"
            ),
            (
                ["dataset_id": "call", "attribute_ids": ["call_id"], "end_time": 2],
                "'start_time' is a required parameter"
            ),
            (
                ["dataset_id": "call", "attribute_ids": ["call_id"], "start_time": 5, "end_time": 5],
                "start_time must be before end_time"
            ),
        ] as [(JSONValue, String)]
    )
    func reportingValidation(body: JSONValue, message: String) async throws {
        try await withSandboxRouter { client, _ in
            let response = try await client.send(.post, "/export/reporting_data/enqueue", json: body)
            expectError(response, .badRequest, "bad_request")
            #expect(response.json["errors"]?[0]?["message"] == .string(message))
        }
    }

    // MARK: Files

    @Test("CRC-32 and the stored-block gzip container round-trip any size")
    func gzipContainer() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
        for size in [0, 1, 65_535, 65_536, 140_000] {
            let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let file = Gzip.wrap(payload, fileName: "sample.csv", modified: 1_700_000_000)
            #expect(Self.gunzipStored(file) == payload, "size \(size)")
        }
        #expect(CSVText.field("plain") == "plain")
        #expect(CSVText.field("a,b") == "\"a,b\"")
        #expect(CSVText.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVText.field("two\r\nlines") == "\"two\r\nlines\"")
    }
}
