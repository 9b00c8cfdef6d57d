// Measures the SDK's hot paths. Not part of `swift test`; run it in release mode:
//
//   swift run -c release intercom-benchmarks
//
// Everything runs in-process against a sandbox on a loopback port.
import Foundation
import HTTPTypes
import Intercom
import IntercomSandbox

/// Runs `body` `iterations` times after one warm-up and prints the median and the rate.
@MainActor
func measure(
    _ name: String,
    iterations: Int,
    unitsPerIteration: Int = 1,
    unit: String = "op",
    _ body: () async throws -> Void
) async throws {
    try await body()
    var samples: [Duration] = []
    let clock = ContinuousClock()
    for _ in 0..<iterations {
        let start = clock.now
        try await body()
        samples.append(clock.now - start)
    }
    samples.sort()
    let median = samples[samples.count / 2]
    let seconds = Double(median.components.seconds) + Double(median.components.attoseconds) / 1e18
    let rate = Double(unitsPerIteration) / seconds
    let label = name.padding(toLength: 48, withPad: " ", startingAt: 0)
    print(label + String(format: " median %9.3f ms   %12.0f ", seconds * 1000, rate) + "\(unit)/s")
}

enum BenchmarkError: Error {
    case wrongCount(Int)
}

let sample = try await withSandbox(SandboxConfiguration(rateLimiting: .unlimited)) { sandbox in
    await sandbox.store.generateContacts(count: 10_000)
    let client = sandbox.client()
    let page = try await client.send(
        .init(method: .get, path: "/contacts", query: [URLQueryItem(name: "per_page", value: "150")])
    )

    try await measure("decode a page of 150 contacts", iterations: 50, unitsPerIteration: 150, unit: "contact") {
        _ = try IntercomJSON.makeDecoder().decode(ContactList.self, from: page.body)
    }
    try await measure("encode 150 contacts", iterations: 50, unitsPerIteration: 150, unit: "contact") {
        let contacts = try IntercomJSON.makeDecoder().decode(ContactList.self, from: page.body)
        _ = try IntercomJSON.makeEncoder().encode(contacts)
    }
    try await measure("GET /me over loopback", iterations: 200) {
        _ = try await client.admins.identify()
    }
    try await measure("list 10,006 contacts, 150 per page", iterations: 3, unitsPerIteration: 10_006, unit: "contact") {
        var count = 0
        for try await _ in client.contacts.list(perPage: 150) { count += 1 }
        guard count == 10_006 else { throw BenchmarkError.wrongCount(count) }
    }
    try await measure(
        "search contacts (custom attribute, 150/page)",
        iterations: 5,
        unitsPerIteration: 1,
        unit: "search"
    ) {
        _ = try await client.contacts.search(.field("custom_attributes.n") < 500, perPage: 150).collect()
    }
    return page.body.count
}
print("(a page of 150 contacts is \(sample) bytes)")

print("")
print("Pairs measured in this run (higher ratio is better; 1.00× is the floor's speed):")
try await Floors.sdkAgainstBareClient(requests: 3_000)
try await Floors.sandboxAgainstBareRoute(requests: 3_000)
