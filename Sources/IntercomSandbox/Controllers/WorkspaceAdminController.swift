import Foundation
import Hummingbird
import Intercom

/// The operations that change a workspace's existing records in place: updating, deleting and redacting
/// conversations, creating and updating data attributes, and the admins' activity log.
struct WorkspaceAdminController {
    let store: SandboxStore

    /// The most custom attributes one conversation or visitor keeps.
    static let maxCustomAttributes = 1_000

    /// The data types a new data attribute can have.
    static let dataTypes = ["string", "integer", "float", "boolean", "datetime", "date", "options"]

    func register(on router: Router<SandboxContext>) {
        let store = self.store
        router.put("conversations/:id") { request, context in
            let id = try context.path("id")
            let body = try await request.jsonBody()
            let read = try body.bool("read")
            let title = try body.string("title")
            let attributes = try body.object("custom_attributes")
            if let attributes { try Self.checkCustomAttributes(attributes) }
            let companyID = try body.id("company_id")
            return try await store.perform { store in
                guard var conversation = store.data.conversations[id] else {
                    throw SandboxError.notFound()
                }
                if let companyID, store.data.companies[companyID] == nil {
                    throw SandboxError.notFound("Company Not Found", code: .companyNotFound)
                }
                if let read { conversation.read = read }
                if let title { conversation.title = title }
                for (key, value) in attributes ?? [:] {
                    if value.isNull {
                        conversation.customAttributes.removeValue(forKey: key)
                    } else {
                        conversation.customAttributes[key] = value
                    }
                }
                guard conversation.customAttributes.count <= Self.maxCustomAttributes else {
                    throw SandboxError.limitExceeded(
                        "A conversation keeps at most \(Self.maxCustomAttributes) custom attributes",
                        field: "custom_attributes"
                    )
                }
                conversation.updatedAt = store.now
                store.data.conversations[id] = conversation
                store.emit(topic: "conversation.updated", item: .conversation(id))
                return try Reply.json(try store.data.conversationWire(conversation))
            }
        }
        router.delete("conversations/:id") { _, context in
            let id = try context.path("id")
            return try await store.perform { store in
                guard store.data.conversations.removeValue(forKey: id) != nil else {
                    throw SandboxError.notFound()
                }
                store.data.conversationOrder.removeAll { $0 == id }
                return try Reply.deleted(id: id, object: "conversation")
            }
        }
        router.post("conversations/redact") { request, _ in
            let body = try await request.jsonBody()
            let type = try body.oneOf("type", ["conversation_part", "source"])
            guard let type else { throw BodyFields.missing("type") }
            let conversationID = try body.requireID("conversation_id")
            let targetID = try body.requireID(type == "source" ? "source_id" : "conversation_part_id")
            return try await store.perform { store in
                let missing = SandboxError.notFound(
                    "Conversation part or message not found",
                    code: "conversation_part_or_message_not_found"
                )
                guard var conversation = store.data.conversations[conversationID] else { throw missing }
                if type == "source" {
                    guard conversation.messageID == targetID || conversation.id == targetID else { throw missing }
                    conversation.sourceBody = Self.redacted
                    conversation.sourceAttachmentURLs = []
                    conversation.sourceRedacted = true
                } else {
                    guard let index = conversation.parts.firstIndex(where: { $0.id == targetID }) else { throw missing }
                    conversation.parts[index].body = Self.redacted
                    conversation.parts[index].attachmentURLs = []
                    conversation.parts[index].redacted = true
                }
                conversation.updatedAt = store.now
                store.data.conversations[conversationID] = conversation
                return try Reply.json(try store.data.conversationWire(conversation))
            }
        }
        router.post("data_attributes") { request, _ in
            let body = try await request.jsonBody()
            let name = try body.requireString("name")
            guard let model = try body.oneOf("model", ["contact", "company"]) else { throw BodyFields.missing("model") }
            guard let dataType = try body.string("data_type") else { throw BodyFields.missing("data_type") }
            guard Self.dataTypes.contains(dataType) else {
                throw SandboxError.parameterInvalid("Data Type isn't an option", field: "data_type")
            }
            guard Self.isValidAttributeName(name) else {
                throw SandboxError.parameterInvalid(
                    "An attribute name may only hold letters, digits, spaces, hyphens, underscores and currency symbols",
                    field: "name"
                )
            }
            let options = try Self.options(body, required: dataType == "options")
            let description = try body.string("description")
            let messengerWritable = try body.bool("messenger_writable")
            return try await store.perform { store in
                if store.data.dataAttributes.contains(where: { $0.custom && $0.name.lowercased() == name.lowercased() })
                {
                    throw SandboxError.parameterInvalid(
                        "A custom attribute named '\(name)' already exists; choose another name",
                        field: "name"
                    )
                }
                guard store.data.dataAttributes.count < 1_000 else {
                    throw SandboxError.limitExceeded("The sandbox keeps at most 1000 data attributes")
                }
                // A data file may hold any id; the next one must still fit an `Int`.
                let (nextID, overflow) = (store.data.dataAttributes.compactMap(\.id).max() ?? 0)
                    .addingReportingOverflow(1)
                guard !overflow else {
                    throw SandboxError.limitExceeded("No data attribute id is left after \(Int.max)")
                }
                let record = DataAttributeRecord(
                    id: nextID,
                    name: name,
                    fullName: "custom_attributes.\(name)",
                    label: name,
                    description: description ?? "",
                    // A list is a string attribute with options; a date-time one reports itself as `date`.
                    dataType: dataType == "options" ? "string" : dataType == "datetime" ? "date" : dataType,
                    model: model,
                    custom: true,
                    options: options,
                    messengerWritable: messengerWritable ?? false,
                    adminID: SampleWorkspace.ownerID,
                    createdAt: store.now,
                    updatedAt: store.now
                )
                store.data.dataAttributes.append(record)
                return try Reply.json(store.data.dataAttribute(record))
            }
        }
        router.put("data_attributes/:id") { request, context in
            let id = try context.path("id")
            let body = try await request.jsonBody()
            let archived = try body.bool("archived")
            let description = try body.string("description")
            let messengerWritable = try body.bool("messenger_writable")
            let options = try Self.options(body, required: false)
            return try await store.perform { store in
                guard let number = Int(id), let index = store.data.dataAttributes.firstIndex(where: { $0.id == number })
                else {
                    throw SandboxError.notFound(
                        "We couldn't find that data attribute to update",
                        code: "field_not_found"
                    )
                }
                var record = store.data.dataAttributes[index]
                guard record.custom else {
                    throw SandboxError.parameterInvalid("Standard data attributes cannot be changed", field: "id")
                }
                if let archived { record.archived = archived }
                if let description { record.description = description }
                if let messengerWritable { record.messengerWritable = messengerWritable }
                if let options { record.options = options }
                record.updatedAt = store.now
                store.data.dataAttributes[index] = record
                return try Reply.json(store.data.dataAttribute(record))
            }
        }
        router.get("admins/activity_logs") { request, _ in
            guard let afterText = request.query("created_at_after") else {
                throw SandboxError.parameterNotFound("created_at_after is required", field: "created_at_after")
            }
            let after = try Self.timestamp(afterText, field: "created_at_after")
            let before = try request.query("created_at_before").map {
                try Self.timestamp($0, field: "created_at_before")
            }
            return try await store.read { store in
                let logs = store.data.documents(.activityLog).filter { log in
                    let created = log["created_at"]?.intValue ?? 0
                    return created >= after && (before.map { created <= $0 } ?? true)
                }
                let perPage = 20
                let page = Array(logs.suffix(perPage).reversed())
                return try Reply.list(
                    type: "activity_log.list",
                    key: "activity_logs",
                    items: page.map(JSONValue.object),
                    pages: [
                        "type": "pages", "page": 1, "per_page": .int(perPage), "total_pages": 1, "next": .null,
                    ]
                )
            }
        }
    }

    /// What a redacted part or message shows instead of its body (rendering wraps it in `<p>`).
    static let redacted = "<i>This message was deleted</i>"

    /// A Unix timestamp sent as query text, between 1970 and 9999.
    static func timestamp(_ text: String, field: String) throws -> Int {
        guard let value = Int(text), (0...253_402_300_799).contains(value) else {
            throw SandboxError.parameterInvalid("\(field) must be a Unix timestamp in seconds", field: field)
        }
        return value
    }

    /// The `options` of a list attribute: an array of `{"value": "…"}` objects, at least two.
    static func options(_ body: BodyFields, required: Bool) throws -> [String]? {
        guard body.has("options") else {
            if required { throw BodyFields.missing("options") }
            return nil
        }
        guard let items = body["options"]?.arrayValue else {
            throw SandboxError.parameterInvalid("Options isn't an array", field: "options")
        }
        let values = try items.map { item -> String in
            guard let value = item["value"]?.stringValue, !value.isEmpty else {
                throw SandboxError.parameterInvalid(
                    "Each option must be an object with a string value",
                    field: "options"
                )
            }
            return value
        }
        guard values.count >= 2 else {
            throw SandboxError.parameterInvalid("A list attribute needs at least two options", field: "options")
        }
        return values
    }

    /// Letters, digits, spaces, hyphens, underscores and currency symbols, at most 190 characters.
    static func isValidAttributeName(_ name: String) -> Bool {
        guard name.count <= 190, !name.trimmingCharacters(in: .whitespaces).isEmpty else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            CharacterSet.alphanumerics.contains(scalar) || scalar == " " || scalar == "-" || scalar == "_"
                || scalar.properties.generalCategory == .currencySymbol
        }
    }

    /// Custom attribute values a conversation can hold: strings, numbers, booleans, `null`, or a list of
    /// object ids (a custom object reference).
    static func checkCustomAttributes(_ attributes: [String: JSONValue]) throws {
        for (key, value) in attributes {
            switch value {
            case .string, .int, .double, .bool, .null: continue
            case .array(let items) where items.allSatisfy({ $0.stringValue != nil }): continue
            default:
                throw SandboxError.parameterInvalid(
                    "custom_attributes.\(key) must be a string, number, boolean, null or a list of ids",
                    field: "custom_attributes.\(key)"
                )
            }
        }
    }
}

extension SandboxStore {
    /// Records an entry in the admins' activity log.
    func logActivity(_ type: String, adminID: String, metadata: [String: JSONValue]) {
        let admin = data.admins.first { $0.id == adminID }
        let entry: [String: JSONValue] = [
            "id": .string(UUID().uuidString.lowercased()),
            "performed_by": [
                "type": "admin", "id": .string(adminID), "email": .string(admin?.email ?? ""), "ip": "127.0.0.1",
            ],
            "metadata": .object(metadata),
            "created_at": .time(now),
            "activity_type": .string(type),
            "activity_description": .string("\(admin?.name ?? "An admin") made a change: \(type)"),
        ]
        // The log keeps the latest entries only; dropping the oldest keeps it within the document limit.
        if (data.documentCollections[.activityLog]?.order.count ?? 0) >= 1_000,
            let oldest = data.documentCollections[.activityLog]?.order.first
        {
            _ = try? data.removeDocument(.activityLog, oldest)
        }
        _ = try? data.insertDocument(.activityLog, entry)
    }
}
