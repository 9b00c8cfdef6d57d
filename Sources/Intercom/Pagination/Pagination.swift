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

    init(items: [Item], totalCount: Int?, pages: JSONValue?, scrollParam: String?) {
        self.items = items
        self.totalCount = totalCount
        self.pages = pages
        self.scrollParam = scrollParam
    }

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

    /// Reads a page in one pass when its items read themselves (see ``WireReader``), giving what
    /// `init(from:)` gives; `nil` leaves the page to `JSONDecoder`.
    static func read(_ data: Data, itemsKey: String) -> ListEnvelope? {
        guard let readable = Item.self as? any WireReadable.Type else { return nil }
        return try? data.withUnsafeBytes { bytes in
            try WireReader.read(bytes) { reader in try read(from: &reader, itemsKey: itemsKey, as: readable) }
        }
    }

    private static func read<Readable: WireReadable>(
        from reader: inout WireReader,
        itemsKey: String,
        as readable: Readable.Type
    ) throws -> ListEnvelope {
        let candidates = itemsKey.split(separator: "|")
        // The items under each candidate key present, `nil` for a null; the first candidate present wins,
        // wherever it comes in the object.
        var found: [Int: [Readable]?] = [:]
        var seen: UInt64 = 0
        var totalCount: Int?
        var pages: JSONValue?
        var scrollParam: String?
        var more = try reader.beginObject()
        while more {
            _ = try reader.key()
            if reader.keyIs("total_count") {
                try reader.once(&seen, 0)
                totalCount = try reader.readIfPresent(Int.self)
            } else if reader.keyIs("pages") {
                try reader.once(&seen, 1)
                pages = try reader.readIfPresent(JSONValue.self)
            } else if reader.keyIs("scroll_param") {
                try reader.once(&seen, 2)
                scrollParam = try reader.lenientStringIfPresent()
            } else if let index = candidates.firstIndex(where: { reader.keyIs(utf8: $0.utf8) }) {
                guard found[index] == nil else { throw WireReader.Fallback() }
                found[index] = try reader.readIfPresent([Readable].self)
            } else {
                try reader.skipValue()
            }
            more = try reader.nextMember()
        }
        let first = found.min { $0.key < $1.key }
        guard let items = (first?.value ?? []) as? [Item] else { throw WireReader.Fallback() }
        return ListEnvelope(items: items, totalCount: totalCount, pages: pages, scrollParam: scrollParam)
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
            let envelope =
                try ListEnvelope<Item>.read(response.body, itemsKey: itemsKey)
                ?? Self.decode(ListEnvelope<Item>.self, from: response, userInfo: [.intercomItemsKey: itemsKey])
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
