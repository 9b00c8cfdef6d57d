import Benchmark
import BenchmarkSupport
import Foundation
import Intercom
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

// Cursor walks through every contact of a large sandbox: the SDK's lazy listing against a bare loop that
// follows `pages.next.starting_after` and parses each page with JSONSerialization.

private enum WalkMetric {
    static let throughput = customMetric("walk records/s % of bare", prefersLarger: true)
    static let sdkRate = customMetric("SDK walk records/s", prefersLarger: true)
    static let bareRate = customMetric("bare walk records/s", prefersLarger: true)
    static let growth = customMetric("peak RSS growth during walk KB", prefersLarger: false)
}

/// `walk-20k-contacts`, `walk-100k-contacts` and `search-walk-20k-contacts`.
///
/// The walks record how far this process's resident memory grows during the SDK's walk, so that the
/// 100,000-contact figure can be set against the 20,000-contact one: a listing that holds only its current
/// page grows the same for both.
func registerWalks() {
    for contacts in [20_000, 100_000] {
        let slot = ServerSlot(contacts: contacts)
        Benchmark(
            "walk-\(contacts / 1_000)k-contacts",
            configuration: measuring(
                [
                    (WalkMetric.throughput, Tolerance.ratio),
                    (WalkMetric.sdkRate, Tolerance.absolute),
                    (WalkMetric.bareRate, Tolerance.absolute),
                    (WalkMetric.growth, Tolerance.growth),
                    (.peakMemoryResident, Tolerance.memory),
                ],
                iterations: 3
            )
        ) { benchmark in
            let server = try slot.server()
            try await Walks.list(benchmark, server: server)
        } setup: {
            try await slot.start()
        } teardown: {
            await slot.stop()
        }
    }

    let searchSlot = ServerSlot(contacts: 20_000)
    Benchmark(
        "search-walk-20k-contacts",
        configuration: measuring(
            [
                (WalkMetric.throughput, Tolerance.ratio),
                (WalkMetric.sdkRate, Tolerance.absolute),
                (WalkMetric.bareRate, Tolerance.absolute),
            ],
            iterations: 3
        )
    ) { benchmark in
        let server = try searchSlot.server()
        try await Walks.search(benchmark, server: server, generated: searchSlot.contacts)
    } setup: {
        try await searchSlot.start()
    } teardown: {
        await searchSlot.stop()
    }
}

private enum Walks {
    /// Items per page, the most Intercom allows.
    static let perPage = 150
    /// A bound on any walk, far above 1,000,000 contacts at 150 a page.
    static let maxPages = 20_000

    // MARK: Listing

    static func list(_ benchmark: Benchmark, server: ServerProcess) async throws {
        let info = server.info
        let http = LoopbackHTTP(port: info.sandbox, token: info.token)
        let client = try SDK.client(port: info.sandbox, token: info.token)

        var bareCount = 0
        let bareSeconds = try await Load.timed {
            bareCount = try await bareWalk { cursor in
                var path = "/contacts?per_page=\(perPage)"
                if let cursor {
                    let escapedCursor = try escaped(cursor)
                    path += "&starting_after=" + escapedCursor
                }
                return try await http.expectSuccess(.GET, path)
            }
        }

        var growth = try ResidentGrowth()
        var sdkCount = 0
        let sdkSeconds = try await Load.timed {
            for try await _ in client.contacts.list(perPage: perPage) {
                sdkCount += 1
                if sdkCount.isMultiple(of: perPage) {
                    try growth.sample()
                }
            }
        }
        let growthKB = try growth.growthKB()

        guard sdkCount == bareCount, sdkCount == info.contacts else {
            throw MeasurementError(
                "the walks saw \(sdkCount) (SDK) and \(bareCount) (bare) contacts; the sandbox lists \(info.contacts)"
            )
        }
        let rates = try record(benchmark, count: sdkCount, sdkSeconds: sdkSeconds, bareSeconds: bareSeconds)
        benchmark.measurement(WalkMetric.growth, growthKB)
        print(
            "walk \(sdkCount) contacts, \(perPage) per page: SDK \(rates.sdk) records/s vs bare \(rates.bare) "
                + "records/s = \(factor(rates.throughput)); resident memory grew \(growthKB) KB during the SDK's walk"
        )
    }

    // MARK: Search

    /// Every generated contact has a custom attribute `n` from 0 up, so `n >= 0` matches exactly those.
    static func search(_ benchmark: Benchmark, server: ServerProcess, generated: Int) async throws {
        let info = server.info
        let http = LoopbackHTTP(port: info.sandbox, token: info.token)
        let client = try SDK.client(port: info.sandbox, token: info.token)

        let query: [String: Any] = ["field": "custom_attributes.n", "operator": ">=", "value": 0]
        var bareCount = 0
        let bareSeconds = try await Load.timed {
            bareCount = try await bareWalk { cursor in
                var pagination: [String: Any] = ["per_page": perPage]
                if let cursor {
                    pagination["starting_after"] = cursor
                }
                let body: [String: Any] = ["query": query, "pagination": pagination]
                let data = try JSONSerialization.data(withJSONObject: body)
                return try await http.expectSuccess(.POST, "/contacts/search", body: ByteBuffer(data: data))
            }
        }

        var sdkCount = 0
        let sdkSeconds = try await Load.timed {
            for try await _ in client.contacts.search(.field("custom_attributes.n") >= 0, perPage: perPage) {
                sdkCount += 1
            }
        }

        guard sdkCount == bareCount, sdkCount == generated else {
            throw MeasurementError(
                "the searches found \(sdkCount) (SDK) and \(bareCount) (bare) contacts; \(generated) were generated"
            )
        }
        let rates = try record(benchmark, count: sdkCount, sdkSeconds: sdkSeconds, bareSeconds: bareSeconds)
        print(
            "search walk \(sdkCount) contacts, \(perPage) per page: SDK \(rates.sdk) records/s vs bare "
                + "\(rates.bare) records/s = \(factor(rates.throughput))"
        )
    }

    // MARK: Shared

    /// Follows `pages.next.starting_after` from the first page to the last, with `fetch` getting the page
    /// after a cursor (nil for the first), and counts the items under `data`.
    static func bareWalk(_ fetch: (String?) async throws -> ByteBuffer) async throws -> Int {
        var count = 0
        var cursor: String?
        var pages = 0
        repeat {
            let body = try await fetch(cursor)
            let page = try JSONSerialization.jsonObject(with: Data(buffer: body))
            guard let list = page as? [String: Any], let items = list["data"] as? [Any] else {
                throw MeasurementError("a page has no data array")
            }
            count += items.count
            let next = (list["pages"] as? [String: Any])?["next"] as? [String: Any]
            cursor = next?["starting_after"] as? String
            pages += 1
            guard pages <= maxPages else {
                throw MeasurementError("the walk passed \(maxPages) pages")
            }
        } while cursor != nil
        return count
    }

    /// A cursor percent-escaped for a query string (cursors are base64, with `+`, `/` and `=`).
    static func escaped(_ cursor: String) throws -> String {
        guard let escaped = cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) else {
            throw MeasurementError("the cursor cannot be escaped")
        }
        return escaped
    }

    /// Records the rates of two walks over the same `count` records, and returns them.
    static func record(
        _ benchmark: Benchmark,
        count: Int,
        sdkSeconds: Double,
        bareSeconds: Double
    ) throws -> (sdk: Int, bare: Int, throughput: Int) {
        let sdk = try Ratio.rounded(Double(count) / sdkSeconds, "SDK walk rate")
        let bare = try Ratio.rounded(Double(count) / bareSeconds, "bare walk rate")
        // The walks cover the same records, so the ratio of their rates is the inverse ratio of their times.
        let throughput = try Ratio.percent(bareSeconds, of: sdkSeconds, "walk throughput")
        benchmark.measurement(WalkMetric.throughput, throughput)
        benchmark.measurement(WalkMetric.sdkRate, sdk)
        benchmark.measurement(WalkMetric.bareRate, bare)
        return (sdk, bare, throughput)
    }
}
