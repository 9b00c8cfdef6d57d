import ArgumentParser
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Intercom
import IntercomSandbox
import IntercomSandboxOptions
import Synchronization
import Testing

/// Loopback-only listening and webhook delivery, and the limits on everything a client can make the sandbox keep.
@Suite("Bounds and loopback")
struct BoundsAndLoopbackTests {
    // MARK: Helpers

    /// An empty-seed configuration on a manual clock with some limits changed.
    static func limited(
        clock: ManualClock = ManualClock(),
        _ change: (inout SandboxLimits) -> Void
    ) -> SandboxConfiguration {
        var configuration = SandboxConfiguration(seed: .empty, clock: clock)
        change(&configuration.limits)
        return configuration
    }

    /// Creates a contact and answers its id.
    static func createContact(_ client: some TestClientProtocol, _ body: JSONValue) async throws -> String {
        let response = try await client.send(.post, "/contacts", json: body)
        #expect(response.status == .ok)
        return try #require(response.json["id"]?.stringValue)
    }

    static let noAuth: HTTPFields = [.accept: "application/json"]

    static func issueCode(_ client: some TestClientProtocol) async throws -> String {
        try #require(try await client.send(.post, "/sandbox/oauth/authorize").json["code"]?.stringValue)
    }

    static func exchange(_ client: some TestClientProtocol, _ code: String) async throws -> TestResponse {
        try await client.send(
            .post,
            "/auth/eagle/token",
            headers: noAuth,
            json: ["code": .string(code), "client_id": "sandbox-client", "client_secret": "sandbox-client-secret"]
        )
    }

    static func me(_ client: some TestClientProtocol, token: String) async throws -> TestResponse {
        try await client.send(.get, "/me", headers: [.authorization: "Bearer \(token)", .accept: "application/json"])
    }

    // MARK: Loopback parsing

    @Test(
        "Loopback hosts are recognised by parsing them as addresses",
        arguments: [
            "127.0.0.1", "127.255.255.254", "127.0.0.2", "localhost", "LOCALHOST", "LocalHost", "::1", "[::1]",
            "0:0:0:0:0:0:0:1", "0000:0000:0000:0000:0000:0000:0000:0001", "::0:1",
        ]
    )
    func loopbackHosts(host: String) {
        #expect(LoopbackAddress.isLoopback(host: host))
    }

    @Test(
        "Hosts that only look like loopback, or are not, are refused",
        arguments: [
            "127.attacker.example", "127.0.0.1.nip.io", "0x7f.1", "0x7f.0.0.1", "127.1", "127.0.1", "0177.0.0.1",
            "127.00.0.1", "127.0.0.256", "127.0.0.1 ", " 127.0.0.1", "10.0.0.1", "192.168.1.1", "8.8.8.8",
            "0.0.0.0", "::", "localhost.example", "localhost.", "", "::ffff:8.8.8.8", "::ffff:127.0.0.1", "::1%lo0",
            "[::1", "::1]", "[127.0.0.1]", "[localhost]", "1::1", ":::1", "::1::", "127.0.0.1:80", "localhost:80",
            "\u{FF11}\u{FF12}\u{FF17}.0.0.1", "\u{217C}ocalhost", "1:2:3:4:5:6:7:8:9",
        ]
    )
    func notLoopbackHosts(host: String) {
        #expect(!LoopbackAddress.isLoopback(host: host))
    }

    @Test(
        "Loopback URLs must be http or https on a loopback host",
        arguments: ["http://127.0.0.1:9/x?y=1", "https://localhost/hooks", "http://[::1]:8080/", "HTTP://127.0.0.1/"]
    )
    func loopbackURLs(text: String) throws {
        let url = try #require(URL(string: text))
        #expect(LoopbackAddress.isLoopback(url: url))
        #expect(SandboxConfiguration.isLoopback(url))
    }

    @Test(
        "Other URLs are refused",
        arguments: [
            "ftp://127.0.0.1/", "file:///etc/passwd", "http://127.attacker.example/", "http://127.0.0.1.nip.io/",
            "http://8.8.8.8/", "http://127.0.0.1@evil.example/", "127.0.0.1", "http://0x7f.1/",
            "http://localhost.:8080/",
        ]
    )
    func notLoopbackURLs(text: String) {
        guard let url = URL(string: text) else { return }
        #expect(!LoopbackAddress.isLoopback(url: url))
    }

    @Test("Wildcard addresses are told apart")
    func unspecified() {
        #expect(LoopbackAddress.isUnspecified(host: "0.0.0.0"))
        #expect(LoopbackAddress.isUnspecified(host: "::"))
        #expect(LoopbackAddress.isUnspecified(host: "[::]"))
        #expect(!LoopbackAddress.isUnspecified(host: "127.0.0.1"))
        #expect(!LoopbackAddress.isUnspecified(host: "0.0.0"))
    }

    // MARK: Options and configuration

    @Test("--host must be loopback unless --allow-remote comes with a token of your own")
    func remoteHostNeedsOptIn() throws {
        #expect(throws: ValidationError.self) { try SandboxOptions.parse(["--host", "0.0.0.0"]).makeConfiguration() }
        #expect(throws: ValidationError.self) {
            try SandboxOptions.parse(["--host", "0.0.0.0", "--allow-remote"]).makeConfiguration()
        }
        #expect(throws: ValidationError.self) {
            try SandboxOptions.parse(["--host", "0.0.0.0", "--allow-remote", "--token", "sandbox-token"])
                .makeConfiguration()
        }
        #expect(throws: ValidationError.self) {
            try SandboxOptions.parse(["--host", "127.attacker.example"]).makeConfiguration()
        }
        let remote = try SandboxOptions.parse(["--host", "0.0.0.0", "--allow-remote", "--token", "other"])
            .makeConfiguration()
        #expect(remote.host == "0.0.0.0")
        #expect(remote.allowRemote)
        #expect(remote.accessTokens == ["other"])
        try remote.validate()
        for host in ["127.0.0.1", "::1", "localhost"] {
            #expect(try SandboxOptions.parse(["--host", host]).makeConfiguration().host == host)
        }
    }

    @Test("Refusals never print a token given with --token")
    func refusalsKeepTokensSecret() {
        do {
            _ = try SandboxOptions.parse([
                "--host", "0.0.0.0", "--allow-remote", "--token", "sandbox-token", "--token", "my-own-secret",
            ]).makeConfiguration()
            Issue.record("the default token must not be accepted on a remote host")
        } catch {
            #expect(!String(describing: error).contains("my-own-secret"))
        }
    }

    @Test("--webhook-url must be loopback, and --fault-count is bounded")
    func webhookURLAndFaultCountOptions() throws {
        #expect(throws: ValidationError.self) {
            try SandboxOptions.parse(["--webhook-url", "http://127.attacker.example/", "--webhook-secret", "s"])
                .makeConfiguration()
        }
        #expect(throws: ValidationError.self) {
            try SandboxOptions.parse(["--webhook-url", "ftp://127.0.0.1/", "--webhook-secret", "s"])
                .makeConfiguration()
        }
        let hooked = try SandboxOptions.parse(["--webhook-url", "http://127.0.0.1:9/hooks", "--webhook-secret", "s"])
            .makeConfiguration()
        #expect(hooked.webhooks?.url.absoluteString == "http://127.0.0.1:9/hooks")
        for count in ["0", "-1", "10001", "9223372036854775807"] {
            #expect(throws: ValidationError.self) {
                try SandboxOptions.parse(["--fault", "server_error", "--fault-count=\(count)"]).makeConfiguration()
            }
        }
        let faulted = try SandboxOptions.parse(["--fault", "server_error", "--fault-count", "10000"])
            .makeConfiguration()
        #expect(faulted.initialFaults.count == 10_000)
    }

    @Test("The library's configuration is checked when a sandbox starts")
    func configurationValidation() async throws {
        var remote = SandboxConfiguration(host: "0.0.0.0", clock: ManualClock())
        #expect(throws: SandboxConfigurationError.hostNotLoopback(host: "0.0.0.0")) { try remote.validate() }
        remote.allowRemote = true
        #expect(throws: SandboxConfigurationError.remoteNeedsOwnTokens(host: "0.0.0.0")) { try remote.validate() }
        remote.accessTokens = ["mine", SandboxConfiguration.defaultAccessToken]
        #expect(throws: SandboxConfigurationError.remoteNeedsOwnTokens(host: "0.0.0.0")) { try remote.validate() }
        remote.accessTokens = ["mine"]
        try remote.validate()

        var hooked = SandboxConfiguration(clock: ManualClock())
        hooked.webhooks = .init(
            url: try #require(URL(string: "http://127.0.0.1.nip.io/hooks?key=path-secret")),
            secret: "hook-secret"
        )
        let refused = SandboxConfigurationError.webhookURLNotLoopback(host: "127.0.0.1.nip.io")
        #expect(throws: refused) { try hooked.validate() }
        #expect(!refused.description.contains("hook-secret"))
        #expect(!refused.description.contains("path-secret"))
        let configuration = hooked
        await #expect(throws: refused) {
            let sandbox = try await Sandbox.start(configuration)
            await sandbox.stop()
        }

        var faulted = SandboxConfiguration(clock: ManualClock())
        faulted.limits.queuedFaults = 2
        faulted.initialFaults = [.serverError, .serverError, .serverError]
        #expect(throws: SandboxConfigurationError.tooManyInitialFaults(count: 3, limit: 2)) {
            try faulted.validate()
        }
        var negative = SandboxConfiguration(clock: ManualClock())
        negative.limits.notes = -1
        #expect(throws: SandboxConfigurationError.negativeLimit("notes")) { try negative.validate() }
    }

    // MARK: Webhook HTTP

    @Test("Webhook HTTP refuses URLs off this machine before sending anything")
    func webhookHTTPRefusesRemote() async throws {
        let url = try #require(URL(string: "http://8.8.8.8/hooks"))
        await #expect(throws: SandboxConfigurationError.webhookURLNotLoopback(host: "8.8.8.8")) {
            _ = try await WebhookHTTP.post(Data("{}".utf8), to: url)
        }
    }

    @Test("Webhook HTTP never follows a redirect")
    func webhookHTTPDoesNotFollowRedirects() async throws {
        let landed = HitCounter()
        let router = Router()
        router.post("hooks") { _, _ in
            Response(status: .temporaryRedirect, headers: [.location: "/landed"])
        }
        router.post("landed") { _, _ in
            landed.add()
            return Response(status: .ok)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let url = try #require(URL(string: "http://127.0.0.1:\(port)/hooks"))
            let status = try await WebhookHTTP.post(Data("{}".utf8), to: url)
            #expect(status == 307)
            #expect(landed.value == 0)
        }
    }

    // MARK: Faults

    @Test("10,000 queued faults are one run: shown compactly, used one per request, capped in total")
    func faultQueueIsCompact() async throws {
        try await withSandboxRouter { client, _ in
            let queued = try await client.send(
                .post,
                "/sandbox/faults",
                json: ["fault": "server_error", "count": 10_000]
            )
            #expect(queued.status == .ok)
            #expect(queued.json["queued_faults"] == [["fault": "server_error", "count": 10_000]])
            #expect(queued.json["pending_fault_count"] == 10_000)
            #expect(queued.json["pending_faults"]?.arrayValue?.count == 100)
            let full = try await client.send(.post, "/sandbox/faults", json: ["fault": "rate_limit"])
            expectError(full, .unprocessableContent, "limit_exceeded")
            #expect(full.json["errors"]?[0]?["field"] == "count")
            for _ in 0..<3 {
                expectError(try await client.send(.get, "/me"), .internalServerError, "server_error")
            }
            let status = try await client.send(.get, "/sandbox/status")
            #expect(status.json["pending_fault_count"] == 9_997)
            #expect(status.json["queued_faults"] == [["fault": "server_error", "count": 9_997]])
            let cleared = try await client.send(.delete, "/sandbox/faults")
            #expect(cleared.json["pending_fault_count"] == 0)
            #expect(cleared.json["queued_faults"] == .array([]))
            #expect(try await client.send(.get, "/me").status == .ok)
        }
    }

    @Test("Queued faults keep their order, and repeats of one fault merge into one run")
    func faultRunsKeepOrder() async throws {
        try await withSandboxRouter { client, _ in
            try await client.send(.post, "/sandbox/faults", json: ["fault": "rate_limit", "count": 2])
            try await client.send(.post, "/sandbox/faults", json: ["fault": "rate_limit"])
            let queued = try await client.send(.post, "/sandbox/faults", json: ["fault": "server_error"])
            #expect(
                queued.json["queued_faults"] == [
                    ["fault": "rate_limit", "count": 3], ["fault": "server_error", "count": 1],
                ]
            )
            #expect(queued.json["pending_faults"] == ["rate_limit", "rate_limit", "rate_limit", "server_error"])
            for _ in 0..<3 {
                expectError(try await client.send(.get, "/me"), .tooManyRequests, "rate_limit_exceeded")
            }
            expectError(try await client.send(.get, "/me"), .internalServerError, "server_error")
            #expect(try await client.send(.get, "/me").status == .ok)
        }
    }

    // MARK: OAuth

    @Test("OAuth codes work once and expire after five minutes on the sandbox's clock")
    func oauthCodesExpire() async throws {
        let clock = ManualClock()
        try await withSandboxRouter(SandboxConfiguration(clock: clock)) { client, _ in
            let late = try await Self.issueCode(client)
            let early = try await Self.issueCode(client)
            clock.advance(by: .seconds(299))
            let token = try await Self.exchange(client, early)
            #expect(token.status == .ok)
            expectError(try await Self.exchange(client, early), .unauthorized, "invalid_grant")
            clock.advance(by: .seconds(2))
            expectError(try await Self.exchange(client, late), .unauthorized, "invalid_grant")
            #expect(try await client.send(.get, "/me").status == .ok)
        }
    }

    @Test("Past the limit of outstanding OAuth codes, the oldest is dropped")
    func oauthCodesAreCapped() async throws {
        let clock = ManualClock()
        try await withSandboxRouter(Self.limited(clock: clock) { $0.oauthCodes = 2 }) { client, _ in
            var codes: [String] = []
            for _ in 0..<3 {
                codes.append(try await Self.issueCode(client))
                clock.advance(by: .seconds(1))
            }
            expectError(try await Self.exchange(client, codes[0]), .unauthorized, "invalid_grant")
            #expect(try await Self.exchange(client, codes[1]).status == .ok)
            #expect(try await Self.exchange(client, codes[2]).status == .ok)
            #expect(try await client.send(.get, "/me").status == .ok)
        }
    }

    @Test("Past the limit of issued tokens, the oldest stops working; configured tokens always work")
    func issuedTokensAreCapped() async throws {
        try await withSandboxRouter(Self.limited { $0.issuedTokens = 1 }) { client, _ in
            let first = try #require(
                try await Self.exchange(client, try await Self.issueCode(client)).json["access_token"]?.stringValue
            )
            #expect(try await Self.me(client, token: first).status == .ok)
            let second = try #require(
                try await Self.exchange(client, try await Self.issueCode(client)).json["access_token"]?.stringValue
            )
            expectError(try await Self.me(client, token: first), .unauthorized, "unauthorized")
            #expect(try await Self.me(client, token: second).status == .ok)
            #expect(try await Self.me(client, token: SandboxConfiguration.defaultAccessToken).status == .ok)
        }
    }

    // MARK: Store limits

    @Test("The store holds at most `limits.contacts` contacts, however they are added")
    func contactsAreCapped() async throws {
        try await withSandboxRouter(Self.limited { $0.contacts = 3 }) { client, state in
            let generated = try await client.send(.post, "/sandbox/generate", json: ["contacts": 2])
            #expect(generated.status == .ok)
            #expect(generated.json["counts"]?["contacts"] == 2)
            let tooMany = try await client.send(.post, "/sandbox/generate", json: ["contacts": 2])
            expectError(tooMany, .unprocessableContent, "limit_exceeded")
            #expect(tooMany.json["errors"]?[0]?["field"] == "contacts")
            _ = try await Self.createContact(client, ["email": "three@example.com"])
            expectError(
                try await client.send(.post, "/contacts", json: ["email": "four@example.com"]),
                .unprocessableContent,
                "limit_exceeded"
            )
            #expect(await state.store.generateContacts(count: 10).isEmpty)
            #expect(await state.store.counts()["contacts"] == 3)
            #expect(try await client.send(.get, "/me").status == .ok)
        }
    }

    @Test("Notes are capped per contact and in total")
    func notesAreCapped() async throws {
        let configuration = Self.limited {
            $0.notesPerContact = 2
            $0.notes = 3
        }
        try await withSandboxRouter(configuration) { client, _ in
            let first = try await Self.createContact(client, ["email": "noted@example.com"])
            let second = try await Self.createContact(client, ["email": "also-noted@example.com"])
            for text in ["one", "two"] {
                let note = try await client.send(.post, "/contacts/\(first)/notes", json: ["body": .string(text)])
                #expect(note.status == .ok)
            }
            expectError(
                try await client.send(.post, "/contacts/\(first)/notes", json: ["body": "three"]),
                .unprocessableContent,
                "limit_exceeded"
            )
            #expect(try await client.send(.post, "/contacts/\(second)/notes", json: ["body": "one"]).status == .ok)
            expectError(
                try await client.send(.post, "/contacts/\(second)/notes", json: ["body": "two"]),
                .unprocessableContent,
                "limit_exceeded"
            )
            #expect(try await client.send(.get, "/me").status == .ok)
        }
    }

    @Test("Data events are a log: past a limit, the oldest recorded are dropped")
    func eventsDropOldest() async throws {
        let configuration = Self.limited {
            $0.eventsPerContact = 2
            $0.events = 3
        }
        try await withSandboxRouter(configuration) { client, state in
            _ = try await Self.createContact(client, ["role": "user", "external_id": "a"])
            _ = try await Self.createContact(client, ["role": "user", "external_id": "b"])
            func record(_ name: String, _ userID: String, _ offset: Int) async throws {
                let response = try await client.send(
                    .post,
                    "/events",
                    json: [
                        "event_name": .string(name), "created_at": .int(1_699_999_000 + offset),
                        "user_id": .string(userID),
                    ]
                )
                #expect(response.status == .accepted)
            }
            func names(_ userID: String) async throws -> [String] {
                let response = try await client.send(.get, "/events?type=user&user_id=\(userID)")
                #expect(response.status == .ok)
                return (response.json["events"]?.arrayValue ?? []).compactMap { $0["event_name"]?.stringValue }
            }
            try await record("e1", "a", 1)
            try await record("e2", "a", 2)
            try await record("e3", "a", 3)
            #expect(try await names("a") == ["e3", "e2"])
            try await record("f1", "b", 4)
            try await record("f2", "b", 5)
            #expect(try await names("a") == ["e3"])
            #expect(try await names("b") == ["f2", "f1"])
            #expect(await state.store.counts()["events"] == 3)
            #expect(try await client.send(.get, "/me").status == .ok)
        }
    }

    @Test("Event summaries are capped by distinct names per contact")
    func eventSummariesAreCapped() async throws {
        try await withSandboxRouter(Self.limited { $0.eventSummariesPerContact = 1 }) { client, _ in
            _ = try await Self.createContact(client, ["role": "user", "external_id": "summed"])
            func summary(_ name: String) async throws -> TestResponse {
                try await client.send(
                    .post,
                    "/events/summaries",
                    json: ["user_id": "summed", "event_summaries": ["event_name": .string(name), "count": 2]]
                )
            }
            #expect(try await summary("opened").status == .ok)
            #expect(try await summary("opened").status == .ok)
            expectError(try await summary("closed"), .unprocessableContent, "limit_exceeded")
            #expect(try await client.send(.get, "/me").status == .ok)
        }
    }

    @Test("Companies, tags, conversations and conversation parts are capped")
    func otherStoresAreCapped() async throws {
        let configuration = Self.limited {
            $0.companies = 1
            $0.tags = 1
            $0.conversations = 1
            $0.partsPerConversation = 1
        }
        try await withSandboxRouter(configuration) { client, _ in
            let company = try await client.send(.post, "/companies", json: ["company_id": "c1", "name": "One"])
            #expect(company.status == .ok)
            #expect(
                try await client.send(.post, "/companies", json: ["company_id": "c1", "name": "Renamed"]).status == .ok,
                "updating an existing company is not limited"
            )
            expectError(
                try await client.send(.post, "/companies", json: ["company_id": "c2", "name": "Two"]),
                .unprocessableContent,
                "limit_exceeded"
            )

            #expect(try await client.send(.post, "/tags", json: ["name": "one"]).status == .ok)
            #expect(try await client.send(.post, "/tags", json: ["name": "one"]).status == .ok)
            expectError(
                try await client.send(.post, "/tags", json: ["name": "two"]),
                .unprocessableContent,
                "limit_exceeded"
            )

            let contact = try await Self.createContact(client, ["email": "talker@example.com"])
            let start: JSONValue = ["from": ["type": "user", "id": .string(contact)], "body": "Hi"]
            let started = try await client.send(.post, "/conversations", json: start)
            #expect(started.status == .ok)
            let conversationID = try #require(started.json["conversation_id"]?.stringValue)
            expectError(
                try await client.send(.post, "/conversations", json: start),
                .unprocessableContent,
                "limit_exceeded"
            )
            let reply: JSONValue = [
                "message_type": "comment", "type": "admin", "admin_id": "991267460", "body": "Hello",
            ]
            #expect(try await client.send(.post, "/conversations/\(conversationID)/reply", json: reply).status == .ok)
            expectError(
                try await client.send(.post, "/conversations/\(conversationID)/reply", json: reply),
                .unprocessableContent,
                "limit_exceeded"
            )
            #expect(try await client.send(.get, "/me").status == .ok)
        }
    }

    // MARK: Webhook queue

    @Test("The status shows webhook deliveries, all zero without webhooks")
    func webhookCountsWithoutWebhooks() async throws {
        try await withSandboxRouter { client, _ in
            let status = try await client.send(.get, "/sandbox/status")
            #expect(status.json["webhooks"] == ["queued": 0, "delivered": 0, "failed": 0, "dropped": 0])
        }
    }

    @Test("Past the webhook queue's limit, notifications are dropped and counted")
    func webhookDropsAreCounted() async throws {
        var configuration = Self.limited { $0.queuedWebhooks = 0 }
        configuration.webhooks = .init(url: try #require(URL(string: "http://127.0.0.1:9/hooks")), secret: "s")
        try await withSandboxRouter(configuration) { client, _ in
            _ = try await Self.createContact(client, ["email": "hooked@example.com"])
            _ = try await Self.createContact(client, ["email": "hooked-too@example.com"])
            let status = try await client.send(.get, "/sandbox/status")
            #expect(status.json["webhooks"] == ["queued": 0, "delivered": 0, "failed": 0, "dropped": 2])
            #expect(try await client.send(.get, "/me").status == .ok)
        }
    }

    // MARK: Bodies

    @Test("A body over the size limit is 413 whatever the method")
    func bodyLimitForEveryMethod() async throws {
        try await withSandboxRouter(SandboxConfiguration(maxBodyBytes: 1024, clock: ManualClock())) { client, _ in
            let huge = String(repeating: "x", count: 4096)
            expectError(
                try await client.send(.get, "/me", raw: huge),
                .contentTooLarge,
                "request_entity_too_large"
            )
            #expect(try await client.send(.get, "/me").status == .ok)
        }
    }
}

/// Counts requests a test server received.
private final class HitCounter: Sendable {
    private let hits = Mutex(0)

    func add() {
        hits.withLock { $0 += 1 }
    }

    var value: Int { hits.withLock { $0 } }
}

@Suite("Sandbox secrets never print")
struct SandboxRedactionTests {
    @Test("SandboxConfiguration and its webhook settings hide tokens and secrets in every rendering")
    func configuration() throws {
        let secret = "very-secret-value-42"
        var configuration = SandboxConfiguration(
            accessTokens: ["\(secret)-token"],
            oauthClientSecret: "\(secret)-oauth"
        )
        configuration.webhooks = .init(url: try #require(URL(string: "http://127.0.0.1:9/hook")), secret: secret)
        var dumped = ""
        dump(configuration, to: &dumped)
        var webhookDump = ""
        dump(configuration.webhooks, to: &webhookDump)
        for text in [
            "\(configuration)", String(reflecting: configuration), dumped, webhookDump,
            "\(configuration.webhooks.map(\.description) ?? "")",
        ] {
            #expect(!text.contains(secret), "printed a secret: \(text)")
        }
        #expect("\(configuration)".contains("127.0.0.1"))
        #expect("\(configuration)".contains("http://127.0.0.1:9/hook"))
    }
}
