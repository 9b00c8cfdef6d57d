import Foundation
import Intercom

/// What a create or update request does to an object's place in a tree: a collection's parent, an
/// article's collection or an internal article's folder.
enum HelpCenterParentChange: Sendable, Equatable {
    /// The request leaves the parent as it is (the key is absent).
    case unchanged
    /// The request sends `null`: the object moves to the top level.
    case remove
    /// The request names a new parent.
    case move(String)
}

/// The help center's shared vocabulary: its locales, URL slugs, article HTML, phrase matching and the
/// pieces every help center listing shares.
enum HelpCenterContent {
    /// The locale an article's or collection's main fields are written in.
    static let defaultLocale = "en"

    /// The values an article's `state` takes.
    static let articleStates = ["published", "draft"]

    /// The deepest a collection may sit: a top-level collection is at depth 1.
    static let maxCollectionDepth = 3

    /// The locales `translated_content` may hold.
    static let locales: Set<String> = [
        "ar", "bg", "bs", "ca", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "he", "hr", "hu", "id", "it",
        "ja", "ko", "lt", "lv", "mn", "nb", "nl", "pl", "pt", "ro", "ru", "sl", "sr", "sv", "tr", "vi", "pt-BR",
        "zh-CN", "zh-TW",
    ]

    /// The counters of an article nobody has read yet.
    static let emptyStatistics: JSONValue = [
        "type": "article_statistics", "views": 0, "conversations": 0, "reactions": 0,
        "happy_reaction_percentage": 0, "neutral_reaction_percentage": 0, "sad_reaction_percentage": 0,
    ]

    /// The most phrase words a search looks for; the rest are ignored.
    static let maxSearchTerms = 16

    /// How much of an article's text a search highlight summarises.
    static let summaryLength = 240

    /// A title's lowercase words joined by hyphens, as help center URLs end.
    static func slug(_ title: String) -> String {
        var words: [String] = []
        var current = ""
        for character in title.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.joined(separator: "-")
    }

    /// An article body as the help center keeps it: text with no markup becomes one paragraph, and every
    /// bare `<p>` gets the editor's `no-margin` class, as the live API's answers show.
    static func articleHTML(_ body: String) -> String {
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return "" }
        guard trimmed.hasPrefix("<") else { return "<p class=\"no-margin\">\(trimmed)</p>" }
        return trimmed.replacingOccurrences(of: "<p>", with: "<p class=\"no-margin\">")
    }

    /// The text of an HTML fragment: tags dropped, the common entities decoded, runs of spaces joined.
    static func plainText(_ html: String) -> String {
        var text = ""
        var inTag = false
        for character in html {
            if character == "<" {
                inTag = true
                text.append(" ")
            } else if character == ">" && inTag {
                inTag = false
            } else if !inTag {
                text.append(character)
            }
        }
        let entities = [
            ("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&"),
        ]
        for (entity, value) in entities {
            text = text.replacingOccurrences(of: entity, with: value)
        }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The words of a search phrase, without repeats.
    static func terms(_ phrase: String?) -> [String] {
        guard let phrase else { return [] }
        var seen: Set<String> = []
        var terms: [String] = []
        for word in phrase.split(whereSeparator: \.isWhitespace) {
            let term = String(word)
            guard seen.insert(term.lowercased()).inserted else { continue }
            terms.append(term)
            if terms.count == maxSearchTerms { break }
        }
        return terms
    }

    /// Whether `text` holds every term, ignoring case.
    static func matches(_ text: String, terms: [String]) -> Bool {
        terms.allSatisfy { text.range(of: $0, options: .caseInsensitive) != nil }
    }

    /// `text` cut into `plain` and `highlight` pieces, the highlighted ones being where the terms occur.
    static func highlighted(_ text: String, terms: [String]) -> [JSONValue] {
        guard !text.isEmpty else { return [] }
        func piece(_ type: String, _ part: Substring) -> JSONValue {
            ["type": .string(type), "text": .string(String(part))]
        }
        var pieces: [JSONValue] = []
        var position = text.startIndex
        while position < text.endIndex {
            let rest = position..<text.endIndex
            let found = terms.compactMap { text.range(of: $0, options: .caseInsensitive, range: rest) }
            let earliest = found.min { lhs, rhs in
                lhs.lowerBound != rhs.lowerBound ? lhs.lowerBound < rhs.lowerBound : lhs.upperBound > rhs.upperBound
            }
            guard let next = earliest, !next.isEmpty else { break }
            if position < next.lowerBound { pieces.append(piece("plain", text[position..<next.lowerBound])) }
            pieces.append(piece("highlight", text[next]))
            position = next.upperBound
        }
        if position < text.endIndex { pieces.append(piece("plain", text[position...])) }
        return pieces
    }

    /// Objects ordered the way Intercom lists help center content: the most recently updated first,
    /// and of two updated in the same second, the later created.
    static func newestFirst(_ items: [[String: JSONValue]]) -> [[String: JSONValue]] {
        items.enumerated()
            .sorted { lhs, rhs in
                let left = lhs.element["updated_at"]?.intValue ?? 0
                let right = rhs.element["updated_at"]?.intValue ?? 0
                return left != right ? left > right : lhs.offset > rhs.offset
            }
            .map(\.element)
    }

    /// A stored id written as the spec types it, a JSON number; a value that is not numeric stays as it is.
    static func numericID(_ value: JSONValue?) -> JSONValue {
        guard let value, !value.isNull else { return .null }
        guard let text = value.stringValue else { return value }
        return Int(text).map(JSONValue.int) ?? .string(text)
    }

    /// The `pages` object of a page-numbered answer.
    static func pages(page: Int, perPage: Int, count: Int) -> JSONValue {
        let totalPages = count == 0 ? 0 : (count + perPage - 1) / perPage
        return ["type": "pages", "page": .int(page), "per_page": .int(perPage), "total_pages": .int(totalPages)]
    }

    /// The `translated_content` of an article request, checked: each locale one the help center knows,
    /// each field of the right type, bodies turned into the help center's HTML.
    static func articleTranslations(_ body: BodyFields) throws -> [String: [String: JSONValue]]? {
        try translations(body) { locale, content in
            var entry: [String: JSONValue] = [:]
            for key in ["title", "description", "body"] {
                guard let value = content[key] else { continue }
                guard let text = value.stringValue else {
                    throw BodyFields.wrongType("translated_content.\(locale).\(key)", "a string")
                }
                entry[key] = .string(key == "body" ? articleHTML(text) : text)
            }
            if let author = content["author_id"] {
                if let text = author.stringValue, !text.isEmpty {
                    entry["author_id"] = .string(text)
                } else if let number = author.intValue {
                    entry["author_id"] = .string(String(number))
                } else {
                    throw BodyFields.wrongType("translated_content.\(locale).author_id", "an id")
                }
            }
            if let state = content["state"] {
                guard let text = state.stringValue, articleStates.contains(text) else {
                    throw SandboxError.parameterInvalid(
                        "translated_content.\(locale).state must be one of published, draft",
                        field: "translated_content.\(locale).state"
                    )
                }
                entry["state"] = .string(text)
            }
            return entry
        }
    }

    /// The `translated_content` of a collection request, checked: names and descriptions per locale.
    static func groupTranslations(_ body: BodyFields) throws -> [String: [String: JSONValue]]? {
        try translations(body) { locale, content in
            var entry: [String: JSONValue] = [:]
            for key in ["name", "description"] {
                guard let value = content[key] else { continue }
                guard let text = value.stringValue else {
                    throw BodyFields.wrongType("translated_content.\(locale).\(key)", "a string")
                }
                entry[key] = .string(text)
            }
            return entry
        }
    }

    /// Reads `translated_content` locale by locale; its `type` member is ignored, a `null` locale skipped.
    private static func translations(
        _ body: BodyFields,
        entry: (String, BodyFields) throws -> [String: JSONValue]
    ) throws -> [String: [String: JSONValue]]? {
        guard let fields = try body.fields("translated_content") else { return nil }
        var result: [String: [String: JSONValue]] = [:]
        for (locale, value) in fields.object where locale != "type" {
            guard locales.contains(locale) else {
                throw SandboxError.parameterInvalid(
                    "\(locale) is not a locale the help center supports",
                    field: "translated_content"
                )
            }
            if value.isNull { continue }
            guard let content = value.objectValue else {
                throw BodyFields.wrongType("translated_content.\(locale)", "an object")
            }
            result[locale] = try entry(locale, BodyFields(content))
        }
        return result
    }

    /// Stored translations with the sent ones laid over them, locale by locale and field by field.
    ///
    /// - Parameters:
    ///   - defaults: values a locale seen for the first time gets for the fields it leaves out.
    ///   - now: when given, each sent locale is stamped `updated_at` (and `created_at` when new).
    static func merge(
        _ sent: [String: [String: JSONValue]],
        into existing: [String: JSONValue]?,
        defaults: [String: JSONValue] = [:],
        now: Int64? = nil
    ) -> [String: JSONValue] {
        var merged = existing ?? [:]
        for (locale, fields) in sent {
            var entry = merged[locale]?.objectValue ?? defaults
            for (key, value) in fields { entry[key] = value }
            if let now {
                if entry["created_at"] == nil { entry["created_at"] = .time(now) }
                entry["updated_at"] = .time(now)
            }
            merged[locale] = .object(entry)
        }
        return merged
    }
}

extension WorkspaceData {
    /// Checks that `id` names a teammate of the workspace.
    ///
    /// - Throws: `400 parameter_invalid` naming `field`.
    func requireAdmin(_ id: String, field: String) throws {
        guard admins.contains(where: { $0.id == id }) else {
            throw SandboxError.parameterInvalid("\(field) must be the id of a teammate in this workspace", field: field)
        }
    }

    /// The help center that content goes to when a request names none: the first one.
    var defaultHelpCenterID: String? {
        documentStore?[.helpCenter]?.order.first
    }

    /// The address of a help center's site, or `nil` when there is no such help center.
    func helpCenterURL(_ id: String?) -> String? {
        guard let id else { return nil }
        return (try? document(.helpCenter, id))?["url"]?.stringValue
    }

    /// A collection and the collections above it, outermost first; stops at a missing parent or a loop.
    func collectionChain(_ id: String) -> [[String: JSONValue]] {
        var chain: [[String: JSONValue]] = []
        var seen: Set<String> = []
        var next: String? = id
        while let current = next, seen.insert(current).inserted, let collection = try? document(.collection, current) {
            chain.insert(collection, at: 0)
            next = collection["parent_id"]?.stringValue
        }
        return chain
    }

    /// The ids of the collections nested, at any depth, under the collection `id`.
    func nestedCollectionIDs(under id: String) -> [String] {
        let all = documents(.collection)
        var found: [String] = []
        var seen: Set<String> = [id]
        var frontier: Set<String> = [id]
        while !frontier.isEmpty {
            var next: Set<String> = []
            for collection in all {
                guard let childID = collection["id"]?.stringValue, let parentID = collection["parent_id"]?.stringValue,
                    frontier.contains(parentID), seen.insert(childID).inserted
                else { continue }
                next.insert(childID)
                found.append(childID)
            }
            frontier = next
        }
        return found
    }

    /// How many levels the collection `id` and the collections under it take up (1 with none under it).
    func collectionHeight(_ id: String) -> Int {
        let base = collectionChain(id).count
        let deepest = nestedCollectionIDs(under: id).map { collectionChain($0).count }.max() ?? base
        return max(deepest - base, 0) + 1
    }

    /// The help center an article appears in: its collection's, or the default one when it has none.
    func articleHelpCenterID(_ article: [String: JSONValue]) -> String? {
        if let parentID = article["parent_id"]?.stringValue, let collection = try? document(.collection, parentID) {
            return collection["help_center_id"]?.stringValue
        }
        return defaultHelpCenterID
    }

    /// A stored article as the API answers it: ids as numbers, the chain of collections above it, its
    /// URL (only once published), and its statistics where the operation shows them.
    func articleWire(_ stored: [String: JSONValue], statistics: Bool = true) -> [String: JSONValue] {
        var article = stored
        let id = stored["id"]?.stringValue ?? ""
        let site = helpCenterURL(articleHelpCenterID(stored))
        article["author_id"] = HelpCenterContent.numericID(stored["author_id"])
        article["parent_id"] = HelpCenterContent.numericID(stored["parent_id"])
        article["parent_type"] = stored["parent_type"] ?? .null
        let chain = stored["parent_id"]?.stringValue.map { collectionChain($0) } ?? []
        article["parent_ids"] = .array(chain.map { HelpCenterContent.numericID($0["id"]) })
        article["url"] = Self.articleURL(
            site: site,
            locale: HelpCenterContent.defaultLocale,
            id: id,
            title: stored["title"]?.stringValue ?? "",
            published: stored["state"]?.stringValue == "published"
        )
        if statistics {
            article["statistics"] = stored["statistics"] ?? HelpCenterContent.emptyStatistics
        } else {
            article.removeValue(forKey: "statistics")
        }
        if let translations = stored["translated_content"]?.objectValue, !translations.isEmpty {
            var rendered: [String: JSONValue] = ["type": "article_translated_content"]
            for (locale, value) in translations {
                guard var content = value.objectValue else { continue }
                content["type"] = "article_content"
                if let author = content["author_id"] { content["author_id"] = HelpCenterContent.numericID(author) }
                let url = Self.articleURL(
                    site: site,
                    locale: locale,
                    id: id,
                    title: content["title"]?.stringValue ?? "",
                    published: content["state"]?.stringValue == "published"
                )
                if url.isNull {
                    content.removeValue(forKey: "url")
                } else {
                    content["url"] = url
                }
                rendered[locale] = .object(content)
            }
            article["translated_content"] = .object(rendered)
            article["default_locale"] = .string(HelpCenterContent.defaultLocale)
        } else {
            article.removeValue(forKey: "translated_content")
            article.removeValue(forKey: "default_locale")
        }
        return article
    }

    /// The address of a published article in one locale; `null` for a draft or without a help center.
    static func articleURL(site: String?, locale: String, id: String, title: String, published: Bool) -> JSONValue {
        guard published, let site else { return .null }
        let slug = HelpCenterContent.slug(title)
        return .string("\(site)/\(locale)/articles/\(id)" + (slug.isEmpty ? "" : "-\(slug)"))
    }

    /// A stored collection as the API answers it: its help center id as a number and its URL.
    func collectionWire(_ stored: [String: JSONValue]) -> [String: JSONValue] {
        var collection = stored
        let id = stored["id"]?.stringValue ?? ""
        collection["help_center_id"] = HelpCenterContent.numericID(stored["help_center_id"])
        collection["parent_id"] = stored["parent_id"] ?? .null
        if let site = helpCenterURL(stored["help_center_id"]?.stringValue) {
            let slug = HelpCenterContent.slug(stored["name"]?.stringValue ?? "")
            let locale = HelpCenterContent.defaultLocale
            collection["url"] = .string("\(site)/\(locale)/collections/\(id)" + (slug.isEmpty ? "" : "-\(slug)"))
        } else {
            collection["url"] = .null
        }
        if let translations = stored["translated_content"]?.objectValue, !translations.isEmpty {
            var rendered: [String: JSONValue] = ["type": "group_translated_content"]
            for (locale, value) in translations {
                guard var content = value.objectValue else { continue }
                content["type"] = "group_content"
                rendered[locale] = .object(content)
            }
            collection["translated_content"] = .object(rendered)
            collection["default_locale"] = .string(HelpCenterContent.defaultLocale)
        } else {
            collection.removeValue(forKey: "translated_content")
            collection.removeValue(forKey: "default_locale")
        }
        return collection
    }

    /// A stored internal article as the API answers it: teammate ids as numbers, without its folder.
    func internalArticleWire(_ stored: [String: JSONValue]) -> [String: JSONValue] {
        var article = stored
        article["owner_id"] = HelpCenterContent.numericID(stored["owner_id"])
        article["author_id"] = HelpCenterContent.numericID(stored["author_id"])
        article.removeValue(forKey: "folder_id")
        return article
    }
}

extension SampleWorkspace {
    /// One help center with a collection and a collection nested in it, four articles (two published, two
    /// drafts, one translated into French) and two internal articles.
    static func seedHelpCenter(into data: inout WorkspaceData, now: Int64) {
        let day: Int64 = 86_400
        let helpCenterID = "4201"
        let workspace = JSONValue.string(data.appID)
        _ = try? data.insertDocument(
            .helpCenter,
            [
                "id": .string(helpCenterID), "workspace_id": workspace, "created_at": .time(now - 120 * day),
                "updated_at": .time(now - 14 * day), "identifier": "sandbox-help", "website_turned_on": true,
                "display_name": "Sandbox Help Center", "url": "https://help.sandbox.example",
                "custom_domain": "help.sandbox.example",
            ]
        )
        let collections: [(id: String, name: String, description: String, parent: String?, age: Int64)] = [
            ("5301", "Getting started", "First steps in the sandbox workspace", nil, 100),
            ("5302", "Account setup", "Profiles, teammates and security", "5301", 90),
        ]
        for collection in collections {
            _ = try? data.insertDocument(
                .collection,
                [
                    "id": .string(collection.id), "workspace_id": workspace, "name": .string(collection.name),
                    "description": .string(collection.description), "created_at": .time(now - collection.age * day),
                    "updated_at": .time(now - collection.age * day / 2), "icon": "book-bookmark", "order": 1,
                    "parent_id": collection.parent.map(JSONValue.string) ?? .null,
                    "help_center_id": .string(helpCenterID),
                ]
            )
        }
        struct SeedArticle {
            var id: String
            var title: String
            var description: String
            var body: String
            var author: String
            var state: String
            var parent: String?
            var age: Int64
            var views: Int
        }
        let articles = [
            SeedArticle(
                id: "6401",
                title: "Welcome to the sandbox",
                description: "What the sandbox workspace holds",
                body: "Start with the sample contacts, then try a search.",
                author: ownerID,
                state: "published",
                parent: "5301",
                age: 80,
                views: 240
            ),
            SeedArticle(
                id: "6402",
                title: "Inviting your teammates",
                description: "Add teammates and give them seats",
                body: "Open Settings, choose Teammates and send an invitation.",
                author: "991267461",
                state: "published",
                parent: "5302",
                age: 60,
                views: 75
            ),
            SeedArticle(
                id: "6403",
                title: "Exporting your data",
                description: "CSV exports of contacts and conversations",
                body: "Exports run in the background and arrive by email.",
                author: "991267462",
                state: "draft",
                parent: "5301",
                age: 20,
                views: 0
            ),
            SeedArticle(
                id: "6404",
                title: "Release notes",
                description: "",
                body: "Notes for the next release go here.",
                author: ownerID,
                state: "draft",
                parent: nil,
                age: 5,
                views: 0
            ),
        ]
        for seed in articles {
            let parentType: JSONValue = seed.parent == nil ? .null : "collection"
            var article: [String: JSONValue] = [
                "type": "article", "id": .string(seed.id), "workspace_id": workspace, "title": .string(seed.title),
                "description": .string(seed.description), "body": .string(HelpCenterContent.articleHTML(seed.body)),
                "author_id": .string(seed.author), "state": .string(seed.state),
                "created_at": .time(now - seed.age * day), "updated_at": .time(now - seed.age * day / 2),
                "parent_id": seed.parent.map(JSONValue.string) ?? .null,
                "parent_type": parentType, "tags": ["type": "tag.list", "tags": []],
            ]
            var statistics = HelpCenterContent.emptyStatistics.objectValue ?? [:]
            if seed.views > 0 {
                statistics["views"] = .int(seed.views)
                statistics["conversations"] = .int(seed.views / 40)
                statistics["reactions"] = .int(seed.views / 10)
                statistics["happy_reaction_percentage"] = .int(70)
                statistics["neutral_reaction_percentage"] = .int(20)
                statistics["sad_reaction_percentage"] = .int(10)
            }
            article["statistics"] = .object(statistics)
            if seed.id == "6402" {
                let french = HelpCenterContent.articleHTML("Ouvrez les paramètres et envoyez une invitation.")
                let translated: JSONValue = [
                    "fr": [
                        "title": "Inviter vos coéquipiers", "description": "Ajouter des coéquipiers",
                        "body": .string(french),
                        "author_id": "991267461", "state": "published",
                        "created_at": .time(now - seed.age * day), "updated_at": .time(now - seed.age * day / 2),
                    ]
                ]
                article["translated_content"] = translated
            }
            _ = try? data.insertDocument(.article, article)
        }
        struct SeedInternalArticle {
            var id: String
            var title: String
            var body: String
            var owner: String
            var author: String
            var folder: String?
            var age: Int64
        }
        let internalArticles = [
            SeedInternalArticle(
                id: "8801",
                title: "Refund policy for support",
                body: "<p>Refunds up to 30 days after purchase need no approval.</p>",
                owner: ownerID,
                author: ownerID,
                folder: "31",
                age: 30
            ),
            SeedInternalArticle(
                id: "8802",
                title: "Escalation checklist",
                body: "<p>Collect the workspace id and the steps to reproduce first.</p>",
                owner: "991267461",
                author: "991267462",
                folder: nil,
                age: 20
            ),
        ]
        for item in internalArticles {
            _ = try? data.insertDocument(
                .internalArticle,
                [
                    "type": "internal_article", "id": .string(item.id), "title": .string(item.title),
                    "body": .string(item.body), "owner_id": .string(item.owner), "author_id": .string(item.author),
                    "created_at": .time(now - item.age * day), "updated_at": .time(now - item.age * day / 2),
                    "locale": "en", "folder_id": item.folder.map(JSONValue.string) ?? .null,
                ]
            )
        }
    }
}
