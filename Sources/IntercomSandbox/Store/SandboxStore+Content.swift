import Foundation
import Intercom

// News items and newsfeeds, visitors, custom object instances and Fin's content library (content import
// sources and external pages), kept as documents in the shapes Intercom answers with.

// MARK: - Request fields

/// Checks shared by the content routes for values nested in request bodies.
enum ContentFieldRules {
    /// A string member of a nested object (`user.email`), with errors naming the whole path; an empty
    /// string reads as absent.
    static func nestedString(_ fields: BodyFields, _ key: String, in parent: String) throws -> String? {
        guard let value = fields[key] else { return nil }
        if let number = value.intValue, key == "id" { return String(number) }
        guard let text = value.stringValue else { throw BodyFields.wrongType("\(parent).\(key)", "a string") }
        return text.isEmpty ? nil : text
    }

    /// Free-form custom attributes: strings, numbers, booleans, or `null` to remove one.
    static func customAttributes(
        _ body: BodyFields,
        key: String = "custom_attributes"
    ) throws -> [String: JSONValue]? {
        guard let attributes = try body.object(key) else { return nil }
        for (name, value) in attributes where !isScalar(value) {
            throw SandboxError.parameterInvalid(
                "\(key).\(name) must be a string, number, boolean or null",
                field: "\(key).\(name)"
            )
        }
        return attributes
    }

    /// Whether a value is a string, number, boolean or `null`.
    static func isScalar(_ value: JSONValue) -> Bool {
        switch value {
        case .array, .object: return false
        default: return true
        }
    }

    /// `current` with `changes` applied: a `null` removes the attribute, anything else sets it.
    static func merging(_ current: [String: JSONValue], _ changes: [String: JSONValue]) -> [String: JSONValue] {
        var result = current
        for (name, value) in changes {
            // `JSONValue` is nil-literal-expressible, so spell the removal out rather than assign `nil`.
            if value.isNull {
                result.removeValue(forKey: name)
            } else {
                result[name] = value
            }
        }
        return result
    }

    /// An absolute `http` or `https` URL with a host.
    static func webURL(_ text: String, field: String) throws -> String {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host?.isEmpty == false
        else {
            throw SandboxError.parameterInvalid("\(field) must be an http or https URL", field: field)
        }
        return text
    }
}

// MARK: - News

/// A news item as a create or update request describes it.
struct NewsItemInput: Sendable {
    /// A newsfeed the item is to appear in, and when it was published there.
    struct Assignment: Sendable {
        var newsfeedID: String
        var publishedAt: Int?
    }

    var title: String
    var body: String?
    var senderID: Int
    var state: String?
    var deliverSilently: Bool?
    var labels: [String]?
    var reactions: [JSONValue]?
    var assignments: [Assignment]?

    /// The states a news item can be in.
    static let states = ["draft", "live"]

    /// The reactions of an item created without any: four empty slots, as Intercom answers.
    static let defaultReactions: [JSONValue] = [.null, .null, .null, .null]

    /// Reads and checks a create or update body; `title` and `sender_id` are required by both.
    init(_ body: BodyFields) throws {
        title = try body.requireString("title")
        let sender = try body.requireID("sender_id")
        guard let senderID = Int(sender), senderID > 0 else {
            throw SandboxError.parameterInvalid("sender_id must be the numeric id of a teammate", field: "sender_id")
        }
        self.senderID = senderID
        self.body = try body.string("body")
        state = try body.oneOf("state", Self.states)
        deliverSilently = try body.bool("deliver_silently")
        labels = try body.strings("labels")
        reactions = try body.array("reactions").map { items in
            try items.map { item in
                guard item.isNull || item.stringValue != nil else {
                    throw BodyFields.wrongType("reactions", "an array of emoji strings")
                }
                return item
            }
        }
        assignments = try body.array("newsfeed_assignments").map { items in
            try items.map { item in
                guard let object = item.objectValue else {
                    throw BodyFields.wrongType("newsfeed_assignments", "an array of objects")
                }
                let fields = BodyFields(object)
                guard let feed = try fields.id("newsfeed_id") else {
                    throw BodyFields.missing("newsfeed_assignments.newsfeed_id")
                }
                return Assignment(newsfeedID: feed, publishedAt: try fields.timestamp("published_at"))
            }
        }
    }
}

extension SandboxStore {
    /// Throws `404 admin_not_found` unless `senderID` is a teammate of the workspace.
    func checkNewsSender(_ senderID: Int) throws {
        let id = String(senderID)
        guard data.admins.contains(where: { $0.id == id }) else {
            throw SandboxError.notFound("Admin Not Found", code: .adminNotFound)
        }
    }

    /// The newsfeed assignments a write stores: each newsfeed must exist and appear once; a live item is
    /// published when the request says (never in the future) or now, a draft's dates are placeholders.
    func newsfeedAssignments(_ inputs: [NewsItemInput.Assignment], live: Bool, at time: Int64) throws -> [JSONValue] {
        var seen: Set<String> = []
        var result: [JSONValue] = []
        for input in inputs {
            guard data.hasDocument(.newsfeed, input.newsfeedID), let feedNumber = Int(input.newsfeedID) else {
                throw DocumentKind.newsfeed.notFound(input.newsfeedID)
            }
            guard seen.insert(input.newsfeedID).inserted else { continue }
            var published = JSONValue.time(time)
            if live, let requested = input.publishedAt {
                guard let seconds = Int64(exactly: requested), seconds <= time else {
                    throw SandboxError.parameterInvalid(
                        "published_at cannot be in the future",
                        field: "newsfeed_assignments.published_at"
                    )
                }
                published = .int(requested)
            }
            result.append(["newsfeed_id": .int(feedNumber), "published_at": published])
        }
        return result
    }

    /// Label names as Intercom keeps them: each once, in alphabetical order.
    static func newsLabels(_ labels: [String]) -> JSONValue {
        .array(Set(labels).sorted().map(JSONValue.string))
    }

    /// Stores a new news item; it starts as a draft unless the request sets it live.
    func createNewsItem(_ input: NewsItemInput) throws -> [String: JSONValue] {
        try checkNewsSender(input.senderID)
        let timestamp = now
        let state = input.state ?? "draft"
        let assignments = try newsfeedAssignments(input.assignments ?? [], live: state == "live", at: timestamp)
        let item: [String: JSONValue] = [
            "type": "news-item",
            "id": data.numericIDValue(),
            "workspace_id": .string(data.appID),
            "title": .string(input.title),
            "body": .string(input.body ?? ""),
            "sender_id": .int(input.senderID),
            "state": .string(state),
            "labels": Self.newsLabels(input.labels ?? []),
            "cover_image_url": .null,
            "reactions": .array(input.reactions ?? NewsItemInput.defaultReactions),
            "deliver_silently": .bool(input.deliverSilently ?? false),
            "created_at": .time(timestamp),
            "updated_at": .time(timestamp),
            "newsfeed_assignments": .array(assignments),
        ]
        return try data.insertDocument(.newsItem, item)
    }

    /// Changes a news item: the members the request sends are replaced; an item going live without new
    /// assignments is published in its newsfeeds now.
    func updateNewsItem(_ id: String, _ input: NewsItemInput) throws -> [String: JSONValue] {
        let existing = try data.document(.newsItem, id)
        try checkNewsSender(input.senderID)
        let timestamp = now
        let wasLive = existing["state"]?.stringValue == "live"
        let state = input.state ?? existing["state"]?.stringValue ?? "draft"
        let live = state == "live"
        var assignments = existing["newsfeed_assignments"]?.arrayValue ?? []
        if let inputs = input.assignments {
            assignments = try newsfeedAssignments(inputs, live: live, at: timestamp)
        } else if live, !wasLive {
            assignments = assignments.map { assignment in
                guard var object = assignment.objectValue else { return assignment }
                object["published_at"] = .time(timestamp)
                return .object(object)
            }
        }
        let changed = assignments
        return try data.updateDocument(.newsItem, id) { item in
            item["title"] = .string(input.title)
            item["sender_id"] = .int(input.senderID)
            item["state"] = .string(state)
            item["newsfeed_assignments"] = .array(changed)
            if let body = input.body { item["body"] = .string(body) }
            if let silent = input.deliverSilently { item["deliver_silently"] = .bool(silent) }
            if let labels = input.labels { item["labels"] = Self.newsLabels(labels) }
            if let reactions = input.reactions { item["reactions"] = .array(reactions) }
            item["updated_at"] = .time(timestamp)
        }
    }

    /// The live news items published in a newsfeed, most recently published first.
    ///
    /// - Throws: the newsfeed's not-found error.
    func liveNewsItems(inNewsfeed feedID: String) throws -> [[String: JSONValue]] {
        _ = try data.document(.newsfeed, feedID)
        func publication(_ item: [String: JSONValue]) -> Int? {
            let assignments = item["newsfeed_assignments"]?.arrayValue ?? []
            let match = assignments.first { $0["newsfeed_id"]?.intValue.map(String.init) == feedID }
            return match.map { $0["published_at"]?.intValue ?? 0 }
        }
        let live = data.documents(.newsItem).enumerated().compactMap { entry -> (Int, Int, [String: JSONValue])? in
            guard entry.element["state"]?.stringValue == "live", let published = publication(entry.element) else {
                return nil
            }
            return (published, entry.offset, entry.element)
        }
        return live.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 > $1.1 }.map { $0.2 }
    }
}

// MARK: - Visitors

/// Which visitor a request names: by Intercom's id, by the anonymous `user_id`, or by email.
struct VisitorReference: Sendable {
    var id: String?
    var userID: String?
    var email: String?

    var isEmpty: Bool { id == nil && userID == nil && email == nil }
}

/// What `POST /visitors/convert` turns a visitor into: an existing contact named by id, external id or
/// email, or else a new contact with those identifiers.
struct VisitorConversion: Sendable {
    var role: String
    var contactID: String?
    var externalID: String?
    var email: String?
}

extension SandboxStore {
    /// The visitor a reference names; Intercom's id wins over `user_id`, which wins over email.
    ///
    /// - Throws: `404` "Visitor Not Found".
    func visitor(_ reference: VisitorReference) throws -> [String: JSONValue] {
        if let id = reference.id {
            return try data.document(.visitor, id)
        }
        let visitors = data.documents(.visitor)
        if let userID = reference.userID {
            guard let found = visitors.first(where: { $0["user_id"]?.stringValue == userID }) else {
                throw DocumentKind.visitor.notFound(userID)
            }
            return found
        }
        if let email = reference.email?.lowercased() {
            guard let found = visitors.first(where: { $0["email"]?.stringValue?.lowercased() == email }) else {
                throw DocumentKind.visitor.notFound(email)
            }
            return found
        }
        throw DocumentKind.visitor.notFound("")
    }

    /// Renames a visitor (`name` is `.null` to clear it) and merges custom attributes into its own.
    func updateVisitor(
        _ reference: VisitorReference,
        name: JSONValue?,
        customAttributes: [String: JSONValue]?
    ) throws -> [String: JSONValue] {
        let visitor = try self.visitor(reference)
        guard let id = visitor["id"]?.stringValue else { throw DocumentKind.visitor.notFound("") }
        let timestamp = now
        return try data.updateDocument(.visitor, id) { object in
            if let name { object["name"] = name }
            if let customAttributes {
                let current = object["custom_attributes"]?.objectValue ?? [:]
                let merged = ContentFieldRules.merging(current, customAttributes)
                guard merged.count <= WorkspaceAdminController.maxCustomAttributes else {
                    throw SandboxError.limitExceeded(
                        "A visitor keeps at most \(WorkspaceAdminController.maxCustomAttributes) custom attributes",
                        field: "custom_attributes"
                    )
                }
                object["custom_attributes"] = .object(merged)
            }
            object["updated_at"] = .time(timestamp)
        }
    }

    /// Converts a visitor: merged into the contact the request names when one exists, otherwise made a
    /// new contact of the requested role with the visitor's name, phone and custom attributes. The visitor
    /// is then gone.
    ///
    /// - Throws: `404` for an unknown visitor or contact id; what contact creation throws (`409`, `400`).
    func convertVisitor(_ reference: VisitorReference, _ conversion: VisitorConversion) throws -> ContactRecord {
        let visitor = try self.visitor(reference)
        guard let visitorID = visitor["id"]?.stringValue else { throw DocumentKind.visitor.notFound("") }
        let contact: ContactRecord
        if let existing = try existingContact(for: conversion) {
            contact = mergeVisitor(visitor, into: existing, role: conversion.role)
        } else {
            let visitorEmail = visitor["email"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            let attributes = (visitor["custom_attributes"]?.objectValue ?? [:]).filter { !$0.value.isNull }
            contact = try createContact(
                ContactInput(
                    role: conversion.role,
                    externalID: conversion.externalID,
                    email: conversion.email ?? visitorEmail,
                    phone: visitor["phone"]?.stringValue,
                    name: visitor["name"]?.stringValue,
                    signedUpAt: conversion.role == "user" ? now : nil,
                    customAttributes: attributes
                )
            )
        }
        try data.removeDocument(.visitor, visitorID)
        if conversion.role == "user" {
            emit(topic: "visitor.signed_up", document: visitor)
        }
        return contact
    }

    /// The contact a conversion names, if it exists; an unknown Intercom contact id is a `404`.
    private func existingContact(for conversion: VisitorConversion) throws -> ContactRecord? {
        if let id = conversion.contactID {
            return try contact(id)
        }
        if let externalID = conversion.externalID, let id = data.contacts.id(externalID: externalID) {
            return data.contacts[id]
        }
        if let email = conversion.email {
            return contacts(email: email).first
        }
        return nil
    }

    /// Folds a visitor into an existing contact: the contact keeps its own values and gains the visitor's
    /// name, phone and custom attributes where it has none; a lead converted as a user signs up.
    private func mergeVisitor(
        _ visitor: [String: JSONValue],
        into existing: ContactRecord,
        role: String
    ) -> ContactRecord {
        var contact = existing
        let timestamp = now
        if contact.name == nil { contact.name = visitor["name"]?.stringValue }
        if contact.phone == nil { contact.phone = visitor["phone"]?.stringValue }
        for (key, value) in visitor["custom_attributes"]?.objectValue ?? [:]
        where contact.customAttributes[key] == nil && !value.isNull {
            contact.customAttributes[key] = value
        }
        let signsUp = role == "user" && contact.role == "lead"
        if signsUp {
            contact.role = "user"
            if contact.signedUpAt == nil { contact.signedUpAt = timestamp }
        }
        contact.updatedAt = timestamp
        data.contacts[contact.id] = contact
        emit(topic: signsUp ? "contact.lead.signed_up" : "contact.\(contact.role).updated", item: .contact(contact.id))
        return contact
    }
}

// MARK: - Custom object instances

/// A custom object type the workspace defines, and the attributes its instances may carry.
struct CustomObjectType: Sendable {
    /// The JSON values an attribute takes.
    enum AttributeKind: String, Sendable {
        case string
        case decimal
        case integer
        case boolean
        case date

        /// Whether `value` fits the attribute.
        func accepts(_ value: JSONValue) -> Bool {
            switch self {
            case .string: return value.stringValue != nil
            case .decimal: return value.doubleValue != nil
            case .integer: return value.intValue != nil
            case .boolean: return value.boolValue != nil
            case .date: return value.intValue.map { (0...253_402_300_799).contains($0) } ?? false
            }
        }

        /// How an error names what the attribute needs.
        var expectation: String {
            switch self {
            case .string: return "a string"
            case .decimal: return "a number"
            case .integer: return "a whole number"
            case .boolean: return "true or false"
            case .date: return "a Unix timestamp in seconds"
            }
        }
    }

    var identifier: String
    var attributes: [String: AttributeKind]

    /// The custom object types every sandbox workspace has.
    static let workspaceTypes: [CustomObjectType] = [
        CustomObjectType(
            identifier: "Order",
            attributes: [
                "order_number": .string, "total_amount": .decimal, "currency": .string, "status": .string,
                "item_count": .integer, "gift_wrapped": .boolean, "placed_at": .date,
            ]
        )
    ]

    /// The type with this identifier.
    ///
    /// - Throws: `404` naming the identifier, as Intercom answers an unknown type.
    static func named(_ identifier: String) throws -> CustomObjectType {
        guard let type = workspaceTypes.first(where: { $0.identifier == identifier }) else {
            throw SandboxError.notFound("Custom object type `\(identifier)` not found")
        }
        return type
    }

    /// The error for an instance that does not exist.
    static func instanceNotFound() -> SandboxError {
        SandboxError.notFound("Custom object instance not found")
    }

    /// Checks the custom attributes of a request against this type's attributes; `null` removes one.
    func checkedAttributes(_ body: BodyFields) throws -> [String: JSONValue]? {
        guard let attributes = try body.object("custom_attributes") else { return nil }
        for (name, value) in attributes where !value.isNull {
            guard let kind = self.attributes[name] else {
                throw SandboxError.parameterInvalid(
                    "\(name) is not an attribute of the \(identifier) custom object type",
                    field: "custom_attributes.\(name)"
                )
            }
            guard kind.accepts(value) else {
                throw BodyFields.wrongType("custom_attributes.\(name)", kind.expectation)
            }
        }
        return attributes
    }
}

/// A custom object instance as a create-or-update request describes it; the two external times are
/// `.null` when the request clears them and `nil` when it leaves them alone.
struct CustomObjectInstanceInput: Sendable {
    var externalID: String
    var externalCreatedAt: JSONValue?
    var externalUpdatedAt: JSONValue?
    var customAttributes: [String: JSONValue]?

    /// Reads a body, checking its custom attributes against `type`.
    init(_ body: BodyFields, type: CustomObjectType) throws {
        externalID = try body.requireString("external_id")
        externalCreatedAt = try Self.time(body, "external_created_at")
        externalUpdatedAt = try Self.time(body, "external_updated_at")
        customAttributes = try type.checkedAttributes(body)
    }

    /// A timestamp member: its value, `.null` when sent as `null`, `nil` when absent.
    private static func time(_ body: BodyFields, _ key: String) throws -> JSONValue? {
        if let seconds = try body.timestamp(key) { return .int(seconds) }
        if body.has(key) { return .null }
        return nil
    }
}

extension SandboxStore {
    /// The instance of `type` with Intercom's id `id`, if any.
    func customObjectInstance(type: String, id: String) -> [String: JSONValue]? {
        guard let instance = try? data.document(.customObjectInstance, id),
            instance["type"]?.stringValue == type
        else { return nil }
        return instance
    }

    /// The instance of `type` with the caller's `externalID`, if any.
    func customObjectInstance(type: String, externalID: String) -> [String: JSONValue]? {
        data.documents(.customObjectInstance).first { instance in
            instance["type"]?.stringValue == type && instance["external_id"]?.stringValue == externalID
        }
    }

    /// Creates the instance of `type` with the request's external id, or updates the one that has it.
    func upsertCustomObjectInstance(type: String, _ input: CustomObjectInstanceInput) throws -> [String: JSONValue] {
        let timestamp = now
        if let existing = customObjectInstance(type: type, externalID: input.externalID),
            let id = existing["id"]?.stringValue
        {
            return try data.updateDocument(.customObjectInstance, id) { instance in
                if let value = input.externalCreatedAt { instance["external_created_at"] = value }
                if let value = input.externalUpdatedAt { instance["external_updated_at"] = value }
                if let changes = input.customAttributes {
                    let current = instance["custom_attributes"]?.objectValue ?? [:]
                    instance["custom_attributes"] = .object(ContentFieldRules.merging(current, changes))
                }
                instance["updated_at"] = .time(timestamp)
            }
        }
        let instance: [String: JSONValue] = [
            "id": data.numericIDValue(),
            "type": .string(type),
            "custom_attributes": .object(ContentFieldRules.merging([:], input.customAttributes ?? [:])),
            "external_id": .string(input.externalID),
            "external_created_at": input.externalCreatedAt ?? .null,
            "external_updated_at": input.externalUpdatedAt ?? .null,
            "created_at": .time(timestamp),
            "updated_at": .time(timestamp),
        ]
        return try data.insertDocument(.customObjectInstance, instance)
    }

    /// Removes an instance of `type`, found by Intercom's id or by the caller's external id, and returns
    /// Intercom's id of what went.
    ///
    /// - Throws: `404` "Custom object instance not found".
    func removeCustomObjectInstance(type: String, id: String? = nil, externalID: String? = nil) throws -> String {
        let instance =
            id.flatMap { customObjectInstance(type: type, id: $0) }
            ?? externalID.flatMap { customObjectInstance(type: type, externalID: $0) }
        guard let instance, let instanceID = instance["id"]?.stringValue else {
            throw CustomObjectType.instanceNotFound()
        }
        try data.removeDocument(.customObjectInstance, instanceID)
        return instanceID
    }
}

// MARK: - Fin content: content import sources and external pages

/// The values Fin's content library accepts.
enum FinContent {
    /// The sync behaviours a source is created with through the API.
    static let createSyncBehaviors = ["api"]

    /// The sync behaviours an update may name; `automated` is the update schema's spelling of `automatic`.
    static let updateSyncBehaviors = ["api", "automatic", "automated", "manual"]

    static let statuses = ["active", "deactivated"]

    /// The locales an external page may be written in.
    static let locales = ["en"]

    /// A source as Intercom answers it: its id is a number on the wire.
    static func publicSource(_ stored: [String: JSONValue]) -> [String: JSONValue] {
        var source = stored
        if let id = stored["id"]?.stringValue, let number = Int(id) { source["id"] = .int(number) }
        return source
    }

    /// Whether a stored page belongs to the source with `sourceID`.
    static func page(_ page: [String: JSONValue], isIn sourceID: String) -> Bool {
        page["source_id"]?.intValue.map(String.init) == sourceID
    }
}

/// An external page as a create or update request describes it.
struct ExternalPageInput: Sendable {
    var title: String
    var html: String
    var url: String?
    var locale: String
    var sourceID: String
    var externalID: String?
    var aiAgentAvailability: Bool?
    var aiCopilotAvailability: Bool?
    var finAvailability: Bool?

    /// Reads a body; `creating` holds the create request's rules (external id required, URL optional),
    /// otherwise the update request's (URL required, external id optional).
    init(_ body: BodyFields, creating: Bool) throws {
        title = try body.requireString("title")
        guard let html = try body.string("html") else { throw BodyFields.missing("html") }
        self.html = html
        let url: String?
        if creating {
            url = try body.string("url").flatMap { $0.isEmpty ? nil : $0 }
        } else {
            url = try body.requireString("url")
        }
        if let url { _ = try ContentFieldRules.webURL(url, field: "url") }
        self.url = url
        guard let locale = try body.oneOf("locale", FinContent.locales) else { throw BodyFields.missing("locale") }
        self.locale = locale
        sourceID = try body.requireID("source_id")
        if creating {
            externalID = try body.requireString("external_id")
            aiAgentAvailability = try body.bool("ai_agent_availability")
            aiCopilotAvailability = try body.bool("ai_copilot_availability")
            finAvailability = nil
        } else {
            let externalID = try body.string("external_id")
            if externalID?.isEmpty == true { throw BodyFields.missing("external_id") }
            self.externalID = externalID
            aiAgentAvailability = nil
            aiCopilotAvailability = nil
            finAvailability = try body.bool("fin_availability")
        }
    }
}

extension SandboxStore {
    /// Stores a new content import source, synced as of now.
    func createContentImportSource(url: String, syncBehavior: String, status: String?) throws -> [String: JSONValue] {
        let timestamp = now
        let source: [String: JSONValue] = [
            "id": data.numericIDValue(),
            "type": "content_import_source",
            "last_synced_at": .time(timestamp),
            "status": .string(status ?? "active"),
            "url": .string(url),
            "sync_behavior": .string(syncBehavior),
            "created_at": .time(timestamp),
            "updated_at": .time(timestamp),
        ]
        return try data.insertDocument(.contentImportSource, source)
    }

    /// Changes a source. Its sync behaviour cannot change to or from `api`, and only an `api` source can
    /// move to another URL.
    func updateContentImportSource(
        _ id: String,
        url: String,
        syncBehavior: String,
        status: String?
    ) throws -> [String: JSONValue] {
        let source = try data.document(.contentImportSource, id)
        let current = source["sync_behavior"]?.stringValue ?? "api"
        let wanted = syncBehavior == "automated" ? "automatic" : syncBehavior
        guard (current == "api") == (wanted == "api") else {
            throw SandboxError.parameterInvalid(
                "sync_behavior cannot change from \(current) to \(wanted)",
                field: "sync_behavior"
            )
        }
        guard current == "api" || source["url"]?.stringValue == url else {
            throw SandboxError.parameterInvalid(
                "url can only change for a source whose sync_behavior is api",
                field: "url"
            )
        }
        let timestamp = now
        return try data.updateDocument(.contentImportSource, id) { source in
            source["url"] = .string(url)
            source["sync_behavior"] = .string(wanted)
            if let status { source["status"] = .string(status) }
            source["updated_at"] = .time(timestamp)
        }
    }

    /// Removes a source and every external page imported from it.
    func deleteContentImportSource(_ id: String) throws {
        try data.removeDocument(.contentImportSource, id)
        data.removeDocuments(.externalPage) { FinContent.page($0, isIn: id) }
    }

    /// The source pages are written to through the API, with its id as a number.
    ///
    /// - Throws: `404` for an unknown source; `400` for one that is not synced through the API.
    private func apiSource(_ id: String) throws -> Int {
        let source = try data.document(.contentImportSource, id)
        guard let number = Int(id) else { throw DocumentKind.contentImportSource.notFound(id) }
        guard source["sync_behavior"]?.stringValue == "api" else {
            throw SandboxError.parameterInvalid(
                "External pages can only be written to a content import source whose sync_behavior is api",
                field: "source_id"
            )
        }
        return number
    }

    /// The page of a source with the source's own `externalID`, if any.
    private func externalPage(sourceID: String, externalID: String) -> [String: JSONValue]? {
        data.documents(.externalPage).first { page in
            FinContent.page(page, isIn: sourceID) && page["external_id"]?.stringValue == externalID
        }
    }

    /// Marks a source as synced now, after one of its pages changed.
    private func touchSource(_ id: String, at timestamp: Int64) {
        _ = try? data.updateDocument(.contentImportSource, id) { $0["last_synced_at"] = .time(timestamp) }
    }

    /// Creates an external page, or updates the one its source already has under the same external id.
    func upsertExternalPage(_ input: ExternalPageInput) throws -> [String: JSONValue] {
        let sourceNumber = try apiSource(input.sourceID)
        let externalID = input.externalID ?? ""
        let timestamp = now
        defer { touchSource(input.sourceID, at: timestamp) }
        if let existing = externalPage(sourceID: input.sourceID, externalID: externalID),
            let id = existing["id"]?.stringValue
        {
            return try data.updateDocument(.externalPage, id) { page in
                page["title"] = .string(input.title)
                page["html"] = .string(input.html)
                if let url = input.url { page["url"] = .string(url) }
                page["locale"] = .string(input.locale)
                if let agent = input.aiAgentAvailability {
                    page["ai_agent_availability"] = .bool(agent)
                    page["fin_availability"] = .bool(agent)
                }
                if let copilot = input.aiCopilotAvailability { page["ai_copilot_availability"] = .bool(copilot) }
                page["updated_at"] = .time(timestamp)
                page["last_ingested_at"] = .time(timestamp)
            }
        }
        let agent = input.aiAgentAvailability ?? false
        let page: [String: JSONValue] = [
            "id": data.numericIDValue(),
            "type": "external_page",
            "title": .string(input.title),
            "html": .string(input.html),
            "url": .string(input.url ?? ""),
            "ai_agent_availability": .bool(agent),
            "ai_copilot_availability": .bool(input.aiCopilotAvailability ?? false),
            "ai_sales_agent_availability": false,
            "fin_availability": .bool(agent),
            "locale": .string(input.locale),
            "source_id": .int(sourceNumber),
            "external_id": .string(externalID),
            "created_at": .time(timestamp),
            "updated_at": .time(timestamp),
            "last_ingested_at": .time(timestamp),
        ]
        return try data.insertDocument(.externalPage, page)
    }

    /// Rewrites an external page, possibly moving it to another source; its external id stays unique
    /// within the source it ends up in.
    func updateExternalPage(_ id: String, _ input: ExternalPageInput) throws -> [String: JSONValue] {
        let page = try data.document(.externalPage, id)
        let sourceNumber = try apiSource(input.sourceID)
        let externalID = input.externalID ?? page["external_id"]?.stringValue ?? ""
        if let other = externalPage(sourceID: input.sourceID, externalID: externalID),
            other["id"]?.stringValue != id
        {
            throw SandboxError.conflict("The source already has an external page with external_id \(externalID)")
        }
        let timestamp = now
        defer { touchSource(input.sourceID, at: timestamp) }
        return try data.updateDocument(.externalPage, id) { page in
            page["title"] = .string(input.title)
            page["html"] = .string(input.html)
            if let url = input.url { page["url"] = .string(url) }
            page["locale"] = .string(input.locale)
            page["source_id"] = .int(sourceNumber)
            page["external_id"] = .string(externalID)
            if let fin = input.finAvailability {
                page["fin_availability"] = .bool(fin)
                page["ai_agent_availability"] = .bool(fin)
            }
            page["updated_at"] = .time(timestamp)
            page["last_ingested_at"] = .time(timestamp)
        }
    }

    /// Removes an external page and returns it as Intercom does, its HTML already emptied.
    func deleteExternalPage(_ id: String) throws -> [String: JSONValue] {
        var page = try data.removeDocument(.externalPage, id)
        page["html"] = ""
        return page
    }
}

// MARK: - Sample data

extension SampleWorkspace {
    /// The base URL of the sample content import source.
    static let sampleDocsURL = "https://docs.sandbox.example"

    /// Two newsfeeds with three news items, one visitor, two orders and a content import source with two
    /// external pages.
    static func seedContent(into data: inout WorkspaceData, now: Int64) {
        let day: Int64 = 86_400
        seedNews(into: &data, now: now, day: day)
        seedVisitor(into: &data, now: now, day: day)
        seedOrders(into: &data, now: now, day: day)
        seedFinContent(into: &data, now: now, day: day)
    }

    private static func seedNews(into data: inout WorkspaceData, now: Int64, day: Int64) {
        let feedTime = JSONValue.time(now - 60 * day)
        for (id, name) in [("3101", "Signed-in customers"), ("3102", "Public website")] {
            let feed: [String: JSONValue] = [
                "id": .string(id), "type": "newsfeed", "name": .string(name), "created_at": feedTime,
                "updated_at": feedTime,
            ]
            _ = try? data.insertDocument(.newsfeed, feed)
        }
        let items: [(id: String, title: String, body: String, sender: Int, state: String, age: Int64)] = [
            ("3201", "Dark mode has arrived", "<p>Switch themes from your profile menu.</p>", 991_267_460, "live", 6),
            (
                "3202", "Maintenance window on Sunday", "<p>Exports pause for thirty minutes at 02:00 UTC.</p>",
                991_267_461, "live", 2
            ),
            ("3203", "Spring pricing preview", "<p>A first look at next quarter's plans.</p>", 991_267_460, "draft", 1),
        ]
        let feeds: [String: [Int]] = ["3201": [3101, 3102], "3202": [3101], "3203": []]
        let labels: [String: [JSONValue]] = ["3201": ["Product"], "3202": ["Status"], "3203": ["Pricing"]]
        let reactions: [String: [JSONValue]] = ["3201": ["🎉", "👍"], "3202": ["👍"]]
        for item in items {
            let published = JSONValue.time(now - item.age * day)
            let assignments = (feeds[item.id] ?? []).map { feed -> JSONValue in
                ["newsfeed_id": .int(feed), "published_at": published]
            }
            var document: [String: JSONValue] = [
                "type": "news-item", "id": .string(item.id), "workspace_id": .string(data.appID),
                "title": .string(item.title), "body": .string(item.body), "sender_id": .int(item.sender),
                "state": .string(item.state), "cover_image_url": .null,
            ]
            document["labels"] = .array(labels[item.id] ?? [])
            document["reactions"] = .array(reactions[item.id] ?? NewsItemInput.defaultReactions)
            document["deliver_silently"] = .bool(item.id == "3202")
            document["created_at"] = published
            document["updated_at"] = published
            document["newsfeed_assignments"] = .array(assignments)
            _ = try? data.insertDocument(.newsItem, document)
        }
    }

    private static func seedVisitor(into data: inout WorkspaceData, now: Int64, day: Int64) {
        let created = JSONValue.time(now - 3 * day)
        let lastSeen = JSONValue.time(now - day)
        var visitor: [String: JSONValue] = [
            "type": "visitor", "id": "65f1c0ffee5a4d0001be0001", "user_id": "5e2f7c1a-8d4b-4b7e-9a61-0c3d2b1a9f10",
            "anonymous": true, "email": "", "phone": .null, "name": .null, "pseudonym": "Teal Lantern",
            "app_id": .string(data.appID), "owner_id": .null, "session_count": 2,
        ]
        visitor["avatar"] = ["type": "avatar", "image_url": .null]
        visitor["companies"] = ["type": "company.list", "companies": []]
        visitor["location_data"] = [
            "type": "location_data", "city_name": "Lisbon", "continent_code": "EU", "country_code": "PRT",
            "country_name": "Portugal", "postal_code": "1100-148", "region_name": "Lisbon",
            "timezone": "Europe/Lisbon",
        ]
        visitor["social_profiles"] = ["type": "social_profile.list", "social_profiles": []]
        visitor["tags"] = ["type": "tag.list", "tags": []]
        visitor["segments"] = ["type": "segment.list", "segments": []]
        visitor["custom_attributes"] = ["landing_page": "/pricing"]
        for key in ["created_at", "remote_created_at", "signed_up_at"] {
            visitor[key] = created
        }
        visitor["last_request_at"] = lastSeen
        visitor["updated_at"] = lastSeen
        for key in ["unsubscribed_from_emails", "marked_email_as_spam", "has_hard_bounced", "do_not_track"] {
            visitor[key] = false
        }
        let marketing: [String: JSONValue] = [
            "referrer": "https://search.sandbox.example/", "utm_campaign": "spring-launch", "utm_content": .null,
            "utm_medium": "email", "utm_source": "newsletter", "utm_term": .null,
        ]
        visitor.merge(marketing) { _, new in new }
        _ = try? data.insertDocument(.visitor, visitor)
    }

    private static func seedOrders(into data: inout WorkspaceData, now: Int64, day: Int64) {
        let first: [String: JSONValue] = [
            "order_number": "SBX-5001", "total_amount": 120.5, "currency": "EUR", "status": "shipped",
            "item_count": 3, "gift_wrapped": false,
        ]
        let second: [String: JSONValue] = ["order_number": "SBX-5002", "total_amount": 42, "status": "pending"]
        let orders: [(id: String, externalID: String, age: Int64, attributes: [String: JSONValue])] = [
            ("3301", "ord-5001", 12, first),
            ("3302", "ord-5002", 4, second),
        ]
        for order in orders {
            let created = JSONValue.time(now - order.age * day)
            let instance: [String: JSONValue] = [
                "id": .string(order.id), "type": "Order", "custom_attributes": .object(order.attributes),
                "external_id": .string(order.externalID), "external_created_at": created,
                "external_updated_at": .null, "created_at": created, "updated_at": created,
            ]
            _ = try? data.insertDocument(.customObjectInstance, instance)
        }
    }

    private static func seedFinContent(into data: inout WorkspaceData, now: Int64, day: Int64) {
        let created = JSONValue.time(now - 20 * day)
        let synced = JSONValue.time(now - day)
        let source: [String: JSONValue] = [
            "id": "3401", "type": "content_import_source", "last_synced_at": synced, "status": "active",
            "url": .string(sampleDocsURL), "sync_behavior": "api", "created_at": created, "updated_at": created,
        ]
        _ = try? data.insertDocument(.contentImportSource, source)
        let pages: [(id: String, title: String, html: String, path: String, externalID: String)] = [
            (
                "3501", "Getting started", "<h1>Getting started</h1><p>Invite your team and connect your inbox.</p>",
                "/getting-started", "gs-1"
            ),
            (
                "3502", "Billing questions", "<h1>Billing</h1><p>Invoices are emailed on the first of the month.</p>",
                "/billing", "billing-faq"
            ),
        ]
        for page in pages {
            let url = sampleDocsURL + page.path
            var document: [String: JSONValue] = [
                "id": .string(page.id), "type": "external_page", "title": .string(page.title),
                "html": .string(page.html), "url": .string(url), "locale": "en", "source_id": 3401,
                "external_id": .string(page.externalID),
            ]
            for key in ["ai_agent_availability", "ai_copilot_availability", "fin_availability"] {
                document[key] = true
            }
            document["ai_sales_agent_availability"] = false
            document["created_at"] = created
            document["updated_at"] = synced
            document["last_ingested_at"] = synced
            _ = try? data.insertDocument(.externalPage, document)
        }
    }
}
