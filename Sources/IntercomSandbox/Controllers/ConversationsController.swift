import Foundation
import Hummingbird
import Intercom

/// `/conversations` and `/messages`.
struct ConversationsController {
    let store: SandboxStore

    /// Names a contact the way replies, messages and attachments do.
    struct ContactReference: Decodable, Sendable {
        var type: String?
        var id: String?
        var intercomUserID: String?
        var userID: String?
        var email: String?

        enum CodingKeys: String, CodingKey {
            case type
            case id
            case intercomUserID = "intercom_user_id"
            case userID = "user_id"
            case email
        }

        init(type: String?, id: String?, intercomUserID: String?, userID: String?, email: String?) {
            self.type = type
            self.id = id
            self.intercomUserID = intercomUserID
            self.userID = userID
            self.email = email
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try container.decodeIfPresent(String.self, forKey: .type)
            id = try container.decodeLenientStringIfPresent(forKey: .id)
            intercomUserID = try container.decodeLenientStringIfPresent(forKey: .intercomUserID)
            userID = try container.decodeLenientStringIfPresent(forKey: .userID)
            email = try container.decodeIfPresent(String.self, forKey: .email)
        }

        func resolve(in store: isolated SandboxStore) throws -> ContactRecord {
            try store.contact(id: id ?? intercomUserID, userID: userID, email: email)
        }
    }

    /// `POST /conversations/{id}/reply` and `/parts`: one body for every kind of reply and action.
    struct ReplyBody: Decodable, Sendable {
        var messageType: String
        var type: String?
        var body: String?
        var adminID: String?
        var intercomUserID: String?
        var userID: String?
        var email: String?
        var attachmentURLs: [String]?
        var assigneeID: String?
        var snoozedUntil: Int64?

        enum CodingKeys: String, CodingKey {
            case messageType = "message_type"
            case type
            case body
            case adminID = "admin_id"
            case intercomUserID = "intercom_user_id"
            case userID = "user_id"
            case email
            case attachmentURLs = "attachment_urls"
            case assigneeID = "assignee_id"
            case snoozedUntil = "snoozed_until"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            messageType = try container.decode(String.self, forKey: .messageType)
            type = try container.decodeIfPresent(String.self, forKey: .type)
            body = try container.decodeIfPresent(String.self, forKey: .body)
            adminID = try container.decodeLenientStringIfPresent(forKey: .adminID)
            intercomUserID = try container.decodeLenientStringIfPresent(forKey: .intercomUserID)
            userID = try container.decodeLenientStringIfPresent(forKey: .userID)
            email = try container.decodeIfPresent(String.self, forKey: .email)
            attachmentURLs = try container.decodeIfPresent([String].self, forKey: .attachmentURLs)
            assigneeID = try container.decodeLenientStringIfPresent(forKey: .assigneeID)
            snoozedUntil = try container.decodeIfPresent(Int64.self, forKey: .snoozedUntil)
        }
    }

    /// `POST /conversations/{id}/customers` and the detach body.
    struct CustomerBody: Decodable, Sendable {
        var adminID: String?
        var customer: ContactReference?

        enum CodingKeys: String, CodingKey {
            case adminID = "admin_id"
            case customer
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            adminID = try container.decodeLenientStringIfPresent(forKey: .adminID)
            customer = try container.decodeIfPresent(ContactReference.self, forKey: .customer)
        }
    }

    /// `POST /conversations/{id}/tags`.
    struct TagBody: Decodable, Sendable {
        var id: String
        var adminID: String?

        enum CodingKeys: String, CodingKey {
            case id
            case adminID = "admin_id"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decodeLenientString(forKey: .id)
            adminID = try container.decodeLenientStringIfPresent(forKey: .adminID)
        }
    }

    /// `POST /conversations`: a contact starts a conversation.
    struct CreateBody: Decodable, Sendable {
        var from: ContactReference
        var body: String
        var subject: String?
        var attachmentURLs: [String]?

        enum CodingKeys: String, CodingKey {
            case from
            case body
            case subject
            case attachmentURLs = "attachment_urls"
        }
    }

    func register(on router: Router<SandboxContext>) {
        let store = self.store
        router.post("messages") { request, _ in
            let body = try MessageRequest(try await request.jsonBody())
            return try await store.perform { store in try Self.send(body, in: store) }
        }
        router.post("conversations") { request, _ in
            let body = try await request.decodeBody(as: CreateBody.self)
            return try await store.perform { store in
                let contact = try body.from.resolve(in: store)
                let conversation = try store.startConversation(
                    contact: contact,
                    author: store.author(forContact: contact),
                    body: body.body,
                    subject: body.subject,
                    deliveredAs: "customer_initiated",
                    sourceType: "conversation",
                    attachmentURLs: body.attachmentURLs ?? []
                )
                let message: JSONValue = [
                    "type": "user_message", "id": .string(conversation.id),
                    "created_at": .int(Int(conversation.createdAt)),
                    "body": .string(body.body), "message_type": "inapp", "conversation_id": .string(conversation.id),
                ]
                return try Reply.json(message)
            }
        }
        router.get("conversations") { request, _ in
            let perPage = try request.integerQuery("per_page")
            let startingAfter = request.query("starting_after")
            return try await store.read { store in
                let (conversations, page) = try store.listConversations(perPage: perPage, startingAfter: startingAfter)
                return try Reply.list(
                    type: "conversation.list",
                    key: "conversations",
                    items: try conversations.map { try store.data.conversationWire($0, withParts: false) },
                    totalCount: page.totalCount,
                    pages: page.pagesJSON
                )
            }
        }
        router.post("conversations/search") { request, _ in
            let body = try await request.decodeBody(as: SearchBody.self)
            return try await store.read { store in
                let (conversations, page) = try store.searchConversations(
                    body.query,
                    perPage: body.pagination?.perPage,
                    startingAfter: body.pagination?.startingAfter
                )
                return try Reply.list(
                    type: "conversation.list",
                    key: "conversations",
                    items: try conversations.map { try store.data.conversationWire($0, withParts: false) },
                    totalCount: page.totalCount,
                    pages: page.pagesJSON
                )
            }
        }
        router.get("conversations/:id") { _, context in
            let id = try context.path("id")
            return try await store.read { store in
                try Reply.json(try store.rendered(try store.conversation(id)) { try $0.conversationWire($1) })
            }
        }
        router.post("conversations/:id/reply") { request, context in
            let id = try context.path("id")
            let body = try await request.decodeBody(as: ReplyBody.self)
            return try await store.perform { store in
                try Reply.json(try store.data.conversationWire(try Self.reply(body, to: id, in: store)))
            }
        }
        router.post("conversations/:id/parts") { request, context in
            let id = try context.path("id")
            let body = try await request.decodeBody(as: ReplyBody.self)
            return try await store.perform { store in
                try Reply.json(try store.data.conversationWire(try Self.act(body, on: id, in: store)))
            }
        }
        router.post("conversations/:id/customers") { request, context in
            let id = try context.path("id")
            let body = try await request.decodeBody(as: CustomerBody.self)
            return try await store.perform { store in
                guard let customer = body.customer else {
                    throw SandboxError.parameterNotFound("customer is required", field: "customer")
                }
                let contact = try customer.resolve(in: store)
                return try Reply.json(
                    try store.rendered(try store.attachContact(contact.id, toConversation: id)) {
                        try $0.conversationWire($1, withCustomers: true)
                    }
                )
            }
        }
        router.delete("conversations/:id/customers/:contact_id") { _, context in
            let id = try context.path("id")
            let contactID = try context.path("contact_id")
            return try await store.perform { store in
                try Reply.json(
                    try store.rendered(try store.detachContact(contactID, fromConversation: id)) {
                        try $0.conversationWire($1, withCustomers: true)
                    }
                )
            }
        }
        router.post("conversations/:id/tags") { request, context in
            let id = try context.path("id")
            let body = try await request.decodeBody(as: TagBody.self)
            return try await store.perform { store in
                try Reply.json(store.rendered(try store.tagConversation(id, tagID: body.id)) { $0.tag($1) })
            }
        }
        router.delete("conversations/:id/tags/:tag_id") { request, context in
            let id = try context.path("id")
            let tagID = try context.path("tag_id")
            // The admin who removes the tag, as when adding one.
            let adminID = try await request.jsonBody().requireID("admin_id")
            return try await store.perform { store in
                _ = try store.admin(adminID)
                return try Reply.json(store.rendered(try store.untagConversation(id, tagID: tagID)) { $0.tag($1) })
            }
        }
    }

    static func send(_ body: MessageRequest, in store: isolated SandboxStore) throws -> Response {
        let messageID = store.data.numericID()
        let createdAt = JSONValue.time(store.now)
        guard body.fromType == "admin" else {
            // A message from a user or lead starts a conversation, as the Messenger does.
            let contact = try store.contact(id: body.fromID, userID: nil, email: nil)
            guard contact.role == body.fromType else {
                throw SandboxError.parameterInvalid(
                    "from.type is \(body.fromType) but the contact is a \(contact.role)"
                )
            }
            let conversation = try store.startConversation(
                contact: contact,
                author: store.author(forContact: contact),
                body: body.body,
                subject: nil,
                deliveredAs: "customer_initiated",
                sourceType: "conversation",
                messageID: messageID
            )
            return try Reply.object([
                "type": "user_message", "id": .string(messageID), "created_at": createdAt,
                "body": .string(body.body), "message_type": "inapp", "conversation_id": .string(conversation.id),
            ])
        }
        let admin = try store.admin(body.fromID)
        guard let first = body.recipients.first else {
            throw SandboxError.parameterNotFound("to is required for a message from an admin", field: "to")
        }
        let recipients = try body.recipients.map { try $0.resolve(in: store) }
        _ = try body.copies.map { try $0.resolve(in: store) }
        let messageType = body.messageType ?? "inapp"
        if messageType == "email" {
            guard let subject = body.subject, !subject.isEmpty else {
                throw SandboxError(
                    .unprocessableContent,
                    .parameterNotFound,
                    "No subject supplied for email message",
                    field: "subject"
                )
            }
            guard recipients.allSatisfy({ $0.email != nil }) else {
                throw SandboxError.parameterInvalid("A recipient has no email address", field: "to")
            }
        }
        var message: [String: JSONValue] = [
            "type": "admin_message", "id": .string(messageID), "created_at": createdAt,
            "subject": .string(body.subject ?? ""), "body": .string(body.body),
            "message_type": .string(messageType),
            "owner": [
                "type": "admin", "id": .string(admin.id), "name": .string(admin.name), "email": .string(admin.email),
                "away_mode_enabled": .bool(admin.awayModeEnabled), "away_mode_reassign": .bool(admin.awayModeReassign),
            ],
        ]
        if body.createConversationWithoutContactReply {
            let conversation = try store.startConversation(
                contact: try first.resolve(in: store),
                author: try store.author(forAdmin: admin.id),
                body: body.body,
                subject: body.subject,
                deliveredAs: "admin_initiated",
                sourceType: messageType == "email" ? "email" : "conversation",
                messageID: messageID
            )
            message["conversation_id"] = .string(conversation.id)
        }
        return try Reply.object(message)
    }

    static func reply(_ body: ReplyBody, to id: String, in store: isolated SandboxStore) throws -> ConversationRecord {
        let urls = body.attachmentURLs ?? []
        switch body.type {
        case "admin":
            guard let adminID = body.adminID else {
                throw SandboxError.parameterNotFound("admin_id is required", field: "admin_id")
            }
            guard ["comment", "note", "quick_reply"].contains(body.messageType) else {
                throw SandboxError.parameterInvalid(
                    "message_type must be comment, note or quick_reply",
                    field: "message_type"
                )
            }
            guard let text = body.body, !text.isEmpty else {
                throw SandboxError.parameterNotFound("body is required", field: "body")
            }
            let partType = body.messageType == "note" ? "note" : "comment"
            return try store.addPart(
                to: id,
                type: partType,
                author: try store.author(forAdmin: adminID),
                body: text,
                attachmentURLs: urls
            )
        case "user", "lead", "contact":
            guard body.messageType == "comment" else {
                throw SandboxError.parameterInvalid(
                    "A contact can only reply with message_type comment",
                    field: "message_type"
                )
            }
            guard let text = body.body, !text.isEmpty else {
                throw SandboxError.parameterNotFound("body is required", field: "body")
            }
            let contact = try store.contact(id: body.intercomUserID, userID: body.userID, email: body.email)
            let conversation = try store.conversation(id)
            guard conversation.contactIDs.contains(contact.id) else {
                throw SandboxError(.forbidden, .actionForbidden, "The contact is not part of this conversation")
            }
            return try store.addPart(
                to: id,
                type: "comment",
                author: store.author(forContact: contact),
                body: text,
                attachmentURLs: urls
            )
        default:
            throw SandboxError.parameterInvalid("type must be admin or user", field: "type")
        }
    }

    static func act(_ body: ReplyBody, on id: String, in store: isolated SandboxStore) throws -> ConversationRecord {
        guard let adminID = body.adminID else {
            throw SandboxError.parameterNotFound("admin_id is required", field: "admin_id")
        }
        let author = try store.author(forAdmin: adminID)
        switch body.messageType {
        case "open":
            return try store.addPart(to: id, type: "open", author: author, body: body.body)
        case "close":
            return try store.addPart(to: id, type: "close", author: author, body: body.body)
        case "snoozed":
            return try store.addPart(
                to: id,
                type: "snoozed",
                author: author,
                body: nil,
                snoozedUntil: try Checked.unixSeconds(body.snoozedUntil, field: "snoozed_until")
            )
        case "assignment":
            guard let assignee = body.assigneeID.flatMap({ Int($0) }) else {
                throw SandboxError.parameterNotFound("assignee_id is required", field: "assignee_id")
            }
            let isTeam = body.type == "team"
            return try store.addPart(
                to: id,
                type: "assignment",
                author: author,
                body: body.body,
                assignee: (admin: isTeam ? nil : assignee, team: isTeam ? assignee : nil)
            )
        default:
            throw SandboxError.parameterInvalid(
                "message_type must be open, close, snoozed or assignment",
                field: "message_type"
            )
        }
    }
}

/// `POST /messages`: from an admin to one or more contacts (`to` as one recipient or a list, with `cc` and
/// `bcc` for email), or from a user or lead, which starts a conversation.
struct MessageRequest: Sendable {
    var fromType: String
    var fromID: String
    var recipients: [ConversationsController.ContactReference]
    var copies: [ConversationsController.ContactReference]
    var messageType: String?
    var subject: String?
    var body: String
    var createConversationWithoutContactReply: Bool

    init(_ fields: BodyFields) throws {
        guard let from = try fields.fields("from") else { throw BodyFields.missing("from") }
        guard let fromType = try from.oneOf("type", ["admin", "user", "lead", "contact"]) else {
            throw BodyFields.missing("from.type")
        }
        self.fromType = fromType == "contact" ? "user" : fromType
        fromID = try from.requireID("id")
        func references(_ key: String) throws -> [ConversationsController.ContactReference] {
            guard let value = fields[key] else { return [] }
            let items = value.arrayValue ?? [value]
            return try items.map { item in
                guard let object = item.objectValue else { throw BodyFields.wrongType(key, "a recipient object") }
                let recipient = BodyFields(object)
                return ConversationsController.ContactReference(
                    type: try recipient.string("type"),
                    id: try recipient.id("id"),
                    intercomUserID: nil,
                    userID: try recipient.id("user_id"),
                    email: try recipient.string("email")
                )
            }
        }
        recipients = try references("to")
        copies = try references("cc") + references("bcc")
        // `conversation` (as Intercom's own example sends) and `in_app` both mean an in-app message.
        messageType = try fields.oneOf("message_type", ["email", "inapp", "in_app", "conversation"]).map {
            $0 == "email" ? "email" : "inapp"
        }
        subject = try fields.string("subject")
        guard let body = try fields.string("body") else {
            throw SandboxError.parameterInvalid("Body is required", field: "body")
        }
        guard !body.isEmpty else { throw SandboxError.parameterInvalid("body must not be empty", field: "body") }
        self.body = body
        createConversationWithoutContactReply = try fields.bool("create_conversation_without_contact_reply") ?? true
    }
}
