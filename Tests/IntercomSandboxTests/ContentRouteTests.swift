import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Intercom
import IntercomSandbox
import Testing

/// News, visitors, custom object instances and Fin's content library, through the router without sockets.
@Suite("Sandbox news, visitor, custom object and AI content routes")
struct ContentRouteTests {
    /// The sample workspace's owner and a second teammate.
    static let owner = 991_267_460
    static let grace = 991_267_461
    /// The sample visitor's anonymous id.
    static let visitorUserID = "5e2f7c1a-8d4b-4b7e-9a61-0c3d2b1a9f10"
    /// The sample visitor's Intercom id.
    static let visitorID = "65f1c0ffee5a4d0001be0001"
    /// The sandbox clock's starting time.
    static let now = 1_700_000_000

    /// The `id`s of a listing's `data`, in order.
    static func ids(_ response: TestResponse) -> [String] {
        (response.json["data"]?.arrayValue ?? []).compactMap { item in
            item["id"]?.stringValue ?? item["id"]?.intValue.map(String.init)
        }
    }

    // MARK: News

    @Test("News items: create, find, list, publish in a newsfeed, update and delete")
    func newsLifecycle() async throws {
        try await withSandboxRouter { client, _ in
            let feeds = try await client.send(.get, "/news/newsfeeds")
            #expect(feeds.status == .ok)
            #expect(feeds.json["type"] == "list")
            #expect(Self.ids(feeds) == ["3101", "3102"])
            #expect(feeds.json["pages"]?["per_page"] == 10)
            let feed = try await client.send(.get, "/news/newsfeeds/3102")
            #expect(feed.json["type"] == "newsfeed")
            #expect(feed.json["name"] == "Public website")

            let created = try await client.send(
                .post,
                "/news/news_items",
                json: [
                    "title": "Invoices in your language", "body": "<p>Pick a language for invoices.</p>",
                    "sender_id": .int(Self.grace), "state": "live", "labels": ["Update", "Billing", "Update"],
                    "reactions": ["💸"], "deliver_silently": true,
                    "newsfeed_assignments": [["newsfeed_id": 3102, "published_at": .int(Self.now - 100)]],
                ]
            )
            #expect(created.status == .ok)
            let item = created.json
            let id = try #require(item["id"]?.stringValue)
            #expect(item["type"] == "news-item")
            #expect(item["title"] == "Invoices in your language")
            #expect(item["sender_id"] == JSONValue.int(Self.grace))
            #expect(item["state"] == "live")
            #expect(item["labels"] == JSONValue.array(["Billing", "Update"]), "labels come back once each, sorted")
            #expect(item["reactions"] == JSONValue.array(["💸"]))
            #expect(item["deliver_silently"] == true)
            #expect(item["cover_image_url"] == JSONValue.null)
            #expect(item["newsfeed_assignments"]?[0]?["newsfeed_id"] == 3102)
            #expect(item["newsfeed_assignments"]?[0]?["published_at"] == JSONValue.int(Self.now - 100))

            let found = try await client.send(.get, "/news/news_items/\(id)")
            #expect(found.json["body"] == "<p>Pick a language for invoices.</p>")
            let list = try await client.send(.get, "/news/news_items")
            #expect(list.json["total_count"] == 4)
            #expect(Self.ids(list).last == id)

            let feedItems = try await client.send(.get, "/news/newsfeeds/3102/items")
            #expect(feedItems.status == .ok)
            #expect(Self.ids(feedItems) == [id, "3201"], "live items, most recently published first")
            #expect(feedItems.json["pages"]?["per_page"] == 20)

            let updated = try await client.send(
                .put,
                "/news/news_items/\(id)",
                json: ["title": "Invoices in more languages", "sender_id": .int(Self.owner), "state": "draft"]
            )
            #expect(updated.status == .ok)
            #expect(updated.json["title"] == "Invoices in more languages")
            #expect(updated.json["sender_id"] == JSONValue.int(Self.owner))
            let labels = JSONValue.array(["Billing", "Update"])
            #expect(updated.json["labels"] == labels, "what the update leaves out stays")
            let afterDraft = try await client.send(.get, "/news/newsfeeds/3102/items")
            #expect(Self.ids(afterDraft) == ["3201"], "a draft is not live in its newsfeed")

            let deleted = try await client.send(.delete, "/news/news_items/\(id)")
            #expect(deleted.status == .ok)
            #expect(deleted.json == JSONValue.object(["id": .string(id), "object": "news-item", "deleted": true]))
            expectError(try await client.send(.get, "/news/news_items/\(id)"), .notFound, "not_found")
            #expect(try await client.send(.get, "/news/news_items").json["total_count"] == 3)
        }
    }

    @Test("A draft set live without new assignments is published now in its newsfeeds")
    func draftGoesLive() async throws {
        try await withSandboxRouter { client, _ in
            let draft = try await client.send(
                .post,
                "/news/news_items",
                json: [
                    "title": "Coming soon", "sender_id": .int(Self.owner),
                    "newsfeed_assignments": [["newsfeed_id": "3101"]],
                ]
            )
            #expect(draft.json["state"] == "draft", "items start as drafts")
            #expect(draft.json["reactions"]?.arrayValue?.count == 4)
            let id = try #require(draft.json["id"]?.stringValue)
            let beforeLive = try await client.send(.get, "/news/newsfeeds/3101/items")
            #expect(!Self.ids(beforeLive).contains(id), "a draft is not in its newsfeed")
            _ = try await client.send(.post, "/sandbox/clock/advance", json: ["seconds": 60])
            let live = try await client.send(
                .put,
                "/news/news_items/\(id)",
                json: ["title": "Coming soon", "sender_id": .int(Self.owner), "state": "live"]
            )
            #expect(live.json["newsfeed_assignments"]?[0]?["published_at"] == JSONValue.int(Self.now + 60))
            let afterLive = try await client.send(.get, "/news/newsfeeds/3101/items")
            #expect(Self.ids(afterLive).first == id)
        }
    }

    @Test("News items: required fields, states, senders, newsfeeds and unknown ids")
    func newsValidation() async throws {
        try await withSandboxRouter { client, _ in
            let sender = JSONValue.int(Self.owner)
            let cases: [(JSONValue, HTTPResponse.Status, String)] = [
                (["sender_id": sender], .badRequest, "parameter_not_found"),
                (["title": "No sender"], .badRequest, "parameter_not_found"),
                (["title": "T", "sender_id": sender, "state": "published"], .badRequest, "parameter_invalid"),
                (["title": "T", "sender_id": "grace"], .badRequest, "parameter_invalid"),
                (["title": "T", "sender_id": sender, "labels": "Product"], .badRequest, "parameter_invalid"),
                (["title": "T", "sender_id": sender, "deliver_silently": "yes"], .badRequest, "parameter_invalid"),
                (["title": "T", "sender_id": 12345], .notFound, "admin_not_found"),
                (
                    ["title": "T", "sender_id": sender, "newsfeed_assignments": [["newsfeed_id": 999]]],
                    .notFound, "not_found"
                ),
                (
                    ["title": "T", "sender_id": sender, "newsfeed_assignments": [["published_at": 1]]],
                    .badRequest, "parameter_not_found"
                ),
                (
                    [
                        "title": "T", "sender_id": sender, "state": "live",
                        "newsfeed_assignments": [["newsfeed_id": 3101, "published_at": .int(Self.now + 3_600)]],
                    ],
                    .badRequest, "parameter_invalid"
                ),
            ]
            for (body, status, code) in cases {
                expectError(try await client.send(.post, "/news/news_items", json: body), status, code)
            }
            #expect(try await client.send(.get, "/news/news_items").json["total_count"] == 3, "nothing was stored")
            let valid: JSONValue = ["title": "T", "sender_id": sender]
            expectError(try await client.send(.get, "/news/news_items/404"), .notFound, "not_found")
            expectError(try await client.send(.put, "/news/news_items/404", json: valid), .notFound, "not_found")
            expectError(try await client.send(.delete, "/news/news_items/404"), .notFound, "not_found")
            expectError(try await client.send(.get, "/news/newsfeeds/404"), .notFound, "not_found")
            expectError(try await client.send(.get, "/news/newsfeeds/404/items"), .notFound, "not_found")
            expectError(
                try await client.send(.get, "/news/news_items?per_page=0"),
                .badRequest,
                "parameter_invalid"
            )
        }
    }

    // MARK: Visitors

    @Test("Visitors: find by user_id, update by user_id and by id")
    func visitorLifecycle() async throws {
        try await withSandboxRouter { client, _ in
            let found = try await client.send(.get, "/visitors?user_id=\(Self.visitorUserID)")
            #expect(found.status == .ok)
            #expect(found.json["type"] == "visitor")
            #expect(found.json["id"]?.stringValue == Self.visitorID)
            #expect(found.json["anonymous"] == true)
            #expect(found.json["name"] == JSONValue.null)
            #expect(found.json["companies"]?["type"] == "company.list")

            let renamed = try await client.send(
                .put,
                "/visitors",
                json: [
                    "user_id": .string(Self.visitorUserID), "name": "Rosa Lantern",
                    "custom_attributes": ["plan_interest": "team", "landing_page": .null],
                ]
            )
            #expect(renamed.status == .ok)
            #expect(renamed.json["name"] == "Rosa Lantern")
            let attributes = JSONValue.object(["plan_interest": "team"])
            #expect(renamed.json["custom_attributes"] == attributes, "null removes an attribute")
            #expect(renamed.json["updated_at"] == JSONValue.int(Self.now))

            let byID = try await client.send(.put, "/visitors", json: ["id": .string(Self.visitorID), "name": "Rosa"])
            #expect(byID.json["name"] == "Rosa")
            let again = try await client.send(.get, "/visitors?user_id=\(Self.visitorUserID)")
            #expect(again.json["name"] == "Rosa")
            #expect(again.json["custom_attributes"]?["plan_interest"] == "team")
        }
    }

    @Test("Converting a visitor to a new user creates the contact and removes the visitor")
    func convertToNewUser() async throws {
        try await withSandboxRouter { client, _ in
            _ = try await client.send(.put, "/visitors", json: ["id": .string(Self.visitorID), "name": "Rosa Lantern"])
            let converted = try await client.send(
                .post,
                "/visitors/convert",
                json: [
                    "type": "user", "visitor": ["user_id": .string(Self.visitorUserID)],
                    "user": ["email": "rosa@sandbox.example", "user_id": "user-2001"],
                ]
            )
            #expect(converted.status == .ok)
            let contact = converted.json
            let id = try #require(contact["id"]?.stringValue)
            #expect(contact["type"] == "contact")
            #expect(contact["role"] == "user")
            #expect(contact["email"] == "rosa@sandbox.example")
            #expect(contact["external_id"] == "user-2001")
            #expect(contact["name"] == "Rosa Lantern")
            #expect(contact["custom_attributes"]?["landing_page"] == "/pricing")
            #expect(contact["signed_up_at"] == JSONValue.int(Self.now))
            #expect(try await client.send(.get, "/contacts/\(id)").json["email"] == "rosa@sandbox.example")
            expectError(
                try await client.send(.get, "/visitors?user_id=\(Self.visitorUserID)"),
                .notFound,
                "not_found"
            )
        }
    }

    @Test("Converting a visitor into an existing user merges it; a lead conversion needs no identifiers")
    func convertIntoExisting() async throws {
        try await withSandboxRouter { client, _ in
            let before = try await client.send(.get, "/contacts").json["total_count"]
            let merged = try await client.send(
                .post,
                "/visitors/convert",
                json: ["type": "user", "visitor": ["id": .string(Self.visitorID)], "user": ["user_id": "user-1002"]]
            )
            #expect(merged.status == .ok)
            #expect(merged.json["id"] == "6560c0a15f4d1a0001ab0002")
            #expect(merged.json["name"] == "Katherine Johnson", "the user keeps its own values")
            #expect(merged.json["custom_attributes"]?["plan"] == "starter")
            #expect(merged.json["custom_attributes"]?["landing_page"] == "/pricing")
            let after = try await client.send(.get, "/contacts").json["total_count"]
            #expect(after == before, "no contact was added")
        }
        try await withSandboxRouter { client, _ in
            let lead = try await client.send(
                .post,
                "/visitors/convert",
                json: ["type": "lead", "visitor": ["user_id": .string(Self.visitorUserID)], "user": [:]]
            )
            #expect(lead.status == .ok)
            #expect(lead.json["role"] == "lead")
            #expect(lead.json["signed_up_at"] == JSONValue.null)
        }
    }

    @Test("Visitors: required identifiers, types and unknown visitors")
    func visitorValidation() async throws {
        try await withSandboxRouter { client, _ in
            expectError(try await client.send(.get, "/visitors"), .badRequest, "parameter_not_found")
            expectError(try await client.send(.get, "/visitors?user_id=nobody"), .notFound, "not_found")
            #expect(
                try await client.send(.get, "/visitors?user_id=nobody").json["errors"]?[0]?["message"]
                    == "Visitor Not Found"
            )
            expectError(
                try await client.send(.put, "/visitors", json: ["name": "X"]),
                .badRequest,
                "parameter_not_found"
            )
            expectError(
                try await client.send(.put, "/visitors", json: ["user_id": "nobody", "name": "X"]),
                .notFound,
                "not_found"
            )
            expectError(
                try await client.send(.put, "/visitors", json: ["id": .string(Self.visitorID), "name": 7]),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await client.send(
                    .put,
                    "/visitors",
                    json: ["id": .string(Self.visitorID), "custom_attributes": ["nested": ["a": 1]]]
                ),
                .badRequest,
                "parameter_invalid"
            )
            let visitor: JSONValue = ["user_id": .string(Self.visitorUserID)]
            let cases: [(JSONValue, HTTPResponse.Status, String)] = [
                (["visitor": visitor, "user": ["email": "a@sandbox.example"]], .badRequest, "parameter_not_found"),
                (["type": "admin", "visitor": visitor, "user": [:]], .badRequest, "parameter_invalid"),
                (["type": "lead", "user": [:]], .badRequest, "parameter_not_found"),
                (["type": "lead", "visitor": visitor], .badRequest, "parameter_not_found"),
                (["type": "lead", "visitor": [:], "user": [:]], .badRequest, "parameter_not_found"),
                (["type": "user", "visitor": visitor, "user": [:]], .badRequest, "parameter_not_found"),
                (["type": "user", "visitor": visitor, "user": ["email": 5]], .badRequest, "parameter_invalid"),
                (
                    ["type": "user", "visitor": visitor, "user": ["id": "000000000000000000000000"]],
                    .notFound, "not_found"
                ),
                (
                    ["type": "user", "visitor": ["user_id": "nobody"], "user": ["email": "b@x.example"]],
                    .notFound, "not_found"
                ),
            ]
            for (body, status, code) in cases {
                expectError(try await client.send(.post, "/visitors/convert", json: body), status, code)
            }
            #expect(try await client.send(.get, "/visitors?user_id=\(Self.visitorUserID)").status == .ok)
        }
    }

    // MARK: Custom object instances

    @Test("Custom object instances: upsert by external_id, find by id and external_id, delete both ways")
    func customObjectLifecycle() async throws {
        try await withSandboxRouter { client, _ in
            let created = try await client.send(
                .post,
                "/custom_object_instances/Order",
                json: [
                    "external_id": "ord-9001", "external_created_at": .int(Self.now - 600),
                    "custom_attributes": ["order_number": "SBX-9001", "total_amount": 18.75, "status": "pending"],
                ]
            )
            #expect(created.status == .ok)
            let id = try #require(created.json["id"]?.stringValue)
            #expect(created.json["type"] == "Order")
            #expect(created.json["external_id"] == "ord-9001")
            #expect(created.json["external_created_at"] == JSONValue.int(Self.now - 600))
            #expect(created.json["external_updated_at"] == JSONValue.null)
            #expect(created.json["custom_attributes"]?["total_amount"] == 18.75)

            let byExternalID = try await client.send(.get, "/custom_object_instances/Order?external_id=ord-9001")
            #expect(byExternalID.json["id"]?.stringValue == id)
            let byID = try await client.send(.get, "/custom_object_instances/Order/\(id)")
            #expect(byID.json["external_id"] == "ord-9001")
            let byExternalPath = try await client.send(.get, "/custom_object_instances/Order/ord-9001")
            #expect(byExternalPath.json["id"]?.stringValue == id, "the path also takes the external id")

            _ = try await client.send(.post, "/sandbox/clock/advance", json: ["seconds": 30])
            let updated = try await client.send(
                .post,
                "/custom_object_instances/Order",
                json: [
                    "external_id": "ord-9001", "external_updated_at": .int(Self.now),
                    "custom_attributes": ["status": "shipped", "total_amount": .null],
                ]
            )
            #expect(updated.json["id"]?.stringValue == id, "the same external_id updates the instance")
            #expect(
                updated.json["custom_attributes"]
                    == JSONValue.object(["order_number": "SBX-9001", "status": "shipped"])
            )
            #expect(updated.json["external_created_at"] == JSONValue.int(Self.now - 600))
            #expect(updated.json["updated_at"] == JSONValue.int(Self.now + 30))

            let deleted = try await client.send(.delete, "/custom_object_instances/Order/\(id)")
            #expect(deleted.json == JSONValue.object(["id": .string(id), "object": "Order", "deleted": true]))
            expectError(try await client.send(.get, "/custom_object_instances/Order/\(id)"), .notFound, "not_found")

            let byExternal = try await client.send(.delete, "/custom_object_instances/Order?external_id=ord-5002")
            #expect(byExternal.json == JSONValue.object(["id": "3302", "object": "Order", "deleted": true]))
            expectError(
                try await client.send(.get, "/custom_object_instances/Order?external_id=ord-5002"),
                .notFound,
                "not_found"
            )
            #expect(try await client.send(.get, "/custom_object_instances/Order/3301").status == .ok)
        }
    }

    @Test("Custom object instances: unknown types, required external_id and the type's attributes")
    func customObjectValidation() async throws {
        try await withSandboxRouter { client, _ in
            let unknownType = try await client.send(
                .post,
                "/custom_object_instances/Invoice",
                json: ["external_id": "1"]
            )
            expectError(unknownType, .notFound, "not_found")
            #expect(unknownType.json["errors"]?[0]?["message"] == "Custom object type `Invoice` not found")
            expectError(
                try await client.send(.get, "/custom_object_instances/Invoice?external_id=1"),
                .notFound,
                "not_found"
            )
            expectError(try await client.send(.get, "/custom_object_instances/Invoice/3301"), .notFound, "not_found")
            let cases: [(JSONValue, String)] = [
                (["custom_attributes": ["status": "new"]], "parameter_not_found"),
                (["external_id": 17], "parameter_invalid"),
                (["external_id": "x", "custom_attributes": ["colour": "red"]], "parameter_invalid"),
                (["external_id": "x", "custom_attributes": ["total_amount": "lots"]], "parameter_invalid"),
                (["external_id": "x", "custom_attributes": ["item_count": 1.5]], "parameter_invalid"),
                (["external_id": "x", "custom_attributes": "status"], "parameter_invalid"),
                (["external_id": "x", "external_created_at": "yesterday"], "parameter_invalid"),
            ]
            for (body, code) in cases {
                let response = try await client.send(.post, "/custom_object_instances/Order", json: body)
                expectError(response, .badRequest, code)
            }
            expectError(
                try await client.send(.get, "/custom_object_instances/Order"),
                .badRequest,
                "parameter_not_found"
            )
            expectError(
                try await client.send(.delete, "/custom_object_instances/Order"),
                .badRequest,
                "parameter_not_found"
            )
            expectError(try await client.send(.get, "/custom_object_instances/Order/9999"), .notFound, "not_found")
            expectError(try await client.send(.delete, "/custom_object_instances/Order/9999"), .notFound, "not_found")
            expectError(
                try await client.send(.delete, "/custom_object_instances/Order/ord-5001"),
                .notFound,
                "not_found"
            )
        }
    }

    // MARK: AI content

    @Test("Content import sources: create, find, list, update, and delete with their pages")
    func contentImportSourceLifecycle() async throws {
        try await withSandboxRouter { client, _ in
            let list = try await client.send(.get, "/ai/content_import_sources")
            #expect(list.json["type"] == "list")
            #expect(list.json["total_count"] == 1)
            #expect(list.json["data"]?[0]?["id"] == 3401, "a source's id is a number")
            #expect(list.json["pages"]?["per_page"] == 50)

            let created = try await client.send(
                .post,
                "/ai/content_import_sources",
                json: ["sync_behavior": "api", "url": "https://kb.sandbox.example"]
            )
            #expect(created.status == .ok)
            let number = try #require(created.json["id"]?.intValue)
            #expect(created.json["type"] == "content_import_source")
            #expect(created.json["status"] == "active")
            #expect(created.json["sync_behavior"] == "api")
            #expect(created.json["last_synced_at"] == JSONValue.int(Self.now))

            #expect(
                try await client.send(.get, "/ai/content_import_sources/\(number)").json["url"]
                    == "https://kb.sandbox.example"
            )
            let updated = try await client.send(
                .put,
                "/ai/content_import_sources/\(number)",
                json: ["sync_behavior": "api", "url": "https://kb2.sandbox.example", "status": "deactivated"]
            )
            #expect(updated.json["url"] == "https://kb2.sandbox.example")
            #expect(updated.json["status"] == "deactivated")
            #expect(try await client.send(.get, "/ai/content_import_sources").json["total_count"] == 2)

            let page = try await client.send(
                .post,
                "/ai/external_pages",
                json: [
                    "title": "Shortcuts", "html": "<p>Press ? for help.</p>", "locale": "en",
                    "source_id": .int(number), "external_id": "shortcuts",
                ]
            )
            let pageID = try #require(page.json["id"]?.stringValue)
            let deleted = try await client.send(.delete, "/ai/content_import_sources/\(number)")
            #expect(deleted.status == .noContent)
            expectError(try await client.send(.get, "/ai/content_import_sources/\(number)"), .notFound, "not_found")
            expectError(try await client.send(.get, "/ai/external_pages/\(pageID)"), .notFound, "not_found")
            #expect(try await client.send(.get, "/ai/external_pages").json["total_count"] == 2)
        }
    }

    @Test("External pages: create, upsert by external_id, list newest first, update and delete")
    func externalPageLifecycle() async throws {
        try await withSandboxRouter { client, _ in
            var fields: [String: JSONValue] = [
                "title": "Exporting data", "html": "<p>Use the export button.</p>",
                "url": "https://docs.sandbox.example/export", "locale": "en", "source_id": 3401,
                "external_id": "export", "ai_agent_availability": true,
            ]
            let created = try await client.send(.post, "/ai/external_pages", json: .object(fields))
            #expect(created.status == .ok)
            let id = try #require(created.json["id"]?.stringValue)
            #expect(created.json["type"] == "external_page")
            #expect(created.json["source_id"] == 3401)
            #expect(created.json["ai_agent_availability"] == true)
            #expect(created.json["ai_copilot_availability"] == false)
            #expect(created.json["locale"] == "en")

            fields["title"] = "Exporting your data"
            let upserted = try await client.send(.post, "/ai/external_pages", json: .object(fields))
            #expect(upserted.json["id"]?.stringValue == id, "the same source and external_id update the page")
            #expect(upserted.json["title"] == "Exporting your data")

            let list = try await client.send(.get, "/ai/external_pages")
            #expect(list.json["total_count"] == 3)
            #expect(Self.ids(list) == [id, "3502", "3501"])

            let updated = try await client.send(
                .put,
                "/ai/external_pages/\(id)",
                json: [
                    "title": "Exports", "html": "<p>Exports run nightly.</p>",
                    "url": "https://docs.sandbox.example/exports", "locale": "en", "source_id": 3401,
                    "fin_availability": false,
                ]
            )
            #expect(updated.status == .ok)
            #expect(updated.json["title"] == "Exports")
            #expect(updated.json["external_id"] == "export")
            #expect(updated.json["fin_availability"] == false)
            let found = try await client.send(.get, "/ai/external_pages/\(id)")
            #expect(found.json["html"] == "<p>Exports run nightly.</p>")

            let deleted = try await client.send(.delete, "/ai/external_pages/\(id)")
            #expect(deleted.status == .ok)
            #expect(deleted.json["id"]?.stringValue == id)
            #expect(deleted.json["html"] == "")
            expectError(try await client.send(.get, "/ai/external_pages/\(id)"), .notFound, "not_found")
        }
    }

    @Test("AI content: sync behaviours, URLs, required page fields, unknown sources and clashing external ids")
    func aiContentValidation() async throws {
        try await withSandboxRouter { client, _ in
            let sources: [(JSONValue, String)] = [
                (["url": "https://a.sandbox.example"], "parameter_not_found"),
                (["sync_behavior": "api"], "parameter_not_found"),
                (["sync_behavior": "manual", "url": "https://a.sandbox.example"], "parameter_invalid"),
                (["sync_behavior": "api", "url": "not a url"], "parameter_invalid"),
                (
                    ["sync_behavior": "api", "url": "https://a.sandbox.example", "status": "paused"],
                    "parameter_invalid"
                ),
            ]
            for (body, code) in sources {
                expectError(try await client.send(.post, "/ai/content_import_sources", json: body), .badRequest, code)
            }
            expectError(
                try await client.send(
                    .put,
                    "/ai/content_import_sources/3401",
                    json: ["sync_behavior": "manual", "url": "https://docs.sandbox.example"]
                ),
                .badRequest,
                "parameter_invalid"
            )
            expectError(
                try await client.send(
                    .put,
                    "/ai/content_import_sources/9999",
                    json: ["sync_behavior": "api", "url": "https://docs.sandbox.example"]
                ),
                .notFound,
                "not_found"
            )
            expectError(try await client.send(.delete, "/ai/content_import_sources/9999"), .notFound, "not_found")

            let page: [String: JSONValue] = [
                "title": "T", "html": "<p>x</p>", "locale": "en", "source_id": 3401, "external_id": "t-1",
            ]
            func without(_ key: String) -> JSONValue { .object(page.filter { $0.key != key }) }
            func with(_ key: String, _ value: JSONValue) -> JSONValue { .object(page.merging([key: value]) { $1 }) }
            let pages: [(JSONValue, HTTPResponse.Status, String)] = [
                (without("title"), .badRequest, "parameter_not_found"),
                (without("html"), .badRequest, "parameter_not_found"),
                (without("locale"), .badRequest, "parameter_not_found"),
                (without("source_id"), .badRequest, "parameter_not_found"),
                (without("external_id"), .badRequest, "parameter_not_found"),
                (with("locale", "fr"), .badRequest, "parameter_invalid"),
                (with("ai_agent_availability", "yes"), .badRequest, "parameter_invalid"),
                (with("source_id", 9999), .notFound, "not_found"),
            ]
            for (body, status, code) in pages {
                expectError(try await client.send(.post, "/ai/external_pages", json: body), status, code)
            }
            expectError(
                try await client.send(
                    .put,
                    "/ai/external_pages/3501",
                    json: ["title": "T", "html": "<p>x</p>", "locale": "en", "source_id": 3401]
                ),
                .badRequest,
                "parameter_not_found"
            )
            expectError(
                try await client.send(
                    .put,
                    "/ai/external_pages/3501",
                    json: [
                        "title": "T", "html": "<p>x</p>", "url": "https://docs.sandbox.example/t", "locale": "en",
                        "source_id": 3401, "external_id": "billing-faq",
                    ]
                ),
                .conflict,
                "conflict"
            )
            expectError(try await client.send(.get, "/ai/external_pages/9999"), .notFound, "not_found")
            expectError(try await client.send(.delete, "/ai/external_pages/9999"), .notFound, "not_found")
        }
    }
}
