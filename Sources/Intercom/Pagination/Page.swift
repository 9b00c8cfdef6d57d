/// Where a page of results starts. Save one to resume a listing later with
/// ``PaginatedSequence/resuming(from:)``.
public enum PageCursor: Sendable, Hashable, CustomStringConvertible {
    /// An opaque cursor, sent as `starting_after` in the query or in a search body.
    case startingAfter(String)
    /// A page number, starting at 1.
    case page(Int)
    /// A company scroll parameter, sent as `scroll_param`. Scrolls expire after a minute idle.
    case scroll(String)

    /// A readable description.
    public var description: String {
        switch self {
        case .startingAfter(let cursor): return "starting_after=\(cursor)"
        case .page(let number): return "page=\(number)"
        case .scroll(let parameter): return "scroll_param=\(parameter)"
        }
    }
}

/// One page of a list or search.
public struct Page<Item: Sendable>: Sendable {
    /// The items on this page.
    public var items: [Item]
    /// The total number of matches across all pages, when the API reports it.
    public var totalCount: Int?
    /// The raw `pages` object, as the API sent it.
    public var pages: JSONValue?
    /// The cursor of the page after this one; `nil` on the last page.
    public var nextCursor: PageCursor?

    /// Creates a page.
    public init(items: [Item], totalCount: Int? = nil, pages: JSONValue? = nil, nextCursor: PageCursor? = nil) {
        self.items = items
        self.totalCount = totalCount
        self.pages = pages
        self.nextCursor = nextCursor
    }
}
