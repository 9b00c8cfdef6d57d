import Foundation
import Hummingbird
import Intercom

/// `/internal_articles`: articles only teammates see, each with an owner and an author, optionally kept
/// in a folder that their search filters on.
struct InternalArticlesController {
    let store: SandboxStore

    /// The page size of `GET /internal_articles` when the request names none, as the spec's example shows.
    static let listPageSize = 25

    /// The page size of `GET /internal_articles/search` when the request names none.
    static let searchPageSize = 10

    func register(on router: Router<SandboxContext>) {
        let store = self.store
        router.get("internal_articles") { request, _ in
            let items = await store.read { store in
                let data = store.data
                return HelpCenterContent.newestFirst(data.documents(.internalArticle)).map {
                    data.internalArticleWire($0)
                }
            }
            return try Reply.numberedList(items, request: request, defaultPerPage: Self.listPageSize)
        }
        router.post("internal_articles") { request, _ in
            let body = try await request.jsonBody()
            let input = try InternalArticleInput(body)
            return try await store.perform { store in
                let now = store.now
                let article = try Self.create(input, in: &store.data, now: now)
                return try Reply.object(store.data.internalArticleWire(article))
            }
        }
        router.get("internal_articles/search") { request, _ in
            let terms = HelpCenterContent.terms(request.query("phrase"))
            let folderID = request.query("folder_id")
            let perPage = try Paging.perPage(request.integerQuery("per_page"), default: Self.searchPageSize)
            let page = try Paging.page(request.integerQuery("page"))
            return try await store.read { store in
                let data = store.data
                let matches = HelpCenterContent.newestFirst(data.documents(.internalArticle)).filter { article in
                    if let folderID, article["folder_id"]?.stringValue != folderID { return false }
                    let text = [
                        article["title"]?.stringValue ?? "",
                        HelpCenterContent.plainText(article["body"]?.stringValue ?? ""),
                    ]
                    return HelpCenterContent.matches(text.joined(separator: "\n"), terms: terms)
                }
                let slice = Paging.numberedSlice(count: matches.count, page: page, perPage: perPage)
                let items = matches[slice].map { JSONValue.object(data.internalArticleWire($0)) }
                let results: [String: JSONValue] = ["internal_articles": .array(items)]
                let answer: [String: JSONValue] = [
                    "type": "list",
                    "total_count": .int(matches.count),
                    "data": .object(results),
                    "pages": HelpCenterContent.pages(page: page, perPage: perPage, count: matches.count),
                ]
                return try Reply.object(answer)
            }
        }
        router.get("internal_articles/:id") { _, context in
            let id = try context.path("id")
            return try await store.read { store in
                try Reply.object(store.data.internalArticleWire(store.data.document(.internalArticle, id)))
            }
        }
        router.put("internal_articles/:id") { request, context in
            let id = try context.path("id")
            let body = try await request.jsonBody()
            let input = try InternalArticleInput(body)
            return try await store.perform { store in
                let now = store.now
                let article = try Self.update(id, with: input, in: &store.data, now: now)
                return try Reply.object(store.data.internalArticleWire(article))
            }
        }
        router.delete("internal_articles/:id") { _, context in
            let id = try context.path("id")
            return try await store.perform { store in
                try store.data.removeDocument(.internalArticle, id)
                return try Reply.deleted(id: id, object: "internal_article")
            }
        }
    }

    /// Stores a new internal article; its owner and author must be teammates.
    static func create(
        _ input: InternalArticleInput,
        in data: inout WorkspaceData,
        now: Int64
    ) throws -> [String: JSONValue] {
        guard let title = input.title, !title.isEmpty else {
            throw SandboxError.parameterNotFound("title is required", field: "title")
        }
        guard let authorID = input.authorID else {
            throw SandboxError.parameterNotFound(
                "author_id must be in the main body or default locale translated_content object",
                field: "author_id"
            )
        }
        guard let ownerID = input.ownerID else {
            throw SandboxError.parameterNotFound("owner_id is required", field: "owner_id")
        }
        try data.requireAdmin(authorID, field: "author_id")
        try data.requireAdmin(ownerID, field: "owner_id")
        var folderID: JSONValue = .null
        if case .move(let folder) = input.folder { folderID = .string(folder) }
        let article: [String: JSONValue] = [
            "type": "internal_article", "id": .string(data.numericID()), "title": .string(title),
            "body": .string(input.body ?? ""), "owner_id": .string(ownerID), "author_id": .string(authorID),
            "created_at": .time(now), "updated_at": .time(now),
            "locale": .string(input.locale ?? HelpCenterContent.defaultLocale), "folder_id": folderID,
        ]
        return try data.insertDocument(.internalArticle, article)
    }

    /// Changes the fields a request sends; the rest stay as they are.
    static func update(
        _ id: String,
        with input: InternalArticleInput,
        in data: inout WorkspaceData,
        now: Int64
    ) throws -> [String: JSONValue] {
        _ = try data.document(.internalArticle, id)
        if let title = input.title, title.isEmpty {
            throw SandboxError.parameterInvalid("title can't be blank", field: "title")
        }
        if let authorID = input.authorID { try data.requireAdmin(authorID, field: "author_id") }
        if let ownerID = input.ownerID { try data.requireAdmin(ownerID, field: "owner_id") }
        return try data.updateDocument(.internalArticle, id) { article in
            if let title = input.title { article["title"] = .string(title) }
            if let body = input.body { article["body"] = .string(body) }
            if let authorID = input.authorID { article["author_id"] = .string(authorID) }
            if let ownerID = input.ownerID { article["owner_id"] = .string(ownerID) }
            if let locale = input.locale { article["locale"] = .string(locale) }
            switch input.folder {
            case .unchanged: break
            case .remove: article["folder_id"] = .null
            case .move(let folder): article["folder_id"] = .string(folder)
            }
            article["updated_at"] = .time(now)
        }
    }
}

/// The fields of a create or update internal article request, each checked for type.
///
/// `folder_id` is not in the 2.14 request schemas; the sandbox accepts it so that the folder search has
/// something to find, and keeps it out of its answers.
struct InternalArticleInput: Sendable {
    var title: String?
    var body: String?
    var authorID: String?
    var ownerID: String?
    var locale: String?
    var folder: HelpCenterParentChange = .unchanged

    init(_ fields: BodyFields) throws {
        title = try fields.string("title")
        body = try fields.string("body")
        authorID = try fields.id("author_id")
        ownerID = try fields.id("owner_id")
        locale = try fields.string("locale")
        if let locale, !HelpCenterContent.locales.contains(locale) {
            throw SandboxError.parameterInvalid("\(locale) is not a locale the help center supports", field: "locale")
        }
        if fields.has("folder_id") {
            folder = try fields.id("folder_id").map(HelpCenterParentChange.move) ?? .remove
        }
    }
}
