import Foundation
import HTTPTypes
import Intercom

extension SandboxStore {
    static let conversationSearch = SearchEngine<ConversationRecord>(
        fields: [
            "id": .single(.string) { .string($0.id) },
            "created_at": .single(.date) { .int(Int($0.createdAt)) },
            "updated_at": .single(.date) { .int(Int($0.updatedAt)) },
            "title": .single(.string) { $0.title.map(JSONValue.string) },
            "state": .single(.string) { .string($0.state) },
            "open": .single(.boolean) { .bool($0.isOpen) },
            "read": .single(.boolean) { .bool($0.read) },
            "priority": .single(.string) { .string($0.priority) },
            "snoozed_until": .single(.date) { $0.snoozedUntil.map { .int(Int($0)) } },
            "admin_assignee_id": .single(.integer) { $0.adminAssigneeID.map(JSONValue.int) },
            "team_assignee_id": .single(.integer) { $0.teamAssigneeID.map(JSONValue.int) },
            "contact_ids": SearchField(kind: .identifier) { $0.contactIDs.map(JSONValue.string) },
            "tag_ids": SearchField(kind: .identifier) { $0.tagIDs.map(JSONValue.string) },
            "source.type": .single(.string) { .string($0.sourceType) },
            "source.delivered_as": .single(.string) { .string($0.sourceDeliveredAs) },
            "source.subject": .single(.string) { $0.sourceSubject.map(JSONValue.string) },
            "source.body": .single(.words) { .string($0.sourceBody) },
            "source.author.id": .single(.string) { .string($0.sourceAuthor.id) },
            "source.author.type": .single(.string) { .string($0.sourceAuthor.type) },
            "source.author.name": .single(.string) { $0.sourceAuthor.name.map(JSONValue.string) },
            "source.author.email": .single(.string) { $0.sourceAuthor.email.map(JSONValue.string) },
        ],
        customAttributes: { $0.customAttributes }
    )

    func conversation(_ id: String) throws -> ConversationRecord {
        guard let conversation = data.conversations[id] else { throw SandboxError.notFound("Conversation Not Found") }
        return conversation
    }

    func author(forContact contact: ContactRecord) -> AuthorRecord {
        AuthorRecord(type: contact.role, id: contact.id, name: contact.name, email: contact.email)
    }

    func author(forAdmin adminID: String) throws -> AuthorRecord {
        let admin = try self.admin(adminID)
        return AuthorRecord(type: "admin", id: admin.id, name: admin.name, email: admin.email)
    }

    /// Starts a conversation, from a contact (`source.type` conversation) or an admin's message.
    func startConversation(
        contact: ContactRecord,
        author: AuthorRecord,
        body: String,
        subject: String?,
        deliveredAs: String,
        sourceType: String,
        attachmentURLs: [String] = [],
        messageID: String? = nil
    ) throws -> ConversationRecord {
        guard !body.isEmpty else { throw SandboxError.parameterInvalid("body must not be empty", field: "body") }
        try Self.checkAttachments(attachmentURLs)
        guard data.conversations.count < limits.conversations else {
            throw SandboxError.limitExceeded("The sandbox holds at most \(limits.conversations) conversations")
        }
        let timestamp = now
        let conversation = ConversationRecord(
            id: data.numericID(),
            title: subject,
            createdAt: timestamp,
            updatedAt: timestamp,
            state: "open",
            read: author.type == "admin",
            priority: "not_priority",
            adminAssigneeID: nil,
            teamAssigneeID: nil,
            contactIDs: [contact.id],
            sourceType: sourceType,
            sourceDeliveredAs: deliveredAs,
            sourceSubject: subject,
            sourceBody: body,
            sourceAuthor: author,
            sourceAttachmentURLs: attachmentURLs,
            messageID: messageID
        )
        data.conversations[conversation.id] = conversation
        data.conversationOrder.append(conversation.id)
        if author.type != "admin" {
            data.contacts[contact.id]?.lastContactedAt = timestamp
        }
        emit(
            topic: author.type == "admin" ? "conversation.admin.single.created" : "conversation.user.created",
            item: .conversation(conversation.id)
        )
        return conversation
    }

    static func checkAttachments(_ urls: [String]) throws {
        guard urls.count <= 10 else {
            throw SandboxError.parameterInvalid("attachment_urls takes at most 10 URLs", field: "attachment_urls")
        }
        for url in urls {
            guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
                scheme == "http" || scheme == "https"
            else {
                throw SandboxError.parameterInvalid("\(url) is not a valid attachment URL", field: "attachment_urls")
            }
        }
    }

    /// Adds a part to a conversation and applies its effect on the conversation's state.
    @discardableResult
    func addPart(
        to conversationID: String,
        type partType: String,
        author: AuthorRecord,
        body: String?,
        attachmentURLs: [String] = [],
        assignee: (admin: Int?, team: Int?)? = nil,
        snoozedUntil: Int64? = nil
    ) throws -> ConversationRecord {
        var conversation = try self.conversation(conversationID)
        try Self.checkAttachments(attachmentURLs)
        guard conversation.parts.count < limits.partsPerConversation else {
            throw SandboxError.limitExceeded(
                "A conversation can have at most \(limits.partsPerConversation) parts"
            )
        }
        let timestamp = now
        var part = PartRecord(
            id: data.numericID(),
            partType: partType,
            body: body,
            createdAt: timestamp,
            author: author,
            attachmentURLs: attachmentURLs
        )
        let topic: String
        switch partType {
        case "comment" where author.type == "admin":
            topic = "conversation.admin.replied"
        case "comment":
            if conversation.state != "open" { conversation.state = "open" }
            conversation.read = false
            topic = "conversation.user.replied"
            data.contacts[author.id]?.lastRepliedAt = timestamp
        case "note":
            topic = "conversation.admin.noted"
        case "open":
            conversation.state = "open"
            conversation.snoozedUntil = nil
            topic = "conversation.admin.opened"
        case "close":
            conversation.state = "closed"
            conversation.snoozedUntil = nil
            topic = "conversation.admin.closed"
        case "snoozed":
            guard let snoozedUntil, snoozedUntil > timestamp else {
                throw SandboxError.parameterInvalid(
                    "snoozed_until must be a time in the future",
                    field: "snoozed_until"
                )
            }
            conversation.state = "snoozed"
            conversation.snoozedUntil = snoozedUntil
            topic = "conversation.admin.snoozed"
        case "assignment":
            if let admin = assignee?.admin {
                guard data.admins.contains(where: { $0.id == String(admin) }) || admin == 0 else {
                    throw SandboxError.notFound("Assignee Not Found", code: "assignee_not_found")
                }
                conversation.adminAssigneeID = admin == 0 ? nil : admin
                part.assignedToAdminID = admin == 0 ? nil : String(admin)
            }
            if let team = assignee?.team {
                guard data.teams.contains(where: { $0.id == String(team) }) || team == 0 else {
                    throw SandboxError.notFound("Assignee Not Found", code: "assignee_not_found")
                }
                conversation.teamAssigneeID = team == 0 ? nil : team
            }
            topic = "conversation.admin.assigned"
        default:
            throw SandboxError.parameterInvalid("message_type \(partType) is not supported", field: "message_type")
        }
        part.state = conversation.state
        conversation.parts.append(part)
        conversation.updatedAt = timestamp
        data.conversations[conversationID] = conversation
        emit(topic: topic, item: .conversation(conversationID))
        return conversation
    }

    func listConversations(
        perPage: Int?,
        startingAfter: String?
    ) throws -> (conversations: [ConversationRecord], page: CursorPage) {
        let size = try Paging.perPage(perPage, default: 20)
        let ordered = data.conversationOrder.reversed().map { $0 }
        let page = try Paging.cursorPage(ordered, perPage: size, startingAfter: startingAfter)
        return (page.ids.compactMap { data.conversations[$0] }, page)
    }

    func searchConversations(
        _ query: SearchQuery,
        perPage: Int?,
        startingAfter: String?
    ) throws -> (conversations: [ConversationRecord], page: CursorPage) {
        let predicate = try Self.conversationSearch.compile(query)
        let size = try Paging.perPage(perPage, default: 20, field: "pagination.per_page")
        let matching = data.conversationOrder.reversed().filter { id in data.conversations[id].map(predicate) ?? false }
        let page = try Paging.cursorPage(matching, perPage: size, startingAfter: startingAfter)
        return (page.ids.compactMap { data.conversations[$0] }, page)
    }

    func attachContact(_ contactID: String, toConversation conversationID: String) throws -> ConversationRecord {
        var conversation = try self.conversation(conversationID)
        _ = try contact(contactID)
        if !conversation.contactIDs.contains(contactID) {
            conversation.contactIDs.append(contactID)
            conversation.updatedAt = now
            data.conversations[conversationID] = conversation
        }
        return conversation
    }

    func detachContact(_ contactID: String, fromConversation conversationID: String) throws -> ConversationRecord {
        var conversation = try self.conversation(conversationID)
        guard conversation.contactIDs.contains(contactID) else { throw SandboxError.notFound("User Not Found") }
        guard conversation.contactIDs.count > 1 else {
            throw SandboxError(
                .unprocessableContent,
                .parameterInvalid,
                "A conversation must keep at least one contact",
                field: "contact_id"
            )
        }
        conversation.contactIDs.removeAll { $0 == contactID }
        conversation.updatedAt = now
        data.conversations[conversationID] = conversation
        return conversation
    }

    func tagConversation(_ conversationID: String, tagID: String) throws -> TagRecord {
        var conversation = try self.conversation(conversationID)
        let tag = try self.tag(tagID)
        if !conversation.tagIDs.contains(tagID) { conversation.tagIDs.append(tagID) }
        data.conversations[conversationID] = conversation
        return tag
    }

    func untagConversation(_ conversationID: String, tagID: String) throws -> TagRecord {
        var conversation = try self.conversation(conversationID)
        let tag = try self.tag(tagID)
        conversation.tagIDs.removeAll { $0 == tagID }
        data.conversations[conversationID] = conversation
        return tag
    }
}
