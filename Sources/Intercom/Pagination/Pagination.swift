import Foundation

/// How an endpoint pages through its results.
package enum PaginationStyle: Sendable, Hashable {
    /// `starting_after` in the query; the next cursor is `pages.next.starting_after`.
    case cursor
    /// `pagination.starting_after` in the JSON body of a search; the next cursor is `pages.next.starting_after`.
    case searchCursor
    /// `page` in the query; the last page is `pages.total_pages`.
    case pageNumber
    /// `scroll_param` in the query; the next parameter is the response's `scroll_param`, and an empty
    /// page ends the scroll.
    case scroll
}

extension CodingUserInfoKey {
    /// The key of the array that holds a list's items, such as `data` or `conversations`.
    static let intercomItemsKey = CodingUserInfoKey(rawValue: "intercom.itemsKey")!  // A constant, valid key.
}

/// A list response: items under a key that varies by endpoint, plus paging information.
struct ListEnvelope<Item: Decodable>: Decodable {
    var items: [Item]
    var totalCount: Int?
    var pages: JSONValue?
    var scrollParam: String?

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        // The key may list alternatives (`data|companies`) for listings whose documented and live
        // shapes disagree; the first one present is read.
        let itemsKey = decoder.userInfo[.intercomItemsKey] as? String ?? "data"
        let candidates = itemsKey.split(separator: "|").map { Key(String($0)) }
        let present = candidates.first { container.contains($0) } ?? Key(itemsKey)
        items = try container.decodeIfPresent([Item].self, forKey: present) ?? []
        totalCount = try? container.decodeIfPresent(Int.self, forKey: Key("total_count"))
        pages = try container.decodeIfPresent(JSONValue.self, forKey: Key("pages"))
        scrollParam = try container.decodeLenientStringIfPresent(forKey: Key("scroll_param"))
    }
}

extension IntercomClient {
    /// A lazy listing of `request`'s results, paged in `style`.
    ///
    /// - Parameters:
    ///   - request: The first page's request. Its own `page` or `pagination` settings (such as
    ///     `per_page`) are kept on every page.
    ///   - style: How the endpoint pages.
    ///   - itemsKey: The key of the items array in each response.
    package func paginate<Item: Decodable & Sendable>(
        _ request: APIRequest,
        style: PaginationStyle,
        itemsKey: String = "data",
        of type: Item.Type = Item.self
    ) -> PaginatedSequence<Item> {
        PaginatedSequence(stopsOnRepeatedCursor: style != .scroll) { cursor in
            var request = request
            try Self.apply(cursor, to: &request, style: style)
            let response = try await perform(request)
            let envelope = try Self.decode(
                ListEnvelope<Item>.self,
                from: response,
                userInfo: [.intercomItemsKey: itemsKey]
            )
            return Page(
                items: envelope.items,
                totalCount: envelope.totalCount,
                pages: envelope.pages,
                nextCursor: Self.nextCursor(after: envelope, style: style, request: request)
            )
        }
    }

    private static func apply(_ cursor: PageCursor?, to request: inout APIRequest, style: PaginationStyle) throws {
        switch (style, cursor) {
        case (_, nil):
            return
        case (.cursor, .startingAfter(let value)):
            request.setQuery("starting_after", value)
        case (.pageNumber, .page(let number)):
            request.setQuery("page", String(number))
        case (.scroll, .scroll(let parameter)):
            request.setQuery("scroll_param", parameter)
        case (.searchCursor, .startingAfter(let value)):
            var body: [String: JSONValue] = [:]
            if let current = request.body {
                guard case .object(let object) = try JSONValue(encoding: current) else {
                    throw IntercomError.invalidRequest(field: "body", "A search body must be a JSON object.")
                }
                body = object
            }
            var pagination = body["pagination"]?.objectValue ?? [:]
            pagination["starting_after"] = .string(value)
            body["pagination"] = .object(pagination)
            request.body = JSONValue.object(body)
        case (_, let cursor?):
            throw IntercomError.invalidRequest(field: "cursor", "\(cursor) cannot resume this listing.")
        }
    }

    private static func nextCursor<Item>(
        after envelope: ListEnvelope<Item>,
        style: PaginationStyle,
        request: APIRequest
    ) -> PageCursor? {
        switch style {
        case .cursor, .searchCursor:
            guard let next = envelope.pages?["next"]?["starting_after"]?.stringValue, !next.isEmpty else { return nil }
            return .startingAfter(next)
        case .pageNumber:
            guard !envelope.items.isEmpty else { return nil }
            let current = envelope.pages?["page"]?.intValue ?? request.queryValue("page").flatMap { Int($0) } ?? 1
            guard let total = envelope.pages?["total_pages"]?.intValue, current < total else { return nil }
            return .page(current + 1)
        case .scroll:
            guard !envelope.items.isEmpty, let parameter = envelope.scrollParam, !parameter.isEmpty else { return nil }
            return .scroll(parameter)
        }
    }
}
