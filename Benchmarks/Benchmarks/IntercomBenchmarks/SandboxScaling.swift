import Benchmark
import BenchmarkSupport
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Synchronization

// Whether the sandbox's per-request cost depends on how much it holds: the same single requests against a
// child with 100 contacts and one with 100,000, one at a time.

/// `sandbox-scaling-100-vs-100k`: the mean latency of each operation against the big sandbox divided by that
/// against the small one, in percent. The target is at most 150 for each.
func registerSandboxScaling() {
    let pair = ScalingPair()
    Benchmark(
        "sandbox-scaling-100-vs-100k",
        configuration: measuring(
            ScalingOperation.allCases.map { ($0.metric, Tolerance.looseRatio) },
            iterations: 3,
            maxDuration: .seconds(3_600)
        )
    ) { benchmark in
        try await pair.measure(benchmark)
    } setup: {
        try await pair.start()
    } teardown: {
        await pair.stop()
    }
}

private enum ScalingOperation: CaseIterable, Sendable {
    case getByID
    case create
    case update
    case listFirstPage
    case listFromMiddle

    var label: String {
        switch self {
        case .getByID: return "GET /contacts/{id}"
        case .create: return "POST /contacts"
        case .update: return "PUT /contacts/{id}"
        case .listFirstPage: return "GET /contacts?per_page=50"
        case .listFromMiddle: return "GET /contacts?per_page=50&starting_after=<middle>"
        }
    }

    var metric: BenchmarkMetric {
        switch self {
        case .getByID: return customMetric("GET by id latency % 100k vs 100", prefersLarger: false)
        case .create: return customMetric("POST latency % 100k vs 100", prefersLarger: false)
        case .update: return customMetric("PUT latency % 100k vs 100", prefersLarger: false)
        case .listFirstPage: return customMetric("list first page latency % 100k vs 100", prefersLarger: false)
        case .listFromMiddle: return customMetric("list mid cursor latency % 100k vs 100", prefersLarger: false)
        }
    }
}

/// The two children, and for each the cursor of a page in the middle of its listing.
private final class ScalingPair: Sendable {
    /// Sequential requests per operation, per child, per iteration.
    static let requests = 300
    /// The page size of the list operations.
    static let perPage = 50
    /// The most pages the walk to the middle fetches.
    static let maxPages = 10_000

    private let small = ServerSlot(contacts: 100)
    private let big = ServerSlot(contacts: 100_000)
    private let middleCursors = Mutex<(small: String, big: String)?>(nil)

    func start() async throws {
        try await small.start()
        try await big.start()
        let smallCursor = try await Self.middleCursor(of: small.server())
        let bigCursor = try await Self.middleCursor(of: big.server())
        middleCursors.withLock { $0 = (smallCursor, bigCursor) }
    }

    func stop() async {
        await small.stop()
        await big.stop()
    }

    func measure(_ benchmark: Benchmark) async throws {
        guard let cursors = middleCursors.withLock({ $0 }) else {
            throw MeasurementError("the setup found no middle cursors")
        }
        let smallServer = try small.server()
        let bigServer = try big.server()
        var lines: [String] = []
        for operation in ScalingOperation.allCases {
            let smallMean = try await Self.meanLatency(
                operation,
                server: smallServer,
                middleCursor: cursors.small,
                iteration: benchmark.currentIteration
            )
            let bigMean = try await Self.meanLatency(
                operation,
                server: bigServer,
                middleCursor: cursors.big,
                iteration: benchmark.currentIteration
            )
            let ratio = try Ratio.percent(bigMean, of: smallMean, "\(operation.label) latency")
            benchmark.measurement(operation.metric, ratio)
            let verdict = ratio <= 150 ? "within" : "OVER"
            lines.append(
                "  \(operation.label): \(fixed(bigMean)) us vs \(fixed(smallMean)) us = \(factor(ratio)) "
                    + "(\(verdict) the 1.50x target)"
            )
        }
        print("sandbox scaling, mean latency of \(Self.requests) sequential requests, 100,000 vs 100 contacts:")
        print(lines.joined(separator: "\n"))
    }

    /// The mean latency of `requests` sequential requests of `operation`, in microseconds.
    private static func meanLatency(
        _ operation: ScalingOperation,
        server: ServerProcess,
        middleCursor: String,
        iteration: Int
    ) async throws -> Double {
        let info = server.info
        let http = LoopbackHTTP(port: info.sandbox, token: info.token)
        let escapedCursor = try escaped(middleCursor)
        let seconds = try await Load.timed {
            for index in 0..<requests {
                switch operation {
                case .getByID:
                    _ = try await http.expectSuccess(.GET, "/contacts/\(info.contactID)")
                case .create:
                    let email = "scaling-\(iteration)-\(index)@bench.example"
                    _ = try await http.expectSuccess(.POST, "/contacts", body: RequestBodies.contact(email: email))
                case .update:
                    let body = RequestBodies.rename(to: "Renamed \(iteration)-\(index)")
                    _ = try await http.expectSuccess(.PUT, "/contacts/\(info.contactID)", body: body)
                case .listFirstPage:
                    _ = try await http.expectSuccess(.GET, "/contacts?per_page=\(perPage)")
                case .listFromMiddle:
                    let path = "/contacts?per_page=\(perPage)&starting_after=\(escapedCursor)"
                    _ = try await http.expectSuccess(.GET, path)
                }
            }
        }
        return seconds * 1e6 / Double(requests)
    }

    /// A `starting_after` cursor about halfway through the child's listing: the one after the first page that
    /// reaches the middle, found by walking the listing.
    private static func middleCursor(of server: ServerProcess) async throws -> String {
        let info = server.info
        let http = LoopbackHTTP(port: info.sandbox, token: info.token)
        let half = info.contacts / 2
        var seen = 0
        var cursor: String?
        for _ in 0..<maxPages {
            var path = "/contacts?per_page=\(perPage)"
            if let cursor {
                let escapedCursor = try escaped(cursor)
                path += "&starting_after=" + escapedCursor
            }
            let body = try await http.expectSuccess(.GET, path)
            let page = try JSONSerialization.jsonObject(with: Data(buffer: body))
            guard let list = page as? [String: Any], let items = list["data"] as? [Any],
                let next = ((list["pages"] as? [String: Any])?["next"] as? [String: Any])?["starting_after"]
                    as? String
            else {
                throw MeasurementError("the listing of \(info.contacts) contacts ended before its middle")
            }
            seen += items.count
            cursor = next
            if seen >= half {
                return next
            }
        }
        throw MeasurementError("the middle of the listing is more than \(maxPages) pages away")
    }

    private static func escaped(_ cursor: String) throws -> String {
        guard let escaped = cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) else {
            throw MeasurementError("the cursor cannot be escaped")
        }
        return escaped
    }
}
