import Foundation
import HTTPTypes
import Hummingbird
import Intercom

/// The Fin agent API: `POST /fin/start`, `/fin/reply` and `/fin/csat`.
///
/// Each conversation is kept under the external id the client gave it. Fin's progress is worked out
/// from the sandbox clock whenever it matters: a few seconds after the user's latest message Fin has
/// answered (`awaiting_user_reply`), or handed over to a teammate (`escalated`) when the user asked for
/// a person; two minutes later, with no new message, the conversation is `complete` and Fin has asked the
/// user for a rating, which `POST /fin/csat` may record for a day.
struct FinController {
    let store: SandboxStore

    /// Seconds Fin takes to answer a message.
    static let answerSeconds: Int64 = 3
    /// Seconds after its answer, without a reply, at which Fin ends the conversation and asks for a rating.
    static let completeSeconds: Int64 = 120
    /// Seconds a requested rating may be given or changed.
    static let ratingWindowSeconds: Int64 = 86_400
    /// The ratings a user may give.
    static let ratings = ["terrible", "bad", "ok", "good", "amazing"]
    /// The authors a message may have.
    static let authors = ["user", "agent", "fin"]
    /// Words in a user's message that make Fin hand the conversation to a teammate.
    static let handoverWords = ["human", "real person", "teammate"]
    /// The most attachments, history messages or attributes one request may carry.
    static let maxItems = 10

    func register(on router: Router<SandboxContext>) {
        let store = self.store
        router.post("fin/start") { request, _ in
            let body = try await request.jsonBody()
            let turn = try FinTurn(body, starting: true)
            let base = TicketsController.baseURL(request)
            return try await store.perform { store in
                let now = store.now
                let errors = Self.attributeErrors(turn, data: store.data)
                // Starting again under an id already in use begins a new conversation in its place.
                if store.data.hasDocument(.finConversation, turn.conversationID) {
                    try store.data.removeDocument(.finConversation, turn.conversationID)
                }
                let contactID = Self.contactID(for: turn, in: store)
                var conversation: [String: JSONValue] = [
                    "id": .string(turn.conversationID), "contact_id": contactID.map(JSONValue.string) ?? .null,
                    "messages": .array(turn.history + [turn.message]), "created_at": .time(now),
                    "rating": .null, "remark": .null, "rated_at": .null,
                    "user_attributes": .object([:]), "conversation_attributes": .object([:]),
                ]
                try Self.apply(turn, to: &conversation, now: now)
                try store.data.insertDocument(.finConversation, conversation)
                return try Reply.object(Self.answer(conversation, turn: turn, errors: errors, store: store, base: base))
            }
        }
        router.post("fin/reply") { request, _ in
            let body = try await request.jsonBody()
            let turn = try FinTurn(body, starting: false)
            let base = TicketsController.baseURL(request)
            return try await store.perform { store in
                let now = store.now
                let errors = Self.attributeErrors(turn, data: store.data)
                let conversation = try store.data.updateDocument(.finConversation, turn.conversationID) { object in
                    // The latest 100 messages are kept; nothing reads older ones back.
                    object["messages"] = .array(((object["messages"]?.arrayValue ?? []) + [turn.message]).suffix(100))
                    try Self.apply(turn, to: &object, now: now)
                }
                return try Reply.object(Self.answer(conversation, turn: turn, errors: errors, store: store, base: base))
            }
        }
        router.post("fin/csat") { request, _ in
            let body = try await request.jsonBody()
            let conversationID = try FinTurn.requiredID(body, "conversation_id")
            let rating = try FinTurn.requiredText(body, "rating", at: "rating")
            let remark = try FinTurn.text(body, "remark", at: "remark").flatMap { $0.isEmpty ? nil : $0 }
            return try await store.perform { store in
                try Self.rate(conversationID, rating: rating, remark: remark, in: store)
            }
        }
    }

    // MARK: Progress

    /// Fin's status in a conversation at `now`.
    static func status(_ conversation: [String: JSONValue], now: Int64) -> String {
        let waited = now - ExportJobs.time(conversation["last_user_message_at"])
        if waited < answerSeconds { return "thinking" }
        if conversation["escalated"]?.boolValue == true { return "escalated" }
        return waited < answerSeconds + completeSeconds ? "awaiting_user_reply" : "complete"
    }

    /// When Fin asked for a rating, if it has.
    static func ratingRequestedAt(_ conversation: [String: JSONValue], now: Int64) -> Int64? {
        guard status(conversation, now: now) == "complete" else { return nil }
        return ExportJobs.time(conversation["last_user_message_at"]) + answerSeconds + completeSeconds
    }

    /// Records what a new user message changes: who the user is, their attributes, and when Fin was asked.
    static func apply(_ turn: FinTurn, to conversation: inout [String: JSONValue], now: Int64) throws {
        conversation["user_id"] = .string(turn.userID)
        if let name = turn.userName { conversation["user_name"] = .string(name) }
        if let email = turn.userEmail { conversation["user_email"] = .string(email) }
        var userAttributes = conversation["user_attributes"]?.objectValue ?? [:]
        userAttributes.merge(turn.userAttributes) { $1 }
        var conversationAttributes = conversation["conversation_attributes"]?.objectValue ?? [:]
        conversationAttributes.merge(turn.conversationAttributes) { $1 }
        guard userAttributes.count <= 100, conversationAttributes.count <= 100 else {
            throw SandboxError.limitExceeded(
                "A Fin conversation keeps at most 100 user and 100 conversation attributes"
            )
        }
        conversation["user_attributes"] = .object(userAttributes)
        conversation["conversation_attributes"] = .object(conversationAttributes)
        let words = (turn.message["body"]?.stringValue ?? "").lowercased()
        conversation["escalated"] = .bool(handoverWords.contains { words.contains($0) })
        conversation["last_user_message_at"] = .time(now)
        conversation["updated_at"] = .time(now)
    }

    /// The contact the user is: the one whose external id is the user's id, else the one with their email.
    static func contactID(for turn: FinTurn, in store: isolated SandboxStore) -> String? {
        if let id = store.data.contacts.id(externalID: turn.userID) { return id }
        guard let email = turn.userEmail else { return nil }
        return store.contacts(email: email).first?.id
    }

    /// The attributes no data attribute of the workspace defines, by where they were sent; `nil` when
    /// every attribute is known.
    static func attributeErrors(_ turn: FinTurn, data: WorkspaceData) -> JSONValue? {
        func known(_ model: String) -> Set<String> {
            Set(data.dataAttributes.filter { $0.model == model && !$0.archived }.flatMap { [$0.name, $0.fullName] })
        }
        func unknown(_ attributes: [String: JSONValue], _ names: Set<String>, _ label: String) -> JSONValue? {
            let missing = attributes.keys.filter { !names.contains($0) }
            guard !missing.isEmpty else { return nil }
            let messages = missing.map { ($0, JSONValue.string("\(label) attribute '\($0)' does not exist")) }
            return JSONValue.object(["attributes": .object(Dictionary(uniqueKeysWithValues: messages))])
        }
        var errors: [String: JSONValue] = [:]
        errors["user"] = unknown(turn.userAttributes, known("contact"), "User")
        errors["conversation"] = unknown(turn.conversationAttributes, known("conversation"), "Conversation")
        return errors.isEmpty ? nil : .object(errors)
    }

    /// The answer to a start or a reply: Fin's status as the message arrives, and where to follow it.
    static func answer(
        _ conversation: [String: JSONValue],
        turn: FinTurn,
        errors: JSONValue?,
        store: isolated SandboxStore,
        base: String
    ) -> [String: JSONValue] {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let channel = "fin_agent_api:\(store.data.appID):\(turn.conversationID)"
        let query = channel.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        var answer: [String: JSONValue] = [
            "conversation_id": .string(turn.conversationID),
            "user_id": .string(turn.userID),
            "status": .string(status(conversation, now: store.now)),
            "created_at_ms": .string(formatter.string(from: store.clock.now)),
            "sse_subscription_url": .string("\(base)/fin/event-stream?channels=\(query)&rewind=2m"),
        ]
        if let errors { answer["errors"] = errors }
        return answer
    }

    // MARK: Ratings

    /// Records a rating, or answers Intercom's `422` saying why it cannot be recorded.
    ///
    /// The same rating again is a harmless retry; a different one replaces it while the window is open;
    /// a first remark may join a rating, after which the rating is locked.
    static func rate(
        _ id: String,
        rating: String,
        remark: String?,
        in store: isolated SandboxStore
    ) throws -> Response {
        let now = store.now
        guard let conversation = try? store.data.document(.finConversation, id) else {
            return try refusal(
                "external_conversation_id",
                "Conversation not found for the given external_conversation_id"
            )
        }
        guard let requested = ratingRequestedAt(conversation, now: now) else {
            return try refusal("base", "No rating survey found for this conversation")
        }
        guard now < requested + ratingWindowSeconds else {
            return try refusal("base", "The rating window for this conversation has closed")
        }
        guard ratings.contains(rating) else { return try refusal("rating", "Rating isn't an option") }
        let stored = conversation["rating"]?.stringValue
        if let lockedRemark = conversation["remark"]?.stringValue {
            guard rating == stored, remark == nil || remark == lockedRemark else {
                return try refusal(
                    "base",
                    "This rating can no longer be changed because a remark has already been submitted"
                )
            }
        } else if rating != stored || remark != nil {
            try store.data.updateDocument(.finConversation, id) { object in
                object["rating"] = .string(rating)
                if let remark { object["remark"] = .string(remark) }
                object["rated_at"] = .time(now)
            }
        }
        return try Reply.object(["conversation_id": .string(id), "rating": .string(rating), "status": "rated"])
    }

    /// The body Intercom refuses a rating with: `{"errors": {field: message}}`, status 422.
    static func refusal(_ field: String, _ message: String) throws -> Response {
        try Reply.json(["errors": .object([field: .string(message)])] as JSONValue, status: .unprocessableContent)
    }
}

/// One user message for Fin, as `POST /fin/start` and `/fin/reply` send it, checked.
///
/// Like Intercom's answers for these operations, a missing required value is `400 parameter_invalid`
/// ("conversation_id is required").
struct FinTurn: Sendable {
    var conversationID: String
    var message: JSONValue
    var userID: String
    var userName: String?
    var userEmail: String?
    var userAttributes: [String: JSONValue]
    var conversationAttributes: [String: JSONValue] = [:]
    /// The messages before Fin was brought in (a start only).
    var history: [JSONValue] = []

    /// The longest conversation id the sandbox keeps.
    static let maxIDLength = 255

    init(_ body: BodyFields, starting: Bool) throws {
        conversationID = try Self.requiredID(body, "conversation_id")
        guard let message = try Self.fields(body, "message", at: "message") else {
            throw Self.missing("message")
        }
        self.message = try Self.checkedMessage(message, at: "message")
        guard let user = try Self.fields(body, "user", at: "user") else { throw Self.missing("user") }
        userID = try Self.requiredID(user, "id", at: "user.id")
        userName = try Self.text(user, "name", at: "user.name")
        let email = try Self.text(user, "email", at: "user.email")
        if let email, !email.contains("@") {
            throw SandboxError.parameterInvalid("user.email is not a valid email address", field: "user.email")
        }
        userEmail = email
        userAttributes = try Self.attributes(user, at: "user.attributes")
        try Self.checkAttachments(body)
        // Only a start carries the conversation's earlier messages and attributes.
        guard starting, let metadata = try Self.fields(body, "conversation_metadata", at: "conversation_metadata")
        else { return }
        conversationAttributes = try Self.attributes(metadata, at: "conversation_metadata.attributes")
        let earlier = try Self.list(metadata, "history", at: "conversation_metadata.history")
        var history: [JSONValue] = []
        for (index, item) in earlier.enumerated() {
            let path = "conversation_metadata.history[\(index)]"
            guard let fields = item.objectValue.map(BodyFields.init) else {
                throw SandboxError.parameterInvalid("\(path) must be an object", field: path)
            }
            history.append(try Self.checkedMessage(fields, at: path))
        }
        self.history = history
    }

    /// A message with its author (one of the allowed ones), a body and an ISO 8601 timestamp.
    static func checkedMessage(_ fields: BodyFields, at path: String) throws -> JSONValue {
        let author = try requiredText(fields, "author", at: "\(path).author")
        guard FinController.authors.contains(author) else {
            throw SandboxError.parameterInvalid(
                "\(path).author must be one of \(FinController.authors.joined(separator: ", "))",
                field: "\(path).author"
            )
        }
        let body = try requiredText(fields, "body", at: "\(path).body")
        let timestamp = try requiredText(fields, "timestamp", at: "\(path).timestamp")
        guard JSONValue.string(timestamp).dateValue != nil else {
            throw SandboxError.parameterInvalid(
                "\(path).timestamp must be an ISO 8601 date-time",
                field: "\(path).timestamp"
            )
        }
        return ["author": .string(author), "body": .string(body), "timestamp": .string(timestamp)]
    }

    /// Checks the attachments: at most ten, each a `url` with an address or a `file` with its name,
    /// content type and Base64 data.
    static func checkAttachments(_ body: BodyFields) throws {
        let attachments = try list(body, "attachments", at: "attachments")
        for (index, item) in attachments.enumerated() {
            let path = "attachments[\(index)]"
            guard let fields = item.objectValue.map(BodyFields.init) else {
                throw SandboxError.parameterInvalid("\(path) must be an object", field: path)
            }
            let type = try requiredText(fields, "type", at: "\(path).type")
            switch type {
            case "url":
                let address = try requiredText(fields, "url", at: "\(path).url")
                let scheme = URL(string: address)?.scheme?.lowercased() ?? ""
                guard scheme == "http" || scheme == "https" else {
                    throw SandboxError.parameterInvalid(
                        "\(path).url must be an http or https URL",
                        field: "\(path).url"
                    )
                }
            case "file":
                _ = try requiredText(fields, "name", at: "\(path).name")
                _ = try requiredText(fields, "content_type", at: "\(path).content_type")
                let data = try requiredText(fields, "data", at: "\(path).data")
                guard Data(base64Encoded: data) != nil else {
                    throw SandboxError.parameterInvalid("\(path).data must be Base64", field: "\(path).data")
                }
            default:
                throw SandboxError.parameterInvalid("\(path).type must be one of url, file", field: "\(path).type")
            }
        }
    }

    /// An array of at most ten items; empty when absent.
    static func list(_ fields: BodyFields, _ key: String, at path: String) throws -> [JSONValue] {
        guard let value = fields[key] else { return [] }
        guard let items = value.arrayValue else {
            throw SandboxError.parameterInvalid("\(path) must be an array", field: path)
        }
        guard items.count <= FinController.maxItems else {
            throw SandboxError.parameterInvalid("\(path) can hold at most \(FinController.maxItems) items", field: path)
        }
        return items
    }

    /// An object of at most ten attributes; empty when absent.
    static func attributes(_ fields: BodyFields, at path: String) throws -> [String: JSONValue] {
        guard let value = fields["attributes"] else { return [:] }
        guard let attributes = value.objectValue else {
            throw SandboxError.parameterInvalid("\(path) must be an object", field: path)
        }
        guard attributes.count <= FinController.maxItems else {
            throw SandboxError.parameterInvalid(
                "\(path) can hold at most \(FinController.maxItems) attributes",
                field: path
            )
        }
        return attributes
    }

    static func fields(_ fields: BodyFields, _ key: String, at path: String) throws -> BodyFields? {
        guard let value = fields[key] else { return nil }
        guard let object = value.objectValue else {
            throw SandboxError.parameterInvalid("\(path) must be an object", field: path)
        }
        return BodyFields(object)
    }

    static func text(_ fields: BodyFields, _ key: String, at path: String) throws -> String? {
        guard let value = fields[key] else { return nil }
        guard let text = value.stringValue else {
            throw SandboxError.parameterInvalid("\(path) must be a string", field: path)
        }
        return text
    }

    static func requiredText(_ fields: BodyFields, _ key: String, at path: String) throws -> String {
        guard let text = try Self.text(fields, key, at: path), !text.isEmpty else { throw missing(path) }
        return text
    }

    /// An id sent as a string (or a whole number), required, at most 255 characters.
    static func requiredID(_ fields: BodyFields, _ key: String, at path: String? = nil) throws -> String {
        let name = path ?? key
        let id: String
        switch fields[key] {
        case .string(let text)? where !text.isEmpty: id = text
        case .int(let number)?: id = String(number)
        case nil, .string?: throw missing(name)
        default: throw SandboxError.parameterInvalid("\(name) must be a string", field: name)
        }
        guard id.count <= maxIDLength else {
            throw SandboxError.parameterInvalid("\(name) can be at most \(maxIDLength) characters", field: name)
        }
        return id
    }

    static func missing(_ path: String) -> SandboxError {
        SandboxError.parameterInvalid("\(path) is required", field: path)
    }
}
