import Foundation
import Hummingbird
import Intercom

/// `/news`: news items, the newsfeeds they are published in, and each newsfeed's live items.
struct NewsController {
    let store: SandboxStore

    /// The page size of the news item and newsfeed listings when the request names none.
    static let listPageSize = 10

    /// The page size of a newsfeed's live items when the request names none.
    static let feedPageSize = 20

    func register(on router: Router<SandboxContext>) {
        let store = self.store
        router.get("news/news_items") { request, _ in
            let items = await store.read { store in store.data.documents(.newsItem) }
            return try Reply.numberedList(items, request: request, defaultPerPage: Self.listPageSize)
        }
        router.post("news/news_items") { request, _ in
            let input = try NewsItemInput(try await request.jsonBody())
            return try await store.perform { store in
                try Reply.object(try store.createNewsItem(input))
            }
        }
        router.get("news/news_items/:news_item_id") { _, context in
            let id = try context.path("news_item_id")
            return try await store.read { store in
                try Reply.object(try store.data.document(.newsItem, id))
            }
        }
        router.put("news/news_items/:news_item_id") { request, context in
            let id = try context.path("news_item_id")
            let body = try await request.jsonBody()
            // An unknown item answers 404 before the body's own problems, as Intercom checks the path first.
            try await store.read { store in _ = try store.data.document(.newsItem, id) }
            let input = try NewsItemInput(body)
            return try await store.perform { store in
                try Reply.object(try store.updateNewsItem(id, input))
            }
        }
        router.delete("news/news_items/:news_item_id") { _, context in
            let id = try context.path("news_item_id")
            return try await store.perform { store in
                try store.data.removeDocument(.newsItem, id)
                return try Reply.deleted(id: id, object: "news-item")
            }
        }
        router.get("news/newsfeeds") { request, _ in
            let feeds = await store.read { store in store.data.documents(.newsfeed) }
            return try Reply.numberedList(feeds, request: request, defaultPerPage: Self.listPageSize)
        }
        router.get("news/newsfeeds/:newsfeed_id") { _, context in
            let id = try context.path("newsfeed_id")
            return try await store.read { store in
                try Reply.object(try store.data.document(.newsfeed, id))
            }
        }
        router.get("news/newsfeeds/:newsfeed_id/items") { request, context in
            let id = try context.path("newsfeed_id")
            let items = try await store.read { store in try store.liveNewsItems(inNewsfeed: id) }
            return try Reply.numberedList(items, request: request, defaultPerPage: Self.feedPageSize)
        }
    }
}
