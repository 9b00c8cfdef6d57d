import Foundation
import HTTPTypes
import Intercom

/// The resources the sandbox keeps as JSON objects in the shape Intercom answers with: articles, help
/// centers, tickets, news items and the rest of the API that has no typed record of its own.
///
/// Each kind knows how Intercom reports one of its objects missing, so every route of a resource answers
/// an unknown id the same way.
enum DocumentKind: String, Codable, CaseIterable, Sendable, CodingKeyRepresentable {
    case article
    case helpCenter = "help_center"
    case collection
    case internalArticle = "internal_article"
    case newsItem = "news_item"
    case newsfeed
    case ticketType = "ticket_type"
    case ticketTypeAttribute = "ticket_type_attribute"
    case ticketState = "ticket_state"
    case ticket
    case visitor
    case customObjectInstance = "custom_object_instance"
    case contentImportSource = "content_import_source"
    case externalPage = "external_page"
    case call
    case contentExport = "content_export"
    case reportingExport = "reporting_export"
    case job
    case activityLog = "activity_log"
    case awayStatusReason = "away_status_reason"
    case phoneCallRedirect = "phone_call_redirect"
    case finConversation = "fin_conversation"
    case ipAllowlist = "ip_allowlist"

    /// The error a request for a missing object of this kind gets.
    func notFound(_ id: String) -> SandboxError {
        switch self {
        case .ticket: return SandboxError.notFound("Ticket not found", code: "ticket_not_found")
        case .visitor: return SandboxError.notFound("Visitor Not Found")
        case .call: return SandboxError.notFound("Not Found")
        case .job: return SandboxError.notFound("Job Not Found", code: "job_not_found")
        case .contentExport, .reportingExport:
            return SandboxError.notFound("Export job not found for identifier: \(id)")
        default: return SandboxError.notFound("Resource Not Found")
        }
    }
}

/// The objects of one kind, in creation order (the listing order).
struct DocumentCollection: Codable, Sendable {
    var order: [String] = []
    var objects: [String: [String: JSONValue]] = [:]
}

extension WorkspaceData {
    /// The largest number of objects of one document kind the store keeps; creating more answers
    /// `422 limit_exceeded`.
    static let maxDocumentsPerKind = 50_000

    /// Every document collection, empty for kinds with no objects yet.
    var documentCollections: [DocumentKind: DocumentCollection] {
        get { documentStore ?? [:] }
        set { documentStore = newValue }
    }

    /// The object of `kind` with `id`.
    ///
    /// - Throws: the kind's not-found error.
    func document(_ kind: DocumentKind, _ id: String) throws -> [String: JSONValue] {
        guard let object = documentStore?[kind]?.objects[id] else { throw kind.notFound(id) }
        return object
    }

    /// Whether an object of `kind` with `id` exists.
    func hasDocument(_ kind: DocumentKind, _ id: String) -> Bool {
        documentStore?[kind]?.objects[id] != nil
    }

    /// Every object of `kind`, in creation order.
    func documents(_ kind: DocumentKind) -> [[String: JSONValue]] {
        guard let collection = documentStore?[kind] else { return [] }
        return collection.order.compactMap { collection.objects[$0] }
    }

    /// Adds an object, which must hold a string `id` not used by another object of its kind.
    @discardableResult
    mutating func insertDocument(_ kind: DocumentKind, _ object: [String: JSONValue]) throws -> [String: JSONValue] {
        guard let id = object["id"]?.stringValue else {
            throw SandboxError(.internalServerError, .serverError, "A \(kind.rawValue) was stored without an id")
        }
        // Taken out of the store while it changes, so appending does not copy the whole collection
        // (copy-on-write), and put back however this ends.
        var collection = documentStore?.removeValue(forKey: kind) ?? DocumentCollection()
        defer { documentCollections[kind] = collection }
        guard collection.objects[id] == nil else {
            throw SandboxError.conflict("A \(kind.rawValue) with id \(id) already exists")
        }
        guard collection.order.count < Self.maxDocumentsPerKind else {
            throw SandboxError.limitExceeded(
                "The sandbox keeps at most \(Self.maxDocumentsPerKind) objects of type \(kind.rawValue)"
            )
        }
        collection.order.append(id)
        collection.objects[id] = object
        return object
    }

    /// Changes an object in place and returns it as changed.
    ///
    /// - Throws: the kind's not-found error, or what `change` throws (the object is then unchanged).
    @discardableResult
    mutating func updateDocument(
        _ kind: DocumentKind,
        _ id: String,
        _ change: (inout [String: JSONValue]) throws -> Void
    ) throws -> [String: JSONValue] {
        var object = try document(kind, id)
        try change(&object)
        object["id"] = .string(id)
        documentStore?[kind]?.objects[id] = object
        return object
    }

    /// Removes an object and returns it.
    ///
    /// - Throws: the kind's not-found error.
    @discardableResult
    mutating func removeDocument(_ kind: DocumentKind, _ id: String) throws -> [String: JSONValue] {
        let object = try document(kind, id)
        documentStore?[kind]?.objects[id] = nil
        documentStore?[kind]?.order.removeAll { $0 == id }
        return object
    }

    /// Removes every object of `kind` that `predicate` selects; returns how many went.
    @discardableResult
    mutating func removeDocuments(_ kind: DocumentKind, where predicate: ([String: JSONValue]) -> Bool) -> Int {
        guard var collection = documentStore?[kind] else { return 0 }
        let doomed = Set(collection.order.filter { id in collection.objects[id].map(predicate) ?? false })
        guard !doomed.isEmpty else { return 0 }
        collection.order.removeAll { doomed.contains($0) }
        for id in doomed { collection.objects[id] = nil }
        documentStore?[kind] = collection
        return doomed.count
    }

    /// A new numeric id, as a JSON string.
    mutating func numericIDValue() -> JSONValue {
        .string(numericID())
    }
}

extension SandboxStore {
    /// Sends a notification about a document, when webhooks are configured.
    func emit(topic: String, document: [String: JSONValue]) {
        emit(topic: topic, item: .document(.object(document)))
    }
}
