import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Intercom
import IntercomSandbox
import Testing

/// Articles, help centers, collections and internal articles, through the router without sockets.
@Suite("Sandbox article and help center routes")
struct ArticleRouteTests {
    /// The sample workspace's owner, and two more of its teammates.
    static let owner = 991_267_460
    static let grace = 991_267_461
    static let alan = 991_267_462
    /// The sample help center's site.
    static let site = "https://help.sandbox.example"

    @Test("Articles: create, find, list, search, update and delete")
    func articleLifecycle() async throws {
        try await withSandboxRouter { client, _ in
            let request: JSONValue = [
                "title": "Resetting a password", "description": "Steps for locked-out users",
                "body": "Open the sign-in page and choose Forgot password.", "author_id": .int(Self.owner),
                "state": "published", "parent_id": 5301, "parent_type": "collection",
                "translated_content": [
                    "fr": ["title": "Réinitialiser un mot de passe", "author_id": .int(Self.grace), "state": "draft"]
                ],
            ]
            let created = try await client.send(.post, "/articles", json: request)
            #expect(created.status == .ok)
            let article = created.json
            let id = try #require(article["id"]?.stringValue)
            #expect(article["type"] == "article")
            #expect(article["title"] == "Resetting a password")
            #expect(article["description"] == "Steps for locked-out users")
            #expect(article["body"] == "<p class=\"no-margin\">Open the sign-in page and choose Forgot password.</p>")
            #expect(article["author_id"] == JSONValue.int(Self.owner))
            #expect(article["state"] == "published")
            #expect(article["parent_id"] == 5301)
            #expect(article["parent_type"] == "collection")
            #expect(article["parent_ids"] == JSONValue.array([5301]))
            #expect(article["url"]?.stringValue == "\(Self.site)/en/articles/\(id)-resetting-a-password")
            #expect(article["statistics"]?["views"] == 0)
            #expect(article["tags"]?["type"] == "tag.list")
            #expect(article["default_locale"] == "en")
            let french = article["translated_content"]?["fr"]
            #expect(french?["title"] == "Réinitialiser un mot de passe")
            #expect(french?["author_id"] == JSONValue.int(Self.grace))
            #expect(french?["url"] == nil, "a draft translation has no address yet")

            let found = try await client.send(.get, "/articles/\(id)")
            #expect(found.status == .ok)
            #expect(found.json["title"] == "Resetting a password")

            let list = try await client.send(.get, "/articles")
            #expect(list.json["type"] == "list")
            #expect(list.json["total_count"] == 5)
            #expect(list.json["pages"]?["per_page"] == 25)
            #expect(list.json["data"]?[0]?["id"]?.stringValue == id, "the most recently updated article comes first")
            #expect(list.json["data"]?[0]?["statistics"] == nil, "listings leave statistics out")

            let search = try await client.send(.get, "/articles/search?phrase=password&state=published&highlight=true")
            #expect(search.status == .ok)
            #expect(search.json["total_count"] == 1)
            #expect(search.json["data"]?["articles"]?[0]?["id"]?.stringValue == id)
            #expect(search.json["pages"]?["per_page"] == 10)
            let highlight = search.json["data"]?["highlights"]?[0]
            #expect(highlight?["article_id"]?.stringValue == id)
            let expectedTitle: JSONValue = [
                ["type": "plain", "text": "Resetting a "], ["type": "highlight", "text": "password"],
            ]
            #expect(highlight?["highlighted_title"] == expectedTitle)
            let french1 = try await client.send(.get, "/articles/search?phrase=r%C3%A9initialiser")
            #expect(french1.json["total_count"] == 1, "translations are searched too")

            let updated = try await client.send(
                .put,
                "/articles/\(id)",
                json: ["title": "Resetting your password", "state": "draft", "parent_id": .null]
            )
            #expect(updated.status == .ok)
            #expect(updated.json["title"] == "Resetting your password")
            #expect(updated.json["description"] == "Steps for locked-out users", "fields left out stay as they were")
            #expect(updated.json["url"] == JSONValue.null, "a draft has no address")
            #expect(updated.json["parent_id"] == JSONValue.null)
            #expect(updated.json["parent_ids"] == JSONValue.array([]))
            #expect(updated.json["translated_content"]?["fr"]?["title"] == "Réinitialiser un mot de passe")

            let deleted = try await client.send(.delete, "/articles/\(id)")
            #expect(deleted.json == ["id": .string(id), "object": "article", "deleted": true])
            expectError(try await client.send(.get, "/articles/\(id)"), .notFound, "not_found")
            expectError(try await client.send(.delete, "/articles/\(id)"), .notFound, "not_found")
            #expect(try await client.send(.get, "/articles").json["total_count"] == 4)
        }
    }

    @Test("Article search filters on state and help center, and pages its results")
    func articleSearchFilters() async throws {
        try await withSandboxRouter { client, _ in
            let drafts = try await client.send(.get, "/articles/search?state=draft&help_center_id=4201")
            #expect(drafts.json["total_count"] == 2)
            #expect(drafts.json["data"]?["highlights"] == JSONValue.array([]), "no highlights unless asked for")
            let all = try await client.send(.get, "/articles/search")
            #expect(all.json["total_count"] == 4)
            let elsewhere = try await client.send(.get, "/articles/search?help_center_id=999")
            #expect(elsewhere.json["total_count"] == 0)
            let paged = try await client.send(.get, "/articles/search?per_page=3&page=2")
            #expect(paged.json["data"]?["articles"]?.arrayValue?.count == 1)
            #expect(paged.json["pages"]?["total_pages"] == 2)
            let twoWords = try await client.send(.get, "/articles/search?phrase=sandbox%20welcome")
            #expect(twoWords.json["data"]?["articles"]?[0]?["id"] == "6401", "every word must occur, in any order")

            for query in ["state=archived", "highlight=maybe"] {
                expectError(try await client.send(.get, "/articles/search?\(query)"), .badRequest, "parameter_invalid")
            }
            expectError(
                try await client.send(.get, "/articles/search?help_center_id=main"),
                .badRequest,
                "parameter_invalid"
            )
            expectError(try await client.send(.get, "/articles?per_page=0"), .badRequest, "parameter_invalid")
        }
    }

    @Test("Sample articles: statistics, translations and draft addresses")
    func sampleArticles() async throws {
        try await withSandboxRouter { client, _ in
            let translated = try await client.send(.get, "/articles/6402")
            #expect(translated.json["parent_ids"] == JSONValue.array([5301, 5302]))
            #expect(translated.json["statistics"]?["views"] == 75)
            let content = translated.json["translated_content"]
            #expect(content?["type"] == "article_translated_content")
            #expect(content?["fr"]?["type"] == "article_content")
            #expect(content?["fr"]?["author_id"] == JSONValue.int(Self.grace))
            #expect(content?["fr"]?["url"]?.stringValue?.hasPrefix("\(Self.site)/fr/articles/6402-") == true)
            let draft = try await client.send(.get, "/articles/6403")
            #expect(draft.json["state"] == "draft")
            #expect(draft.json["url"] == JSONValue.null)
            let standalone = try await client.send(.get, "/articles/6404")
            #expect(standalone.json["parent_id"] == JSONValue.null)
            #expect(standalone.json["parent_type"] == JSONValue.null)
            #expect(standalone.json["translated_content"] == nil)
        }
    }

    @Test("Article creation falls back on the default locale's translated content")
    func articleDefaultLocale() async throws {
        try await withSandboxRouter { client, _ in
            let created = try await client.send(
                .post,
                "/articles",
                json: [
                    "translated_content": [
                        "en": ["title": "Two-factor sign-in", "author_id": .int(Self.alan), "state": "published"]
                    ]
                ]
            )
            #expect(created.status == .ok)
            #expect(created.json["title"] == "Two-factor sign-in")
            #expect(created.json["author_id"] == JSONValue.int(Self.alan))
            #expect(created.json["state"] == "published")
            #expect(created.json["url"]?.stringValue?.hasSuffix("-two-factor-sign-in") == true)
            #expect(created.json["parent_id"] == JSONValue.null)
        }
    }

    /// Article bodies the API refuses, with the error code each gets.
    static let invalidArticles: [ArticleRouteInvalidBody] = [
        ArticleRouteInvalidBody(["title": "No author"], "parameter_not_found"),
        ArticleRouteInvalidBody(["author_id": .int(owner)], "parameter_not_found"),
        ArticleRouteInvalidBody(["title": "Stranger", "author_id": 12345], "parameter_invalid"),
        ArticleRouteInvalidBody(["title": "Old", "author_id": .int(owner), "state": "archived"], "parameter_invalid"),
        ArticleRouteInvalidBody(["title": 42, "author_id": .int(owner)], "parameter_invalid"),
        ArticleRouteInvalidBody(
            ["title": "Lost", "author_id": .int(owner), "parent_id": 999_999],
            "parameter_invalid"
        ),
        ArticleRouteInvalidBody(["title": "Odd", "author_id": .int(owner), "parent_type": "box"], "parameter_invalid"),
        ArticleRouteInvalidBody(
            ["title": "Klingon", "author_id": .int(owner), "translated_content": ["tlh": ["title": "Qapla'"]]],
            "parameter_invalid"
        ),
        ArticleRouteInvalidBody(
            ["title": "Not an object", "author_id": .int(owner), "translated_content": ["fr": "Bonjour"]],
            "parameter_invalid"
        ),
        ArticleRouteInvalidBody(["title": "Bad author", "author_id": true], "parameter_invalid"),
    ]

    @Test(
        "Article requests check required fields, types, closed values and references",
        arguments: ArticleRouteTests.invalidArticles
    )
    func articleValidation(invalid: ArticleRouteInvalidBody) async throws {
        try await withSandboxRouter { client, _ in
            expectError(try await client.send(.post, "/articles", json: invalid.body), .badRequest, invalid.code)
        }
    }

    @Test("Unknown articles answer 404, and updates check their values")
    func articleNotFound() async throws {
        try await withSandboxRouter { client, _ in
            expectError(try await client.send(.get, "/articles/424242"), .notFound, "not_found")
            expectError(
                try await client.send(.put, "/articles/424242", json: ["title": "Anything"]),
                .notFound,
                "not_found"
            )
            expectError(try await client.send(.delete, "/articles/424242"), .notFound, "not_found")
            expectError(
                try await client.send(.put, "/articles/6401", json: ["title": ""]),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await client.send(.put, "/articles/6401", json: ["author_id": 7]),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await client.send(.put, "/articles/6401", json: ["state": "hidden"]),
                .badRequest,
                "parameter_invalid"
            )
        }
    }

    @Test("Help centers are listed and found by id")
    func helpCenters() async throws {
        try await withSandboxRouter { client, _ in
            let list = try await client.send(.get, "/help_center/help_centers")
            #expect(list.json["type"] == "list")
            #expect(list.json["data"]?.arrayValue?.count == 1)
            #expect(list.json["pages"] == nil)
            let helpCenter = try await client.send(.get, "/help_center/help_centers/4201")
            #expect(helpCenter.json["id"] == "4201")
            #expect(helpCenter.json["display_name"] == "Sandbox Help Center")
            #expect(helpCenter.json["url"]?.stringValue == Self.site)
            #expect(helpCenter.json["website_turned_on"] == true)
            expectError(try await client.send(.get, "/help_center/help_centers/999"), .notFound, "not_found")
        }
    }

    @Test("Collections: create, nest, find, list, update, move and delete")
    func collectionLifecycle() async throws {
        try await withSandboxRouter { client, _ in
            let start = try await client.send(.get, "/help_center/collections")
            #expect(start.json["total_count"] == 2)
            #expect(start.json["pages"]?["per_page"] == 20)

            let created = try await client.send(
                .post,
                "/help_center/collections",
                json: ["name": "Troubleshooting", "description": "When something goes wrong"]
            )
            #expect(created.status == .ok)
            let id = try #require(created.json["id"]?.stringValue)
            #expect(created.json["type"] == nil, "collections carry no type in 2.14")
            #expect(created.json["name"] == "Troubleshooting")
            #expect(created.json["help_center_id"] == 4201)
            #expect(created.json["parent_id"] == JSONValue.null)
            #expect(created.json["order"] == 2, "after the sample's one top-level collection")
            #expect(created.json["icon"] == "book-bookmark")
            #expect(created.json["url"]?.stringValue == "\(Self.site)/en/collections/\(id)-troubleshooting")

            let nested = try await client.send(
                .post,
                "/help_center/collections",
                json: ["name": "Error codes", "parent_id": .string(id)]
            )
            let nestedID = try #require(nested.json["id"]?.stringValue)
            #expect(nested.json["parent_id"]?.stringValue == id)
            #expect(nested.json["help_center_id"] == 4201)
            #expect(nested.json["order"] == 1)
            #expect(nested.json["description"] == "")

            let found = try await client.send(.get, "/help_center/collections/\(nestedID)")
            #expect(found.json["name"] == "Error codes")

            let moved = try await client.send(
                .put,
                "/help_center/collections/\(nestedID)",
                json: ["name": "Error messages", "parent_id": .null, "description": .null]
            )
            #expect(moved.status == .ok)
            #expect(moved.json["name"] == "Error messages")
            #expect(moved.json["parent_id"] == JSONValue.null)
            #expect(moved.json["description"] == JSONValue.null)
            #expect(moved.json["order"] == 3)

            let list = try await client.send(.get, "/help_center/collections")
            #expect(list.json["total_count"] == 4)
            #expect(list.json["data"]?[0]?["id"]?.stringValue == nestedID, "the most recently updated comes first")

            let deleted = try await client.send(.delete, "/help_center/collections/\(id)")
            #expect(deleted.json == ["id": .string(id), "object": "collection", "deleted": true])
            expectError(try await client.send(.get, "/help_center/collections/\(id)"), .notFound, "not_found")
            #expect(try await client.send(.get, "/help_center/collections").json["total_count"] == 3)
        }
    }

    @Test("Deleting a collection deletes the collections in it and leaves their articles without a parent")
    func collectionDeleteCascade() async throws {
        try await withSandboxRouter { client, _ in
            let deleted = try await client.send(.delete, "/help_center/collections/5301")
            #expect(deleted.status == .ok)
            expectError(try await client.send(.get, "/help_center/collections/5302"), .notFound, "not_found")
            for id in ["6401", "6402"] {
                let article = try await client.send(.get, "/articles/\(id)")
                #expect(article.status == .ok, "articles outlive their collection")
                #expect(article.json["parent_id"] == JSONValue.null)
                #expect(article.json["parent_ids"] == JSONValue.array([]))
            }
            #expect(try await client.send(.get, "/articles").json["total_count"] == 4)
        }
    }

    @Test("Collection requests check names, references, nesting depth and loops")
    func collectionValidation() async throws {
        try await withSandboxRouter { client, _ in
            let path = "/help_center/collections"
            expectError(try await client.send(.post, path, json: [:]), .badRequest, "parameter_not_found")
            expectError(
                try await client.send(.post, path, json: ["description": "Missing required parameter"]),
                .badRequest,
                "parameter_not_found"
            )
            expectError(try await client.send(.post, path, json: ["name": 7]), .badRequest, "parameter_invalid")
            expectError(
                try await client.send(.post, path, json: ["name": "Elsewhere", "help_center_id": 999]),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await client.send(.post, path, json: ["name": "Orphan", "parent_id": "999"]),
                .badRequest,
                "parameter_invalid"
            )
            let third = try await client.send(.post, path, json: ["name": "Two-factor", "parent_id": "5302"])
            #expect(third.status == .ok, "a third level is allowed")
            let thirdID = try #require(third.json["id"]?.stringValue)
            expectError(
                try await client.send(.post, path, json: ["name": "Too deep", "parent_id": .string(thirdID)]),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await client.send(.put, "\(path)/5301", json: ["parent_id": "5302"]),
                .badRequest,
                "parameter_invalid"
            )
            let blank = try await client.send(.put, "\(path)/5301", json: ["name": ""])
            expectError(blank, .badRequest, "parameter_invalid")
            expectError(try await client.send(.get, "\(path)/999"), .notFound, "not_found")
            expectError(try await client.send(.put, "\(path)/999", json: ["name": "x"]), .notFound, "not_found")
            expectError(try await client.send(.delete, "\(path)/999"), .notFound, "not_found")
        }
    }

    @Test("Internal articles: create, find, list, search by folder and phrase, update and delete")
    func internalArticleLifecycle() async throws {
        try await withSandboxRouter { client, _ in
            let start = try await client.send(.get, "/internal_articles")
            #expect(start.json["total_count"] == 2)
            #expect(start.json["pages"]?["per_page"] == 25)

            let created = try await client.send(
                .post,
                "/internal_articles",
                json: [
                    "title": "Handling chargebacks", "body": "<p>Answer the bank within 24 hours.</p>",
                    "owner_id": .int(Self.owner), "author_id": .int(Self.grace), "folder_id": "31",
                ]
            )
            #expect(created.status == .ok)
            let id = try #require(created.json["id"]?.stringValue)
            #expect(created.json["type"] == "internal_article")
            #expect(created.json["title"] == "Handling chargebacks")
            #expect(created.json["body"] == "<p>Answer the bank within 24 hours.</p>")
            #expect(created.json["owner_id"] == JSONValue.int(Self.owner))
            #expect(created.json["author_id"] == JSONValue.int(Self.grace))
            #expect(created.json["locale"] == "en")
            #expect(created.json["folder_id"] == nil, "folders are not part of the 2.14 object")

            let found = try await client.send(.get, "/internal_articles/\(id)")
            #expect(found.json["title"] == "Handling chargebacks")

            let folder = try await client.send(.get, "/internal_articles/search?folder_id=31")
            #expect(folder.json["total_count"] == 2)
            #expect(folder.json["data"]?["internal_articles"]?[0]?["id"]?.stringValue == id)
            #expect(folder.json["pages"]?["per_page"] == 10)
            let phrase = try await client.send(.get, "/internal_articles/search?phrase=bank")
            #expect(phrase.json["total_count"] == 1)
            let both = try await client.send(.get, "/internal_articles/search?folder_id=31&phrase=refunds")
            #expect(both.json["data"]?["internal_articles"]?[0]?["id"] == "8801")
            let none = try await client.send(.get, "/internal_articles/search?folder_id=77")
            #expect(none.json["total_count"] == 0)

            let updated = try await client.send(
                .put,
                "/internal_articles/\(id)",
                json: ["title": "Handling chargebacks and disputes", "owner_id": .int(Self.alan)]
            )
            #expect(updated.status == .ok)
            #expect(updated.json["title"] == "Handling chargebacks and disputes")
            #expect(updated.json["owner_id"] == JSONValue.int(Self.alan))
            #expect(updated.json["author_id"] == JSONValue.int(Self.grace))

            let deleted = try await client.send(.delete, "/internal_articles/\(id)")
            #expect(deleted.json == ["id": .string(id), "object": "internal_article", "deleted": true])
            expectError(try await client.send(.get, "/internal_articles/\(id)"), .notFound, "not_found")
            #expect(try await client.send(.get, "/internal_articles").json["total_count"] == 2)
        }
    }

    /// Internal article bodies the API refuses, with the error code each gets.
    static let invalidInternalArticles: [ArticleRouteInvalidBody] = [
        ArticleRouteInvalidBody(
            ["body": "Untitled", "owner_id": .int(owner), "author_id": .int(owner)],
            "parameter_not_found"
        ),
        ArticleRouteInvalidBody(["title": "No author", "owner_id": .int(owner)], "parameter_not_found"),
        ArticleRouteInvalidBody(["title": "No owner", "author_id": .int(owner)], "parameter_not_found"),
        ArticleRouteInvalidBody(["title": "Stranger", "owner_id": 5, "author_id": .int(owner)], "parameter_invalid"),
        ArticleRouteInvalidBody(
            ["title": "Klingon", "owner_id": .int(owner), "author_id": .int(owner), "locale": "tlh"],
            "parameter_invalid"
        ),
        ArticleRouteInvalidBody(["title": ["x"], "owner_id": .int(owner), "author_id": 7], "parameter_invalid"),
    ]

    @Test(
        "Internal article requests check required fields, teammates and locales",
        arguments: ArticleRouteTests.invalidInternalArticles
    )
    func internalArticleValidation(invalid: ArticleRouteInvalidBody) async throws {
        try await withSandboxRouter { client, _ in
            let response = try await client.send(.post, "/internal_articles", json: invalid.body)
            expectError(response, .badRequest, invalid.code)
        }
    }

    @Test("Unknown internal articles answer 404")
    func internalArticleNotFound() async throws {
        try await withSandboxRouter { client, _ in
            expectError(try await client.send(.get, "/internal_articles/424242"), .notFound, "not_found")
            expectError(
                try await client.send(.put, "/internal_articles/424242", json: ["title": "Anything"]),
                .notFound,
                "not_found"
            )
            expectError(try await client.send(.delete, "/internal_articles/424242"), .notFound, "not_found")
        }
    }
}

/// A request body the sandbox must refuse, and the error code it answers.
struct ArticleRouteInvalidBody: Sendable, CustomStringConvertible {
    var body: JSONValue
    var code: String

    init(_ body: JSONValue, _ code: String) {
        self.body = body
        self.code = code
    }

    var description: String { "\(body) -> \(code)" }
}
