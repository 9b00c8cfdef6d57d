import Foundation
import HTTPTypes
import Synchronization
import TestSupport
import Testing

@testable import Intercom

/// The four pagination models, over loopback HTTP.
@Suite("Pagination over loopback HTTP")
struct PaginationTests {
    struct Item: Decodable, Sendable, Hashable {
        var id: String
    }

    /// Seven items, `item-0` … `item-6`.
    static let all = (0..<7).map { "item-\($0)" }

    static func itemsJSON(_ ids: some Collection<String>) -> String {
        "[" + ids.map { #"{"type":"contact","id":"\#($0)"}"# }.joined(separator: ",") + "]"
    }

    /// A server page for the items after `offset`: cursor pages encode the next offset as an opaque string.
    static func cursorPage(offset: Int, perPage: Int, key: String = "data") -> String {
        let slice = all.dropFirst(offset).prefix(perPage)
        let nextOffset = offset + slice.count
        let next =
            nextOffset < all.count
            ? #","next":{"page":\#(nextOffset / perPage + 1),"starting_after":"\#(Data("o\(nextOffset)".utf8).base64EncodedString())"}"#
            : ""
        return
            #"{"type":"list","\#(key)":\#(itemsJSON(slice)),"total_count":\#(all.count),"pages":{"type":"pages","page":\#(offset / perPage + 1),"per_page":\#(perPage),"total_pages":4\#(next)}}"#
    }

    static func offset(fromCursor cursor: String?) -> Int {
        guard let cursor, let data = Data(base64Encoded: cursor) else { return 0 }
        return Int(String(decoding: data, as: UTF8.self).dropFirst()) ?? 0
    }

    @Test("Cursor in the query: walks every page, in order, without duplicates, and stops at the end")
    func queryCursor() async throws {
        try await withLoopbackServer(respond: { request, _ in
            .json(
                Self.cursorPage(
                    offset: Self.offset(fromCursor: request.query["starting_after"]),
                    perPage: Int(request.query["per_page"] ?? "") ?? 50,
                    key: "conversations"
                )
            )
        }) { url, log in
            let client = IntercomClient.test(baseURL: url)
            let sequence = client.paginate(
                APIRequest(.get, "/conversations", query: [("per_page", "2")], operation: "conversations.list"),
                style: .cursor,
                itemsKey: "conversations",
                of: Item.self
            )
            #expect(log.count == 0, "no request before iteration")
            let ids = try await sequence.collect().map(\.id)
            #expect(ids == Self.all)
            #expect(log.count == 4)
            #expect(log.all.map { $0.query["per_page"] } == ["2", "2", "2", "2"])
            #expect(log.all[0].query["starting_after"] == nil)

            var pages: [Page<Item>] = []
            for try await page in sequence.pages { pages.append(page) }
            #expect(pages.map(\.items.count) == [2, 2, 2, 1])
            #expect(pages.allSatisfy { $0.totalCount == 7 })
            #expect(pages[0].pages?["total_pages"] == 4)
            #expect(pages.last?.nextCursor == nil)

            let second = try #require(pages[1].nextCursor)
            let resumed = try await sequence.resuming(from: second).collect().map(\.id)
            #expect(resumed == Array(Self.all.dropFirst(4)))
        }
    }

    @Test("Cursor in a search body: keeps the query and page size on every page")
    func bodyCursor() async throws {
        try await withLoopbackServer(respond: { request, _ in
            let pagination = request.json?["pagination"] as? [String: Any]
            return .json(
                Self.cursorPage(
                    offset: Self.offset(fromCursor: pagination?["starting_after"] as? String),
                    perPage: pagination?["per_page"] as? Int ?? 50
                )
            )
        }) { url, log in
            let client = IntercomClient.test(baseURL: url)
            let body: JSONValue = [
                "query": ["field": "role", "operator": "=", "value": "user"],
                "pagination": ["per_page": 2],
            ]
            let ids = try await client.paginate(
                APIRequest(.post, "/contacts/search", body: body, operation: "contacts.search"),
                style: .searchCursor,
                of: Item.self
            ).collect().map(\.id)
            #expect(ids == Self.all)
            #expect(log.count == 4)
            for request in log.all {
                #expect((request.json?["query"] as? [String: Any])?["field"] as? String == "role")
                #expect((request.json?["pagination"] as? [String: Any])?["per_page"] as? Int == 2)
            }
            #expect((log.all[0].json?["pagination"] as? [String: Any])?["starting_after"] == nil)
            #expect((log.all[1].json?["pagination"] as? [String: Any])?["starting_after"] as? String != nil)
        }
    }

    @Test("Page numbers: requests pages 1 to total_pages and stops")
    func pageNumbers() async throws {
        try await withLoopbackServer(respond: { request, _ in
            let page = Int(request.query["page"] ?? "1") ?? 1
            let perPage = Int(request.query["per_page"] ?? "15") ?? 15
            let slice = Self.all.dropFirst((page - 1) * perPage).prefix(perPage)
            return .json(
                #"{"type":"list","data":\#(Self.itemsJSON(slice)),"total_count":7,"pages":{"type":"pages","page":\#(page),"per_page":\#(perPage),"total_pages":4}}"#
            )
        }) { url, log in
            let client = IntercomClient.test(baseURL: url)
            let ids = try await client.paginate(
                APIRequest(.get, "/companies", query: [("per_page", "2")], operation: "companies.list"),
                style: .pageNumber,
                of: Item.self
            ).collect().map(\.id)
            #expect(ids == Self.all)
            #expect(log.all.map { $0.query["page"] } == [nil, "2", "3", "4"])
        }
    }

    @Test("Scroll: follows scroll_param (which may stay the same) until an empty page")
    func scroll() async throws {
        try await withLoopbackServer(respond: { request, index in
            let slice = Self.all.dropFirst(index * 3).prefix(3)
            return .json(
                #"{"type":"list","data":\#(Self.itemsJSON(slice)),"pages":null,"total_count":null,"scroll_param":"scroll-abc"}"#
            )
        }) { url, log in
            let client = IntercomClient.test(baseURL: url)
            var pages: [Page<Item>] = []
            for try await page in client.paginate(
                APIRequest(.get, "/companies/scroll", operation: "companies.scroll"),
                style: .scroll,
                of: Item.self
            ).pages {
                pages.append(page)
            }
            #expect(pages.flatMap(\.items).map(\.id) == Self.all)
            #expect(pages.map(\.items.count) == [3, 3, 1, 0])
            #expect(pages[0].totalCount == nil)
            #expect(log.all.map { $0.query["scroll_param"] } == [nil, "scroll-abc", "scroll-abc", "scroll-abc"])
        }
    }

    @Test("A cursor that repeats ends the listing instead of looping")
    func repeatedCursor() async throws {
        try await withLoopbackServer(respond: { _, index in
            .json(
                #"{"type":"list","data":[{"id":"same-\#(index)"}],"pages":{"type":"pages","next":{"starting_after":"stuck"}}}"#
            )
        }) { url, log in
            let client = IntercomClient.test(baseURL: url)
            let ids = try await client.paginate(
                APIRequest(.get, "/contacts", operation: "contacts.list"),
                style: .cursor,
                of: Item.self
            )
            .collect().map(\.id)
            #expect(ids == ["same-0", "same-1"])
            #expect(log.count == 2)
        }
    }

    @Test("Cursors that cycle (A → B → A) end the listing after each page is seen once")
    func cyclingCursor() async throws {
        try await withLoopbackServer(respond: { request, _ in
            // No cursor → A, A → B, B → A: a server that would send the client round forever.
            let next = request.query["starting_after"] == "A" ? "B" : "A"
            let here = request.query["starting_after"] ?? "start"
            return .json(
                #"{"type":"list","data":[{"id":"\#(here)"}],"pages":{"type":"pages","next":{"starting_after":"\#(next)"}}}"#
            )
        }) { url, log in
            let client = IntercomClient.test(baseURL: url)
            let ids = try await client.paginate(
                APIRequest(.get, "/contacts", operation: "contacts.list"),
                style: .cursor,
                of: Item.self
            )
            .collect().map(\.id)
            #expect(ids == ["start", "A", "B"])
            #expect(log.count == 3)
        }
    }

    @Test("Cycling cursors in a search body end too, and so does a resumed listing that cycles back to its start")
    func cyclingSearchCursor() async throws {
        let sequence = PaginatedSequence<String>(start: .startingAfter("A")) { cursor in
            switch cursor {
            case .startingAfter("A"):
                return Page(items: ["a"], totalCount: nil, pages: nil, nextCursor: .startingAfter("B"))
            case .startingAfter("B"):
                return Page(items: ["b"], totalCount: nil, pages: nil, nextCursor: .startingAfter("C"))
            default: return Page(items: ["c"], totalCount: nil, pages: nil, nextCursor: .startingAfter("A"))
            }
        }
        #expect(try await sequence.collect() == ["a", "b", "c"])
    }

    @Test("Page numbers and scrolls stop at the page guard when a server never ends them")
    func pageGuard() async throws {
        let fetched = Mutex(0)
        let endless = PaginatedSequence<Int>(stopsOnRepeatedCursor: false, maxPages: 25) { cursor in
            fetched.withLock { $0 += 1 }
            let number: Int
            if case .page(let value)? = cursor { number = value } else { number = 1 }
            return Page(items: [number], totalCount: nil, pages: nil, nextCursor: .page(number + 1))
        }
        let items = try await endless.collect()
        #expect(items == Array(1...25))
        #expect(fetched.withLock { $0 } == 25)
        #expect(endless.maxPages == 25)
        #expect(
            PaginatedSequence<Int>(fetch: { _ in Page(items: [], totalCount: nil, pages: nil, nextCursor: nil) })
                .maxPages == 1_000_000
        )
    }

    @Test("An error on a later page is thrown, and the sequence then ends")
    func errorMidway() async throws {
        try await withLoopbackServer(respond: { request, _ in
            if request.query["starting_after"] != nil {
                return .json(
                    #"{"type":"error.list","errors":[{"code":"parameter_invalid","message":"Invalid starting_after param"}]}"#,
                    status: .badRequest
                )
            }
            return .json(Self.cursorPage(offset: 0, perPage: 2))
        }) { url, _ in
            let client = IntercomClient.test(baseURL: url)
            var iterator = client.paginate(
                APIRequest(.get, "/contacts", operation: "contacts.list"),
                style: .cursor,
                of: Item.self
            )
            .pages.makeAsyncIterator()
            let first = try await iterator.next()
            #expect(first?.items.count == 2)
            do {
                _ = try await iterator.next()
                Issue.record("expected the second page to fail")
            } catch let error as IntercomError {
                #expect(error.code == .parameterInvalid)
            }
            let afterError = try await iterator.next()
            #expect(afterError == nil)
        }
    }

    @Test("An items key with alternatives reads whichever the answer has: the spec's `data` or the live `companies`")
    func alternativeItemsKeys() async throws {
        for key in ["data", "companies"] {
            let body =
                #"{"type":"list","\#(key)":[{"id":"a"},{"id":"b"}],"pages":{"type":"pages","page":1,"total_pages":1}}"#
            let transport = ClosureTransport { _, _ in
                IntercomResponse(head: HTTPResponse(status: .ok), body: Data(body.utf8))
            }
            let client = IntercomClient.test(transport: transport)
            let items = try await client.paginate(
                APIRequest(.get, "/contacts/1/companies", operation: "contacts.listAttachedCompanies"),
                style: .pageNumber,
                itemsKey: "data|companies",
                of: Item.self
            ).collect()
            #expect(items.map(\.id) == ["a", "b"], "items under \(key)")
        }
    }
}
