import Foundation
import HTTPTypes
import Intercom
import IntercomSandbox
import TestSupport
import Testing

/// The SDK's generated API against an in-process sandbox over real HTTP.
@Suite("SDK against the sandbox")
struct SandboxResourceTests {
    static func configuration(clock: ManualClock = ManualClock(), limit: Int? = nil) -> SandboxConfiguration {
        SandboxConfiguration(rateLimiting: .init(limit: limit), clock: clock)
    }

    @Test("Contacts: create, find three ways, update, list every page, search, archive, delete")
    func contactLifecycle() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let created = try await client.contacts.create(
                CreateContactRequest(
                    role: .user,
                    externalID: "27",
                    email: "gopher@example.com",
                    name: "InterGopher",
                    customAttributes: ["is_cool": true]
                )
            )
            #expect(created.role == .user)
            #expect(created.customAttributes?["is_cool"] == true)
            #expect(try await client.contacts.find(id: created.id).email == "gopher@example.com")
            #expect(try await client.contacts.find(externalID: "27").id == created.id)

            let updated = try await client.contacts.update(
                id: created.id,
                UpdateContactRequest(name: "Gopher", customAttributes: ["score": 4.5])
            )
            #expect(updated.name == "Gopher")
            #expect(updated.customAttributes?["score"] == 4.5)
            #expect(updated.customAttributes?["is_cool"] == true)

            var seen: [String] = []
            var pages = 0
            for try await page in client.contacts.list(perPage: 2).pages {
                pages += 1
                seen += page.items.map(\.id)
            }
            let stored = await sandbox.store.counts()["contacts"]
            #expect(seen.count == stored)
            #expect(Set(seen).count == seen.count, "no duplicates")
            #expect(pages == ((stored ?? 0) + 1) / 2)

            let leads = try await client.contacts.search(.field("role") == "lead").collect()
            #expect(!leads.isEmpty && leads.allSatisfy { $0.role == .lead })

            #expect(try await client.contacts.archive(id: created.id).archived == true)
            #expect(try await client.contacts.list(perPage: 150).collect().contains { $0.id == created.id } == false)
            #expect(try await client.contacts.unarchive(id: created.id).archived == false)

            #expect(try await client.contacts.delete(id: created.id).deleted == true)
            do {
                _ = try await client.contacts.find(id: created.id)
                Issue.record("a deleted contact was found")
            } catch let error as IntercomError {
                #expect(error.code == .notFound)
                #expect(error.statusCode == 404)
                #expect(error.requestID != nil)
            }
        }
    }

    @Test("A duplicate email is 409 conflict, answered once and never retried")
    func duplicateContact() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            _ = try await client.contacts.create(CreateContactRequest(email: "dup@example.com"))
            let before = await sandbox.store.counts()["contacts"]
            do {
                _ = try await client.contacts.create(CreateContactRequest(email: "dup@example.com"))
                Issue.record("expected a conflict")
            } catch let error as IntercomError {
                #expect(error.code == .conflict)
                #expect(error.statusCode == 409)
            }
            #expect(await sandbox.store.counts()["contacts"] == before)
        }
    }

    @Test("Companies: create or update by company_id, find, attach a contact, list its contacts")
    func companies() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let company = try await client.companies.createOrUpdate(
                CreateOrUpdateCompanyRequest(
                    name: "My Co",
                    companyID: "27",
                    plan: "MyPlan",
                    customAttributes: ["is_cool": true]
                )
            )
            #expect(company.companyID == "27")
            #expect(company.plan?.name == "MyPlan")
            let again = try await client.companies.createOrUpdate(
                CreateOrUpdateCompanyRequest(name: "My Co Ltd", companyID: "27")
            )
            #expect(again.id == company.id, "the same company_id updates, it does not create")
            #expect(again.name == "My Co Ltd")
            #expect(try await client.companies.find(id: company.id).name == "My Co Ltd")

            let contact = try await client.contacts.create(CreateContactRequest(email: "member@example.com"))
            _ = try await client.companies.attachContact(contactID: contact.id, companyID: company.id)
            let members = try await client.companies.listContacts(id: company.id).collect()
            #expect(members.map(\.id) == [contact.id])
        }
    }

    @Test("Company scroll: one scroll per app, scroll_exists for a second, expiry after a minute idle")
    func scroll() async throws {
        let clock = ManualClock()
        try await withSandbox(Self.configuration(clock: clock)) { sandbox in
            let client = sandbox.client()
            let all = try await client.companies.scroll().collect()
            #expect(all.count == (await sandbox.store.counts()["companies"]))

            // Start a scroll by hand, then try a second one.
            let first = try await client.send(.init(method: .get, path: "/companies/scroll"))
            let parameter = try #require(try first.json()["scroll_param"]?.stringValue)
            do {
                _ = try await client.send(.init(method: .get, path: "/companies/scroll"))
                Issue.record("a second scroll was allowed")
            } catch let error as IntercomError {
                #expect(error.code == .scrollExists)
            }
            clock.advance(by: .seconds(61))
            do {
                _ = try await client.send(
                    .init(
                        method: .get,
                        path: "/companies/scroll",
                        query: [URLQueryItem(name: "scroll_param", value: parameter)]
                    )
                )
                Issue.record("an expired scroll was resumed")
            } catch let error as IntercomError {
                #expect(error.statusCode == 404)
            }
            _ = try await client.send(.init(method: .get, path: "/companies/scroll"))
        }
    }

    @Test("Events: 202 accepted, duplicates suppressed, listed for the user")
    func events() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let at = Date(timeIntervalSince1970: 1_700_000_000)
            let event = CreateDataEventRequest(
                eventName: "bought_item",
                createdAt: at,
                userID: "user-1001",
                metadata: ["item_name": "PocketWatch"]
            )
            try await client.events.create(event)
            try await client.events.create(event)
            #expect(await sandbox.store.counts()["events"] == 1)
            do {
                try await client.events.create(CreateDataEventRequest(eventName: "x", createdAt: at, userID: "nobody"))
                Issue.record("an event for an unknown user was accepted")
            } catch let error as IntercomError {
                #expect(error.statusCode == 404)
            }
        }
    }

    @Test("Conversations: a user starts one, an admin replies and notes, then closes, opens and assigns it")
    func conversations() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let me = try await client.admins.identify()
            let adminID = try #require(me.id)
            let user = try await client.contacts.find(externalID: "user-1002")
            let message = try await client.conversations.create(
                CreateConversationRequest(from: .init(type: .user, id: user.id), body: "Hello, I need help")
            )
            let conversationID = try #require(message.conversationID)
            _ = try await client.conversations.reply(
                id: conversationID,
                .admin(
                    AdminReplyConversationRequest(
                        messageType: .comment,
                        body: "Happy to help",
                        adminID: adminID,
                        attachmentURLs: ["https://example.com/a.png"]
                    )
                )
            )
            _ = try await client.conversations.reply(
                id: conversationID,
                .admin(AdminReplyConversationRequest(messageType: .note, body: "VIP customer", adminID: adminID))
            )
            let closed = try await client.conversations.manage(
                id: conversationID,
                .close(CloseConversationRequest(adminID: adminID))
            )
            #expect(closed.state == .closed)
            let opened = try await client.conversations.manage(
                id: conversationID,
                .open(OpenConversationRequest(adminID: adminID))
            )
            #expect(opened.state == .open)
            let assigned = try await client.conversations.manage(
                id: conversationID,
                .assignment(AssignConversationRequest(type: .admin, adminID: adminID, assigneeID: "991267461"))
            )
            #expect(assigned.adminAssigneeID == "991267461")
            let parts = assigned.conversationParts?.conversationParts ?? []
            #expect(parts.map(\.partType) == ["comment", "note", "close", "open", "assignment"])
            #expect(parts.first?.attachments?.first?.url == "https://example.com/a.png")

            let listed = try await client.conversations.list(perPage: 1).collect()
            #expect(listed.contains { $0.id == conversationID })
            #expect(Set(listed.map(\.id)).count == listed.count)
        }
    }
}
