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
    var sort: ContactSearchRequest.Sort?
}

extension IntercomClient {
    /// Searches with a typed query; the query and the page size are checked before the first
    /// request is sent, and a problem is thrown from the first iteration.
    func search<Item: Decodable & Sendable>(
        _ path: APIPath,
        query: SearchQuery,
        perPage: Int?,
        sort: ContactSearchRequest.Sort? = nil,
        parameters: [(String, String?)] = [],
        parameterSince: [String: IntercomAPIVersion] = [:],
        itemsKey: String,
        operation: String
    ) -> PaginatedSequence<Item> {
        if let perPage, !(1...150).contains(perPage) {
            return .failing(
                IntercomError.invalidRequest(field: "perPage", "perPage must be between 1 and 150, not \(perPage).")
            )
        }
        let version = effectiveVersion(extraHeaders: [:])
        if sort != nil, version.isAtLeast(.v2_16) == false {
            return .failing(
                IntercomError.invalidRequest(
                    field: "sort",
                    "Sorting a search needs API 2.16 or later; this client sends \(version)."
                )
            )
        }
        do {
            try query.validate()
        } catch {
            return .failing(error)
        }
        let body = SearchBody(query: query, pagination: perPage.map { SearchBody.Pagination(perPage: $0) }, sort: sort)
        return paginate(
            APIRequest(
                .post,
                path,
                query: parameters,
                body: body,
                operation: operation,
                parameterSince: parameterSince
            ),
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
    /// Searches contacts, such as `.field("role") == "lead"`, fetching further pages as the
    /// sequence is iterated.
    ///
    /// The query's limits (two levels of groups, 15 filters per group) and value shapes are checked
    /// before any request is sent; a problem is thrown from the first iteration.
    ///
    /// Intercom's reference: [SearchContacts](https://developers.intercom.com/docs/references/2.14/rest-api/api.intercom.io/contacts/searchcontacts).
    ///
    /// - HTTP: `POST /contacts/search`
    /// - Parameters:
    ///   - query: The filters.
    ///   - perPage: Contacts per page, 1 to 150; the API's default (50) when `nil`.
    ///   - sort: The field and order to sort by (API 2.16 and later; refused on older versions).
    ///   - includeMergeHistory: Whether each contact carries the ids merged into it (API 2.16 and
    ///     later).
    public func search(
        _ query: SearchQuery,
        perPage: Int? = nil,
        sort: ContactSearchRequest.Sort? = nil,
        includeMergeHistory: Bool? = nil
    ) -> PaginatedSequence<Contact> {
        client.search(
            "/contacts/search",
            query: query,
            perPage: perPage,
            sort: sort,
            parameters: [("include_merge_history", includeMergeHistory.map { String($0) })],
            parameterSince: ["include_merge_history": .v2_16],
            itemsKey: "data",
            operation: "contacts.search"
        )
    }
}

extension IntercomClient.Conversations {
    /// Searches conversations, such as `.field("state") == "open"`, fetching further pages as the
    /// sequence is iterated.
    ///
    /// Intercom's reference: [searchConversations](https://developers.intercom.com/docs/references/2.14/rest-api/api.intercom.io/conversations/searchconversations).
    ///
    /// - HTTP: `POST /conversations/search`
    /// - Parameters:
    ///   - query: The filters.
    ///   - perPage: Conversations per page, 1 to 150; the API's default (20) when `nil`.
    ///   - includeMonitors: Whether each conversation carries its monitors (API 2.16 and later).
    ///   - includeScorecards: Whether each conversation carries its scorecards (API 2.16 and later).
    public func search(
        _ query: SearchQuery,
        perPage: Int? = nil,
        includeMonitors: Bool? = nil,
        includeScorecards: Bool? = nil
    ) -> PaginatedSequence<ConversationListItem> {
        client.search(
            "/conversations/search",
            query: query,
            perPage: perPage,
            parameters: [
                ("include_monitors", includeMonitors.map { String($0) }),
                ("include_scorecards", includeScorecards.map { String($0) }),
            ],
            parameterSince: ["include_monitors": .v2_16, "include_scorecards": .v2_16],
            itemsKey: "conversations",
            operation: "conversations.search"
        )
    }
}

extension IntercomClient.Tickets {
    /// Searches tickets with the same query language as contacts and conversations, such as
    /// `.field("state") == "submitted"`, fetching further pages as the sequence is iterated.
    ///
    /// Intercom's reference: [searchTickets](https://developers.intercom.com/docs/references/2.14/rest-api/api.intercom.io/tickets/searchtickets).
    ///
    /// - HTTP: `POST /tickets/search`
    /// - Parameters:
    ///   - query: The filters.
    ///   - perPage: Tickets per page, 1 to 150; the API's default (20) when `nil`.
    public func search(_ query: SearchQuery, perPage: Int? = nil) -> PaginatedSequence<Ticket> {
        client.search(
            "/tickets/search",
            query: query,
            perPage: perPage,
            itemsKey: "tickets",
            operation: "tickets.search"
        )
    }
}
