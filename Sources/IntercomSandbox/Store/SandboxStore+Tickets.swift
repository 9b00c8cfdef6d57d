import Foundation
import HTTPTypes
import Intercom

// Tickets, ticket types with their attributes, ticket states, and the jobs that create tickets later.
//
// All of them are documents (``DocumentKind``). What the store keeps is not always the wire shape:
// a ticket keeps ids (of its type, state, contacts) and is rendered with the current objects they name,
// and states keep the ticket types they apply to. The `*Wire` functions below build the answers.

/// The fixed vocabularies and bounds of the ticket resources.
enum TicketVocabulary {
    /// The categories a ticket type (and so its tickets) can have.
    static let categories = ["Customer", "Back-office", "Tracker"]
    /// The categories of ticket states, in a ticket's usual order.
    static let stateCategories = ["submitted", "in_progress", "waiting_on_customer", "resolved"]
    /// The data types a ticket type attribute can have.
    static let attributeTypes = ["string", "list", "integer", "decimal", "boolean", "datetime", "files"]
    /// The most parts one ticket holds.
    static let maxParts = 500
    /// The id the workspace's bot writes ticket parts under.
    static let botID = "991260000"
    /// The app package code of parts created through the API.
    static let appPackageCode = "sandbox-api"
    static let defaultTitle = "_default_title_"
    static let defaultDescription = "_default_description_"
    /// The icon a ticket type gets when the request names none.
    static let defaultIcon = "🎟️"

    /// The word ticket search matches a category with (`request`, `task`, `tracker`).
    static func searchTerm(category: String) -> String {
        switch category {
        case "Back-office": return "task"
        case "Tracker": return "tracker"
        default: return "request"
        }
    }
}

/// A ticket creation request, read and checked for shape before the store sees it.
struct TicketDraft: Sendable {
    /// How a request names the contact of a ticket.
    enum ContactReference: Sendable, Hashable {
        case id(String)
        case externalID(String)
        case email(String)
    }

    var ticketTypeID: String
    var contacts: [ContactReference]
    var attributes: [String: JSONValue]
    var adminAssigneeID: String?
    var teamAssigneeID: String?
    var companyID: String?
    var createdAt: Int?
    var conversationToLinkID: String?

    init(_ body: BodyFields) throws {
        ticketTypeID = try body.requireID("ticket_type_id")
        guard let items = try body.array("contacts") else { throw BodyFields.missing("contacts") }
        guard !items.isEmpty else {
            throw SandboxError.parameterNotFound("contacts must name the ticket's contact", field: "contacts")
        }
        guard items.count == 1 else {
            throw SandboxError.parameterInvalid("A ticket takes exactly one contact", field: "contacts")
        }
        contacts = try items.map(Self.contact)
        attributes = try body.object("ticket_attributes") ?? [:]
        let assignment = try body.fields("assignment")
        adminAssigneeID = try assignment?.id("admin_assignee_id")
        teamAssigneeID = try assignment?.id("team_assignee_id")
        companyID = try body.id("company_id")
        createdAt = try body.timestamp("created_at")
        conversationToLinkID = try body.id("conversation_to_link_id")
        _ = try body.bool("skip_notifications")
    }

    /// One element of `contacts`: an object with `id`, `external_id` or `email`.
    static func contact(_ item: JSONValue) throws -> ContactReference {
        guard let object = item.objectValue else { throw BodyFields.wrongType("contacts", "an array of objects") }
        let fields = BodyFields(object)
        if let id = try fields.id("id") { return .id(id) }
        if let externalID = try fields.id("external_id") { return .externalID(externalID) }
        if let email = try fields.string("email"), !email.isEmpty { return .email(email) }
        throw SandboxError.parameterNotFound("Each contact needs an id, external_id or email", field: "contacts")
    }
}

/// The changes `PUT /tickets/{id}` asks for.
struct TicketUpdate: Sendable {
    var attributes: [String: JSONValue]?
    var stateID: String?
    var companyID: String?
    var removesCompany = false
    var open: Bool?
    var isShared: Bool?
    var snoozedUntil: Int?
    var adminID: String?
    var assigneeID: String?

    init(_ body: BodyFields) throws {
        attributes = try body.object("ticket_attributes")
        stateID = try body.id("ticket_state_id")
        companyID = try body.id("company_id")
        removesCompany = body.has("company_id") && companyID == nil
        open = try body.bool("open")
        isShared = try body.bool("is_shared")
        snoozedUntil = try body.timestamp("snoozed_until")
        adminID = try body.id("admin_id")
        assigneeID = try body.id("assignee_id")
        _ = try body.bool("skip_notifications")
    }
}

/// What `POST /tickets/{id}/reply` carries: an admin's comment or note, or a message written for a contact.
struct TicketReply: Sendable {
    /// Who writes the reply.
    enum Sender: Sendable {
        case admin(String)
        case contact(id: String?, userID: String?, email: String?)
    }

    var messageType: String
    var sender: Sender
    var text: String?
    var attachmentURLs: [String]
    var createdAt: Int?

    init(_ body: BodyFields) throws {
        guard let type = try body.oneOf("type", ["admin", "user"]) else { throw BodyFields.missing("type") }
        guard let messageType = try body.string("message_type") else { throw BodyFields.missing("message_type") }
        self.messageType = messageType
        let text = try body.string("body")
        self.text = text
        attachmentURLs = try body.strings("attachment_urls") ?? []
        createdAt = try body.timestamp("created_at")
        _ = try body.bool("cross_post")
        _ = try body.bool("skip_notifications")
        let hasText = !(text ?? "").isEmpty
        if type == "admin" {
            guard ["comment", "note", "quick_reply"].contains(messageType) else {
                throw SandboxError.parameterInvalid(
                    "message_type must be one of comment, note, quick_reply; got \(messageType)",
                    field: "message_type"
                )
            }
            sender = .admin(try body.requireID("admin_id"))
            if messageType == "quick_reply" {
                guard let options = try body.array("reply_options"), !options.isEmpty else {
                    throw BodyFields.missing("reply_options")
                }
                for option in options where option["text"]?.stringValue == nil || option["uuid"]?.stringValue == nil {
                    throw SandboxError.parameterInvalid(
                        "Each reply option needs a text and a uuid",
                        field: "reply_options"
                    )
                }
            } else if !hasText {
                throw BodyFields.missing("body")
            }
        } else {
            guard messageType == "comment" else {
                throw SandboxError.parameterInvalid(
                    "A contact can only reply with message_type comment",
                    field: "message_type"
                )
            }
            guard hasText else { throw BodyFields.missing("body") }
            let id = try body.id("intercom_user_id")
            let userID = try body.id("user_id")
            let email = try body.string("email")
            guard id != nil || userID != nil || email != nil else {
                throw SandboxError.parameterNotFound(
                    "One of intercom_user_id, user_id or email is required",
                    field: "intercom_user_id"
                )
            }
            sender = .contact(id: id, userID: userID, email: email)
        }
    }
}

/// The writable fields of a ticket type attribute, as create and update requests carry them.
struct TicketAttributeInput: Sendable {
    /// The most items a list attribute has, and the most archived ones it keeps.
    static let maxListItems = 500

    var name: String?
    var description: String?
    var dataType: String?
    var requiredToCreate: Bool?
    var requiredToCreateForContacts: Bool?
    var visibleOnCreate: Bool?
    var visibleToContacts: Bool?
    var multiline: Bool?
    var listItems: [String]?
    var allowMultipleValues: Bool?
    var archived: Bool?

    init(_ body: BodyFields, creating: Bool) throws {
        if creating {
            name = try body.requireString("name")
            guard let description = try body.string("description") else { throw BodyFields.missing("description") }
            self.description = description
            guard let dataType = try body.oneOf("data_type", TicketVocabulary.attributeTypes) else {
                throw BodyFields.missing("data_type")
            }
            self.dataType = dataType
        } else {
            name = try body.string("name")
            if let name, name.trimmingCharacters(in: .whitespaces).isEmpty {
                throw SandboxError.parameterInvalid("name must not be empty", field: "name")
            }
            description = try body.string("description")
            archived = try body.bool("archived")
        }
        requiredToCreate = try body.bool("required_to_create")
        requiredToCreateForContacts = try body.bool("required_to_create_for_contacts")
        visibleOnCreate = try body.bool("visible_on_create")
        visibleToContacts = try body.bool("visible_to_contacts")
        multiline = try body.bool("multiline")
        allowMultipleValues = try body.bool("allow_multiple_values")
        if let text = try body.string("list_items") {
            let parts = text.split(separator: ",")
            guard parts.count <= Self.maxListItems else {
                throw SandboxError.parameterInvalid(
                    "list_items may name at most \(Self.maxListItems) items",
                    field: "list_items"
                )
            }
            var items: [String] = []
            for item in parts {
                let label = item.trimmingCharacters(in: .whitespaces)
                if !label.isEmpty, !items.contains(label) { items.append(label) }
            }
            guard !items.isEmpty else {
                throw SandboxError.parameterInvalid("list_items must name at least one item", field: "list_items")
            }
            listItems = items
        }
        if creating, dataType == "list", listItems == nil {
            throw SandboxError.parameterNotFound("list_items is required for a list attribute", field: "list_items")
        }
    }
}

// MARK: - Rendering

extension WorkspaceData {
    /// A state as tickets and ticket types show it.
    func ticketStateSummary(_ state: [String: JSONValue]) -> [String: JSONValue] {
        var object: [String: JSONValue] = ["type": "ticket_state"]
        for key in ["id", "category", "internal_label", "external_label"] {
            object[key] = state[key] ?? .null
        }
        return object
    }

    /// A state as `GET /ticket_states` lists it: with the ticket types it applies to.
    func ticketStateWire(_ state: [String: JSONValue]) -> [String: JSONValue] {
        var object = ticketStateSummary(state)
        object["archived"] = state["archived"] ?? false
        let typeIDs = (state["ticket_type_ids"]?.arrayValue ?? []).compactMap(\.stringValue)
        let types = typeIDs.compactMap { try? document(.ticketType, $0) }
            .map { JSONValue.object(ticketTypeSummary($0)) }
        object["ticket_types"] = .object(["type": "list", "data": .array(types)])
        return object
    }

    /// The states a ticket of type `typeID` can be in, archived ones included.
    func ticketStates(forType typeID: String) -> [[String: JSONValue]] {
        documents(.ticketState).filter { state in
            (state["ticket_type_ids"]?.arrayValue ?? []).contains(.string(typeID))
        }
    }

    /// The attributes of a ticket type, archived ones included, in their order.
    func ticketTypeAttributes(ofType typeID: String) -> [[String: JSONValue]] {
        documents(.ticketTypeAttribute)
            .filter { $0["ticket_type_id"]?.stringValue == typeID }
            .enumerated()
            .sorted { lhs, rhs in
                let left = (lhs.element["order"]?.intValue ?? 0, lhs.offset)
                let right = (rhs.element["order"]?.intValue ?? 0, rhs.offset)
                return left < right
            }
            .map { $0.element }
    }

    /// The attribute of a ticket type that ticket attributes name `name`, unless archived.
    func ticketTypeAttribute(named name: String, typeID: String) -> [String: JSONValue]? {
        ticketTypeAttributes(ofType: typeID).first { attribute in
            attribute["name"]?.stringValue == name && attribute["archived"]?.boolValue != true
        }
    }

    /// An attribute as Intercom answers with it: the stored fields, its type's id as a number.
    func ticketTypeAttributeWire(_ stored: [String: JSONValue]) -> [String: JSONValue] {
        var object = stored
        object["type"] = "ticket_type_attribute"
        object["workspace_id"] = .string(appID)
        if let typeID = stored["ticket_type_id"]?.stringValue, let number = Int(typeID) {
            object["ticket_type_id"] = .int(number)
        }
        return object
    }

    /// A ticket type with its attributes, and its states unless `includeStates` is false (as tickets embed it).
    func ticketTypeWire(_ stored: [String: JSONValue], includeStates: Bool = true) -> [String: JSONValue] {
        let id = stored["id"]?.stringValue ?? ""
        var object = stored
        object["type"] = "ticket_type"
        object["workspace_id"] = .string(appID)
        let attributes = ticketTypeAttributes(ofType: id).map { JSONValue.object(ticketTypeAttributeWire($0)) }
        // The spec's schema names the list `ticket_type_attributes`, its recorded examples `data`: both carry
        // it, so clients written from either find it.
        object["ticket_type_attributes"] = .object([
            "type": "list", "data": .array(attributes), "ticket_type_attributes": .array(attributes),
        ])
        if includeStates {
            let states = ticketStates(forType: id).map { JSONValue.object(ticketStateSummary($0)) }
            object["ticket_states"] = .object(["type": "list", "data": .array(states)])
        }
        return object
    }

    /// A ticket type as a state lists it: without attributes, states or times.
    func ticketTypeSummary(_ stored: [String: JSONValue]) -> [String: JSONValue] {
        var object: [String: JSONValue] = ["type": "ticket_type"]
        for key in ["id", "name", "description", "icon", "archived", "is_internal", "category"] {
            object[key] = stored[key] ?? .null
        }
        return object
    }

    /// A ticket's attribute values, with `null` for each attribute of its type that has none.
    func ticketAttributeValues(_ stored: [String: JSONValue]) -> [String: JSONValue] {
        var values = stored["ticket_attributes"]?.objectValue ?? [:]
        let typeID = stored["ticket_type_id"]?.stringValue ?? ""
        for attribute in ticketTypeAttributes(ofType: typeID) where attribute["archived"]?.boolValue != true {
            if let name = attribute["name"]?.stringValue, !values.keys.contains(name) { values[name] = .null }
        }
        return values
    }

    /// A ticket as Intercom answers with it.
    func ticketWire(_ stored: [String: JSONValue]) -> [String: JSONValue] {
        let typeID = stored["ticket_type_id"]?.stringValue ?? ""
        let type = try? document(.ticketType, typeID)
        let state = (stored["ticket_state_id"]?.stringValue).flatMap { try? document(.ticketState, $0) }
        var object: [String: JSONValue] = ["type": "ticket"]
        object["id"] = stored["id"] ?? .null
        object["ticket_id"] = stored["ticket_id"] ?? .null
        object["category"] = type?["category"] ?? "Customer"
        object["ticket_attributes"] = .object(ticketAttributeValues(stored))
        object["ticket_state"] = state.map { JSONValue.object(ticketStateSummary($0)) } ?? .null
        object["ticket_type"] = type.map { JSONValue.object(ticketTypeWire($0, includeStates: false)) } ?? .null
        let contactReferences: [JSONValue] = (stored["contact_ids"]?.arrayValue ?? []).compactMap { value in
            guard let id = value.stringValue, let contact = contacts[id] else { return nil }
            let externalID = contact.externalID.map(JSONValue.string) ?? .null
            return JSONValue.object(["type": "contact", "id": .string(contact.id), "external_id": externalID])
        }
        object["contacts"] = .object(["type": "contact.list", "contacts": .array(contactReferences)])
        object["admin_assignee_id"] = stored["admin_assignee_id"] ?? "0"
        object["team_assignee_id"] = stored["team_assignee_id"] ?? "0"
        object["created_at"] = stored["created_at"] ?? 0
        object["updated_at"] = stored["updated_at"] ?? 0
        let parts = stored["ticket_parts"]?.arrayValue ?? []
        object["ticket_parts"] = .object([
            "type": "ticket_part.list", "ticket_parts": .array(parts), "total_count": .int(parts.count),
        ])
        object["open"] = stored["open"] ?? true
        if let snoozedUntil = stored["snoozed_until"], !snoozedUntil.isNull {
            object["snoozed_until"] = snoozedUntil
        }
        let links = stored["linked_objects"]?.arrayValue ?? []
        object["linked_objects"] = .object([
            "type": "list", "data": .array(links), "total_count": .int(links.count), "has_more": false,
        ])
        object["is_shared"] = stored["is_shared"] ?? false
        return object
    }

    /// A job as `GET /jobs/status/{id}` answers it; `base` is the address the sandbox was reached at.
    func ticketJobWire(_ stored: [String: JSONValue], base: String) -> [String: JSONValue] {
        let id = stored["id"]?.stringValue ?? ""
        let resourceType = stored["resource_type"]?.stringValue ?? "ticket"
        let resourceID = stored["resource_id"] ?? .null
        var object: [String: JSONValue] = ["type": "job", "id": .string(id)]
        object["url"] = .string("\(base)/jobs/status/\(id)")
        object["status"] = stored["status"] ?? "pending"
        object["resource_type"] = .string(resourceType)
        object["resource_id"] = resourceID
        object["resource_url"] =
            resourceID.stringValue.map { JSONValue.string("\(base)/\(resourceType)s/\($0)") } ?? .null
        return object
    }

    /// What ticket search matches a ticket against: the searchable fields at the paths the engine reads.
    func ticketSearchDocument(_ stored: [String: JSONValue]) -> [String: JSONValue] {
        let typeID = stored["ticket_type_id"]?.stringValue ?? ""
        let type = try? document(.ticketType, typeID)
        let stateID = stored["ticket_state_id"]?.stringValue
        let state = stateID.flatMap { try? document(.ticketState, $0) }
        let values = stored["ticket_attributes"]?.objectValue ?? [:]
        var searchable: [String: JSONValue] = [:]
        for key in ["id", "created_at", "updated_at", "ticket_type_id", "admin_assignee_id", "team_assignee_id"] {
            searchable[key] = stored[key] ?? .null
        }
        searchable["open"] = stored["open"] ?? true
        searchable["snoozed_until"] = stored["snoozed_until"] ?? .null
        searchable["contact_ids"] = stored["contact_ids"] ?? []
        searchable["title"] = values[TicketVocabulary.defaultTitle] ?? .null
        searchable["description"] = values[TicketVocabulary.defaultDescription] ?? .null
        let term = TicketVocabulary.searchTerm(category: type?["category"]?.stringValue ?? "")
        searchable["category"] = .string(term)
        searchable["state"] = .array([state?["category"] ?? .null, stateID.map(JSONValue.string) ?? .null])
        // Teammates: the assigned admin and every admin who wrote a part.
        var teammates: [String] = []
        if let admin = stored["admin_assignee_id"]?.stringValue, admin != "0" { teammates.append(admin) }
        for part in stored["ticket_parts"]?.arrayValue ?? [] where part["author"]?["type"]?.stringValue == "admin" {
            if let id = part["author"]?["id"]?.stringValue, !teammates.contains(id) { teammates.append(id) }
        }
        searchable["teammate_ids"] = .array(teammates.map(JSONValue.string))
        var byID: [String: JSONValue] = [:]
        for attribute in ticketTypeAttributes(ofType: typeID) {
            guard let id = attribute["id"]?.stringValue, let name = attribute["name"]?.stringValue,
                let value = values[name]
            else { continue }
            if attribute["data_type"]?.stringValue == "datetime", let text = value.stringValue,
                let date = SandboxStore.ticketAttributeDate(text),
                let seconds = Int(exactly: date.timeIntervalSince1970.rounded(.down))
            {
                byID[id] = .int(seconds)
            } else {
                byID[id] = value
            }
        }
        searchable["ticket_attribute"] = .object(byID)
        return searchable
    }
}

// MARK: - Changes

extension SandboxStore {
    /// The error for an admin or team a ticket cannot be assigned to, as Intercom words it.
    static func ticketAssigneeMissing() -> SandboxError {
        SandboxError.notFound("Assignee not found", code: "assignee_not_found")
    }

    /// A date in one of the ISO 8601 forms a `datetime` attribute accepts.
    static func ticketAttributeDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)
    }

    /// A ticket type new tickets can use: it exists and is not archived.
    func openTicketType(_ id: String) throws -> [String: JSONValue] {
        let type = try data.document(.ticketType, id)
        guard type["archived"]?.boolValue != true else {
            throw SandboxError.parameterInvalid("Ticket type \(id) is archived", field: "ticket_type_id")
        }
        return type
    }

    // MARK: Parts

    /// The workspace's bot, which writes the parts no admin is named for.
    func ticketBotAuthor() -> [String: JSONValue] {
        [
            "id": .string(TicketVocabulary.botID), "type": "bot", "name": "Fin",
            "email": .string("operator+\(data.appID)@intercom.io"),
        ]
    }

    func ticketAuthor(admin: AdminRecord) -> [String: JSONValue] {
        ["id": .string(admin.id), "type": "admin", "name": .string(admin.name), "email": .string(admin.email)]
    }

    func ticketAuthor(contact: ContactRecord) -> [String: JSONValue] {
        [
            "id": .string(contact.id), "type": "user", "name": contact.name.map(JSONValue.string) ?? .null,
            "email": contact.email.map(JSONValue.string) ?? .null,
        ]
    }

    /// A new ticket part; `extra` adds the members particular to its kind (states, assignee, attribute).
    func newTicketPart(
        _ partType: String,
        author: [String: JSONValue],
        body: String? = nil,
        at time: Int64,
        attachmentURLs: [String] = [],
        extra: [String: JSONValue] = [:]
    ) -> JSONValue {
        var part: [String: JSONValue] = [
            "type": "ticket_part", "id": .string(data.numericID()), "part_type": .string(partType),
            "created_at": .time(time), "updated_at": .time(time), "author": .object(author),
            "redacted": false, "app_package_code": .string(TicketVocabulary.appPackageCode),
        ]
        part["body"] = body.map(JSONValue.string) ?? .null
        part["attachments"] = .array(attachmentURLs.map(Self.ticketAttachment))
        for (key, value) in extra { part[key] = value }
        return .object(part)
    }

    /// An attachment of a part, described from its URL.
    static func ticketAttachment(_ url: String) -> JSONValue {
        let name = URL(string: url)?.lastPathComponent ?? url
        let lower = name.lowercased()
        let contentType: String
        if lower.hasSuffix(".png") {
            contentType = "image/png"
        } else if lower.hasSuffix(".jpg") || lower.hasSuffix(".jpeg") {
            contentType = "image/jpeg"
        } else if lower.hasSuffix(".gif") {
            contentType = "image/gif"
        } else {
            contentType = "application/octet-stream"
        }
        return ["type": "upload", "name": .string(name), "url": .string(url), "content_type": .string(contentType)]
    }

    /// A part recording a change of state, from the state with category `previous` to `category`.
    func ticketStateChangePart(
        _ category: String,
        previous: String,
        author: [String: JSONValue],
        at time: Int64
    ) -> JSONValue {
        newTicketPart(
            "ticket_state_updated_by_admin",
            author: author,
            at: time,
            extra: ["ticket_state": .string(category), "previous_ticket_state": .string(previous)]
        )
    }

    // MARK: Checks

    /// Checks attribute values against a ticket type's attributes: each names an attribute of the type and
    /// has its data type; when `creating`, every attribute required to create has a value.
    ///
    /// - Returns: the values as stored (whole numbers as integers).
    func checkedTicketAttributes(
        _ values: [String: JSONValue],
        typeID: String,
        creating: Bool
    ) throws -> [String: JSONValue] {
        var checked: [String: JSONValue] = [:]
        for (name, value) in values {
            guard let attribute = data.ticketTypeAttribute(named: name, typeID: typeID) else {
                throw SandboxError.parameterInvalid(
                    "\(name) is not an attribute of this ticket type",
                    field: "ticket_attributes.\(name)"
                )
            }
            checked[name] = try Self.checkedTicketAttributeValue(value, attribute: attribute, name: name)
        }
        if creating {
            for attribute in data.ticketTypeAttributes(ofType: typeID)
            where attribute["archived"]?.boolValue != true && attribute["required_to_create"]?.boolValue == true {
                let name = attribute["name"]?.stringValue ?? ""
                let value = checked[name] ?? .null
                if value.isNull || value.stringValue?.trimmingCharacters(in: .whitespaces).isEmpty == true {
                    throw SandboxError.parameterInvalid(
                        "Missing required ticket attributes",
                        field: "ticket_attributes"
                    )
                }
            }
        }
        return checked
    }

    /// One attribute value checked against the attribute's data type; `null` clears a value.
    static func checkedTicketAttributeValue(
        _ value: JSONValue,
        attribute: [String: JSONValue],
        name: String
    ) throws -> JSONValue {
        if value.isNull { return .null }
        let field = "ticket_attributes.\(name)"
        let dataType = attribute["data_type"]?.stringValue ?? "string"
        switch dataType {
        case "list":
            let options = attribute["input_options"]?["list_options"]?.arrayValue ?? []
            let ids = options.filter { $0["archived"]?.boolValue != true }.compactMap { $0["id"]?.stringValue }
            guard let id = value.stringValue, ids.contains(id) else {
                throw SandboxError.parameterInvalid(
                    "\(name) must be the id of one of its list items (\(ids.joined(separator: ", ")))",
                    field: field
                )
            }
            return value
        case "integer":
            guard let number = value.intValue else {
                throw SandboxError.parameterInvalid("\(name) must be a whole number", field: field)
            }
            return .int(number)
        case "decimal":
            guard value.doubleValue != nil else {
                throw SandboxError.parameterInvalid("\(name) must be a number", field: field)
            }
            return value
        case "boolean":
            guard value.boolValue != nil else {
                throw SandboxError.parameterInvalid("\(name) must be true or false", field: field)
            }
            return value
        case "datetime":
            if let seconds = value.intValue, (0...253_402_300_799).contains(seconds) { return .int(seconds) }
            if let text = value.stringValue, ticketAttributeDate(text) != nil { return value }
            throw SandboxError.parameterInvalid(
                "\(name) must be a Unix timestamp in seconds or an ISO 8601 date",
                field: field
            )
        case "files":
            guard value.arrayValue != nil else {
                throw SandboxError.parameterInvalid("\(name) must be an array of files", field: field)
            }
            return value
        default:
            guard value.stringValue != nil else {
                throw SandboxError.parameterInvalid("\(name) must be a string", field: field)
            }
            return value
        }
    }

    /// Checks that an admin and a team a ticket is assigned to exist (`0` or none leaves it unassigned).
    func checkTicketAssignees(admin: String?, team: String?) throws {
        if let admin, admin != "0", !data.admins.contains(where: { $0.id == admin }) {
            throw Self.ticketAssigneeMissing()
        }
        if let team, team != "0", !data.teams.contains(where: { $0.id == team }) {
            throw Self.ticketAssigneeMissing()
        }
    }

    /// The contact a ticket request names, by id, external id or email.
    ///
    /// An email that matches no contact makes a new lead when `create` is true; otherwise it is only
    /// checked, and the answer is `nil`.
    func resolveTicketContact(_ reference: TicketDraft.ContactReference, create: Bool) throws -> String? {
        switch reference {
        case .id(let id):
            return try contact(id).id
        case .externalID(let externalID):
            return try contact(externalID: externalID).id
        case .email(let email):
            if !contacts(email: email).isEmpty { return try contact(id: nil, userID: nil, email: email).id }
            guard email.contains("@") else {
                throw SandboxError.parameterInvalid("Email address is invalid", field: "email")
            }
            guard create else {
                try checkContactRoom()
                return nil
            }
            return try createContact(ContactInput(role: "lead", email: email)).id
        }
    }

    /// Checks everything a ticket creation needs without changing anything.
    ///
    /// - Returns: the ticket type and the checked attribute values.
    func checkTicket(_ draft: TicketDraft) throws -> (type: [String: JSONValue], attributes: [String: JSONValue]) {
        let type = try openTicketType(draft.ticketTypeID)
        let attributes = try checkedTicketAttributes(draft.attributes, typeID: draft.ticketTypeID, creating: true)
        for reference in draft.contacts { _ = try resolveTicketContact(reference, create: false) }
        try checkTicketAssignees(admin: draft.adminAssigneeID, team: draft.teamAssigneeID)
        if let companyID = draft.companyID, data.companies[companyID] == nil {
            throw SandboxError.notFound("Company Not Found", code: .companyNotFound)
        }
        if let linkID = draft.conversationToLinkID {
            _ = try conversation(linkID)
            guard type["category"]?.stringValue != "Customer" else {
                throw SandboxError.parameterInvalid(
                    "A conversation can only be linked to a back-office or tracker ticket",
                    field: "conversation_to_link_id"
                )
            }
        }
        return (type, attributes)
    }

    /// The number the inbox shows for the next ticket.
    func nextTicketNumber() -> String {
        let highest = data.documents(.ticket).compactMap { $0["ticket_id"]?.stringValue.flatMap { Int($0) } }.max() ?? 0
        return String(highest < Int.max ? highest + 1 : highest)
    }

    /// The state a new ticket of type `typeID` starts in: its first `submitted` state.
    func initialTicketState(forType typeID: String) -> [String: JSONValue]? {
        let states = data.ticketStates(forType: typeID).filter { $0["archived"]?.boolValue != true }
        return states.first { $0["category"]?.stringValue == "submitted" } ?? states.first
    }

    /// Creates a ticket, and a lead for an email that matches no contact.
    ///
    /// - Returns: the stored ticket.
    @discardableResult
    func createTicket(_ draft: TicketDraft) throws -> [String: JSONValue] {
        let checked = try checkTicket(draft)
        guard data.documents(.ticket).count < WorkspaceData.maxDocumentsPerKind else {
            throw SandboxError.limitExceeded(
                "The sandbox keeps at most \(WorkspaceData.maxDocumentsPerKind) objects of type ticket"
            )
        }
        let contactIDs = try draft.contacts.compactMap { try resolveTicketContact($0, create: true) }
        let timestamp = now
        let category = checked.type["category"]?.stringValue ?? "Customer"
        let state = initialTicketState(forType: draft.ticketTypeID)
        let stateCategory = state?["category"]?.stringValue ?? "submitted"
        var ticket: [String: JSONValue] = ["id": .string(data.numericID()), "ticket_id": .string(nextTicketNumber())]
        ticket["ticket_type_id"] = .string(draft.ticketTypeID)
        ticket["ticket_state_id"] = state?["id"] ?? .null
        ticket["ticket_attributes"] = .object(checked.attributes)
        ticket["contact_ids"] = .array(contactIDs.map(JSONValue.string))
        ticket["admin_assignee_id"] = .string(draft.adminAssigneeID ?? "0")
        ticket["team_assignee_id"] = .string(draft.teamAssigneeID ?? "0")
        ticket["created_at"] = .time(draft.createdAt.map { Int64($0) } ?? timestamp)
        ticket["updated_at"] = .time(timestamp)
        ticket["open"] = true
        ticket["snoozed_until"] = .null
        ticket["is_shared"] = .bool(category == "Customer")
        ticket["company_id"] = draft.companyID.map(JSONValue.string) ?? .null
        ticket["tags"] = []
        ticket["linked_objects"] = .array(
            draft.conversationToLinkID.map { id in
                [JSONValue.object(["type": "conversation", "id": .string(id), "category": .null])]
            } ?? []
        )
        ticket["ticket_parts"] = [
            ticketStateChangePart(stateCategory, previous: stateCategory, author: ticketBotAuthor(), at: timestamp)
        ]
        try data.insertDocument(.ticket, ticket)
        emit(topic: "ticket.created", document: data.ticketWire(ticket))
        return ticket
    }

    // MARK: Updates

    /// Applies `PUT /tickets/{id}`: every change is checked before any is made, and each adds a part.
    func updateTicket(_ id: String, _ update: TicketUpdate) throws -> [String: JSONValue] {
        var ticket = try data.document(.ticket, id)
        let typeID = ticket["ticket_type_id"]?.stringValue ?? ""
        let author: [String: JSONValue]
        if let adminID = update.adminID {
            guard let admin = data.admins.first(where: { $0.id == adminID }) else { throw Self.ticketAssigneeMissing() }
            author = ticketAuthor(admin: admin)
        } else {
            author = ticketBotAuthor()
        }
        let timestamp = now
        var parts = ticket["ticket_parts"]?.arrayValue ?? []
        var topics: [String] = []

        if let values = update.attributes {
            let checked = try checkedTicketAttributes(values, typeID: typeID, creating: false)
            var current = ticket["ticket_attributes"]?.objectValue ?? [:]
            var changed = false
            for (name, value) in checked.sorted(by: { $0.key < $1.key }) where (current[name] ?? .null) != value {
                current[name] = value
                changed = true
                if let attribute = data.ticketTypeAttribute(named: name, typeID: typeID) {
                    parts.append(ticketAttributeChangePart(attribute, value: value, author: author, at: timestamp))
                }
            }
            ticket["ticket_attributes"] = .object(current)
            if changed { topics.append("ticket.attribute.updated") }
        }
        if let stateID = update.stateID {
            let allowed = data.ticketStates(forType: typeID).filter { $0["archived"]?.boolValue != true }
            guard let state = allowed.first(where: { $0["id"]?.stringValue == stateID }) else {
                throw SandboxError(
                    .badRequest,
                    "ticket_state_id_invalid",
                    "Ticket state id is not valid or is not associated with the ticket type",
                    field: "ticket_state_id"
                )
            }
            let previous = (ticket["ticket_state_id"]?.stringValue).flatMap { try? data.document(.ticketState, $0) }
            let previousCategory = previous?["category"]?.stringValue ?? "submitted"
            let category = state["category"]?.stringValue ?? "submitted"
            ticket["ticket_state_id"] = .string(stateID)
            parts.append(ticketStateChangePart(category, previous: previousCategory, author: author, at: timestamp))
            topics.append("ticket.state.updated")
        }
        if let assigneeID = update.assigneeID {
            let assignedTo: JSONValue
            if assigneeID == "0" {
                ticket["admin_assignee_id"] = "0"
                assignedTo = .null
                topics.append("ticket.admin.assigned")
            } else if data.admins.contains(where: { $0.id == assigneeID }) {
                ticket["admin_assignee_id"] = .string(assigneeID)
                assignedTo = ["type": "admin", "id": .string(assigneeID)]
                topics.append("ticket.admin.assigned")
            } else if data.teams.contains(where: { $0.id == assigneeID }) {
                ticket["team_assignee_id"] = .string(assigneeID)
                assignedTo = ["type": "team", "id": .string(assigneeID)]
                topics.append("ticket.team.assigned")
            } else {
                throw Self.ticketAssigneeMissing()
            }
            parts.append(newTicketPart("assignment", author: author, at: timestamp, extra: ["assigned_to": assignedTo]))
        }
        if let companyID = update.companyID {
            guard data.companies[companyID] != nil else {
                throw SandboxError.notFound("Company Not Found", code: .companyNotFound)
            }
            ticket["company_id"] = .string(companyID)
        } else if update.removesCompany {
            ticket["company_id"] = .null
        }
        if let open = update.open, open != (ticket["open"]?.boolValue ?? true) {
            ticket["open"] = .bool(open)
            if !open { ticket["snoozed_until"] = .null }
            parts.append(newTicketPart(open ? "open" : "close", author: author, at: timestamp))
        }
        if let snoozedUntil = update.snoozedUntil, update.open != false {
            ticket["snoozed_until"] = .int(snoozedUntil)
            parts.append(newTicketPart("snoozed", author: author, at: timestamp))
        }
        if let isShared = update.isShared { ticket["is_shared"] = .bool(isShared) }
        guard parts.count <= TicketVocabulary.maxParts else {
            throw SandboxError.limitExceeded("A ticket can have at most \(TicketVocabulary.maxParts) parts")
        }
        ticket["ticket_parts"] = .array(parts)
        ticket["updated_at"] = .time(timestamp)
        let updated = ticket
        try data.updateDocument(.ticket, id) { object in object = updated }
        let wire = data.ticketWire(updated)
        for topic in topics { emit(topic: topic, document: wire) }
        return updated
    }

    /// A part recording a new value of an attribute.
    func ticketAttributeChangePart(
        _ attribute: [String: JSONValue],
        value: JSONValue,
        author: [String: JSONValue],
        at time: Int64
    ) -> JSONValue {
        let valueID: JSONValue
        let label: JSONValue
        switch value {
        case .null:
            valueID = .null
            label = ""
        case .string(let text):
            let options = attribute["input_options"]?["list_options"]?.arrayValue ?? []
            let option = options.first { $0["id"]?.stringValue == text }
            valueID = .string(text)
            label = option?["label"] ?? .string(text)
        case .array(let files):
            valueID = .array(files.indices.map { JSONValue.int($0 + 1) })
            label = .array(files.map { file in file["name"] ?? .string(file.stringValue ?? file.description) })
        default:
            valueID = .string(value.description)
            label = .string(value.description)
        }
        let change: [String: JSONValue] = [
            "attribute": [
                "type": "attribute", "id": attribute["id"] ?? .null, "label": attribute["name"] ?? .null,
            ],
            "value": ["type": "value", "id": valueID, "label": label],
        ]
        return newTicketPart(
            "ticket_attribute_updated_by_admin",
            author: author,
            at: time,
            extra: ["updated_attribute_data": .object(change)]
        )
    }

    /// Adds a reply to a ticket.
    ///
    /// - Returns: the new part.
    func replyToTicket(_ id: String, _ reply: TicketReply) throws -> JSONValue {
        var ticket = try data.document(.ticket, id)
        let typeID = ticket["ticket_type_id"]?.stringValue ?? ""
        let category = (try? data.document(.ticketType, typeID))?["category"]?.stringValue ?? "Customer"
        try Self.checkAttachments(reply.attachmentURLs)
        let author: [String: JSONValue]
        let topic: String
        let partType: String
        switch reply.sender {
        case .admin(let adminID):
            let admin = try self.admin(adminID)
            let shared = ticket["is_shared"]?.boolValue ?? false
            if reply.messageType == "comment", category == "Tracker" || (category == "Back-office" && !shared) {
                throw SandboxError(
                    .badRequest,
                    .parameterMismatch,
                    "Comments are not allowed on tickets hidden from the customer; add a note instead"
                )
            }
            author = ticketAuthor(admin: admin)
            partType = reply.messageType
            topic = partType == "note" ? "ticket.note.created" : "ticket.admin.replied"
        case .contact(let contactID, let userID, let email):
            guard category == "Customer" else {
                throw SandboxError(
                    .badRequest,
                    .parameterMismatch,
                    "User replies are not allowed on Backoffice tickets"
                )
            }
            let contact = try self.contact(id: contactID, userID: userID, email: email)
            guard (ticket["contact_ids"]?.arrayValue ?? []).contains(.string(contact.id)) else {
                throw SandboxError(.forbidden, .actionForbidden, "The contact is not part of this ticket")
            }
            author = ticketAuthor(contact: contact)
            partType = "comment"
            topic = "ticket.contact.replied"
            data.contacts[contact.id]?.lastRepliedAt = now
        }
        var parts = ticket["ticket_parts"]?.arrayValue ?? []
        guard parts.count < TicketVocabulary.maxParts else {
            throw SandboxError.limitExceeded("A ticket can have at most \(TicketVocabulary.maxParts) parts")
        }
        let time = reply.createdAt.map { Int64($0) } ?? now
        let part = newTicketPart(
            partType,
            author: author,
            body: partType == "quick_reply" ? nil : reply.text,
            at: time,
            attachmentURLs: reply.attachmentURLs
        )
        parts.append(part)
        ticket["ticket_parts"] = .array(parts)
        ticket["updated_at"] = .time(now)
        let updated = ticket
        try data.updateDocument(.ticket, id) { object in object = updated }
        emit(topic: topic, document: data.ticketWire(updated))
        return part
    }

    // MARK: Tags

    /// A tag as tagging a ticket answers it.
    func ticketTagWire(_ tag: TagRecord, appliedAt: Int64, adminID: String) -> [String: JSONValue] {
        [
            "type": "tag", "id": .string(tag.id), "name": .string(tag.name), "applied_at": .time(appliedAt),
            "applied_by": ["type": "admin", "id": .string(adminID)],
        ]
    }

    /// Applies an existing tag to a ticket (again: no change) and answers the tag with who applied it.
    func tagTicket(_ id: String, tagID: String, adminID: String) throws -> [String: JSONValue] {
        var ticket = try data.document(.ticket, id)
        _ = try admin(adminID)
        let tag = try self.tag(tagID)
        var links = ticket["tags"]?.arrayValue ?? []
        if let existing = links.first(where: { $0["id"]?.stringValue == tagID }) {
            let appliedAt = Int64(existing["applied_at"]?.intValue ?? 0)
            return ticketTagWire(tag, appliedAt: appliedAt, adminID: existing["applied_by"]?.stringValue ?? adminID)
        }
        let timestamp = now
        links.append(["id": .string(tagID), "applied_at": .time(timestamp), "applied_by": .string(adminID)])
        ticket["tags"] = .array(links)
        let updated = ticket
        try data.updateDocument(.ticket, id) { object in object = updated }
        return ticketTagWire(tag, appliedAt: timestamp, adminID: adminID)
    }

    /// Removes a tag from a ticket; a tag the ticket does not carry answers `tag_not_found`.
    func untagTicket(_ id: String, tagID: String, adminID: String) throws -> [String: JSONValue] {
        var ticket = try data.document(.ticket, id)
        _ = try admin(adminID)
        let tag = try self.tag(tagID)
        var links = ticket["tags"]?.arrayValue ?? []
        guard let index = links.firstIndex(where: { $0["id"]?.stringValue == tagID }) else {
            throw SandboxError.notFound("Tag not found", code: .tagNotFound)
        }
        let appliedAt = Int64(links[index]["applied_at"]?.intValue ?? 0)
        links.remove(at: index)
        ticket["tags"] = .array(links)
        let updated = ticket
        try data.updateDocument(.ticket, id) { object in object = updated }
        return ticketTagWire(tag, appliedAt: appliedAt, adminID: adminID)
    }

    // MARK: Conversion

    /// Turns a conversation into a ticket of a customer ticket type: the ticket takes the conversation's
    /// contacts, assignees, messages and start time. The conversation itself stays.
    func convertConversation(
        _ conversationID: String,
        typeID: String,
        attributes: [String: JSONValue]
    ) throws -> [String: JSONValue] {
        let conversation = try self.conversation(conversationID)
        let type = try openTicketType(typeID)
        guard type["category"]?.stringValue == "Customer" else {
            throw SandboxError.parameterInvalid("Ticket type is not a customer ticket type", field: "ticket_type_id")
        }
        guard !data.documents(.ticket).contains(where: { $0["conversation_id"]?.stringValue == conversationID }) else {
            throw SandboxError.parameterInvalid(
                "This conversation has already been converted to a ticket",
                field: "conversation_id"
            )
        }
        var values = try checkedTicketAttributes(attributes, typeID: typeID, creating: false)
        if values.index(forKey: TicketVocabulary.defaultTitle) == nil, let title = conversation.title,
            data.ticketTypeAttribute(named: TicketVocabulary.defaultTitle, typeID: typeID) != nil
        {
            values[TicketVocabulary.defaultTitle] = .string(title)
        }
        guard data.documents(.ticket).count < WorkspaceData.maxDocumentsPerKind else {
            throw SandboxError.limitExceeded(
                "The sandbox keeps at most \(WorkspaceData.maxDocumentsPerKind) objects of type ticket"
            )
        }
        let timestamp = now
        func author(_ record: AuthorRecord) -> [String: JSONValue] {
            [
                "id": .string(record.id), "type": .string(record.type == "admin" ? "admin" : "user"),
                "name": record.name.map(JSONValue.string) ?? .null,
                "email": record.email.map(JSONValue.string) ?? .null,
            ]
        }
        var parts: [JSONValue] = [
            newTicketPart(
                "comment",
                author: author(conversation.sourceAuthor),
                body: conversation.sourceBody,
                at: conversation.createdAt,
                attachmentURLs: conversation.sourceAttachmentURLs
            )
        ]
        for record in conversation.parts.prefix(TicketVocabulary.maxParts - 2) {
            var extra: [String: JSONValue] = [:]
            if record.partType == "assignment" {
                extra["assigned_to"] =
                    record.assignedToAdminID.map { JSONValue.object(["type": "admin", "id": .string($0)]) } ?? .null
            }
            parts.append(
                newTicketPart(
                    record.partType,
                    author: author(record.author),
                    body: record.body,
                    at: record.createdAt,
                    attachmentURLs: record.attachmentURLs,
                    extra: extra
                )
            )
        }
        let state = initialTicketState(forType: typeID)
        let stateCategory = state?["category"]?.stringValue ?? "submitted"
        let bot = ticketBotAuthor()
        parts.append(ticketStateChangePart(stateCategory, previous: stateCategory, author: bot, at: timestamp))
        var ticket: [String: JSONValue] = ["id": .string(data.numericID()), "ticket_id": .string(nextTicketNumber())]
        ticket["ticket_type_id"] = .string(typeID)
        ticket["ticket_state_id"] = state?["id"] ?? .null
        ticket["ticket_attributes"] = .object(values)
        ticket["contact_ids"] = .array(conversation.contactIDs.map(JSONValue.string))
        ticket["admin_assignee_id"] = .string(conversation.adminAssigneeID.map(String.init) ?? "0")
        ticket["team_assignee_id"] = .string(conversation.teamAssigneeID.map(String.init) ?? "0")
        ticket["created_at"] = .time(conversation.createdAt)
        ticket["updated_at"] = .time(timestamp)
        ticket["open"] = .bool(conversation.state != "closed")
        ticket["snoozed_until"] = conversation.snoozedUntil.map { JSONValue.time($0) } ?? .null
        ticket["is_shared"] = true
        ticket["company_id"] = .null
        ticket["tags"] = .array(
            conversation.tagIDs.map { id in
                JSONValue.object([
                    "id": .string(id), "applied_at": .time(timestamp), "applied_by": .string(SampleWorkspace.ownerID),
                ])
            }
        )
        ticket["linked_objects"] = []
        ticket["ticket_parts"] = .array(parts)
        ticket["conversation_id"] = .string(conversationID)
        try data.insertDocument(.ticket, ticket)
        emit(topic: "ticket.created", document: data.ticketWire(ticket))
        return ticket
    }

    // MARK: Jobs

    /// How long an enqueued ticket creation waits on the sandbox clock before it runs.
    static let ticketJobDelay: Int64 = 1

    /// Records a ticket creation to run later; the request must have passed ``checkTicket(_:)``.
    func enqueueTicketJob(_ request: [String: JSONValue]) throws -> [String: JSONValue] {
        let timestamp = now
        let job: [String: JSONValue] = [
            "id": .string(data.numericID()), "status": "pending", "resource_type": "ticket", "resource_id": .null,
            "created_at": .time(timestamp), "run_at": .time(timestamp + Self.ticketJobDelay),
            "request": .object(request),
        ]
        return try data.insertDocument(.job, job)
    }

    /// Runs every enqueued ticket creation whose time has come; one that no longer passes its checks fails.
    func settleTicketJobs() {
        let current = now
        // Only the ticket creations this file queues: they carry their request until they run.
        let due = data.documents(.job).filter { job in
            job["status"]?.stringValue == "pending" && job["resource_type"]?.stringValue == "ticket"
                && job["request"]?.objectValue != nil && Int64(job["run_at"]?.intValue ?? 0) <= current
        }
        for job in due {
            guard let id = job["id"]?.stringValue else { continue }
            var status: JSONValue = "failed"
            var resource: JSONValue = .null
            if let request = job["request"]?.objectValue, let draft = try? TicketDraft(BodyFields(request)),
                let ticket = try? createTicket(draft)
            {
                status = "success"
                resource = ticket["id"] ?? .null
            }
            let outcome = (status, resource)
            _ = try? data.updateDocument(.job, id) { object in
                object["status"] = outcome.0
                object["resource_id"] = outcome.1
                object.removeValue(forKey: "request")
            }
        }
    }

    // MARK: Ticket types and states

    /// Makes the four standard states when the workspace has none, so new ticket types have states to use.
    func ensureDefaultTicketStates() throws {
        guard data.documents(.ticketState).isEmpty else { return }
        let labels = [
            ("submitted", "Submitted", "Submitted"),
            ("in_progress", "In progress", "In progress"),
            ("waiting_on_customer", "Awaiting customer", "Waiting for your reply"),
            ("resolved", "Resolved", "Resolved"),
        ]
        for (category, internalLabel, externalLabel) in labels {
            try data.insertDocument(
                .ticketState,
                [
                    "id": .string(data.numericID()), "category": .string(category),
                    "internal_label": .string(internalLabel), "external_label": .string(externalLabel),
                    "archived": false,
                    "ticket_type_ids": [], "default_for_new_types": true,
                ]
            )
        }
    }

    /// A new default attribute (`_default_title_` or `_default_description_`) of a new ticket type.
    func defaultTicketAttribute(_ name: String, typeID: String, order: Int, at time: Int64) -> [String: JSONValue] {
        [
            "id": .string(data.numericID()), "name": .string(name), "description": "", "data_type": "string",
            "input_options": ["multiline": .bool(name == TicketVocabulary.defaultDescription)], "order": .int(order),
            "required_to_create": false, "required_to_create_for_contacts": false, "visible_on_create": true,
            "visible_to_contacts": true, "default": true, "ticket_type_id": .string(typeID), "archived": false,
            "created_at": .time(time), "updated_at": .time(time),
        ]
    }

    /// Creates a ticket type with the two default attributes, in the workspace's standard states.
    func createTicketType(
        name: String,
        description: String,
        category: String,
        icon: String,
        isInternal: Bool
    ) throws -> [String: JSONValue] {
        try checkTicketTypeName(name, except: nil)
        try ensureDefaultTicketStates()
        let timestamp = now
        let id = data.numericID()
        let type: [String: JSONValue] = [
            "id": .string(id), "name": .string(name), "description": .string(description), "icon": .string(icon),
            "category": .string(category), "is_internal": .bool(isInternal), "archived": false,
            "created_at": .time(timestamp), "updated_at": .time(timestamp),
        ]
        try data.insertDocument(.ticketType, type)
        let title = defaultTicketAttribute(TicketVocabulary.defaultTitle, typeID: id, order: 0, at: timestamp)
        try data.insertDocument(.ticketTypeAttribute, title)
        let body = defaultTicketAttribute(TicketVocabulary.defaultDescription, typeID: id, order: 1, at: timestamp)
        try data.insertDocument(.ticketTypeAttribute, body)
        for state in data.documents(.ticketState) where state["default_for_new_types"]?.boolValue == true {
            guard let stateID = state["id"]?.stringValue else { continue }
            try data.updateDocument(.ticketState, stateID) { object in
                object["ticket_type_ids"] = .array((object["ticket_type_ids"]?.arrayValue ?? []) + [.string(id)])
            }
        }
        return type
    }

    /// Refuses a ticket type name another type (other than `except`) already has.
    func checkTicketTypeName(_ name: String, except id: String?) throws {
        let taken = data.documents(.ticketType).contains { type in
            type["id"]?.stringValue != id && type["name"]?.stringValue?.lowercased() == name.lowercased()
        }
        if taken {
            throw SandboxError.parameterInvalid("A ticket type named '\(name)' already exists", field: "name")
        }
    }

    /// The `input_options` of an attribute of `dataType`.
    static func ticketAttributeInputOptions(
        dataType: String,
        multiline: Bool?,
        listOptions: [JSONValue],
        allowMultipleValues: Bool?
    ) -> JSONValue {
        switch dataType {
        case "string": return ["multiline": .bool(multiline ?? false)]
        case "list": return ["list_options": .array(listOptions)]
        case "files": return ["allow_multiple_values": .bool(allowMultipleValues ?? false)]
        default: return .null
        }
    }

    /// The list options for `labels`, keeping the ids of labels `existing` already has and archiving the
    /// options whose label is gone.
    static func ticketListOptions(_ labels: [String], existing: [JSONValue]) -> [JSONValue] {
        var options: [JSONValue] = []
        for label in labels {
            let id = existing.first(where: { $0["label"]?.stringValue == label })?["id"]?.stringValue
            options.append(
                ["id": .string(id ?? UUID().uuidString.lowercased()), "label": .string(label), "archived": false]
            )
        }
        var archivedOptions: [JSONValue] = []
        for option in existing {
            guard let label = option["label"]?.stringValue, !labels.contains(label),
                case .object(var archived) = option
            else { continue }
            archived["archived"] = true
            archivedOptions.append(.object(archived))
        }
        // Archived options are kept for tickets that still hold them, the most recent `maxListItems` of them.
        return options + archivedOptions.suffix(TicketAttributeInput.maxListItems)
    }

    /// Adds an attribute to a ticket type, after its existing ones; names are unique within a type.
    func createTicketTypeAttribute(typeID: String, _ input: TicketAttributeInput) throws -> [String: JSONValue] {
        _ = try data.document(.ticketType, typeID)
        let name = input.name ?? ""
        let dataType = input.dataType ?? "string"
        let existing = data.ticketTypeAttributes(ofType: typeID)
        if existing.contains(where: { $0["name"]?.stringValue?.lowercased() == name.lowercased() }) {
            throw SandboxError.parameterInvalid(
                "This ticket type already has an attribute named '\(name)'",
                field: "name"
            )
        }
        let timestamp = now
        let options = Self.ticketListOptions(input.listItems ?? [], existing: [])
        let attribute: [String: JSONValue] = [
            "id": .string(data.numericID()), "name": .string(name), "description": .string(input.description ?? ""),
            "data_type": .string(dataType),
            "input_options": Self.ticketAttributeInputOptions(
                dataType: dataType,
                multiline: input.multiline,
                listOptions: options,
                allowMultipleValues: input.allowMultipleValues
            ),
            "order": .int(existing.count), "required_to_create": .bool(input.requiredToCreate ?? false),
            "required_to_create_for_contacts": .bool(input.requiredToCreateForContacts ?? false),
            "visible_on_create": .bool(input.visibleOnCreate ?? true),
            "visible_to_contacts": .bool(input.visibleToContacts ?? true), "default": false,
            "ticket_type_id": .string(typeID), "archived": false, "created_at": .time(timestamp),
            "updated_at": .time(timestamp),
        ]
        try data.insertDocument(.ticketTypeAttribute, attribute)
        try data.updateDocument(.ticketType, typeID) { object in object["updated_at"] = .time(timestamp) }
        return attribute
    }

    /// Changes an attribute of a ticket type. Default attributes keep their name and cannot be archived;
    /// list items only apply to list attributes.
    func updateTicketTypeAttribute(
        typeID: String,
        attributeID: String,
        _ input: TicketAttributeInput
    ) throws -> [String: JSONValue] {
        _ = try data.document(.ticketType, typeID)
        var attribute = try data.document(.ticketTypeAttribute, attributeID)
        guard attribute["ticket_type_id"]?.stringValue == typeID else {
            throw DocumentKind.ticketTypeAttribute.notFound(attributeID)
        }
        let isDefault = attribute["default"]?.boolValue == true
        let dataType = attribute["data_type"]?.stringValue ?? "string"
        let oldName = attribute["name"]?.stringValue ?? ""
        if let name = input.name, name != oldName {
            guard !isDefault else {
                throw SandboxError.parameterInvalid("Default attributes cannot be renamed", field: "name")
            }
            let taken = data.ticketTypeAttributes(ofType: typeID).contains { other in
                other["id"]?.stringValue != attributeID && other["name"]?.stringValue?.lowercased() == name.lowercased()
            }
            if taken {
                throw SandboxError.parameterInvalid(
                    "This ticket type already has an attribute named '\(name)'",
                    field: "name"
                )
            }
            attribute["name"] = .string(name)
        }
        if input.archived == true, isDefault {
            throw SandboxError.parameterInvalid("Default attributes cannot be archived", field: "archived")
        }
        if input.listItems != nil, dataType != "list" {
            throw SandboxError.parameterInvalid("list_items only applies to list attributes", field: "list_items")
        }
        if let description = input.description { attribute["description"] = .string(description) }
        let flags: [(String, Bool?)] = [
            ("required_to_create", input.requiredToCreate),
            ("required_to_create_for_contacts", input.requiredToCreateForContacts),
            ("visible_on_create", input.visibleOnCreate), ("visible_to_contacts", input.visibleToContacts),
            ("archived", input.archived),
        ]
        for (key, value) in flags {
            if let value { attribute[key] = .bool(value) }
        }
        var options = attribute["input_options"]?.objectValue ?? [:]
        if dataType == "string", let multiline = input.multiline { options["multiline"] = .bool(multiline) }
        if dataType == "files", let multiple = input.allowMultipleValues {
            options["allow_multiple_values"] = .bool(multiple)
        }
        if let labels = input.listItems {
            let existing = options["list_options"]?.arrayValue ?? []
            options["list_options"] = .array(Self.ticketListOptions(labels, existing: existing))
        }
        if !options.isEmpty { attribute["input_options"] = .object(options) }
        let timestamp = now
        attribute["updated_at"] = .time(timestamp)
        let updated = attribute
        try data.updateDocument(.ticketTypeAttribute, attributeID) { object in object = updated }
        if let newName = updated["name"]?.stringValue, newName != oldName {
            // Tickets keep their values under the attribute's new name.
            for ticket in data.documents(.ticket) where ticket["ticket_type_id"]?.stringValue == typeID {
                guard let ticketID = ticket["id"]?.stringValue,
                    let value = ticket["ticket_attributes"]?[oldName]
                else { continue }
                try data.updateDocument(.ticket, ticketID) { object in
                    var values = object["ticket_attributes"]?.objectValue ?? [:]
                    values.removeValue(forKey: oldName)
                    values[newName] = value
                    object["ticket_attributes"] = .object(values)
                }
            }
        }
        try data.updateDocument(.ticketType, typeID) { object in object["updated_at"] = .time(timestamp) }
        return updated
    }
}

// MARK: - Sample data

extension SampleWorkspace {
    /// Ticket states, two ticket types with their attributes, three tickets on sample contacts, and the
    /// finished job that created the third.
    static func seedTickets(into data: inout WorkspaceData, now: Int64) {
        let day: Int64 = 86_400
        let created = now - 60 * day
        let bugType = "4101"
        let billingType = "4102"
        func insert(_ kind: DocumentKind, _ object: [String: JSONValue]) {
            _ = try? data.insertDocument(kind, object)
        }

        // States: the standard four for every type, and one more only bug reports use.
        let states: [(String, String, String, String, [String])] = [
            ("6301", "submitted", "Submitted", "Submitted", [bugType, billingType]),
            ("6302", "in_progress", "In progress", "In progress", [bugType, billingType]),
            ("6303", "waiting_on_customer", "Awaiting customer", "Waiting for your reply", [bugType, billingType]),
            ("6304", "resolved", "Resolved", "Resolved", [bugType, billingType]),
            ("6305", "in_progress", "With engineering", "Being investigated", [bugType]),
        ]
        for (id, category, internalLabel, externalLabel, types) in states {
            insert(
                .ticketState,
                [
                    "id": .string(id), "category": .string(category), "internal_label": .string(internalLabel),
                    "external_label": .string(externalLabel), "archived": false,
                    "ticket_type_ids": .array(types.map(JSONValue.string)),
                    "default_for_new_types": .bool(id != "6305"),
                ]
            )
        }

        // Types.
        insert(
            .ticketType,
            [
                "id": .string(bugType), "name": "Bug report", "description": "Something in the product misbehaves",
                "icon": "🐞", "category": "Customer", "is_internal": false, "archived": false,
                "created_at": .time(created), "updated_at": .time(created),
            ]
        )
        insert(
            .ticketType,
            [
                "id": .string(billingType), "name": "Billing follow-up",
                "description": "Internal work on an invoice or a refund", "icon": "💳", "category": "Back-office",
                "is_internal": false, "archived": false, "created_at": .time(created), "updated_at": .time(created),
            ]
        )

        // Attributes. The first three of each type carry input options.
        func attribute(
            _ id: String,
            _ typeID: String,
            _ name: String,
            _ dataType: String,
            order: Int,
            options: JSONValue = .null,
            required: Bool = false,
            description: String = ""
        ) -> [String: JSONValue] {
            [
                "id": .string(id), "name": .string(name), "description": .string(description),
                "data_type": .string(dataType), "input_options": options, "order": .int(order),
                "required_to_create": .bool(required), "required_to_create_for_contacts": false,
                "visible_on_create": true, "visible_to_contacts": .bool(typeID == bugType),
                "default": .bool(name.hasPrefix("_default_")), "ticket_type_id": .string(typeID), "archived": false,
                "created_at": .time(created), "updated_at": .time(created),
            ]
        }
        func list(_ labels: [(String, String)]) -> JSONValue {
            let options = labels.map { option in
                JSONValue.object(["id": .string(option.0), "label": .string(option.1), "archived": false])
            }
            return ["list_options": .array(options)]
        }
        let severityHigh = "3f1c9a52-7d0e-4b8a-9c61-5a2e0d4b7e03"
        let refundDuplicate = "8b2e4f17-1c3a-4e9d-a0b5-6d7f8e9a0c11"
        let attributes = [
            attribute(
                "5201",
                bugType,
                TicketVocabulary.defaultTitle,
                "string",
                order: 0,
                options: ["multiline": false],
                required: true
            ),
            attribute(
                "5202",
                bugType,
                TicketVocabulary.defaultDescription,
                "string",
                order: 1,
                options: ["multiline": true]
            ),
            attribute(
                "5203",
                bugType,
                "Severity",
                "list",
                order: 2,
                options: list([
                    ("3f1c9a52-7d0e-4b8a-9c61-5a2e0d4b7e01", "Low"),
                    ("3f1c9a52-7d0e-4b8a-9c61-5a2e0d4b7e02", "Medium"),
                    (severityHigh, "High"),
                ]),
                description: "How badly the bug gets in the way"
            ),
            attribute(
                "5204",
                bugType,
                "Affected users",
                "integer",
                order: 3,
                description: "Roughly how many people hit it"
            ),
            attribute(
                "5205",
                billingType,
                TicketVocabulary.defaultTitle,
                "string",
                order: 0,
                options: ["multiline": false],
                required: true
            ),
            attribute(
                "5206",
                billingType,
                TicketVocabulary.defaultDescription,
                "string",
                order: 1,
                options: ["multiline": true]
            ),
            attribute(
                "5207",
                billingType,
                "Reason",
                "list",
                order: 2,
                options: list([
                    (refundDuplicate, "Duplicate charge"),
                    ("8b2e4f17-1c3a-4e9d-a0b5-6d7f8e9a0c12", "Plan downgrade"),
                ])
            ),
            attribute("5208", billingType, "Refund amount", "decimal", order: 3, description: "In US dollars"),
            attribute("5209", billingType, "Customer notified", "boolean", order: 4),
            attribute("5210", billingType, "Due date", "datetime", order: 5),
        ]
        for object in attributes { insert(.ticketTypeAttribute, object) }

        // Tickets, with histories whose first parts are state changes.
        let bot: JSONValue = [
            "id": .string(TicketVocabulary.botID), "type": "bot", "name": "Fin",
            "email": .string("operator+\(data.appID)@intercom.io"),
        ]
        let ada: JSONValue = [
            "id": .string(ownerID), "type": "admin", "name": "Ada Lovelace", "email": "ada@sandbox.example",
        ]
        let grace: JSONValue = [
            "id": "991267461", "type": "admin", "name": "Grace Hopper", "email": "grace@sandbox.example",
        ]
        func part(
            _ id: String,
            _ partType: String,
            _ author: JSONValue,
            at time: Int64,
            body: String? = nil,
            states: (String, String)? = nil
        ) -> JSONValue {
            var object: [String: JSONValue] = [
                "type": "ticket_part", "id": .string(id), "part_type": .string(partType),
                "body": body.map(JSONValue.string) ?? .null, "created_at": .time(time), "updated_at": .time(time),
                "author": author, "attachments": [], "redacted": false,
                "app_package_code": .string(TicketVocabulary.appPackageCode),
            ]
            if let states {
                object["ticket_state"] = .string(states.1)
                object["previous_ticket_state"] = .string(states.0)
            }
            return .object(object)
        }
        func ticket(
            _ id: String,
            number: String,
            typeID: String,
            stateID: String,
            contactID: String,
            values: [String: JSONValue],
            age: Int64,
            admin: String = "0",
            team: String = "0",
            open: Bool = true,
            shared: Bool,
            tags: [JSONValue] = [],
            parts: [JSONValue]
        ) -> [String: JSONValue] {
            [
                "id": .string(id), "ticket_id": .string(number), "ticket_type_id": .string(typeID),
                "ticket_state_id": .string(stateID), "ticket_attributes": .object(values),
                "contact_ids": [.string(contactID)], "admin_assignee_id": .string(admin),
                "team_assignee_id": .string(team), "created_at": .time(now - age * day),
                "updated_at": .time(now - age * day + 7_200), "open": .bool(open), "snoozed_until": .null,
                "is_shared": .bool(shared), "company_id": .null, "tags": .array(tags), "linked_objects": [],
                "ticket_parts": .array(parts),
            ]
        }
        let first = now - 4 * day
        insert(
            .ticket,
            ticket(
                "7801",
                number: "1",
                typeID: bugType,
                stateID: "6302",
                contactID: "6560c0a15f4d1a0001ab0001",
                values: [
                    TicketVocabulary.defaultTitle: "CSV export times out",
                    TicketVocabulary.defaultDescription: "Exports with more than ten thousand rows never finish.",
                    "Severity": .string(severityHigh), "Affected users": 12,
                ],
                age: 4,
                admin: ownerID,
                team: "814865",
                shared: true,
                tags: [["id": "7001", "applied_at": .time(first), "applied_by": .string(ownerID)]],
                parts: [
                    // Submitted, escalated to engineering, then back with support.
                    part("7901", "ticket_state_updated_by_admin", bot, at: first, states: ("submitted", "submitted")),
                    part(
                        "7902",
                        "ticket_state_updated_by_admin",
                        ada,
                        at: first + 3_600,
                        states: ("submitted", "in_progress")
                    ),
                    part(
                        "7909",
                        "ticket_state_updated_by_admin",
                        ada,
                        at: first + 7_200,
                        states: ("in_progress", "in_progress")
                    ),
                ]
            )
        )
        let second = now - 2 * day
        insert(
            .ticket,
            ticket(
                "7802",
                number: "2",
                typeID: bugType,
                stateID: "6301",
                contactID: "6560c0a15f4d1a0001ab0003",
                values: [
                    TicketVocabulary.defaultTitle: "Chart colours unreadable in dark mode",
                    TicketVocabulary.defaultDescription: "Legend text is dark grey on black.",
                ],
                age: 2,
                shared: true,
                parts: [
                    part("7903", "ticket_state_updated_by_admin", bot, at: second, states: ("submitted", "submitted"))
                ]
            )
        )
        let third = now - 9 * day
        insert(
            .ticket,
            ticket(
                "7803",
                number: "3",
                typeID: billingType,
                stateID: "6304",
                contactID: "6560c0a15f4d1a0001ab0002",
                values: [
                    TicketVocabulary.defaultTitle: "Refund a duplicate charge",
                    TicketVocabulary.defaultDescription: "The March invoice was paid twice.",
                    "Reason": .string(refundDuplicate), "Refund amount": 49.0, "Customer notified": true,
                ],
                age: 9,
                admin: "991267461",
                open: false,
                shared: false,
                parts: [
                    part("7904", "ticket_state_updated_by_admin", bot, at: third, states: ("submitted", "submitted")),
                    part(
                        "7905",
                        "ticket_state_updated_by_admin",
                        grace,
                        at: third + 600,
                        states: ("submitted", "in_progress")
                    ),
                    part(
                        "7906",
                        "ticket_state_updated_by_admin",
                        grace,
                        at: third + 3_000,
                        states: ("in_progress", "resolved")
                    ),
                    part("7907", "note", grace, at: third + 3_100, body: "Refund issued through the billing portal."),
                    part("7908", "close", grace, at: third + 3_200),
                ]
            )
        )

        // The enqueued creation that made the third ticket, long finished.
        insert(
            .job,
            [
                "id": "8801", "status": "success", "resource_type": "ticket", "resource_id": "7803",
                "created_at": .time(third - 1), "run_at": .time(third),
            ]
        )
    }
}
