import Foundation
import Hummingbird
import Intercom

/// `/articles`: the help center's public articles, and their search.
struct ArticlesController {
    let store: SandboxStore

    /// The page size of `GET /articles` when the request names none, as the spec's example shows.
    static let listPageSize = 25

    /// The page size of `GET /articles/search` when the request names none.
    static let searchPageSize = 10

    func register(on router: Router<SandboxContext>) {
        let store = self.store
        router.get("articles") { request, _ in
            let items = await store.read { store in
                let data = store.data
                return HelpCenterContent.newestFirst(data.documents(.article)).map {
                    data.articleWire($0, statistics: false)
                }
            }
            return try Reply.numberedList(items, request: request, defaultPerPage: Self.listPageSize)
        }
        router.post("articles") { request, _ in
            let body = try await request.jsonBody()
            let input = try ArticleInput(body)
            return try await store.perform { store in
                let now = store.now
                let article = try Self.create(input, in: &store.data, now: now)
                let wire = store.data.articleWire(article)
                store.emit(topic: "article.created", document: wire)
                return try Reply.object(wire)
            }
        }
        router.get("articles/search") { request, _ in
            let search = try ArticleSearch(request)
            return try await store.read { store in
                try Reply.object(Self.search(search, in: store.data))
            }
        }
        router.get("articles/:id") { _, context in
            let id = try context.path("id")
            return try await store.read { store in
                try Reply.object(store.data.articleWire(store.data.document(.article, id)))
            }
        }
        router.put("articles/:id") { request, context in
            let id = try context.path("id")
            let body = try await request.jsonBody()
            let input = try ArticleInput(body)
            return try await store.perform { store in
                let now = store.now
                let article = try Self.update(id, with: input, in: &store.data, now: now)
                let wire = store.data.articleWire(article)
                store.emit(topic: "article.updated", document: wire)
                return try Reply.object(wire)
            }
        }
        router.delete("articles/:id") { _, context in
            let id = try context.path("id")
            return try await store.perform { store in
                try store.data.removeDocument(.article, id)
                // Deletion notifications carry only what identifies the object.
                store.emit(topic: "article.deleted", document: ["type": "article", "id": .string(id)])
                return try Reply.deleted(id: id, object: "article")
            }
        }
    }

    /// Stores a new article; the default locale's `translated_content` stands in for a missing title,
    /// author, description, body or state.
    static func create(_ input: ArticleInput, in data: inout WorkspaceData, now: Int64) throws -> [String: JSONValue] {
        let fallback = input.translations?[HelpCenterContent.defaultLocale] ?? [:]
        guard let title = input.title ?? fallback["title"]?.stringValue, !title.isEmpty else {
            throw SandboxError.parameterNotFound(
                "title must be in the main body or default locale translated_content object",
                field: "title"
            )
        }
        guard let authorID = input.authorID ?? fallback["author_id"]?.stringValue else {
            throw SandboxError.parameterNotFound(
                "author_id must be in the main body or default locale translated_content object",
                field: "author_id"
            )
        }
        try data.requireAdmin(authorID, field: "author_id")
        try checkTranslationAuthors(input, in: data)
        let placement = try Self.parent(input, current: nil, in: data)
        let body = input.body.map(HelpCenterContent.articleHTML) ?? fallback["body"]?.stringValue ?? ""
        let id = data.numericID()
        var article: [String: JSONValue] = [
            "type": "article", "id": .string(id), "workspace_id": .string(data.appID), "title": .string(title),
            "description": .string(input.description ?? fallback["description"]?.stringValue ?? ""),
            "body": .string(body), "author_id": .string(authorID),
            "state": .string(input.state ?? fallback["state"]?.stringValue ?? "draft"),
            "created_at": .time(now), "updated_at": .time(now), "parent_id": placement.id,
            "parent_type": placement.kind,
            "tags": ["type": "tag.list", "tags": []], "statistics": HelpCenterContent.emptyStatistics,
        ]
        if let sent = input.translations, !sent.isEmpty {
            article["translated_content"] = .object(
                HelpCenterContent.merge(sent, into: nil, defaults: ["state": "draft"], now: now)
            )
        }
        return try data.insertDocument(.article, article)
    }

    /// Changes the fields a request sends; the rest stay as they are.
    static func update(
        _ id: String,
        with input: ArticleInput,
        in data: inout WorkspaceData,
        now: Int64
    ) throws -> [String: JSONValue] {
        let current = try data.document(.article, id)
        if let title = input.title, title.isEmpty {
            throw SandboxError.parameterInvalid("title can't be blank", field: "title")
        }
        if let authorID = input.authorID { try data.requireAdmin(authorID, field: "author_id") }
        try checkTranslationAuthors(input, in: data)
        let placement = try Self.parent(input, current: current, in: data)
        let translations = input.translations.map {
            HelpCenterContent.merge(
                $0,
                into: current["translated_content"]?.objectValue,
                defaults: ["state": "draft"],
                now: now
            )
        }
        return try data.updateDocument(.article, id) { article in
            if let title = input.title { article["title"] = .string(title) }
            if let description = input.description { article["description"] = .string(description) }
            if let body = input.body { article["body"] = .string(HelpCenterContent.articleHTML(body)) }
            if let authorID = input.authorID { article["author_id"] = .string(authorID) }
            if let state = input.state { article["state"] = .string(state) }
            article["parent_id"] = placement.id
            article["parent_type"] = placement.kind
            if let translations { article["translated_content"] = .object(translations) }
            article["updated_at"] = .time(now)
        }
    }

    /// Checks that every author a translation names is a teammate.
    static func checkTranslationAuthors(_ input: ArticleInput, in data: WorkspaceData) throws {
        for (locale, content) in input.translations ?? [:] {
            guard let authorID = content["author_id"]?.stringValue else { continue }
            try data.requireAdmin(authorID, field: "translated_content.\(locale).author_id")
        }
    }

    /// The collection an article ends up in, as stored `parent_id` and `parent_type` values.
    ///
    /// - Throws: `400 parameter_invalid` when `parent_id` names no collection.
    static func parent(
        _ input: ArticleInput,
        current: [String: JSONValue]?,
        in data: WorkspaceData
    ) throws -> (id: JSONValue, kind: JSONValue) {
        switch input.parent {
        case .unchanged:
            let id = current?["parent_id"] ?? .null
            guard !id.isNull else { return (.null, .null) }
            let kind = input.parentType.map(JSONValue.string) ?? current?["parent_type"] ?? "collection"
            return (id, kind)
        case .remove:
            return (.null, .null)
        case .move(let id):
            guard data.hasDocument(.collection, id) else {
                throw SandboxError.parameterInvalid(
                    "parent_id must be the id of an existing collection",
                    field: "parent_id"
                )
            }
            return (.string(id), .string(input.parentType ?? "collection"))
        }
    }

    /// The answer of a search: the page of matching articles under `data.articles`, newest first, with
    /// highlights when asked for.
    static func search(_ search: ArticleSearch, in data: WorkspaceData) -> [String: JSONValue] {
        let matches = HelpCenterContent.newestFirst(data.documents(.article)).filter { article in
            if search.state != "all", article["state"]?.stringValue != search.state { return false }
            if let helpCenterID = search.helpCenterID, data.articleHelpCenterID(article) != helpCenterID {
                return false
            }
            return HelpCenterContent.matches(searchableText(article), terms: search.terms)
        }
        let slice = Paging.numberedSlice(count: matches.count, page: search.page, perPage: search.perPage)
        let page = Array(matches[slice])
        var highlights: [JSONValue] = []
        if search.highlight {
            highlights = page.map { article in
                let title = article["title"]?.stringValue ?? ""
                let text = [article["description"]?.stringValue ?? "", article["body"]?.stringValue ?? ""]
                    .map(HelpCenterContent.plainText)
                    .filter { !$0.isEmpty }
                    .joined(separator: " ")
                let summary = HelpCenterContent.highlighted(
                    String(text.prefix(HelpCenterContent.summaryLength)),
                    terms: search.terms
                )
                let item: [String: JSONValue] = [
                    "article_id": article["id"] ?? .null,
                    "highlighted_title": .array(HelpCenterContent.highlighted(title, terms: search.terms)),
                    "highlighted_summary": .array(summary.isEmpty ? [] : [.array(summary)]),
                ]
                return .object(item)
            }
        }
        let articles = page.map { JSONValue.object(data.articleWire($0, statistics: false)) }
        let results: [String: JSONValue] = ["articles": .array(articles), "highlights": .array(highlights)]
        return [
            "type": "list",
            "total_count": .int(matches.count),
            "data": .object(results),
            "pages": HelpCenterContent.pages(page: search.page, perPage: search.perPage, count: matches.count),
        ]
    }

    /// Everything a search phrase is looked for in: the title, description and text of the body, in
    /// every locale.
    static func searchableText(_ article: [String: JSONValue]) -> String {
        var parts: [String] = []
        var contents = [article]
        for translation in (article["translated_content"]?.objectValue ?? [:]).values {
            if let content = translation.objectValue { contents.append(content) }
        }
        for content in contents {
            parts.append(content["title"]?.stringValue ?? "")
            parts.append(content["description"]?.stringValue ?? "")
            parts.append(HelpCenterContent.plainText(content["body"]?.stringValue ?? ""))
        }
        return parts.joined(separator: "\n")
    }
}

/// The fields of a create or update article request, each checked for type and closed values.
struct ArticleInput: Sendable {
    var title: String?
    var description: String?
    var body: String?
    var authorID: String?
    var state: String?
    var parent: HelpCenterParentChange = .unchanged
    var parentType: String?
    /// The sent `translated_content`, by locale; bodies already in the help center's HTML.
    var translations: [String: [String: JSONValue]]?

    init(_ fields: BodyFields) throws {
        title = try fields.string("title")
        description = try fields.string("description")
        body = try fields.string("body")
        authorID = try fields.id("author_id")
        state = try fields.oneOf("state", HelpCenterContent.articleStates)
        parentType = try fields.oneOf("parent_type", ["collection", "section"])
        if fields.has("parent_id") {
            parent = try fields.id("parent_id").map(HelpCenterParentChange.move) ?? .remove
        }
        translations = try HelpCenterContent.articleTranslations(fields)
    }
}

/// The query of `GET /articles/search`, checked.
struct ArticleSearch: Sendable {
    var terms: [String]
    /// `published`, `draft` or `all`.
    var state: String
    var helpCenterID: String?
    var highlight: Bool
    var page: Int
    var perPage: Int

    init(_ request: Request) throws {
        terms = HelpCenterContent.terms(request.query("phrase"))
        let state = request.query("state") ?? "all"
        guard ["published", "draft", "all"].contains(state) else {
            throw SandboxError.parameterInvalid(
                "state must be one of published, draft, all; got \(state)",
                field: "state"
            )
        }
        self.state = state
        helpCenterID = try request.integerQuery("help_center_id").map { String($0) }
        switch request.query("highlight")?.lowercased() {
        case nil, "false"?: highlight = false
        case "true"?: highlight = true
        default: throw SandboxError.parameterInvalid("highlight must be true or false", field: "highlight")
        }
        perPage = try Paging.perPage(request.integerQuery("per_page"), default: ArticlesController.searchPageSize)
        page = try Paging.page(request.integerQuery("page"))
    }
}
