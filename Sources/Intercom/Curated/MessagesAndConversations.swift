import Foundation
import HTTPTypes

/// Who receives a message, or who writes as a contact.
public enum MessageRecipient: Sendable, Hashable {
    /// A user by Intercom id.
    case user(id: String)
    /// A lead by Intercom id.
    case lead(id: String)
    /// A user by your id (external id).
    case userID(String)
    /// A contact by email.
    case email(String)

    var json: JSONValue {
        switch self {
        case .user(let id): return ["type": "user", "id": .string(id)]
        case .lead(let id): return ["type": "lead", "id": .string(id)]
        case .userID(let userID): return ["type": "user", "user_id": .string(userID)]
        case .email(let email): return ["type": "user", "email": .string(email)]
        }
    }

    /// The fields a contact reply uses to name its author.
    var replyFields: [String: JSONValue] {
        switch self {
        case .user(let id), .lead(let id): return ["intercom_user_id": .string(id)]
        case .userID(let userID): return ["user_id": .string(userID)]
        case .email(let email): return ["email": .string(email)]
        }
    }
}

/// The look of an email message.
public enum EmailTemplate: String, Sendable, Hashable {
    /// Looks like a personal email from the admin.
    case personal
    /// Plain text, no styling.
    case plain
}

/// What an admin's reply does.
public enum AdminReplyKind: Sendable, Hashable {
    /// A message the contact sees.
    case comment
    /// A note only teammates see.
    case note
    /// Reopens the conversation, with an optional message.
    case open
}

/// Which of an admin's conversations to list.
public enum AdminConversationFilter: Sendable, Hashable {
    /// Every conversation assigned to the admin.
    case all
    /// Only open ones.
    case open
    /// Only closed ones.
    case closed
}

extension IntercomClient.Messages {
    private func send(_ body: [String: JSONValue]) async throws -> Message {
        try await client.execute(
            APIRequest(.post, "/messages", body: JSONValue.object(body), operation: "messages.create"),
            as: Message.self
        )
    }

    /// Sends an email from an admin to a user or lead.
    ///
    /// - HTTP: `POST /messages`
    public func sendEmail(
        template: EmailTemplate,
        fromAdmin adminID: String,
        to recipient: MessageRecipient,
        subject: String,
        body: String
    ) async throws -> Message {
        guard !subject.isEmpty else {
            throw IntercomError.invalidRequest(field: "subject", "An email needs a subject.")
        }
        guard !body.isEmpty else { throw IntercomError.invalidRequest(field: "body", "A message needs a body.") }
        return try await send([
            "message_type": "email", "template": .string(template.rawValue), "subject": .string(subject),
            "body": .string(body),
            "from": ["type": "admin", "id": .string(adminID)], "to": recipient.json,
            "create_conversation_without_contact_reply": true,
        ])
    }

    /// Sends an in-app message from an admin to a user or lead.
    ///
    /// - HTTP: `POST /messages`
    public func sendInApp(
        fromAdmin adminID: String,
        to recipient: MessageRecipient,
        body: String
    ) async throws -> Message {
        guard !body.isEmpty else { throw IntercomError.invalidRequest(field: "body", "A message needs a body.") }
        return try await send([
            "message_type": "inapp", "body": .string(body), "from": ["type": "admin", "id": .string(adminID)],
            "to": recipient.json,
            "create_conversation_without_contact_reply": true,
        ])
    }

    /// Starts a conversation written by a contact, as if sent from your app's Messenger.
    ///
    /// - HTTP: `POST /conversations`
    public func sendAsContact(_ contactID: String, role: String = "user", body: String) async throws -> Message {
        guard !body.isEmpty else { throw IntercomError.invalidRequest(field: "body", "A message needs a body.") }
        let payload: JSONValue = ["from": ["type": .string(role), "id": .string(contactID)], "body": .string(body)]
        return try await client.execute(
            APIRequest(.post, "/conversations", body: payload, operation: "conversations.create"),
            as: Message.self
        )
    }
}

extension IntercomClient.Conversations {
    /// A contact's conversations; only unread ones when `unreadOnly`.
    ///
    /// API 2.14 has no per-contact listing, so this searches on `contact_ids` (and `read`).
    public func list(
        contactID: String,
        unreadOnly: Bool = false,
        perPage: Int? = nil
    ) -> PaginatedSequence<ConversationListItem> {
        var filters: [SearchQuery] = [.field("contact_ids") == .string(contactID)]
        if unreadOnly { filters.append(.field("read") == false) }
        return search(filters.count == 1 ? filters[0] : .and(filters), perPage: perPage)
    }

    /// The conversations assigned to an admin: all, open or closed.
    ///
    /// API 2.14 has no per-admin listing, so this searches on `admin_assignee_id` (and `open`).
    public func list(
        adminID: String,
        _ filter: AdminConversationFilter = .all,
        perPage: Int? = nil
    ) -> PaginatedSequence<ConversationListItem> {
        guard let assignee = Int(adminID) else {
            return .failing(
                IntercomError.invalidRequest(field: "adminID", "Admin ids are numeric, not \"\(adminID)\".")
            )
        }
        var filters: [SearchQuery] = [.field("admin_assignee_id") == .int(assignee)]
        switch filter {
        case .all: break
        case .open: filters.append(.field("open") == true)
        case .closed: filters.append(.field("open") == false)
        }
        return search(filters.count == 1 ? filters[0] : .and(filters), perPage: perPage)
    }

    private func post(_ path: APIPath, _ body: JSONValue, operation: String) async throws -> Conversation {
        try await client.execute(APIRequest(.post, path, body: body, operation: operation), as: Conversation.self)
    }

    private static func checkAttachments(_ urls: [String]) throws {
        guard urls.count <= 10 else {
            throw IntercomError.invalidRequest(field: "attachmentURLs", "A reply carries at most 10 attachment URLs.")
        }
    }

    /// Replies as a contact; a reply to a closed conversation reopens it.
    ///
    /// - HTTP: `POST /conversations/{id}/reply`
    public func reply(
        id: String,
        as contact: MessageRecipient,
        body: String,
        attachmentURLs: [String] = []
    ) async throws -> Conversation {
        try Self.checkAttachments(attachmentURLs)
        var payload: [String: JSONValue] = ["message_type": "comment", "type": "user", "body": .string(body)]
        for (key, value) in contact.replyFields { payload[key] = value }
        if !attachmentURLs.isEmpty { payload["attachment_urls"] = .array(attachmentURLs.map(JSONValue.string)) }
        return try await post("/conversations/\(id)/reply", .object(payload), operation: "conversations.reply")
    }

    /// Replies as an admin with a comment or a note, or reopens the conversation.
    ///
    /// - HTTP: `POST /conversations/{id}/reply`, or `/parts` for `.open`
    public func reply(
        id: String,
        asAdmin adminID: String,
        _ kind: AdminReplyKind,
        body: String,
        attachmentURLs: [String] = []
    ) async throws -> Conversation {
        try Self.checkAttachments(attachmentURLs)
        if kind == .open {
            var payload: [String: JSONValue] = ["message_type": "open", "admin_id": .string(adminID)]
            if !body.isEmpty { payload["body"] = .string(body) }
            return try await post("/conversations/\(id)/parts", .object(payload), operation: "conversations.open")
        }
        var payload: [String: JSONValue] = [
            "message_type": kind == .note ? "note" : "comment", "type": "admin", "admin_id": .string(adminID),
            "body": .string(body),
        ]
        if !attachmentURLs.isEmpty { payload["attachment_urls"] = .array(attachmentURLs.map(JSONValue.string)) }
        return try await post("/conversations/\(id)/reply", .object(payload), operation: "conversations.reply")
    }

    /// Opens the conversation.
    public func open(id: String, byAdmin adminID: String) async throws -> Conversation {
        try await manage(id: id, .open(OpenConversationRequest(adminID: adminID)))
    }

    /// Closes the conversation, with an optional closing message.
    public func close(id: String, byAdmin adminID: String, body: String? = nil) async throws -> Conversation {
        try await manage(id: id, .close(CloseConversationRequest(adminID: adminID, body: body)))
    }

    /// Assigns the conversation to an admin.
    public func assign(id: String, byAdmin adminID: String, to assigneeID: String) async throws -> Conversation {
        try await manage(
            id: id,
            .assignment(AssignConversationRequest(type: .admin, adminID: adminID, assigneeID: assigneeID))
        )
    }
}
