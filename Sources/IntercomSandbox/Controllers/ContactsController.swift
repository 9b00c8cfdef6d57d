import Foundation
import Hummingbird
import Intercom

/// `/contacts`: users and leads, their companies, tags, notes, segments and subscriptions.
struct ContactsController {
    let store: SandboxStore

    /// An owner id: an admin's numeric id, sent as a number (2.14) or a string (2.16).
    static func ownerID(_ text: String?) throws -> Int? {
        guard let text else { return nil }
        guard let id = Int(text), id >= 0 else {
            throw SandboxError.parameterInvalid("owner_id must be an admin id", field: "owner_id")
        }
        return id
    }

    static func input(_ request: CreateContactRequest) throws -> ContactInput {
        ContactInput(
            role: request.role?.rawValue,
            externalID: request.externalID,
            email: request.email,
            phone: request.phone,
            name: request.name,
            avatar: request.avatar,
            ownerID: try ownerID(request.ownerID),
            signedUpAt: request.signedUpAt.map(IntercomJSON.unixSeconds),
            lastSeenAt: request.lastSeenAt.map(IntercomJSON.unixSeconds),
            unsubscribedFromEmails: request.unsubscribedFromEmails,
            customAttributes: request.customAttributes
        )
    }

    static func input(_ request: UpdateContactRequest) throws -> ContactInput {
        ContactInput(
            role: request.role?.rawValue,
            externalID: request.externalID,
            email: request.email,
            phone: request.phone,
            name: request.name,
            avatar: request.avatar,
            ownerID: try ownerID(request.ownerID),
            signedUpAt: request.signedUpAt.map(IntercomJSON.unixSeconds),
            lastSeenAt: request.lastSeenAt.map(IntercomJSON.unixSeconds),
            unsubscribedFromEmails: request.unsubscribedFromEmails,
            customAttributes: request.customAttributes
        )
    }

    func register(on router: Router<SandboxContext>) {
        let store = self.store
        router.post("contacts") { request, _ in
            let body = try await request.decodeBody(as: CreateContactRequest.self)
            let input = try Self.input(body)
            // One visit to the store: create, then render with the data as the creation left it.
            return try await store.perform { store in
                try Reply.json(store.rendered(try store.createContact(input)) { $0.contact($1) })
            }
        }
        router.get("contacts") { request, _ in
            let perPage = try request.integerQuery("per_page")
            let startingAfter = request.query("starting_after")
            return try await store.read { store in
                let (contacts, page) = try store.listContacts(perPage: perPage, startingAfter: startingAfter)
                return try Reply.list(
                    items: contacts.map(store.data.contact),
                    totalCount: page.totalCount,
                    pages: page.pagesJSON
                )
            }
        }
        router.post("contacts/search") { request, _ in
            let body = try await request.decodeBody(as: SearchBody.self)
            return try await store.read { store in
                let (contacts, page) = try store.searchContacts(
                    body.query,
                    perPage: body.pagination?.perPage,
                    startingAfter: body.pagination?.startingAfter
                )
                return try Reply.list(
                    items: contacts.map(store.data.contact),
                    totalCount: page.totalCount,
                    pages: page.pagesJSON
                )
            }
        }
        router.post("contacts/merge") { request, _ in
            let body = try await request.decodeBody(as: MergeContactsRequest.self)
            let from = try required(body.from, "from")
            let into = try required(body.into, "into")
            return try await store.perform { store in
                try Reply.json(store.rendered(try store.mergeLead(from, into: into)) { $0.contact($1) })
            }
        }
        router.get("contacts/find_by_external_id/:external_id") { _, context in
            let externalID = try context.path("external_id")
            return try await store.read { store in
                try Reply.json(store.rendered(try store.contact(externalID: externalID)) { $0.contact($1) })
            }
        }
        router.get("contacts/:id") { _, context in
            let id = try context.path("id")
            // Rendered inside the store, written outside it, so writing answers does not queue on the actor.
            let contact = try await store.read { store in store.rendered(try store.contact(id)) { $0.contact($1) } }
            return try Reply.json(contact)
        }
        router.put("contacts/:id") { request, context in
            let id = try context.path("id")
            let body = try await request.decodeBody(as: UpdateContactRequest.self)
            return try await store.perform { store in
                try Reply.json(store.rendered(try store.updateContact(id, try Self.input(body))) { $0.contact($1) })
            }
        }
        router.delete("contacts/:id") { _, context in
            let id = try context.path("id")
            return try await store.perform { store in
                let contact = try store.deleteContact(id)
                return try Reply.json(
                    ContactDeleted(type: "contact", id: contact.id, externalID: contact.externalID, deleted: true)
                )
            }
        }
        router.post("contacts/:id/archive") { _, context in
            let id = try context.path("id")
            return try await store.perform { store in
                let contact = try store.setArchived(id, true)
                return try Reply.json(
                    ContactArchived(type: "contact", id: contact.id, externalID: contact.externalID, archived: true)
                )
            }
        }
        router.post("contacts/:id/unarchive") { _, context in
            let id = try context.path("id")
            return try await store.perform { store in
                let contact = try store.setArchived(id, false)
                return try Reply.json(
                    ContactUnarchived(type: "contact", id: contact.id, externalID: contact.externalID, archived: false)
                )
            }
        }
        router.post("contacts/:id/block") { _, context in
            let id = try context.path("id")
            return try await store.perform { store in
                let contact = try store.setBlocked(id)
                return try Reply.json(
                    ContactBlocked(type: "contact", id: contact.id, externalID: contact.externalID, blocked: true)
                )
            }
        }
        router.get("contacts/:id/companies") { request, context in
            let id = try context.path("id")
            let page = try Paging.page(try request.integerQuery("page"))
            let perPage = try Paging.perPage(try request.integerQuery("per_page"), default: 15, max: 50)
            return try await store.read { store in
                let companies = try store.companies(ofContact: id)
                let slice = Paging.numberedPage(companies.map(\.id), page: page, perPage: perPage)
                let items = slice.ids.compactMap { store.data.companies[$0] }.map(store.data.company)
                // The spec's schema lists the companies under `companies`, its recorded example under `data`;
                // both carry the list, so clients written either way find it.
                return try Reply.list(
                    key: "companies",
                    items: items,
                    totalCount: companies.count,
                    pages: slice.pagesJSON,
                    extra: ["data": try WireEncoder.encode(items)]
                )
            }
        }
        router.post("contacts/:id/companies") { request, context in
            let id = try context.path("id")
            let body = try await request.decodeBody(as: AttachContactToCompanyRequest.self)
            let companyID = try required(body.id, "id")
            return try await store.perform { store in
                try Reply.json(store.rendered(try store.attachCompany(companyID, toContact: id)) { $0.company($1) })
            }
        }
        router.delete("contacts/:id/companies/:company_id") { _, context in
            let id = try context.path("id")
            let companyID = try context.path("company_id")
            return try await store.perform { store in
                try Reply.json(store.rendered(try store.detachCompany(companyID, fromContact: id)) { $0.company($1) })
            }
        }
        router.get("contacts/:id/tags") { _, context in
            let id = try context.path("id")
            return try await store.read { store in
                try Reply.list(items: try store.tags(ofContact: id).map(store.data.tag))
            }
        }
        router.post("contacts/:id/tags") { request, context in
            let id = try context.path("id")
            let body = try await request.decodeBody(as: IDBody.self)
            return try await store.perform { store in
                try Reply.json(store.rendered(try store.tagContact(id, tagID: body.id)) { $0.tag($1) })
            }
        }
        router.delete("contacts/:id/tags/:tag_id") { _, context in
            let id = try context.path("id")
            let tagID = try context.path("tag_id")
            return try await store.perform { store in
                try Reply.json(store.rendered(try store.untagContact(id, tagID: tagID)) { $0.tag($1) })
            }
        }
        router.get("contacts/:id/notes") { request, context in
            let id = try context.path("id")
            let page = try Paging.page(try request.integerQuery("page"))
            let perPage = try Paging.perPage(try request.integerQuery("per_page"), default: 10, max: 60)
            return try await store.read { store in
                let notes = try store.notes(ofContact: id)
                let slice = Paging.numberedPage(notes.map(\.id), page: page, perPage: perPage)
                let items = slice.ids.compactMap { noteID in notes.first { $0.id == noteID } }.map(store.data.note)
                return try Reply.list(items: items, totalCount: notes.count, pages: slice.pagesJSON)
            }
        }
        router.post("contacts/:id/notes") { request, context in
            let id = try context.path("id")
            let body = try await request.decodeBody(as: NoteBody.self)
            return try await store.perform { store in
                try Reply.json(
                    store.rendered(try store.addNote(toContact: id, body: body.body, adminID: body.adminID)) {
                        $0.note($1)
                    }
                )
            }
        }
        router.get("contacts/:id/segments") { _, context in
            let id = try context.path("id")
            return try await store.read { store in
                _ = try store.contact(id)
                let segments = store.segmentIDs(ofContact: id).compactMap { segmentID in
                    store.data.segments.first { $0.id == segmentID }
                }
                return try Reply.list(items: segments.map(store.data.segment))
            }
        }
        router.get("contacts/:id/subscriptions") { _, context in
            let id = try context.path("id")
            return try await store.read { store in
                try Reply.list(items: try store.subscriptionTypes(ofContact: id).map(store.data.subscriptionType))
            }
        }
        router.post("contacts/:id/subscriptions") { request, context in
            let id = try context.path("id")
            let fields = try await request.jsonBody()
            let subscriptionID = try fields.requireID("id")
            guard let consent = try fields.oneOf("consent_type", ["opt_in", "opt_out"]) else {
                throw BodyFields.missing("consent_type")
            }
            return try await store.perform { store in
                try Reply.json(
                    store.rendered(try store.attachSubscription(subscriptionID, toContact: id, consent: consent)) {
                        $0.subscriptionType($1)
                    }
                )
            }
        }
        router.delete("contacts/:id/subscriptions/:subscription_id") { _, context in
            let id = try context.path("id")
            let subscriptionID = try context.path("subscription_id")
            return try await store.perform { store in
                try Reply.json(
                    store.rendered(try store.detachSubscription(subscriptionID, fromContact: id)) {
                        $0.subscriptionType($1)
                    }
                )
            }
        }
        router.get("notes/:id") { _, context in
            let id = try context.path("id")
            return try await store.read { store in try Reply.json(store.rendered(try store.note(id)) { $0.note($1) }) }
        }
    }
}

/// A body that names one object by id, sent as a string or a number.
struct IDBody: Decodable, Sendable {
    var id: String

    enum CodingKeys: String, CodingKey { case id }

    init(from decoder: any Decoder) throws {
        id = try decoder.container(keyedBy: CodingKeys.self).decodeLenientString(forKey: .id)
    }
}

/// The body of `POST /contacts/{id}/notes`.
struct NoteBody: Decodable, Sendable {
    var body: String
    var adminID: String?

    enum CodingKeys: String, CodingKey {
        case body
        case adminID = "admin_id"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        body = try container.decode(String.self, forKey: .body)
        adminID = try container.decodeLenientStringIfPresent(forKey: .adminID)
    }
}

extension SandboxStore {
    /// Runs a read on the store's data.
    func read<T: Sendable>(_ body: @Sendable (isolated SandboxStore) throws -> T) rethrows -> T {
        try body(self)
    }

    /// Runs a change on the store's data, atomically.
    func perform<T: Sendable>(_ body: @Sendable (isolated SandboxStore) throws -> T) rethrows -> T {
        try body(self)
    }
}
