import Foundation
import HTTPTypes
import Hummingbird
import Intercom
import IntercomSandbox
import Synchronization
import TestSupport
import Testing

/// Faults, rate limits, concurrency and webhooks, end to end.
@Suite("Sandbox behaviour end to end")
struct SandboxBehaviourTests {
    @Test("Queued 5xx faults are retried away for a GET; a POST gets the fault")
    func retriesInjectedFaults() async throws {
        try await withSandbox(SandboxConfiguration(clock: ManualClock())) { sandbox in
            let clock = RecordingClock()
            let client = sandbox.client { $0.clock = clock }
            _ = try await client.send(
                .init(method: .post, path: "/sandbox/faults", body: .json(["fault": "server_error", "count": 2]))
            )
            let admins = try await client.admins.list()
            #expect(admins.admins?.isEmpty == false)
            #expect(clock.sleeps.count == 2, "two retries")

            _ = try await client.send(
                .init(method: .post, path: "/sandbox/faults", body: .json(["fault": "service_unavailable"]))
            )
            do {
                _ = try await client.contacts.create(CreateContactRequest(email: "once@example.com"))
                Issue.record("a POST was retried through a 503")
            } catch let error as IntercomError {
                #expect(error.statusCode == 503)
            }
            #expect(await sandbox.store.counts()["contacts"] == 6, "the failed POST created nothing")
        }
    }

    @Test(
        "Gateway HTML, dropped connections and truncated bodies surface as typed errors, and the sandbox keeps serving"
    )
    func transportFaults() async throws {
        try await withSandbox(SandboxConfiguration(clock: ManualClock())) { sandbox in
            let client = sandbox.client { $0.retryPolicy = .none }
            func fault(_ name: String) -> IntercomRawRequest {
                .init(method: .get, path: "/me", headerFields: [HTTPField.Name("X-Sandbox-Fault")!: name])
            }
            do {
                _ = try await client.send(fault("gateway_timeout_html"))
                Issue.record("expected an error")
            } catch let error as IntercomError {
                guard case .http(let failure) = error else { throw error }
                #expect(failure.status == .gatewayTimeout)
                #expect(failure.body.contains("504 Gateway Time-out"))
            }
            for name in ["drop_connection", "truncated_body"] {
                do {
                    _ = try await client.send(fault(name))
                    Issue.record("\(name): expected an error")
                } catch let error as IntercomError {
                    guard case .transport = error else {
                        Issue.record("\(name): expected a transport error, got \(error)")
                        continue
                    }
                }
            }
            #expect(try await client.admins.identify().email == "ada@sandbox.example")
        }
    }

    @Test("Past the rate limit the SDK waits for the window to reset, on the sandbox's own clock")
    func rateLimitRoundTrip() async throws {
        let clock = ManualClock(now: Date(timeIntervalSince1970: 1_700_000_001))
        try await withSandbox(SandboxConfiguration(rateLimiting: .init(limit: 3, window: .seconds(10)), clock: clock)) {
            sandbox in
            // The client sleeps on the same manual clock, so waiting for the reset moves the sandbox's time.
            let client = sandbox.client { $0.clock = clock }
            for _ in 0..<5 {
                _ = try await client.admins.identify()
            }
            #expect(clock.now >= Date(timeIntervalSince1970: 1_700_000_010), "the client waited for the next window")
            let limit = try #require(client.latestRateLimit)
            #expect(limit.limit == 3)
            #expect(limit.remaining == 1)
        }
    }

    @Test("A concurrent burst fails only by the rate limit, and the store's counts are exact")
    func concurrentBurst() async throws {
        let tasks = 64
        let requestsPerTask = 60
        try await withSandbox(SandboxConfiguration(rateLimiting: .init(limit: 2_000), clock: ManualClock())) {
            sandbox in
            let client = sandbox.client { $0.retryPolicy = .none }
            let before = await sandbox.store.counts()["contacts"] ?? 0
            let outcomes = try await withThrowingTaskGroup(of: (created: Int, limited: Int, other: [String]).self) {
                group in
                for task in 0..<tasks {
                    group.addTask {
                        var created = 0
                        var limited = 0
                        var other: [String] = []
                        for index in 0..<requestsPerTask {
                            do {
                                switch index % 3 {
                                case 0:
                                    _ = try await client.contacts.create(
                                        CreateContactRequest(email: "burst-\(task)-\(index)@example.com")
                                    )
                                    created += 1
                                case 1:
                                    _ = try await client.contacts.list(perPage: 5).firstPage()
                                default:
                                    _ = try await client.admins.identify()
                                }
                            } catch let error as IntercomError where error.code == .rateLimitExceeded {
                                limited += 1
                            } catch {
                                other.append("\(error)")
                            }
                        }
                        return (created, limited, other)
                    }
                }
                var all: [(created: Int, limited: Int, other: [String])] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            let created = outcomes.map(\.created).reduce(0, +)
            let limited = outcomes.map(\.limited).reduce(0, +)
            let failures = outcomes.flatMap(\.other)
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            #expect(limited == tasks * requestsPerTask - 2_000, "exactly the requests past the limit were refused")
            #expect(await sandbox.store.counts()["contacts"] == before + created)
        }
    }

    @Test("Webhooks: every notification arrives once, signed with X-Hub-Signature over the raw body")
    func webhookDelivery() async throws {
        let secret = "webhook-secret"
        let received = Mutex<[(topic: String, valid: Bool, id: String)]>([])
        try await withLoopbackServer(respond: { request, _ in
            if request.method == .post {
                let valid = WebhookSignature(secret: secret).isValid(
                    body: request.body,
                    signatureHeader: request.headers[.hubSignature]
                )
                let json = request.json
                received.withLock { $0.append((json?["topic"] as? String ?? "?", valid, json?["id"] as? String ?? "")) }
            }
            return CannedResponse(status: .ok, body: "")
        }) { receiverURL, _ in
            let configuration = SandboxConfiguration(
                rateLimiting: .unlimited,
                webhooks: .init(url: receiverURL.appendingPathComponent("hooks"), secret: secret),
                clock: ManualClock()
            )
            try await withSandbox(configuration) { sandbox in
                let client = sandbox.client()
                let contact = try await client.contacts.create(
                    CreateContactRequest(role: .lead, email: "hook@example.com")
                )
                _ = try await client.contacts.update(id: contact.id, UpdateContactRequest(name: "Hooked"))
                _ = try await client.companies.createOrUpdate(
                    CreateOrUpdateCompanyRequest(name: "Hook Co", companyID: "hook")
                )
                let tag = try await client.send(.init(method: .post, path: "/tags", body: .json(["name": "Hooked"])))
                let tagID = try #require(try tag.json()["id"]?.stringValue)
                _ = try await client.tags.tagContact(contactID: contact.id, tagID: tagID)
                let message = try await client.conversations.create(
                    CreateConversationRequest(from: .init(type: .lead, id: contact.id), body: "Hi")
                )
                let conversationID = try #require(message.conversationID)
                _ = try await client.conversations.reply(
                    id: conversationID,
                    .admin(AdminReplyConversationRequest(messageType: .comment, body: "Hello", adminID: "991267460"))
                )
                _ = try await client.conversations.manage(
                    id: conversationID,
                    .close(CloseConversationRequest(adminID: "991267460"))
                )
                await sandbox.store.flushWebhooks()
            }
        }
        let deliveries = received.withLock { $0 }
        #expect(deliveries.allSatisfy { $0.valid })
        #expect(
            deliveries.map(\.topic) == [
                "contact.lead.created", "contact.lead.updated", "company.created", "tag.created", "contact.tag.created",
                "conversation.user.created", "conversation.admin.replied", "conversation.admin.closed",
            ]
        )
        #expect(Set(deliveries.map(\.id)).count == deliveries.count, "each notification once, with its own id")
    }
}
