import Benchmark
import BenchmarkSupport
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

// A minute of mixed traffic from 64 clients against a sandbox holding 25,000 contacts: whether throughput
// holds up as the store grows, whether anything fails, and whether every write can be read back.

private enum MixedMetric {
    static let endToStart = customMetric("throughput last 10s % of first 10s", prefersLarger: true)
    static let errors = customMetric("errors", prefersLarger: false)
    static let missing = customMetric("writes missing", prefersLarger: false)
}

/// `sandbox-mixed-load-64-clients`: one measured run, for `MIXED_LOAD_SECONDS` seconds (default 60).
func registerMixedLoad() {
    let slot = ServerSlot(contacts: 25_000)
    Benchmark(
        "sandbox-mixed-load-64-clients",
        configuration: measuring(
            [
                (MixedMetric.endToStart, Tolerance.ratio),
                (MixedMetric.errors, Tolerance.zero),
                (MixedMetric.missing, Tolerance.zero),
            ],
            iterations: 1,
            warmup: 0,
            maxDuration: .seconds(3_600)
        )
    ) { benchmark in
        let server = try slot.server()
        let seconds = try MixedLoad.duration()
        try await MixedLoad.run(benchmark, server: server, seconds: seconds)
    } setup: {
        try await slot.start()
    } teardown: {
        await slot.stop()
    }
}

private enum MixedLoad {
    static let clients = 64
    /// How many requests check the created contacts at a time.
    static let checkers = 32

    /// What one client did.
    struct Outcome: Sendable {
        /// Successful requests per second since the start.
        var completed: [Int]
        var requests = 0
        var errors = 0
        /// The ids of the contacts it created.
        var created: [String] = []
    }

    /// The run's length: `MIXED_LOAD_SECONDS`, from 1 to 600, or 60.
    static func duration() throws -> Int {
        guard let text = ProcessInfo.processInfo.environment["MIXED_LOAD_SECONDS"] else { return 60 }
        guard let seconds = Int(text.trimmingCharacters(in: .whitespaces)), (1...600).contains(seconds) else {
            throw MeasurementError(
                "MIXED_LOAD_SECONDS must be a whole number of seconds from 1 to 600, not \"\(text.prefix(20))\""
            )
        }
        return seconds
    }

    static func run(_ benchmark: Benchmark, server: ServerProcess, seconds: Int) async throws {
        let info = server.info
        let http = LoopbackHTTP(port: info.sandbox, token: info.token, client: LoadHTTP.pooled)
        let residentBefore = try? server.residentKB()
        let start = ContinuousClock.now
        let outcomes = await withTaskGroup(of: Outcome.self) { group in
            for client in 0..<clients {
                group.addTask {
                    await Self.client(number: client, http: http, info: info, start: start, seconds: seconds)
                }
            }
            var outcomes: [Outcome] = []
            for await outcome in group {
                outcomes.append(outcome)
            }
            return outcomes
        }
        let residentAfter = try? server.residentKB()

        let created = outcomes.flatMap { $0.created }
        let missing = await countMissing(created, http: http)
        let errors = outcomes.reduce(0) { $0 + $1.errors }
        let requests = outcomes.reduce(0) { $0 + $1.requests }
        let perSecond = (0..<seconds).map { second in outcomes.reduce(0) { $0 + $1.completed[second] } }
        let window = max(1, min(10, seconds / 2))
        let first = perSecond.prefix(window).reduce(0, +)
        let last = perSecond.suffix(window).reduce(0, +)
        let endToStart = try Ratio.percent(Double(last), of: Double(first), "mixed load end-to-start throughput")

        benchmark.measurement(MixedMetric.endToStart, endToStart)
        benchmark.measurement(MixedMetric.errors, errors)
        benchmark.measurement(MixedMetric.missing, missing)
        var memory = ""
        if let residentBefore, let residentAfter {
            memory = "; server resident \(residentBefore / 1_024) MB before, \(residentAfter / 1_024) MB after"
        }
        print(
            "mixed load \(seconds) s, \(clients) clients: \(fixed(Double(first) / Double(window))) req/s in the "
                + "first \(window) s, \(fixed(Double(last) / Double(window))) req/s in the last \(window) s = "
                + "\(factor(endToStart)); \(requests) requests, \(errors) errors, \(created.count) contacts "
                + "created, \(missing) of them missing\(memory)"
        )
    }

    /// One client: until `seconds` after `start`, 40% gets of a known contact, 20% creates with an email of
    /// its own, 15% updates of the contact it last created, 15% first pages of the listing, and 10% searches
    /// for the email it last created.
    private static func client(
        number: Int,
        http: LoopbackHTTP,
        info: ServerInfo,
        start: ContinuousClock.Instant,
        seconds: Int
    ) async -> Outcome {
        let clock = ContinuousClock()
        let deadline = start.advanced(by: .seconds(seconds))
        var outcome = Outcome(completed: Array(repeating: 0, count: seconds))
        var lastCreated: (id: String, email: String)?
        var counter = 0
        while clock.now < deadline {
            counter += 1
            var succeeded = false
            do {
                switch Int.random(in: 0..<100) {
                case 0..<40:
                    let answer = try await http.send(.GET, "/contacts/\(info.contactID)")
                    succeeded = isSuccess(answer)
                case 40..<60:
                    let email = "mixed-\(number)-\(counter)@bench.example"
                    let answer = try await http.send(.POST, "/contacts", body: RequestBodies.contact(email: email))
                    if let id = createdID(answer) {
                        outcome.created.append(id)
                        lastCreated = (id, email)
                        succeeded = true
                    }
                case 60..<75:
                    let id = lastCreated?.id ?? info.contactID
                    let body = RequestBodies.rename(to: "Mixed \(number)-\(counter)")
                    let answer = try await http.send(.PUT, "/contacts/\(id)", body: body)
                    succeeded = isSuccess(answer)
                case 75..<90:
                    let answer = try await http.send(.GET, "/contacts?per_page=50")
                    succeeded = isSuccess(answer)
                default:
                    let body = try RequestBodies.search(email: lastCreated?.email ?? info.email)
                    let answer = try await http.send(.POST, "/contacts/search", body: body)
                    succeeded = isSuccess(answer)
                }
            } catch {
                succeeded = false
            }
            outcome.requests += 1
            guard succeeded else {
                outcome.errors += 1
                continue
            }
            let elapsed = (clock.now - start).inSeconds
            if elapsed >= 0, elapsed < Double(seconds) {
                outcome.completed[Int(elapsed)] += 1
            }
        }
        return outcome
    }

    /// How many of `ids` a GET no longer finds, `checkers` at a time.
    private static func countMissing(_ ids: [String], http: LoopbackHTTP) async -> Int {
        await withTaskGroup(of: Int.self) { group in
            for checker in 0..<checkers {
                group.addTask {
                    var missing = 0
                    var index = checker
                    while index < ids.count {
                        do {
                            let answer = try await http.send(.GET, "/contacts/\(ids[index])")
                            missing += isSuccess(answer) ? 0 : 1
                        } catch {
                            missing += 1
                        }
                        index += checkers
                    }
                    return missing
                }
            }
            var missing = 0
            for await count in group {
                missing += count
            }
            return missing
        }
    }

    private static func isSuccess(_ answer: (status: UInt, body: ByteBuffer)) -> Bool {
        (200..<300).contains(answer.status)
    }

    /// The id of the contact a successful create answered, if it is a plain id that can go into a path.
    private static func createdID(_ answer: (status: UInt, body: ByteBuffer)) -> String? {
        guard isSuccess(answer),
            let contact = try? JSONSerialization.jsonObject(with: Data(buffer: answer.body)) as? [String: Any],
            let id = contact["id"] as? String, (1...64).contains(id.utf8.count),
            id.utf8.allSatisfy(isIDByte)
        else {
            return nil
        }
        return id
    }

    /// An ASCII letter or digit, `-` or `_`.
    private static func isIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }
}
