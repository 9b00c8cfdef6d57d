import Foundation
import HTTPTypes
import Intercom

// Renders the store's records as the SDK's wire models, so the sandbox answers in exactly the shapes
// the SDK decodes, and encodes them with the SDK's shared coders.

extension WorkspaceData {
    static func date(_ seconds: Int64?) -> Date? {
        seconds.map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    func contact(_ record: ContactRecord) -> Contact {
        var contact = Contact(type: "contact", id: record.id)
        contact.externalID = record.externalID
        contact.workspaceID = appID
        contact.role = ContactRole(rawValue: record.role)
        // A contact without an email has an empty one, as Intercom sends it.
        contact.email = record.email ?? ""
        contact.emailDomain = record.emailDomain ?? ""
        contact.phone = record.phone
        contact.name = record.name
        contact.ownerID = record.ownerID.map(String.init)
        contact.hasHardBounced = false
        contact.markedEmailAsSpam = false
        contact.unsubscribedFromEmails = record.unsubscribedFromEmails
        contact.createdAt = Self.date(record.createdAt)
        contact.updatedAt = Self.date(record.updatedAt)
        contact.signedUpAt = Self.date(record.signedUpAt)
        contact.lastSeenAt = Self.date(record.lastSeenAt)
        contact.lastRepliedAt = Self.date(record.lastRepliedAt)
        contact.lastContactedAt = Self.date(record.lastContactedAt)
        contact.languageOverride = record.language
        contact.browser = record.browser
        contact.os = record.os
        contact.customAttributes = record.customAttributes
        contact.avatar = record.avatar.map { Contact.Avatar(type: "avatar", imageURL: $0) }
        contact.tags = ContactTags(
            data: record.tagIDs.map { AddressableList(type: "tag", id: $0, url: "/tags/\($0)") },
            url: "/contacts/\(record.id)/tags",
            totalCount: record.tagIDs.count,
            hasMore: false,
            type: "list"
        )
        let noteIDs = notes.notes(ofContact: record.id).map(\.id)
        contact.notes = ContactNotes(
            data: noteIDs.map { AddressableList(type: "note", id: $0, url: "/notes/\($0)") },
            url: "/contacts/\(record.id)/notes",
            totalCount: noteIDs.count,
            hasMore: false,
            type: "list"
        )
        contact.location = ContactLocation(type: "location")
        contact.socialProfiles = ContactSocialProfiles(data: [], type: "list")
        let optedOut = record.optedOutSubscriptionTypeIDs ?? []
        func subscriptions(_ ids: [String]) -> ContactSubscriptionTypes {
            ContactSubscriptionTypes(
                data: ids.map { AddressableList(type: "subscription", id: $0, url: "/subscriptions/\($0)") },
                url: "/contacts/\(record.id)/subscriptions",
                totalCount: ids.count,
                hasMore: false,
                type: "list"
            )
        }
        contact.optedInSubscriptionTypes = subscriptions(record.subscriptionTypeIDs.filter { !optedOut.contains($0) })
        contact.optedOutSubscriptionTypes = subscriptions(optedOut)
        contact.companies = ContactCompanies(
            data: record.companyIDs.map { CompanyData(id: $0, type: "company", url: "/companies/\($0)") },
            url: "/contacts/\(record.id)/companies",
            totalCount: record.companyIDs.count,
            hasMore: false,
            type: "list"
        )
        return contact
    }

    func company(_ record: CompanyRecord) -> Company {
        var company = Company(id: record.id)
        company.type = "company"
        company.name = record.name
        company.appID = appID
        // A company on no plan has an empty plan object, as Intercom sends it.
        company.plan =
            record.plan.map { Company.Plan(type: "plan", id: Self.planID($0), name: $0) }
            ?? Company.Plan()
        company.companyID = record.companyID
        company.remoteCreatedAt = Self.date(record.remoteCreatedAt ?? record.createdAt)
        company.createdAt = Self.date(record.createdAt)
        company.updatedAt = Self.date(record.updatedAt)
        company.lastRequestAt = Self.date(record.lastRequestAt)
        company.size = record.size
        company.website = record.website
        company.industry = record.industry
        // Requests can only store whole numbers up to 2^53; a value loaded from a data file that no `Int`
        // can hold (or NaN) is left out rather than converted.
        company.monthlySpend = record.monthlySpend.flatMap(Checked.int) ?? 0
        company.sessionCount = record.sessionCount
        company.userCount = contacts.values.filter { $0.role == "user" && $0.companyIDs.contains(record.id) }.count
        company.customAttributes = record.customAttributes
        company.tags = Company.Tags(
            type: "tag.list",
            tags: record.tagIDs.compactMap { id in tags.first { $0.id == id } }.map {
                TagBasic(type: "tag", id: $0.id, name: $0.name)
            }
        )
        company.segments = Company.Segments(
            type: "segment.list",
            segments: record.segmentIDs.compactMap { id in segments.first { $0.id == id } }.map(segment)
        )
        return company
    }

    func tag(_ record: TagRecord) -> Tag {
        var tag = Tag(type: "tag", id: record.id)
        tag.name = record.name
        return tag
    }

    func segment(_ record: SegmentRecord) -> Segment {
        var segment = Segment(type: "segment", id: record.id)
        segment.name = record.name
        segment.createdAt = Self.date(record.createdAt)
        segment.updatedAt = Self.date(record.updatedAt)
        segment.personType = Segment.PersonType(rawValue: record.personType)
        segment.count = record.contactIDs.count
        return segment
    }

    func admin(_ record: AdminRecord) -> Admin {
        var admin = Admin(id: record.id)
        admin.type = "admin"
        admin.name = record.name
        admin.email = record.email
        admin.jobTitle = record.jobTitle
        admin.awayModeEnabled = record.awayModeEnabled
        admin.awayModeReassign = record.awayModeReassign
        admin.awayStatusReasonID = record.awayStatusReasonID
        admin.hasInboxSeat = record.hasInboxSeat
        admin.teamIDs = record.teamIDs.compactMap { Int($0) }
        return admin
    }

    func adminWithApp(_ record: AdminRecord) -> AdminWithApp {
        var admin = AdminWithApp()
        admin.type = "admin"
        admin.id = record.id
        admin.name = record.name
        admin.email = record.email
        admin.jobTitle = record.jobTitle
        admin.awayModeEnabled = record.awayModeEnabled
        admin.awayModeReassign = record.awayModeReassign
        admin.hasInboxSeat = record.hasInboxSeat
        admin.teamIDs = record.teamIDs.compactMap { Int($0) }
        admin.emailVerified = true
        admin.avatar = AdminWithApp.Avatar(type: "avatar", imageURL: nil)
        var app = App()
        app.type = "app"
        app.idCode = appID
        app.name = "Sandbox"
        app.region = "US"
        app.timezone = "UTC"
        app.identityVerification = false
        app.secure = true
        // The workspace is as old as its oldest teammate's first note would allow: a fixed, plausible date.
        app.createdAt = Self.date(1_600_000_000)
        admin.app = app
        return admin
    }

    func team(_ record: TeamRecord) -> Team {
        var team = Team(type: "team", id: record.id)
        team.name = record.name
        team.adminIDs = record.adminIDs.compactMap { Int($0) }
        return team
    }

    func note(_ record: NoteRecord) -> Note {
        var note = Note(type: "note", id: record.id)
        note.createdAt = Self.date(record.createdAt)
        note.contact = Note.NoteContact(type: "contact", id: record.contactID)
        note.author = admins.first { $0.id == record.authorID }.map(admin)
        note.body = "<p>\(record.body)</p>"
        return note
    }

    func event(_ record: EventRecord) -> DataEvent {
        var event = DataEvent(type: "event")
        event.id = record.id
        event.eventName = record.eventName
        event.createdAt = Self.date(record.createdAt)
        event.userID = record.userID
        event.intercomUserID = record.contactID
        event.email = record.email
        event.metadata = record.metadata
        return event
    }

    func author(_ record: AuthorRecord) -> ConversationPartAuthor {
        var author = ConversationPartAuthor(type: record.type, id: record.id)
        // A contact may have neither: the name is then empty and the email left out (it must be an address).
        author.name = record.name ?? ""
        author.email = record.email
        author.fromAIAgent = false
        author.isAIAnswer = false
        return author
    }

    /// A plan's id, the same for the same name in every run (FNV-1a over the name's UTF-8, kept to five digits).
    static func planID(_ name: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash % 100_000)
    }

    /// The media type a file name's extension suggests, `application/octet-stream` when it suggests none.
    static func contentType(ofFile name: String) -> String {
        let types = [
            "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "pdf": "application/pdf",
            "txt": "text/plain", "csv": "text/csv", "json": "application/json", "zip": "application/zip",
        ]
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return types[ext] ?? "application/octet-stream"
    }

    static func attachments(_ urls: [String]) -> [PartAttachment] {
        urls.map { url in
            var attachment = PartAttachment(type: "upload")
            attachment.url = url
            let name = URL(string: url)?.lastPathComponent ?? ""
            attachment.name = name.isEmpty ? "attachment" : name
            attachment.contentType = contentType(ofFile: attachment.name ?? "")
            return attachment
        }
    }

    func part(_ record: PartRecord) -> ConversationPart {
        var part = ConversationPart(type: "conversation_part", id: record.id)
        part.partType = record.partType
        part.body = record.body.map { "<p>\($0)</p>" }
        part.createdAt = Self.date(record.createdAt)
        part.updatedAt = Self.date(record.createdAt)
        part.notifiedAt = Self.date(record.createdAt)
        part.assignedTo = record.assignedToAdminID.map { Reference(type: "admin", id: $0) }
        part.author = author(record.author)
        part.attachments = Self.attachments(record.attachmentURLs)
        part.redacted = record.redacted ?? false
        return part
    }

    func conversation(_ record: ConversationRecord, withParts: Bool = true) -> Conversation {
        var conversation = Conversation(type: "conversation", id: record.id)
        conversation.title = record.title
        conversation.createdAt = Self.date(record.createdAt)
        conversation.updatedAt = Self.date(record.updatedAt)
        conversation.waitingSince = record.isOpen ? Self.date(record.updatedAt) : nil
        conversation.snoozedUntil = Self.date(record.snoozedUntil)
        conversation.open = record.isOpen
        conversation.state = Conversation.State(rawValue: record.state)
        conversation.read = record.read
        conversation.priority = Conversation.Priority(rawValue: record.priority)
        conversation.adminAssigneeID = record.adminAssigneeID.map(String.init)
        conversation.teamAssigneeID = record.teamAssigneeID.map(String.init)
        conversation.tags = TagReferenceList(
            type: "tag.list",
            tags: record.tagIDs.compactMap { id in tags.first { $0.id == id } }.map(tag)
        )
        var source = ConversationSource(
            type: ConversationSource.SourceType(rawValue: record.sourceType),
            id: record.messageID ?? record.id
        )
        source.deliveredAs = record.sourceDeliveredAs
        // Intercom sends an empty subject, not null, for a message that has none.
        source.subject = record.sourceSubject ?? ""
        source.body = "<p>\(record.sourceBody)</p>"
        source.author = author(record.sourceAuthor)
        source.attachments = Self.attachments(record.sourceAttachmentURLs)
        source.redacted = record.sourceRedacted ?? false
        conversation.source = source
        conversation.contacts = ConversationContacts(
            type: "contact.list",
            contacts: record.contactIDs.map {
                ContactReference(type: "contact", id: $0, externalID: contacts[$0]?.externalID)
            }
        )
        let teammateIDs = Set(record.parts.filter { $0.author.type == "admin" }.map(\.author.id))
        conversation.teammates = ConversationTeammates(
            type: "admin.list",
            teammates: teammateIDs.sorted().map { Reference(type: "admin", id: $0) }
        )
        conversation.customAttributes = record.customAttributes
        conversation.aiAgentParticipated = false
        conversation.topics = ["type": "topic.list", "topics": [], "total_count": 0]
        conversation.linkedObjects = LinkedObjectList(type: "list", totalCount: 0, hasMore: false, data: [])
        if withParts {
            conversation.conversationParts = ConversationParts(
                type: "conversation_part.list",
                conversationParts: record.parts.map { record in
                    var rendered = part(record)
                    rendered.state = ConversationPart.State(rawValue: record.state ?? "open")
                    return rendered
                },
                totalCount: record.parts.count
            )
        }
        return conversation
    }

    /// A conversation as the live API sends it: like ``conversation(_:withParts:)``, but with the
    /// assignee ids as integers, one of the per-resource quirks clients must cope with.
    ///
    /// With `withCustomers`, the answer also lists the conversation's contacts under `customers`, as
    /// attaching and detaching a contact answer.
    func conversationWire(
        _ record: ConversationRecord,
        withParts: Bool = true,
        withCustomers: Bool = false
    ) throws -> JSONValue {
        var json = try WireEncoder.encode(conversation(record, withParts: withParts))
        guard case .object(var object) = json else { return json }
        for key in ["admin_assignee_id", "team_assignee_id"] {
            if let text = object[key]?.stringValue, let number = Int(text) { object[key] = .int(number) }
        }
        // `customers` only appears on the answers to attaching and detaching a contact.
        if withCustomers {
            object["customers"] = .array(
                record.contactIDs.map { id in
                    ["type": .string(contacts[id]?.role ?? "user"), "id": .string(id)]
                }
            )
        } else {
            object.removeValue(forKey: "customers")
        }
        json = .object(object)
        return json
    }

    func dataAttribute(_ record: DataAttributeRecord) -> DataAttribute {
        var attribute = DataAttribute(type: "data_attribute")
        attribute.id = record.id
        attribute.model = DataAttribute.Model(rawValue: record.model)
        attribute.name = record.name
        attribute.fullName = record.fullName
        attribute.label = record.label
        attribute.description = record.description
        attribute.dataType = DataAttribute.DataType(rawValue: record.dataType)
        attribute.apiWritable = true
        attribute.messengerWritable = record.messengerWritable ?? false
        attribute.uiWritable = true
        attribute.custom = record.custom
        attribute.archived = record.archived
        attribute.options = record.options
        attribute.adminID = record.adminID
        attribute.createdAt = Self.date(record.createdAt)
        attribute.updatedAt = Self.date(record.updatedAt)
        return attribute
    }

    func subscriptionType(_ record: SubscriptionTypeRecord) -> SubscriptionType {
        var type = SubscriptionType()
        type.type = "subscription"
        type.id = record.id
        type.state = SubscriptionType.State(rawValue: "live")
        type.defaultTranslation = Translation(name: record.name, description: record.description, locale: "en")
        type.translations = [Translation(name: record.name, description: record.description, locale: "en")]
        type.consentType = SubscriptionType.ConsentType(rawValue: record.consentType)
        type.contentTypes = [SubscriptionType.ContentType(rawValue: "email")]
        return type
    }
}

extension SandboxStore {
    /// The JSON of a notification's item.
    func webhookJSON(for item: WebhookItem) -> JSONValue {
        let rendered: (any Encodable & Sendable)?
        switch item {
        case .contact(let id): rendered = data.contacts[id].map(data.contact)
        case .deletedContact(let record): rendered = data.contact(record)
        case .company(let id): rendered = data.companies[id].map(data.company)
        case .conversation(let id): return data.conversations[id].flatMap { try? data.conversationWire($0) } ?? .null
        case .tag(let record): rendered = data.tag(record)
        case .document(let json): return json
        case .tagged(let tag, let contactID):
            return [
                "type": "contact_tag",
                "created_at": .int(Int(now)),
                "contact": data.contacts[contactID].flatMap { try? JSONValue(encoding: data.contact($0)) } ?? .null,
                "tag": (try? JSONValue(encoding: data.tag(tag))) ?? .null,
            ]
        }
        guard let rendered, let json = try? JSONValue(encoding: rendered) else { return .null }
        return json
    }
}
