import Foundation
import HTTPTypes

/// The body of a search request built from a ``SearchQuery``.
struct SearchBody: Encodable, Sendable {
    struct Pagination: Encodable, Sendable {
        var perPage: Int?

        enum CodingKeys: String, CodingKey {
            case perPage = "per_page"
        }
    }

    var query: SearchQuery
    var pagination: Pagination?
}

extension IntercomClient {
    /// Searches with a typed query; the query is checked before the first request is sent.
    func search<Item: Decodable & Sendable>(
        _ path: APIPath,
        query: SearchQuery,
        perPage: Int?,
        itemsKey: String,
        operation: String
    ) -> PaginatedSequence<Item> {
        if let perPage, !(1...150).contains(perPage) {
            return .failing(
                IntercomError.invalidRequest(field: "perPage", "perPage must be between 1 and 150, not \(perPage).")
            )
        }
        do {
            try query.validate()
        } catch {
            return .failing(error)
        }
        let body = SearchBody(query: query, pagination: perPage.map { SearchBody.Pagination(perPage: $0) })
        return paginate(
            APIRequest(.post, path, body: body, operation: operation),
            style: .searchCursor,
            itemsKey: itemsKey
        )
    }
}

extension PaginatedSequence {
    /// A sequence that throws `error` when iterated, without sending anything.
    static func failing(_ error: any Error) -> PaginatedSequence {
        PaginatedSequence { _ in throw error }
    }
}

extension IntercomClient.Contacts {
    /// Searches contacts with a typed query, such as `.field("role") == "lead"`.
    ///
    /// The query's limits (two levels of groups, 15 filters per group) and value shapes are checked
    /// before any request is sent; a problem is thrown from the first iteration.
    ///
    /// - HTTP: `POST /contacts/search`
    /// - Parameters:
    ///   - query: The filters.
    ///   - perPage: Contacts per page, 1 to 150; the API's default (50) when `nil`.
    public func search(_ query: SearchQuery, perPage: Int? = nil) -> PaginatedSequence<Contact> {
        client.search(
            "/contacts/search",
            query: query,
            perPage: perPage,
            itemsKey: "data",
            operation: "contacts.search"
        )
    }
}

extension IntercomClient.Conversations {
    /// Searches conversations with a typed query, such as `.field("state") == "open"`.
    ///
    /// - HTTP: `POST /conversations/search`
    /// - Parameters:
    ///   - query: The filters.
    ///   - perPage: Conversations per page, 1 to 150; the API's default (20) when `nil`.
    public func search(_ query: SearchQuery, perPage: Int? = nil) -> PaginatedSequence<ConversationListItem> {
        client.search(
            "/conversations/search",
            query: query,
            perPage: perPage,
            itemsKey: "conversations",
            operation: "conversations.search"
        )
    }
}
