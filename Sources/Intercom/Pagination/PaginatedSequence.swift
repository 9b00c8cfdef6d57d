/// A lazy listing that fetches pages as you iterate, yielding items.
///
/// No request is made until iteration starts, and only the current page is held in memory, so a
/// listing of any length runs in flat memory. Iteration ends after the last page, and also when the
/// API hands back a cursor this listing has visited among its last 10,000 pages (`A → B → A` as well as
/// `A → A`) or after ``maxPages`` pages, so a misbehaving server cannot make it loop forever.
///
/// ```swift
/// for try await contact in client.contacts.list() { print(contact.id) }
///
/// for try await page in client.contacts.list().pages {
///     print(page.items.count, "of", page.totalCount ?? 0, "next:", page.nextCursor?.description ?? "end")
/// }
/// ```
public struct PaginatedSequence<Item: Sendable>: AsyncSequence, Sendable {
    /// The type of the elements.
    public typealias Element = Item

    /// Fetches the page at a cursor; `nil` means the first page.
    public typealias PageFetcher = @Sendable (PageCursor?) async throws -> Page<Item>

    private let start: PageCursor?
    private let stopsOnRepeatedCursor: Bool
    private let fetch: PageFetcher

    /// The most pages one iteration fetches before it ends, whatever the API says about further
    /// pages: a guard against a server that never stops handing out page numbers or scroll pages.
    public let maxPages: Int

    /// The default for ``maxPages``: a million pages, far beyond any real Intercom listing.
    public static var defaultMaxPages: Int { 1_000_000 }

    /// Creates a listing from a page-fetching closure.
    ///
    /// - Parameters:
    ///   - start: The cursor of the first page to fetch; `nil` for the beginning.
    ///   - stopsOnRepeatedCursor: Whether to end when a page's next cursor is one this iteration has
    ///     already used. Turn it off for APIs whose cursor stays the same across pages, such as company
    ///     scrolls.
    ///   - maxPages: The most pages to fetch in one iteration; values below 1 count as 1.
    ///   - fetch: Fetches one page.
    public init(
        start: PageCursor? = nil,
        stopsOnRepeatedCursor: Bool = true,
        maxPages: Int = PaginatedSequence.defaultMaxPages,
        fetch: @escaping PageFetcher
    ) {
        self.start = start
        self.stopsOnRepeatedCursor = stopsOnRepeatedCursor
        self.maxPages = Swift.max(1, maxPages)
        self.fetch = fetch
    }

    /// The same listing, page by page.
    public var pages: PageSequence<Item> {
        PageSequence(start: start, stopsOnRepeatedCursor: stopsOnRepeatedCursor, maxPages: maxPages, fetch: fetch)
    }

    /// The same listing, beginning at `cursor`: for resuming where an earlier run stopped.
    public func resuming(from cursor: PageCursor) -> PaginatedSequence<Item> {
        PaginatedSequence(start: cursor, stopsOnRepeatedCursor: stopsOnRepeatedCursor, maxPages: maxPages, fetch: fetch)
    }

    /// Fetches only the first page.
    public func firstPage() async throws -> Page<Item> {
        try await fetch(start)
    }

    /// Collects up to `limit` items into an array. Mind the memory for large listings.
    public func collect(limit: Int = .max) async throws -> [Item] {
        var items: [Item] = []
        guard limit > 0 else { return items }
        for try await item in self {
            items.append(item)
            if items.count >= limit { break }
        }
        return items
    }

    /// Makes an iterator that fetches pages only as they are needed.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(pages: pages.makeAsyncIterator())
    }

    /// Yields the items of each page in turn.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var pages: PageSequence<Item>.AsyncIterator
        var buffer: [Item] = []
        var index = 0

        /// The next element, fetching a page when needed; `nil` after the last.
        public mutating func next() async throws -> Item? {
            while index >= buffer.count {
                guard let page = try await pages.next() else { return nil }
                buffer = page.items
                index = 0
            }
            defer { index += 1 }
            return buffer[index]
        }
    }
}

/// A lazy listing, page by page. Get one from ``PaginatedSequence/pages``.
public struct PageSequence<Item: Sendable>: AsyncSequence, Sendable {
    /// The type of the elements.
    public typealias Element = Page<Item>

    let start: PageCursor?
    let stopsOnRepeatedCursor: Bool
    let maxPages: Int
    let fetch: PaginatedSequence<Item>.PageFetcher

    /// Makes an iterator that fetches pages only as they are needed.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(cursor: start, stopsOnRepeatedCursor: stopsOnRepeatedCursor, maxPages: maxPages, fetch: fetch)
    }

    /// Fetches one page per call until the last.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var cursor: PageCursor?
        let stopsOnRepeatedCursor: Bool
        let maxPages: Int
        let fetch: PaginatedSequence<Item>.PageFetcher
        var finished = false
        /// The cursors used so far, at most ``rememberedCursors`` of them (the newest), so memory stays
        /// bounded however long the listing; ``maxPages`` ends a cycle longer than that.
        var used: Set<PageCursor> = []
        var usedOrder: [PageCursor] = []
        var fetched = 0

        /// How many recent cursors a listing remembers to detect cycles.
        static var rememberedCursors: Int { 10_000 }

        /// The next element, fetching a page when needed; `nil` after the last.
        public mutating func next() async throws -> Page<Item>? {
            guard !finished else { return nil }
            let page: Page<Item>
            do {
                page = try await fetch(cursor)
            } catch {
                finished = true
                throw error
            }
            fetched += 1
            if stopsOnRepeatedCursor, let cursor { remember(cursor) }
            if let next = page.nextCursor, fetched < maxPages,
                !(stopsOnRepeatedCursor && (next == cursor || used.contains(next)))
            {
                cursor = next
            } else {
                finished = true
            }
            return page
        }

        private mutating func remember(_ cursor: PageCursor) {
            guard used.insert(cursor).inserted else { return }
            usedOrder.append(cursor)
            if usedOrder.count > Self.rememberedCursors {
                // Forget the older half at once, so each page costs O(1) amortised.
                let forgotten = usedOrder.prefix(usedOrder.count - Self.rememberedCursors / 2)
                for old in forgotten { used.remove(old) }
                usedOrder.removeFirst(forgotten.count)
            }
        }
    }
}
