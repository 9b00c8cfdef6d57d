import Foundation
import HTTPTypes
import Intercom
import IntercomSandbox
import Synchronization
import TestSupport
import Testing

/// Each family of methods that was renamed or merged, used the one way that remains, against a
/// sandbox over HTTP (or a recording transport where the point is what goes on the wire).
@Suite("One name per idea")
struct OneNamePerIdeaTests {
    static func configuration() -> SandboxConfiguration {
        SandboxConfiguration(seed: .empty, rateLimiting: .init(limit: nil), clock: ManualClock())
    }

    @Test("Companies: find by Intercom id, by company_id and by name answer the same company")
    func companyLookups() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let created = try await client.companies.createOrUpdate(
                CreateOrUpdateCompanyRequest(name: "Acme Rockets", companyID: "acme-1", plan: "pro")
            )
            let byID = try await client.companies.find(id: created.id)
            let byCompanyID = try await client.companies.find(companyID: "acme-1")
            let byName = try await client.companies.find(name: "Acme Rockets")
            #expect([byID.id, byCompanyID.id, byName.id] == [created.id, created.id, created.id])
            #expect(byName.companyID == "acme-1")

            await #expect {
                _ = try await client.companies.find(companyID: "nobody")
            } throws: { error in
                (error as? IntercomError)?.statusCode == 404
            }
            await #expect {
                _ = try await client.companies.find(name: "")
            } throws: { error in
                guard case .invalidRequest(let failure)? = error as? IntercomError else { return false }
                return failure.field == "name"
            }
        }
    }

    @Test("Companies: a lookup answered with a one-company list (as the spec describes it) reads that company")
    func companyLookupFromList() async throws {
        let list =
            #"{"type":"list","data":[{"type":"company","id":"6","company_id":"acme-1","name":"Acme"}],"total_count":1}"#
        let empty = #"{"type":"list","data":[],"total_count":0}"#
        let transport = ClosureTransport { request, _ in
            let body = request.head.path?.contains("company_id=acme-1") == true ? list : empty
            return IntercomResponse(head: HTTPResponse(status: .ok), body: Data(body.utf8))
        }
        let client = IntercomClient.test(transport: transport)
        #expect(try await client.companies.find(companyID: "acme-1").id == "6")
        await #expect {
            _ = try await client.companies.find(companyID: "other")
        } throws: { error in
            (error as? IntercomError)?.code == .notFound
        }
    }

    @Test("Companies: the one paginated listing of a company's contacts walks every page")
    func companyContacts() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let company = try await client.companies.createOrUpdate(
                CreateOrUpdateCompanyRequest(name: "Acme", companyID: "acme-2")
            )
            var ids: [String] = []
            for index in 0..<5 {
                let contact = try await client.contacts.create(
                    CreateContactRequest(role: .user, email: "member\(index)@example.com")
                )
                _ = try await client.companies.attachContact(contactID: contact.id, companyID: company.id)
                ids.append(contact.id)
            }
            var pageCount = 0
            for try await _ in client.companies.listContacts(id: company.id, perPage: 2).pages { pageCount += 1 }
            #expect(pageCount == 3)
            let members = try await client.companies.listContacts(id: company.id, perPage: 2).collect()
            #expect(Set(members.map(\.id)) == Set(ids))
            #expect(members.count == 5)
        }
    }

    @Test("Companies: list(tagID:) pages through the companies with a tag")
    func companyListings() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let company = try await client.companies.createOrUpdate(
                CreateOrUpdateCompanyRequest(name: "Tagged", companyID: "tagged-1")
            )
            let contact = try await client.contacts.create(CreateContactRequest(role: .user, email: "t@example.com"))
            _ = try await client.companies.attachContact(contactID: contact.id, companyID: company.id)
            let tag = try await client.tags.tag("vip", [.companyID("tagged-1")])
            let tagged = try await client.companies.list(tagID: tag.id).collect()
            #expect(tagged.map(\.id) == [company.id])
        }
    }

    @Test("Search: contacts, conversations and tickets take a SearchQuery; contacts find one by role")
    func searchesTakeSearchQuery() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let lead = try await client.contacts.create(CreateContactRequest(role: .lead, email: "lead@example.com"))
            _ = try await client.contacts.create(CreateContactRequest(role: .user, email: "user@example.com"))
            let leads = try await client.contacts.search(.field("role") == "lead", perPage: 10).collect()
            #expect(leads.map(\.id) == [lead.id])
            let open = try await client.conversations.search(.field("state") == "open").collect()
            #expect(open.isEmpty)
        }
    }

    @Test("Search: options newer than the client's API version are refused before anything is sent")
    func searchVersionChecks() async throws {
        let sent = Counter()
        let transport = ClosureTransport { _, _ in
            sent.increment()
            return IntercomResponse(head: HTTPResponse(status: .ok), body: Data(#"{"type":"list","data":[]}"#.utf8))
        }
        let client = IntercomClient.test(transport: transport) { $0.apiVersion = .v2_14 }
        let sort = ContactSearchRequest.Sort(field: "created_at", order: .ascending)
        await #expect {
            _ = try await client.contacts.search(.field("role") == "user", sort: sort).firstPage()
        } throws: { error in
            guard case .invalidRequest(let failure)? = error as? IntercomError else { return false }
            return failure.field == "sort"
        }
        await #expect(throws: IntercomError.self) {
            _ = try await client.contacts.search(.field("role") == "user", includeMergeHistory: true).firstPage()
        }
        #expect(sent.value == 0)
    }

    @Test("Contacts: role is a typed vocabulary that keeps values it does not know")
    func contactRole() throws {
        let known = try IntercomJSON.makeDecoder().decode(
            Contact.self,
            from: Data(#"{"type":"contact","id":"1","role":"lead"}"#.utf8)
        )
        #expect(known.role == .lead)
        let novel = try IntercomJSON.makeDecoder().decode(
            Contact.self,
            from: Data(#"{"type":"contact","id":"1","role":"visitor"}"#.utf8)
        )
        #expect(novel.role == .unknown("visitor"))
        let written = try IntercomJSON.makeEncoder().encode(CreateContactRequest(role: novel.role))
        #expect(String(decoding: written, as: UTF8.self).contains(#""role":"visitor""#))
    }
}

/// A thread-safe count of requests a transport saw.
final class Counter: Sendable {
    private let storage = Mutex(0)
    var value: Int { storage.withLock { $0 } }
    func increment() { storage.withLock { $0 += 1 } }
}
