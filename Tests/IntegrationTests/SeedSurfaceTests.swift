import Foundation
import HTTPTypes
import Intercom
import IntercomSandbox
import IntercomTour
import Synchronization
import TestSupport
import Testing

/// The intercom-go surface: the whole README story, and the caller mistakes caught before sending.
@Suite("intercom-go surface")
struct SeedSurfaceTests {
    @Test("The README's whole story runs against a sandbox, every step checked")
    func tour() async throws {
        try await withSandbox(SandboxConfiguration(clock: ManualClock(now: Date()))) { sandbox in
            let steps = try await Tour(client: sandbox.client()).run()
            let chapters = Set(steps.map(\.chapter))
            #expect(
                chapters == [
                    "Companies", "Users", "Leads", "Events", "Admins", "Segments", "Tags", "Messages", "Conversations",
                    "Notifications", "Errors",
                ]
            )
            #expect(steps.count >= 18)
        }
    }

    /// Counts the requests a transport sees.
    final class Counter: Sendable {
        let value = Mutex(0)
    }

    /// A client whose transport counts requests and answers every one with 500.
    static func countingClient() -> (IntercomClient, Counter) {
        let counter = Counter()
        let transport = ClosureTransport { _, _ in
            counter.value.withLock { $0 += 1 }
            return IntercomResponse(head: .init(status: .internalServerError))
        }
        let client = IntercomClient(accessToken: "t").with {
            $0.transport = transport
            $0.retryPolicy = .none
        }
        return (client, counter)
    }

    @Test("Caller mistakes are refused before any request is sent")
    func validationBeforeSending() async {
        let (client, counter) = Self.countingClient()
        let mistakes: [(String, () async throws -> Void)] = [
            ("user without identifiers", { _ = try await client.users.save(UserAttributes(name: "Nobody")) }),
            (
                "user company without id",
                { _ = try await client.users.save(UserAttributes(userID: "1", companies: [UserCompany()])) }
            ),
            ("company without company_id", { _ = try await client.companies.save(CompanyAttributes(companyID: " ")) }),
            ("event without a name", { try await client.events.save(eventName: "", userID: "1") }),
            ("event without an identifier", { try await client.events.save(eventName: "x") }),
            (
                "event with two identifiers",
                { try await client.events.save(eventName: "x", userID: "1", email: "a@b.c") }
            ),
            (
                "event with 11 metadata keys",
                {
                    let metadata = Dictionary(uniqueKeysWithValues: (0..<11).map { ("k\($0)", JSONValue.int($0)) })
                    try await client.events.save(eventName: "x", userID: "1", metadata: metadata)
                }
            ),
            (
                "nested event metadata",
                { try await client.events.save(eventName: "x", userID: "1", metadata: ["a": ["b": 1]]) }
            ),
            (
                "array event metadata",
                { try await client.events.save(eventName: "x", userID: "1", metadata: ["a": [1, 2]]) }
            ),
            ("lead update without id", { _ = try await client.leads.update(LeadAttributes(name: "x")) }),
            (
                "convert to a user without identifiers",
                { _ = try await client.leads.convert(id: "1", to: UserAttributes()) }
            ),
            ("tag without a name", { _ = try await client.tags.save(name: "") }),
            ("tagging nobody", { _ = try await client.tags.tag("VIP", []) }),
            (
                "email without subject",
                {
                    _ = try await client.messages.sendEmail(
                        template: .plain,
                        fromAdmin: "1",
                        to: .email("a@b.c"),
                        subject: "",
                        body: "x"
                    )
                }
            ),
            (
                "11 attachments",
                {
                    let urls = (0..<11).map { "https://example.com/\($0).png" }
                    _ = try await client.conversations.reply(
                        id: "1",
                        asAdmin: "1",
                        .comment,
                        body: "x",
                        attachmentURLs: urls
                    )
                }
            ),
            (
                "search too deep",
                { _ = try await client.contacts.search(.and([.or([.and([.or([.field("a") == 1])])])])).firstPage() }
            ),
            ("non-numeric admin id", { _ = try await client.conversations.list(adminID: "ada").firstPage() }),
            (
                "OAuth without a code",
                { _ = try await IntercomOAuth(clientID: "c", clientSecret: "s").exchange(code: "") }
            ),
        ]
        for (name, mistake) in mistakes {
            do {
                try await mistake()
                Issue.record("\(name): no error")
            } catch let error as IntercomError {
                guard case .invalidRequest(let failure) = error else {
                    Issue.record("\(name): expected invalidRequest, got \(error)")
                    continue
                }
                #expect(!failure.message.isEmpty, "\(name)")
            } catch {
                Issue.record("\(name): unexpected \(error)")
            }
        }
        #expect(counter.value.withLock { $0 } == 0, "no request was sent")
    }

    @Test("A wrong webhook signature is a clear error; a right one parses into one typed item")
    func notifications() throws {
        let body = Data(
            #"{"type":"notification_event","id":"notif_1","topic":"contact.user.created","app_id":"abc","created_at":1700000000,"first_sent_at":1700000001,"delivery_attempts":2,"data":{"type":"notification_event_data","item":{"type":"contact","id":"c1","role":"user","email":"a@b.c","brand_new_field":{"x":1}}}}"#
                .utf8
        )
        let signature = WebhookSignature(secret: "s3cret").signature(for: body)
        #expect(throws: WebhookVerificationError.signatureMismatch) {
            _ = try WebhookNotification.verifyAndParse(body: body, signatureHeader: signature, secret: "other")
        }
        let notification = try WebhookNotification.verifyAndParse(
            body: body,
            signatureHeader: signature,
            secret: "s3cret"
        )
        #expect(notification.id == "notif_1")
        #expect(notification.appID == "abc")
        #expect(notification.deliveryAttempts == 2)
        #expect(notification.createdAt == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(notification.firstSentAt == Date(timeIntervalSince1970: 1_700_000_001))
        guard case .contact(let contact) = notification.item else {
            Issue.record("expected a contact, got \(notification.item)")
            return
        }
        #expect(contact.email == "a@b.c")

        let ping = try WebhookNotification.parse(
            Data(
                #"{"type":"notification_event","id":"n2","topic":"ping","data":{"item":{"type":"ping","message":"hi"}}}"#
                    .utf8
            )
        )
        guard case .unknown(let topic, let item) = ping.item else {
            Issue.record("expected unknown")
            return
        }
        #expect(topic == "ping")
        #expect(item["message"] == "hi")
        #expect(throws: IntercomError.self) { _ = try WebhookNotification.parse(Data("not json".utf8)) }
        #expect(throws: IntercomError.self) {
            _ = try WebhookNotification.parse(Data(#"{"type":"notification_event"}"#.utf8))
        }
    }

    @Test("A notification streams in from an async byte sequence, with a size cap")
    func streamedNotification() async throws {
        let body = Array(
            #"{"id":"n3","topic":"company.created","data":{"item":{"type":"company","id":"co1","name":"Acme"}}}"#.utf8
        )
        let stream = AsyncStream<UInt8> { continuation in
            body.forEach { continuation.yield($0) }
            continuation.finish()
        }
        let notification = try await WebhookNotification.parse(stream)
        guard case .company(let company) = notification.item else {
            Issue.record("expected a company")
            return
        }
        #expect(company.name == "Acme")
        let big = AsyncStream<UInt8> { continuation in
            for _ in 0..<100 { continuation.yield(0x20) }
            continuation.finish()
        }
        await #expect(throws: IntercomError.self) { _ = try await WebhookNotification.parse(big, maxBytes: 10) }
    }

    @Test("OAuth: the authorization URL carries the app, state and redirect; the code exchange yields a working token")
    func oauth() async throws {
        let oauth = IntercomOAuth(clientID: "sandbox-client", clientSecret: "sandbox-client-secret")
        let url = oauth.authorizationURL(state: "xyz", redirectURI: URL(string: "https://app.example.com/callback"))
        let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        #expect(url.host == "app.intercom.com")
        #expect(items.first { $0.name == "client_id" }?.value == "sandbox-client")
        #expect(items.first { $0.name == "state" }?.value == "xyz")
        #expect(items.first { $0.name == "redirect_uri" }?.value == "https://app.example.com/callback")

        try await withSandbox(SandboxConfiguration(clock: ManualClock())) { sandbox in
            let code = try await sandbox.client().send(.init(method: .post, path: "/sandbox/oauth/authorize")).json()[
                "code"
            ]?.stringValue
            let token = try await oauth.exchange(
                code: try #require(code),
                configuration: .init(baseURL: sandbox.baseURL)
            )
            #expect(token.tokenType == "Bearer")
            let client = sandbox.client(token: token.accessToken)
            #expect(try await client.admins.identify().id != nil)
            do {
                _ = try await oauth.exchange(code: try #require(code), configuration: .init(baseURL: sandbox.baseURL))
                Issue.record("a code was exchanged twice")
            } catch let error as IntercomError {
                #expect(error.statusCode == 401)
            }
        }
    }

    @Test("Every API error exposes status code, code and message, like intercom-go's IntercomError")
    func errors() async throws {
        try await withSandbox(SandboxConfiguration(clock: ManualClock())) { sandbox in
            do {
                _ = try await sandbox.client().users.find(userID: "no-such-user")
                Issue.record("found a missing user")
            } catch let error as IntercomError {
                #expect(error.statusCode == 404)
                #expect(error.code == .notFound)
                #expect(error.message == "User Not Found")
                #expect(error.requestID != nil)
            }
        }
    }
}
