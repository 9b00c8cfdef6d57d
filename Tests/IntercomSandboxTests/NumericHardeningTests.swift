import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Intercom
import IntercomSandbox
import Testing

/// A request carrying a number no conversion or arithmetic should trap on, and the field its 400 names.
struct HostileRequest: Sendable, CustomTestStringConvertible {
    var method: HTTPRequest.Method
    var path: String
    var json: JSONValue?
    var raw: String?
    var field: String
    /// Other acceptable answers for `field`, `nil` meaning "no field". A body number no `Double` can hold
    /// (`1e400`) fails the wire rules' JSON check before any route decodes it, and that check names no field.
    var alternatives: [String?]

    init(
        _ method: HTTPRequest.Method,
        _ path: String,
        json: JSONValue? = nil,
        raw: String? = nil,
        field: String,
        or alternatives: [String?] = []
    ) {
        self.method = method
        self.path = path
        self.json = json
        self.raw = raw
        self.field = field
        self.alternatives = alternatives
    }

    var testDescription: String {
        "\(method.rawValue) \(path) \(json?.description ?? raw ?? "") -> \(field)"
    }

    /// Sends the request, expects a 400 with `code` naming ``field``, then checks the sandbox still answers.
    func expectRejected(
        by client: some TestClientProtocol,
        code: String = "parameter_invalid",
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let response = try await client.send(method, path, json: json, raw: raw)
        expectError(response, .badRequest, code, sourceLocation: sourceLocation)
        let named = response.json["errors"]?[0]?["field"]?.stringValue
        #expect(
            ([Optional(field)] + alternatives).contains(named),
            "\(method) \(path) answered \(response.json)",
            sourceLocation: sourceLocation
        )
        try await expectAlive(client, sourceLocation: sourceLocation)
    }
}

/// Checks that an ordinary request still succeeds, so the sandbox survived what came before.
func expectAlive(_ client: some TestClientProtocol, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    let response = try await client.send(.get, "/contacts")
    #expect(response.status == .ok, "the sandbox keeps answering", sourceLocation: sourceLocation)
}

/// Numbers at or past the limits of `Int`, `Int64`, `Double` and `Date`: each is a 400 naming the field,
/// or an honest result, and never a crash.
@Suite("Sandbox numeric hardening")
struct NumericHardeningTests {
    static let contact = "6560c0a15f4d1a0001ab0001"
    static let company = "6560bd2c5f4d1a0001c0ffe1"
    static let conversation = "147000000001"
    static let owner = "991267460"

    static let bodyDatesCases: [HostileRequest] = [
        .init(.post, "/contacts", json: ["email": "a@big.example", "signed_up_at": 1e19], field: "signed_up_at"),
        .init(.post, "/contacts", json: ["email": "b@big.example", "last_seen_at": -1e300], field: "last_seen_at"),
        .init(.put, "/contacts/\(contact)", json: ["signed_up_at": .int(.max)], field: "signed_up_at"),
        .init(.put, "/contacts/\(contact)", json: ["last_seen_at": .int(.min)], field: "last_seen_at"),
        .init(
            .post,
            "/contacts",
            raw: #"{"email": "c@big.example", "signed_up_at": 1e400}"#,
            field: "signed_up_at",
            or: [nil]
        ),
        .init(
            .post,
            "/companies",
            json: ["company_id": "big", "remote_created_at": .double(1e19)],
            field: "remote_created_at"
        ),
        .init(
            .post,
            "/events",
            json: ["event_name": "e", "user_id": "user-1001", "created_at": .double(-1e300)],
            field: "created_at"
        ),
        .init(
            .post,
            "/events",
            json: ["event_name": "e", "user_id": "user-1001", "created_at": .double(9.3e18)],
            field: "created_at"
        ),
        .init(
            .post,
            "/conversations/\(conversation)/parts",
            json: ["message_type": "snoozed", "admin_id": .string(owner), "snoozed_until": .int(.max)],
            field: "snoozed_until"
        ),
        .init(
            .post,
            "/conversations/\(conversation)/parts",
            json: ["message_type": "snoozed", "admin_id": .string(owner), "snoozed_until": .double(1e19)],
            field: "snoozed_until"
        ),
        .init(
            .post,
            "/events/summaries",
            json: ["user_id": "user-1001", "event_summaries": ["event_name": "e", "count": 1, "first": .int(.max)]],
            field: "event_summaries.first"
        ),
        .init(
            .post,
            "/events/summaries",
            json: ["user_id": "user-1001", "event_summaries": ["event_name": "e", "count": 1, "last": .int(.min)]],
            field: "event_summaries.last"
        ),
    ]

    @Test(
        "Dates in bodies outside the years 1 to 9999 are a 400 naming the field",
        arguments: NumericHardeningTests.bodyDatesCases
    )
    func bodyDates(request: HostileRequest) async throws {
        try await withSandboxRouter { client, _ in
            try await request.expectRejected(by: client)
        }
    }

    static let pagingCases: [HostileRequest] = [
        .init(.get, "/contacts?per_page=-1", field: "per_page"),
        .init(.get, "/contacts?per_page=9223372036854775807", field: "per_page"),
        .init(.get, "/contacts?per_page=9223372036854775808", field: "per_page"),
        .init(.get, "/contacts/\(contact)/companies?page=0", field: "page"),
        .init(.get, "/contacts/\(contact)/companies?page=-3", field: "page"),
        .init(.get, "/contacts/\(contact)/companies?page=9223372036854775807", field: "page"),
        .init(.get, "/contacts/\(contact)/notes?page=-9223372036854775808", field: "page"),
        .init(.get, "/contacts/\(contact)/notes?page=2&per_page=9223372036854775807", field: "per_page"),
        .init(.get, "/companies?page=0", field: "page"),
        .init(.get, "/companies?page=-1&per_page=60", field: "page"),
        .init(.get, "/companies?page=9223372036854775807&per_page=60", field: "page"),
        .init(.get, "/companies?per_page=-1", field: "per_page"),
        .init(.post, "/companies/list?page=-1", field: "page"),
        .init(.post, "/companies/list?page=9223372036854775807", field: "page"),
        .init(.get, "/companies/\(company)/contacts?per_page=-5", field: "per_page"),
        .init(.get, "/conversations?per_page=0", field: "per_page"),
        .init(.get, "/events?type=user&user_id=user-1001&per_page=9223372036854775807", field: "per_page"),
        .init(
            .post,
            "/contacts/search",
            json: [
                "query": ["field": "role", "operator": "=", "value": "user"], "pagination": ["per_page": .int(.max)],
            ],
            field: "pagination.per_page"
        ),
        .init(
            .post,
            "/contacts/search",
            json: ["query": ["field": "role", "operator": "=", "value": "user"], "pagination": ["per_page": -1]],
            field: "pagination.per_page"
        ),
        .init(
            .post,
            "/conversations/search",
            json: [
                "query": ["field": "open", "operator": "=", "value": true], "pagination": ["per_page": .double(1e19)],
            ],
            field: "pagination.per_page"
        ),
    ]

    @Test(
        "Pages and page sizes out of range are a 400 naming the parameter",
        arguments: NumericHardeningTests.pagingCases
    )
    func paging(request: HostileRequest) async throws {
        try await withSandboxRouter { client, _ in
            try await request.expectRejected(by: client)
        }
    }

    @Test("A page far past the end is empty, not a crash")
    func farPage() async throws {
        try await withSandboxRouter { client, _ in
            let notes = try await client.send(.get, "/contacts/\(Self.contact)/notes?page=1000000&per_page=60")
            #expect(notes.status == .ok)
            #expect(notes.json["data"]?.arrayValue?.isEmpty == true)
            let companies = try await client.send(.get, "/contacts/\(Self.contact)/companies?page=1000000&per_page=50")
            #expect(companies.status == .ok)
            #expect(companies.json["companies"]?.arrayValue?.isEmpty == true)
            try await expectAlive(client)
        }
    }

    static let searchValuesCases: [HostileRequest] = [
        .init(
            .post,
            "/contacts/search",
            json: ["query": ["field": "created_at", "operator": "=", "value": .int(.max)]],
            field: "created_at"
        ),
        .init(
            .post,
            "/contacts/search",
            json: ["query": ["field": "created_at", "operator": "=", "value": .int(.min)]],
            field: "created_at"
        ),
        .init(
            .post,
            "/contacts/search",
            json: ["query": ["field": "created_at", "operator": ">", "value": .double(-9.3e18)]],
            field: "created_at"
        ),
        .init(
            .post,
            "/contacts/search",
            json: ["query": ["field": "last_seen_at", "operator": "<", "value": .double(1e300)]],
            field: "last_seen_at"
        ),
        .init(
            .post,
            "/contacts/search",
            json: ["query": ["field": "signed_up_at", "operator": ">", "value": 253_402_300_800]],
            field: "signed_up_at"
        ),
        .init(
            .post,
            "/contacts/search",
            json: ["query": ["field": "owner_id", "operator": "=", "value": .double(1e300)]],
            field: "owner_id"
        ),
        .init(
            .post,
            "/contacts/search",
            json: ["query": ["field": "custom_attributes.n", "operator": ">", "value": .double(-1e300)]],
            field: "custom_attributes.n"
        ),
        .init(
            .post,
            "/contacts/search",
            raw: #"{"query": {"field": "created_at", "operator": "<", "value": 1e400}}"#,
            field: "query.value",
            or: ["created_at", nil]
        ),
        .init(
            .post,
            "/conversations/search",
            json: ["query": ["field": "snoozed_until", "operator": ">", "value": .int(.max)]],
            field: "snoozed_until"
        ),
        .init(
            .post,
            "/conversations/search",
            json: ["query": ["field": "updated_at", "operator": "<", "value": .int(.min)]],
            field: "updated_at"
        ),
    ]

    @Test(
        "Search values at or past the number limits are a 400 naming the field",
        arguments: NumericHardeningTests.searchValuesCases
    )
    func searchValues(request: HostileRequest) async throws {
        try await withSandboxRouter { client, _ in
            try await request.expectRejected(by: client)
        }
    }

    @Test("Search values at the ends of the date range and the Int range give honest results")
    func searchBounds() async throws {
        try await withSandboxRouter { client, _ in
            func totalCount(_ field: String, _ op: String, _ value: JSONValue) async throws -> Int? {
                let response = try await client.send(
                    .post,
                    "/contacts/search",
                    json: ["query": ["field": .string(field), "operator": .string(op), "value": value]]
                )
                #expect(response.status == .ok)
                return response.json["total_count"]?.intValue
            }
            #expect(try await totalCount("created_at", ">", -62_135_596_800) == 6)
            #expect(try await totalCount("created_at", ">", 253_402_300_799) == 0)
            #expect(try await totalCount("created_at", "<", -62_135_596_800) == 0)
            #expect(try await totalCount("owner_id", ">", .int(.max)) == 0)
            #expect(try await totalCount("owner_id", "<", .int(.min)) == 0)
            try await expectAlive(client)
        }
    }

    static let clockAdvancesCases: [HostileRequest] = [
        .init(.post, "/sandbox/clock/advance", json: ["seconds": .double(9.3e18)], field: "seconds"),
        .init(.post, "/sandbox/clock/advance", json: ["seconds": .double(1e300)], field: "seconds"),
        .init(.post, "/sandbox/clock/advance", json: ["seconds": 315_360_001], field: "seconds"),
        .init(.post, "/sandbox/clock/advance", json: ["seconds": -1], field: "seconds"),
        .init(.post, "/sandbox/clock/advance", raw: #"{"seconds": 1e400}"#, field: "seconds", or: [nil]),
    ]

    @Test(
        "One clock advance is at most ten years",
        arguments: NumericHardeningTests.clockAdvancesCases
    )
    func clockAdvance(request: HostileRequest) async throws {
        try await withSandboxRouter { client, _ in
            try await request.expectRejected(by: client)
        }
    }

    @Test("Large valid advances add up safely, and the clock never passes the end of year 9999")
    func clockTotal() async throws {
        try await withSandboxRouter { client, _ in
            for _ in 0..<2 {
                let advanced = try await client.send(.post, "/sandbox/clock/advance", json: ["seconds": 315_360_000])
                #expect(advanced.status == .ok)
            }
            try await expectAlive(client)
        }
        let clock = ManualClock(now: Date(timeIntervalSince1970: 253_402_300_000))
        try await withSandboxRouter(SandboxConfiguration(clock: clock)) { client, _ in
            try await HostileRequest(.post, "/sandbox/clock/advance", json: ["seconds": 1_000], field: "seconds")
                .expectRejected(by: client)
            #expect(clock.now == Date(timeIntervalSince1970: 253_402_300_000), "a rejected advance leaves the clock")
            let last = try await client.send(.post, "/sandbox/clock/advance", json: ["seconds": 799])
            #expect(last.status == .ok)
            try await expectAlive(client)
        }
    }

    @Test("advance(by:) stops at the end of year 9999 and ignores negative durations")
    func clockAdvanceAPI() {
        let end = Date(timeIntervalSince1970: 253_402_300_799)
        let manual = ManualClock()
        manual.advance(by: .seconds(Int64.max))
        manual.advance(by: .seconds(Int64.max))
        #expect(manual.now == end)
        manual.advance(by: .seconds(-10))
        #expect(manual.now == end)
        let offset = OffsetClock()
        offset.advance(by: .seconds(Int64.max))
        offset.advance(by: .seconds(Int64.max))
        #expect(offset.now <= end)
        #expect(offset.now > Date(timeIntervalSince1970: 253_402_000_000))
    }

    static let companyNumbersCases: [HostileRequest] = [
        .init(.post, "/companies", json: ["company_id": "big", "monthly_spend": .int(.max)], field: "monthly_spend"),
        .init(.post, "/companies", json: ["company_id": "big", "monthly_spend": 1e300], field: "monthly_spend"),
        .init(.put, "/companies/\(company)", json: ["monthly_spend": .int(.min)], field: "monthly_spend"),
        .init(.put, "/companies/\(company)", json: ["size": -1], field: "size"),
        .init(
            .post,
            "/events/summaries",
            json: ["user_id": "user-1001", "event_summaries": ["event_name": "e", "count": .int(.max)]],
            field: "event_summaries.count"
        ),
        .init(
            .post,
            "/events/summaries",
            json: ["user_id": "user-1001", "event_summaries": ["event_name": "e", "count": -1]],
            field: "event_summaries.count"
        ),
    ]

    @Test(
        "Company spend, sizes and summary counts that cannot be stored safely are a 400",
        arguments: NumericHardeningTests.companyNumbersCases
    )
    func companyNumbers(request: HostileRequest) async throws {
        try await withSandboxRouter { client, _ in
            try await request.expectRejected(by: client)
        }
    }

    @Test("The largest accepted monthly_spend renders back unchanged")
    func largestSpend() async throws {
        try await withSandboxRouter { client, _ in
            let created = try await client.send(
                .post,
                "/companies",
                json: ["company_id": "rich", "monthly_spend": 9_007_199_254_740_992]
            )
            #expect(created.status == .ok)
            #expect(created.json["monthly_spend"] == 9_007_199_254_740_992)
            try await expectAlive(client)
        }
    }
}

/// A data file is outside data too: anyone may have edited it.
@Suite("Sandbox data files are checked before use")
struct DataFileHardeningTests {
    /// A data file saved by a real sandbox, with `members` written over its top-level members.
    func withDataFile(_ members: String, _ body: (URL) async throws -> Void) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try await withSandbox(SandboxConfiguration(seed: .empty, clock: ManualClock(), dataFile: file)) { _ in }
        guard case .object(var saved) = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: file)),
            case .object(let patch) = try JSONDecoder().decode(JSONValue.self, from: Data(members.utf8))
        else {
            Issue.record("the saved data file is not a JSON object")
            return
        }
        for (key, value) in patch { saved[key] = value }
        try JSONEncoder().encode(JSONValue.object(saved)).write(to: file)
        try await body(file)
    }

    @Test("A numeric-id counter at Int.max is refused at load, naming the file, and the file is left alone")
    func hugeCounter() async throws {
        try await withDataFile(#"{"nextNumericID": 9223372036854775807}"#) { file in
            let before = try Data(contentsOf: file)
            await #expect(throws: SandboxDataFileError.self) {
                try await withSandbox(SandboxConfiguration(clock: ManualClock(), dataFile: file)) { _ in }
            }
            let after = try Data(contentsOf: file)
            #expect(after == before)
        }
    }

    @Test("A scroll pointing past its list, or used at 1e300, is dropped instead of trapping")
    func brokenScroll() async throws {
        let json = #"""
            {"scroll": {"parameter": "p", "companyIDs": [], "position": 5, "lastUsedAt": 1e300}}
            """#
        try await withDataFile(json) { file in
            try await withSandbox(SandboxConfiguration(clock: ManualClock(), dataFile: file)) { sandbox in
                do {
                    _ = try await sandbox.client().send(
                        .init(
                            method: .get,
                            path: "/companies/scroll",
                            query: [URLQueryItem(name: "scroll_param", value: "p")]
                        )
                    )
                    Issue.record("a dropped scroll's parameter should not work")
                } catch let error as IntercomError {
                    #expect(error.statusCode == 404, "the scroll was dropped at load: \(error)")
                }
            }
        }
    }

    @Test("An OAuth code issued after now (the clock was moved, then restarted) does not work")
    func futureCode() async throws {
        let json = #"{"oauthCodes": {"code_future": 9000000000}}"#
        try await withDataFile(json) { file in
            try await withSandbox(SandboxConfiguration(clock: ManualClock(), dataFile: file)) { sandbox in
                let oauth = IntercomOAuth(clientID: "sandbox-client", clientSecret: "sandbox-client-secret")
                await #expect(throws: IntercomError.self) {
                    _ = try await oauth.exchange(code: "code_future", configuration: sandbox.client().configuration)
                }
            }
        }
    }

    @Test("Clocks and latency faults built in code are bounded too")
    func codeBuiltValues() async throws {
        #expect(IntercomJSON.unixSecondsRange.contains(IntercomJSON.unixSeconds(ManualClock(now: .distantFuture).now)))
        #expect(ManualClock(now: Date(timeIntervalSince1970: 1e20)).now.timeIntervalSince1970 == 253_402_300_799)
        let fault = SandboxFault.latency(.seconds(Int64.max))
        #expect(fault.description == "latency:120000")
        var configuration = SandboxConfiguration(clock: ManualClock(now: Date(timeIntervalSince1970: 1e20)))
        configuration.initialFaults = [.latency(.seconds(-5))]
        try await withSandboxRouter(configuration) { client, _ in
            let contacts = try await client.send(.get, "/contacts")
            #expect(contacts.status == .ok)
            let status = try await client.send(.get, "/sandbox/status")
            #expect(status.status == .ok)
        }
    }
}
