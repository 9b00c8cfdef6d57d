import Foundation
import Hummingbird
import Intercom

/// `/help_center`: the help centers (read only) and the collections that group their articles.
///
/// Collections nest through `parent_id`, at most ``HelpCenterContent/maxCollectionDepth`` levels deep, and
/// a nested collection lives in its parent's help center. Deleting a collection deletes the collections
/// nested in it and takes its articles out of the help center's tree: they stay, with no parent.
struct HelpCenterController {
    let store: SandboxStore

    /// The page size of `GET /help_center/collections` when the request names none, as the spec's
    /// example shows.
    static let listPageSize = 20

    func register(on router: Router<SandboxContext>) {
        let store = self.store
        router.get("help_center/help_centers") { _, _ in
            try await store.read { store in
                try Reply.plainList(store.data.documents(.helpCenter))
            }
        }
        router.get("help_center/help_centers/:id") { _, context in
            let id = try context.path("id")
            return try await store.read { store in
                try Reply.object(store.data.document(.helpCenter, id))
            }
        }
        router.get("help_center/collections") { request, _ in
            let items = await store.read { store in
                let data = store.data
                return HelpCenterContent.newestFirst(data.documents(.collection)).map { data.collectionWire($0) }
            }
            return try Reply.numberedList(items, request: request, defaultPerPage: Self.listPageSize)
        }
        router.post("help_center/collections") { request, _ in
            let body = try await request.jsonBody()
            let input = try CollectionInput(body)
            return try await store.perform { store in
                let now = store.now
                let collection = try Self.create(input, in: &store.data, now: now)
                return try Reply.object(store.data.collectionWire(collection))
            }
        }
        router.get("help_center/collections/:id") { _, context in
            let id = try context.path("id")
            return try await store.read { store in
                try Reply.object(store.data.collectionWire(store.data.document(.collection, id)))
            }
        }
        router.put("help_center/collections/:id") { request, context in
            let id = try context.path("id")
            let body = try await request.jsonBody()
            let input = try CollectionInput(body)
            return try await store.perform { store in
                let now = store.now
                let collection = try Self.update(id, with: input, in: &store.data, now: now)
                return try Reply.object(store.data.collectionWire(collection))
            }
        }
        router.delete("help_center/collections/:id") { _, context in
            let id = try context.path("id")
            return try await store.perform { store in
                try Self.delete(id, in: &store.data)
                return try Reply.deleted(id: id, object: "collection")
            }
        }
    }

    /// Stores a new collection: in the help center named, its parent's, or the default one.
    static func create(
        _ input: CollectionInput,
        in data: inout WorkspaceData,
        now: Int64
    ) throws -> [String: JSONValue] {
        let fallback = input.translations?[HelpCenterContent.defaultLocale] ?? [:]
        guard let name = input.name ?? fallback["name"]?.stringValue, !name.isEmpty else {
            throw SandboxError.parameterNotFound("Name is a required parameter.", field: "name")
        }
        var helpCenterID = input.helpCenterID
        if let helpCenterID, !data.hasDocument(.helpCenter, helpCenterID) {
            throw SandboxError.parameterInvalid(
                "help_center_id must be the id of an existing help center",
                field: "help_center_id"
            )
        }
        var parentID: String?
        if case .move(let requestedParentID) = input.parent {
            let parent = try existingParent(requestedParentID, in: data)
            let parentHelpCenterID = parent["help_center_id"]?.stringValue
            if let helpCenterID, helpCenterID != parentHelpCenterID {
                throw SandboxError.parameterInvalid(
                    "A nested collection must be in the help center of its parent",
                    field: "help_center_id"
                )
            }
            guard data.collectionChain(requestedParentID).count < HelpCenterContent.maxCollectionDepth else {
                throw tooDeep()
            }
            parentID = requestedParentID
            helpCenterID = parentHelpCenterID
        } else if helpCenterID == nil {
            helpCenterID = data.defaultHelpCenterID
        }
        let id = data.numericID()
        var collection: [String: JSONValue] = [
            "id": .string(id), "workspace_id": .string(data.appID), "name": .string(name),
            "description": .string(input.description ?? fallback["description"]?.stringValue ?? ""),
            "created_at": .time(now), "updated_at": .time(now), "icon": "book-bookmark",
            "order": .int(nextOrder(parentID: parentID, helpCenterID: helpCenterID, in: data)),
            "parent_id": parentID.map(JSONValue.string) ?? .null,
            "help_center_id": helpCenterID.map(JSONValue.string) ?? .null,
        ]
        if let sent = input.translations, !sent.isEmpty {
            collection["translated_content"] = .object(HelpCenterContent.merge(sent, into: nil))
        }
        return try data.insertDocument(.collection, collection)
    }

    /// Changes the fields a request sends. A new `parent_id` moves the collection (and what is nested in
    /// it) under another collection of the same help center; `null` moves it to the top level.
    static func update(
        _ id: String,
        with input: CollectionInput,
        in data: inout WorkspaceData,
        now: Int64
    ) throws -> [String: JSONValue] {
        let current = try data.document(.collection, id)
        if let name = input.name, name.isEmpty {
            throw SandboxError.parameterInvalid("name can't be blank", field: "name")
        }
        let currentParentID = current["parent_id"]?.stringValue
        let helpCenterID = current["help_center_id"]?.stringValue
        var newParent: JSONValue?
        switch input.parent {
        case .unchanged:
            break
        case .remove:
            if currentParentID != nil { newParent = .null }
        case .move(let parentID):
            guard parentID != currentParentID else { break }
            let parent = try existingParent(parentID, in: data)
            guard parentID != id, !data.nestedCollectionIDs(under: id).contains(parentID) else {
                throw SandboxError.parameterInvalid(
                    "A collection can't be nested in itself or in a collection inside it",
                    field: "parent_id"
                )
            }
            guard parent["help_center_id"]?.stringValue == helpCenterID else {
                throw SandboxError.parameterInvalid(
                    "parent_id must be a collection in the same help center",
                    field: "parent_id"
                )
            }
            let depth = data.collectionChain(parentID).count + data.collectionHeight(id)
            guard depth <= HelpCenterContent.maxCollectionDepth else { throw tooDeep() }
            newParent = .string(parentID)
        }
        let order = newParent.map { nextOrder(parentID: $0.stringValue, helpCenterID: helpCenterID, in: data) }
        return try data.updateDocument(.collection, id) { collection in
            if let name = input.name { collection["name"] = .string(name) }
            if let description = input.description {
                collection["description"] = .string(description)
            } else if input.clearsDescription {
                collection["description"] = .null
            }
            if let newParent { collection["parent_id"] = newParent }
            if let order { collection["order"] = .int(order) }
            if let sent = input.translations {
                collection["translated_content"] = .object(
                    HelpCenterContent.merge(sent, into: collection["translated_content"]?.objectValue)
                )
            }
            collection["updated_at"] = .time(now)
        }
    }

    /// Deletes a collection and the collections nested in it; their articles lose their parent.
    static func delete(_ id: String, in data: inout WorkspaceData) throws {
        _ = try data.document(.collection, id)
        let doomed = Set([id] + data.nestedCollectionIDs(under: id))
        data.removeDocuments(.collection) { doomed.contains($0["id"]?.stringValue ?? "") }
        let orphans = data.documents(.article).compactMap { article -> String? in
            guard let parentID = article["parent_id"]?.stringValue, doomed.contains(parentID) else { return nil }
            return article["id"]?.stringValue
        }
        for articleID in orphans {
            try data.updateDocument(.article, articleID) { article in
                article["parent_id"] = .null
                article["parent_type"] = .null
            }
        }
    }

    /// The collection a request names as parent.
    ///
    /// - Throws: `400 parameter_invalid` when there is no such collection.
    static func existingParent(_ id: String, in data: WorkspaceData) throws -> [String: JSONValue] {
        guard let parent = try? data.document(.collection, id) else {
            throw SandboxError.parameterInvalid(
                "parent_id must be the id of an existing collection",
                field: "parent_id"
            )
        }
        return parent
    }

    /// The position after the last of the collections that share a parent (or, at the top level, a help
    /// center); 1 for the first.
    static func nextOrder(parentID: String?, helpCenterID: String?, in data: WorkspaceData) -> Int {
        let siblings = data.documents(.collection).filter { collection in
            guard collection["parent_id"]?.stringValue == parentID else { return false }
            return parentID != nil || collection["help_center_id"]?.stringValue == helpCenterID
        }
        let highest = siblings.compactMap { $0["order"]?.intValue }.max() ?? 0
        return highest < Int.max ? highest + 1 : highest
    }

    /// The error for a collection that would sit deeper than the help center allows.
    static func tooDeep() -> SandboxError {
        SandboxError.parameterInvalid(
            "Collections nest at most \(HelpCenterContent.maxCollectionDepth) levels deep",
            field: "parent_id"
        )
    }
}

/// The fields of a create or update collection request, each checked for type.
struct CollectionInput: Sendable {
    var name: String?
    var description: String?
    /// Whether the request sets `description` to `null`.
    var clearsDescription = false
    var parent: HelpCenterParentChange = .unchanged
    var helpCenterID: String?
    /// The sent `translated_content`, by locale.
    var translations: [String: [String: JSONValue]]?

    init(_ fields: BodyFields) throws {
        name = try fields.string("name")
        description = try fields.string("description")
        clearsDescription = fields.has("description") && description == nil
        if fields.has("parent_id") {
            parent = try fields.id("parent_id").map(HelpCenterParentChange.move) ?? .remove
        }
        helpCenterID = try fields.id("help_center_id")
        translations = try HelpCenterContent.groupTranslations(fields)
    }
}
