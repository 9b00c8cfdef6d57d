import Foundation
import HTTPTypes
import Intercom

/// The writable fields of a contact, as create and update requests carry them.
struct ContactInput: Sendable {
    var role: String?
    var externalID: String?
    var email: String?
    var phone: String?
    var name: String?
    var avatar: String?
    var ownerID: Int?
    var signedUpAt: Int64?
    var lastSeenAt: Int64?
    var unsubscribedFromEmails: Bool?
    var language: String?
    var customAttributes: [String: JSONValue]?
}

extension SandboxStore {
    static let contactSearch = SearchEngine<ContactRecord>(
        fields: [
            "id": .single(.string) { .string($0.id) },
            "role": .single(.string) { .string($0.role) },
            "name": .single(.string) { $0.name.map(JSONValue.string) },
            "email": .single(.string) { $0.email.map(JSONValue.string) },
            "email_domain": .single(.string) { $0.emailDomain.map(JSONValue.string) },
            "phone": .single(.string) { $0.phone.map(JSONValue.string) },
            "external_id": .single(.string) { $0.externalID.map(JSONValue.string) },
            "language": .single(.string) { $0.language.map(JSONValue.string) },
            "browser": .single(.string) { $0.browser.map(JSONValue.string) },
            "os": .single(.string) { $0.os.map(JSONValue.string) },
            "created_at": .single(.date) { .int(Int($0.createdAt)) },
            "updated_at": .single(.date) { .int(Int($0.updatedAt)) },
            "signed_up_at": .single(.date) { $0.signedUpAt.map { .int(Int($0)) } },
            "last_seen_at": .single(.date) { $0.lastSeenAt.map { .int(Int($0)) } },
            "last_replied_at": .single(.date) { $0.lastRepliedAt.map { .int(Int($0)) } },
            "last_contacted_at": .single(.date) { $0.lastContactedAt.map { .int(Int($0)) } },
            "owner_id": .single(.integer) { $0.ownerID.map(JSONValue.int) },
            "unsubscribed_from_emails": .single(.boolean) { .bool($0.unsubscribedFromEmails) },
            "tag_id": SearchField(kind: .identifier) { $0.tagIDs.map(JSONValue.string) },
            "company_id": SearchField(kind: .identifier) { $0.companyIDs.map(JSONValue.string) },
            "segment_id": SearchField(kind: .identifier) { _ in [] },
        ],
        customAttributes: { $0.customAttributes }
    )

    /// Adds `count` synthetic users (`user-gen-N`, `gen-N@sandbox.example`), for exports and load tests.
    ///
    /// The store never holds more than ``SandboxLimits/contacts`` contacts; past it, fewer are added.
    ///
    /// - Returns: The ids added, in listing order.
    @discardableResult
    public func generateContacts(count: Int) -> [String] {
        let room = SandboxLimits.room(limits.contacts, used: data.contacts.count)
        let added = min(max(0, count), room)
        let start = data.contacts.count
        var ids: [String] = []
        ids.reserveCapacity(added)
        for index in start..<(start + added) {
            var contact = ContactRecord(id: SandboxIDs.objectID(), role: "user", createdAt: now, updatedAt: now)
            contact.externalID = "user-gen-\(index)"
            contact.email = "gen-\(index)@sandbox.example"
            contact.name = "Generated \(index)"
            contact.customAttributes = ["batch": "generated", "n": .int(index)]
            data.contacts[contact.id] = contact
            ids.append(contact.id)
        }
        return ids
    }

    /// Adds `count` synthetic users, or none with `422 limit_exceeded` when that would take the store past
    /// ``SandboxLimits/contacts``.
    func generateContactsWithinLimit(count: Int) throws {
        let room = SandboxLimits.room(limits.contacts, used: data.contacts.count)
        guard count <= room else {
            throw SandboxError.limitExceeded(
                "The sandbox holds at most \(limits.contacts) contacts and has \(data.contacts.count); "
                    + "it can add \(room) more",
                field: "contacts"
            )
        }
        generateContacts(count: count)
    }

    /// Throws `422 limit_exceeded` when the store already holds ``SandboxLimits/contacts`` contacts.
    func checkContactRoom() throws {
        guard data.contacts.count < limits.contacts else {
            throw SandboxError.limitExceeded("The sandbox holds at most \(limits.contacts) contacts")
        }
    }

    func contact(_ id: String) throws -> ContactRecord {
        guard let contact = data.contacts[id] else { throw SandboxError.notFound("User Not Found") }
        return contact
    }

    func contact(externalID: String) throws -> ContactRecord {
        guard let id = data.contacts.id(externalID: externalID), let contact = data.contacts[id] else {
            throw SandboxError.notFound("User Not Found")
        }
        return contact
    }

    /// Contacts whose email is `email`, case-insensitively.
    func contacts(email: String) -> [ContactRecord] {
        data.contacts.ids(email: email).compactMap { data.contacts[$0] }
    }

    private func checkUnique(email: String?, externalID: String?, except id: String?) throws {
        if let externalID,
            let other = data.contacts.ids(externalID: externalID).first(where: {
                $0 != id && data.contacts[$0]?.externalID == externalID
            })
        {
            throw SandboxError.conflict("A contact matching those details already exists with id=\(other)")
        }
        if let email, let other = data.contacts.ids(email: email).first(where: { $0 != id }) {
            throw SandboxError.conflict("A contact matching those details already exists with id=\(other)")
        }
    }

    private static func checkRole(_ role: String?) throws {
        if let role, role != "user", role != "lead" {
            throw SandboxError.parameterInvalid("role must be user or lead", field: "role")
        }
    }

    /// An avatar is the address of an image: an absolute `http` or `https` URL.
    private static func checkAvatar(_ avatar: String?) throws {
        guard let avatar else { return }
        guard let url = URL(string: avatar), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
            url.host?.isEmpty == false
        else {
            throw SandboxError.parameterInvalid("avatar must be an http or https URL of an image", field: "avatar")
        }
    }

    private static func checkEmail(_ email: String?) throws {
        if let email, !email.isEmpty, !email.contains("@") {
            throw SandboxError.parameterInvalid("Email address is invalid", field: "email")
        }
    }

    func createContact(_ input: ContactInput) throws -> ContactRecord {
        try Self.checkRole(input.role)
        try Self.checkEmail(input.email)
        try Self.checkAvatar(input.avatar)
        guard input.email != nil || input.externalID != nil || input.role != nil else {
            throw SandboxError.parameterInvalid("Provide at least one of email, external_id or role")
        }
        let role = input.role ?? "user"
        try checkUnique(email: input.email, externalID: input.externalID, except: nil)
        try checkContactRoom()
        let timestamp = now
        var contact = ContactRecord(id: SandboxIDs.objectID(), role: role, createdAt: timestamp, updatedAt: timestamp)
        apply(input, to: &contact)
        contact.updatedAt = timestamp
        data.contacts[contact.id] = contact
        emit(topic: "contact.\(role).created", item: .contact(contact.id))
        return contact
    }

    func updateContact(_ id: String, _ input: ContactInput) throws -> ContactRecord {
        var contact = try self.contact(id)
        try Self.checkRole(input.role)
        try Self.checkEmail(input.email)
        try Self.checkAvatar(input.avatar)
        try checkUnique(email: input.email, externalID: input.externalID, except: id)
        if input.role == "lead", contact.role == "user" {
            throw SandboxError.parameterInvalid("A user cannot become a lead", field: "role")
        }
        apply(input, to: &contact)
        contact.updatedAt = now
        data.contacts[id] = contact
        emit(topic: "contact.\(contact.role).updated", item: .contact(id))
        return contact
    }

    private func apply(_ input: ContactInput, to contact: inout ContactRecord) {
        if let role = input.role { contact.role = role }
        if let value = input.externalID { contact.externalID = value }
        if let value = input.email { contact.email = value }
        if let value = input.phone { contact.phone = value }
        if let value = input.name { contact.name = value }
        if let value = input.avatar { contact.avatar = value }
        if let value = input.ownerID { contact.ownerID = value }
        if let value = input.signedUpAt { contact.signedUpAt = value }
        if let value = input.lastSeenAt { contact.lastSeenAt = value }
        if let value = input.unsubscribedFromEmails { contact.unsubscribedFromEmails = value }
        if let value = input.language { contact.language = value }
        for (key, value) in input.customAttributes ?? [:] {
            if value.isNull { contact.customAttributes[key] = nil } else { contact.customAttributes[key] = value }
        }
    }

    func deleteContact(_ id: String) throws -> ContactRecord {
        let contact = try self.contact(id)
        data.contacts[id] = nil
        for index in data.segments.indices { data.segments[index].contactIDs.removeAll { $0 == id } }
        emit(topic: "contact.deleted", item: .deletedContact(contact))
        return contact
    }

    func setArchived(_ id: String, _ archived: Bool) throws -> ContactRecord {
        var contact = try self.contact(id)
        contact.archived = archived
        contact.updatedAt = now
        data.contacts[id] = contact
        emit(topic: archived ? "contact.archived" : "contact.unarchived", item: .contact(id))
        return contact
    }

    func setBlocked(_ id: String) throws -> ContactRecord {
        var contact = try self.contact(id)
        contact.blocked = true
        contact.updatedAt = now
        data.contacts[id] = contact
        return contact
    }

    /// Merges a lead into a user: the user keeps its own fields, gains the lead's companies, tags,
    /// notes, events and conversations, and the lead is deleted.
    func mergeLead(_ leadID: String, into userID: String) throws -> ContactRecord {
        let lead = try contact(leadID)
        var user = try contact(userID)
        guard lead.role == "lead" else { throw SandboxError.parameterInvalid("from must be a lead", field: "from") }
        guard user.role == "user" else { throw SandboxError.parameterInvalid("into must be a user", field: "into") }
        guard leadID != userID else {
            throw SandboxError.parameterInvalid("A contact cannot be merged into itself", field: "into")
        }
        user.companyIDs = Array(Set(user.companyIDs + lead.companyIDs)).sorted()
        user.tagIDs = Array(Set(user.tagIDs + lead.tagIDs)).sorted()
        if user.email == nil { user.email = lead.email }
        if user.phone == nil { user.phone = lead.phone }
        if user.name == nil { user.name = lead.name }
        for (key, value) in lead.customAttributes where user.customAttributes[key] == nil {
            user.customAttributes[key] = value
        }
        user.updatedAt = now
        data.contacts[userID] = user
        data.contacts[leadID] = nil
        data.notes.moveNotes(from: leadID, to: userID)
        for index in data.events.indices where data.events[index].contactID == leadID {
            data.events[index].contactID = userID
        }
        for id in data.conversationOrder {
            guard var conversation = data.conversations[id], conversation.contactIDs.contains(leadID) else { continue }
            conversation.contactIDs = conversation.contactIDs.map { $0 == leadID ? userID : $0 }
            data.conversations[id] = conversation
        }
        for index in data.segments.indices {
            data.segments[index].contactIDs.removeAll { $0 == leadID }
        }
        emit(topic: "contact.user.updated", item: .contact(userID))
        return user
    }

    /// Contacts in listing order, archived ones left out.
    func listedContactIDs() -> [String] {
        data.contacts.orderedIDs.filter { data.contacts[$0]?.archived == false }
    }

    func listContacts(perPage: Int?, startingAfter: String?) throws -> (contacts: [ContactRecord], page: CursorPage) {
        let size = try Paging.perPage(perPage, default: 10)
        let page = try data.contacts.page(perPage: size, startingAfter: startingAfter)
        return (page.ids.compactMap { data.contacts[$0] }, page)
    }

    func searchContacts(
        _ query: SearchQuery,
        perPage: Int?,
        startingAfter: String?
    ) throws -> (contacts: [ContactRecord], page: CursorPage) {
        var engine = Self.contactSearch
        let segments = data.segments
        engine.fields["segment_id"] = SearchField(kind: .identifier) { contact in
            segments.filter { $0.contactIDs.contains(contact.id) }.map { .string($0.id) }
        }
        let predicate = try engine.compile(query)
        let size = try Paging.perPage(perPage, default: 50, field: "pagination.per_page")
        // An equality on id, email or external id narrows the candidates through the indexes; the
        // whole query still decides which of them match.
        let candidates = Self.indexedCandidates(for: query, in: data.contacts) ?? data.contacts.orderedIDs
        let matching = candidates.filter { id in
            guard let contact = data.contacts[id], !contact.archived else { return false }
            return predicate(contact)
        }
        let page = try Paging.cursorPage(matching, perPage: size, startingAfter: startingAfter)
        return (page.ids.compactMap { data.contacts[$0] }, page)
    }

    /// The only contacts `query` can match when it requires an email or external id
    /// (directly, or in a top-level AND); `nil` when it does not.
    static func indexedCandidates(for query: SearchQuery, in contacts: ContactTable) -> [String]? {
        switch query {
        case .filter(let field, let op, .string(let value)) where op == .equals:
            // The indexes compare case-insensitively, as the search's `=` does; the query's own
            // predicate then decides among the candidates.
            switch field {
            case "email": return contacts.ids(email: value)
            case "external_id": return contacts.ids(externalID: value)
            default: return nil
            }
        case .and(let children):
            for child in children {
                if let found = indexedCandidates(for: child, in: contacts) { return found }
            }
            return nil
        default:
            return nil
        }
    }

    func segmentIDs(ofContact id: String) -> [String] {
        data.segments.filter { $0.contactIDs.contains(id) }.map(\.id)
    }

    // MARK: Contact ↔ company, tags, notes, subscriptions

    func attachCompany(_ companyID: String, toContact contactID: String) throws -> CompanyRecord {
        var contact = try self.contact(contactID)
        guard let company = data.companies[companyID] else {
            throw SandboxError.notFound("Company Not Found", code: .companyNotFound)
        }
        if !contact.companyIDs.contains(companyID) {
            guard contact.companyIDs.count < 1000 else {
                throw SandboxError(
                    .badRequest,
                    "contact_company_limit_exceeded",
                    "A contact can have a maximum of 1000 company associations"
                )
            }
            contact.companyIDs.append(companyID)
            contact.updatedAt = now
            data.contacts[contactID] = contact
        }
        return company
    }

    func detachCompany(_ companyID: String, fromContact contactID: String) throws -> CompanyRecord {
        var contact = try self.contact(contactID)
        guard let company = data.companies[companyID] else {
            throw SandboxError.notFound("Company Not Found", code: .companyNotFound)
        }
        guard contact.companyIDs.contains(companyID) else {
            throw SandboxError.notFound("Company Not Found", code: .companyNotFound)
        }
        contact.companyIDs.removeAll { $0 == companyID }
        data.contacts[contactID] = contact
        return company
    }

    func companies(ofContact id: String) throws -> [CompanyRecord] {
        try contact(id).companyIDs.compactMap { data.companies[$0] }
    }

    func tagContact(_ contactID: String, tagID: String) throws -> TagRecord {
        var contact = try self.contact(contactID)
        let tag = try self.tag(tagID)
        if !contact.tagIDs.contains(tagID) {
            contact.tagIDs.append(tagID)
            data.contacts[contactID] = contact
            emit(topic: "contact.tag.created", item: .tagged(tag: tag, contactID: contactID))
        }
        return tag
    }

    func untagContact(_ contactID: String, tagID: String) throws -> TagRecord {
        var contact = try self.contact(contactID)
        let tag = try self.tag(tagID)
        guard contact.tagIDs.contains(tagID) else { throw SandboxError.notFound("Tag Not Found", code: .tagNotFound) }
        contact.tagIDs.removeAll { $0 == tagID }
        data.contacts[contactID] = contact
        emit(topic: "contact.tag.deleted", item: .tagged(tag: tag, contactID: contactID))
        return tag
    }

    func tags(ofContact id: String) throws -> [TagRecord] {
        try contact(id).tagIDs.compactMap { tagID in data.tags.first { $0.id == tagID } }
    }

    func addNote(toContact contactID: String, body: String, adminID: String?) throws -> NoteRecord {
        _ = try contact(contactID)
        let author = adminID ?? SampleWorkspace.ownerID
        guard data.admins.contains(where: { $0.id == author }) else {
            throw SandboxError.notFound("Admin Not Found", code: .adminNotFound)
        }
        guard !body.isEmpty else { throw SandboxError.parameterInvalid("body must not be empty", field: "body") }
        guard data.notes.count < limits.notes else {
            throw SandboxError.limitExceeded("The sandbox holds at most \(limits.notes) notes")
        }
        guard data.notes.count(ofContact: contactID) < limits.notesPerContact else {
            throw SandboxError.limitExceeded("A contact can have at most \(limits.notesPerContact) notes")
        }
        let note = NoteRecord(id: data.numericID(), contactID: contactID, authorID: author, body: body, createdAt: now)
        data.notes.append(note)
        return note
    }

    func notes(ofContact id: String) throws -> [NoteRecord] {
        _ = try contact(id)
        return data.notes.notes(ofContact: id).reversed()
    }

    func note(_ id: String) throws -> NoteRecord {
        guard let note = data.notes.note(id: id) else { throw SandboxError.notFound("Note Not Found") }
        return note
    }

    func subscriptionTypes(ofContact id: String) throws -> [SubscriptionTypeRecord] {
        let contact = try self.contact(id)
        return data.subscriptionTypes.filter { contact.subscriptionTypeIDs.contains($0.id) }
    }

    /// Records a contact's consent for a subscription type: `opt_in` or `opt_out`.
    func attachSubscription(
        _ subscriptionID: String,
        toContact contactID: String,
        consent: String
    ) throws -> SubscriptionTypeRecord {
        var contact = try self.contact(contactID)
        guard let type = data.subscriptionTypes.first(where: { $0.id == subscriptionID }) else {
            throw SandboxError.notFound("Subscription Type Not Found")
        }
        if !contact.subscriptionTypeIDs.contains(subscriptionID) { contact.subscriptionTypeIDs.append(subscriptionID) }
        var optedOut = contact.optedOutSubscriptionTypeIDs ?? []
        optedOut.removeAll { $0 == subscriptionID }
        if consent == "opt_out" { optedOut.append(subscriptionID) }
        contact.optedOutSubscriptionTypeIDs = optedOut
        data.contacts[contactID] = contact
        return type
    }

    func detachSubscription(_ subscriptionID: String, fromContact contactID: String) throws -> SubscriptionTypeRecord {
        var contact = try self.contact(contactID)
        guard let type = data.subscriptionTypes.first(where: { $0.id == subscriptionID }) else {
            throw SandboxError.notFound("Subscription Type Not Found")
        }
        contact.subscriptionTypeIDs.removeAll { $0 == subscriptionID }
        contact.optedOutSubscriptionTypeIDs?.removeAll { $0 == subscriptionID }
        data.contacts[contactID] = contact
        return type
    }
}
