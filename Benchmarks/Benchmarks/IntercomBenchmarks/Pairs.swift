import Benchmark
import BenchmarkSupport
import Foundation
import Intercom
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

// The SDK against a bare client, and the sandbox against bare routes, request by request.

// MARK: - The SDK's find against a bare AsyncHTTPClient GET

private enum FindMetric {
    static let throughput = customMetric("throughput % of bare", prefersLarger: true)
    static let clientCPU = customMetric("client CPU % of bare", prefersLarger: false)
    static let sdkCPU = customMetric("SDK client CPU us/request", prefersLarger: false)
    static let bareCPU = customMetric("bare client CPU us/request", prefersLarger: false)
}

/// `find-C1`, `find-C32`: `client.contacts.find(id:)` against a GET with the same headers that parses the
/// body with JSONSerialization, both on `HTTPClient.shared` against the child's bare route. Also
/// `find-SDK-mallocs` and `find-bare-mallocs`: 100 sequential requests of each side alone.
func registerFindPairs() {
    for concurrency in [1, 32] {
        let slot = ServerSlot(contacts: 100)
        Benchmark(
            "find-C\(concurrency)",
            configuration: measuring(
                [
                    (FindMetric.throughput, Tolerance.ratio),
                    (FindMetric.clientCPU, Tolerance.ratio),
                    (FindMetric.sdkCPU, Tolerance.absolute),
                    (FindMetric.bareCPU, Tolerance.absolute),
                ],
                iterations: 4
            )
        ) { benchmark in
            let server = try slot.server()
            try await FindPair.measure(benchmark, server: server, concurrency: concurrency)
        } setup: {
            try await slot.start()
        } teardown: {
            await slot.stop()
        }
    }

    for side in FindPair.Side.allCases {
        let slot = ServerSlot(contacts: 100)
        Benchmark(
            "find-\(side.rawValue)-mallocs",
            configuration: measuring([(.mallocCountTotal, Tolerance.allocations)], iterations: 5)
        ) { benchmark in
            let server = try slot.server()
            try await FindPair.sequential(benchmark, side: side, server: server, count: 100)
        } setup: {
            try await slot.start()
        } teardown: {
            await slot.stop()
        }
    }
}

private enum FindPair {
    /// Requests per side per iteration.
    static let batch = 3_000

    enum Side: String, CaseIterable, Sendable {
        case sdk = "SDK"
        case bare
    }

    static func measure(_ benchmark: Benchmark, server: ServerProcess, concurrency: Int) async throws {
        let bareSide = try call(.bare, info: server.info)
        let sdkSide = try call(.sdk, info: server.info)
        let (bare, sdk) = try await Load.interleaved(
            calls: batch,
            concurrency: concurrency,
            floor: { _ in try await bareSide() },
            subject: { _ in try await sdkSide() }
        )

        let throughput = try Ratio.percent(sdk.callsPerSecond, of: bare.callsPerSecond, "find throughput")
        let cpu = try Ratio.percent(
            sdk.clientMicrosecondsPerCall,
            of: bare.clientMicrosecondsPerCall,
            "find client CPU"
        )
        let sdkCPU = try Ratio.rounded(sdk.clientMicrosecondsPerCall, "SDK client CPU")
        let bareCPU = try Ratio.rounded(bare.clientMicrosecondsPerCall, "bare client CPU")
        benchmark.measurement(FindMetric.throughput, throughput)
        benchmark.measurement(FindMetric.clientCPU, cpu)
        benchmark.measurement(FindMetric.sdkCPU, sdkCPU)
        benchmark.measurement(FindMetric.bareCPU, bareCPU)
        print(
            "find C=\(concurrency): SDK \(fixed(sdk.callsPerSecond)) req/s vs bare \(fixed(bare.callsPerSecond)) "
                + "req/s = \(factor(throughput)); client CPU \(fixed(sdk.clientMicrosecondsPerCall)) vs "
                + "\(fixed(bare.clientMicrosecondsPerCall)) us/request = \(factor(cpu))"
        )
    }

    /// `count` sequential requests of one side, counted from after the client is made.
    static func sequential(_ benchmark: Benchmark, side: Side, server: ServerProcess, count: Int) async throws {
        let request = try call(side, info: server.info)
        benchmark.startMeasurement()
        for _ in 0..<count {
            try await request()
        }
    }

    /// One request of `side` to the bare route, as a closure.
    static func call(_ side: Side, info: ServerInfo) throws -> @Sendable () async throws -> Void {
        let id = info.contactID
        switch side {
        case .sdk:
            let client = try SDK.client(port: info.bare, token: info.token)
            return {
                let contact = try await client.contacts.find(id: id)
                blackHole(contact)
            }
        case .bare:
            let http = LoopbackHTTP(port: info.bare, token: info.token)
            let path = "/contacts/\(id)"
            return {
                let body = try await http.expectSuccess(.GET, path)
                let object = try JSONSerialization.jsonObject(with: Data(buffer: body))
                guard let contact = object as? [String: Any], contact["id"] is String else {
                    throw MeasurementError("GET \(path) did not answer a contact")
                }
            }
        }
    }
}

// MARK: - The sandbox against bare routes answering the same bytes

private enum RouteMetric {
    static let throughput = customMetric("throughput % of bare route", prefersLarger: true)
    static let serverCPU = customMetric("server CPU % of bare route", prefersLarger: false)
    static let sandboxCPU = customMetric("sandbox server CPU us/request", prefersLarger: false)
    static let bareCPU = customMetric("bare server CPU us/request", prefersLarger: false)
}

/// `sandbox-GET-contact-C32`, `sandbox-POST-contacts-C32`, `sandbox-POST-search-C32`: raw AsyncHTTPClient
/// load, 32 requests at a time, against the child's sandbox and against its bare route answering the bytes
/// the sandbox answers. The server's CPU time comes from `/proc`, so only the server is counted.
func registerRoutePairs() {
    for route in RoutePair.Route.allCases {
        let slot = ServerSlot(contacts: 100)
        Benchmark(
            "sandbox-\(route.rawValue)-C32",
            configuration: measuring(
                [
                    (RouteMetric.throughput, Tolerance.ratio),
                    (RouteMetric.serverCPU, Tolerance.ratio),
                    (RouteMetric.sandboxCPU, Tolerance.absolute),
                    (RouteMetric.bareCPU, Tolerance.absolute),
                ],
                iterations: 4
            )
        ) { benchmark in
            let server = try slot.server()
            try await RoutePair.measure(benchmark, route: route, server: server)
        } setup: {
            try await slot.start()
        } teardown: {
            await slot.stop()
        }
    }
}

private enum RoutePair {
    /// Requests per side per iteration.
    static let batch = 6_000
    static let concurrency = 32

    enum Route: String, CaseIterable, Sendable {
        case getContact = "GET-contact"
        case createContact = "POST-contacts"
        case search = "POST-search"

        var label: String {
            switch self {
            case .getContact: return "GET /contacts/{id}"
            case .createContact: return "POST /contacts"
            case .search: return "POST /contacts/search"
            }
        }
    }

    static func measure(_ benchmark: Benchmark, route: Route, server: ServerProcess) async throws {
        let info = server.info
        let bareHTTP = LoopbackHTTP(port: info.bare, token: info.token, client: LoadHTTP.pooled)
        let sandboxHTTP = LoopbackHTTP(port: info.sandbox, token: info.token, client: LoadHTTP.pooled)
        let iteration = benchmark.currentIteration
        let searchBody = try RequestBodies.search(email: info.email)

        // The same requests to either server; every created contact gets an email of its own.
        let send: @Sendable (LoopbackHTTP, String, Int) async throws -> Void = { http, side, index in
            switch route {
            case .getContact:
                _ = try await http.expectSuccess(.GET, "/contacts/\(info.contactID)")
            case .createContact:
                let email = "route-\(iteration)-\(side)-\(index)@bench.example"
                _ = try await http.expectSuccess(.POST, "/contacts", body: RequestBodies.contact(email: email))
            case .search:
                _ = try await http.expectSuccess(.POST, "/contacts/search", body: searchBody)
            }
        }
        let (bare, sandbox) = try await Load.interleaved(
            calls: batch,
            concurrency: concurrency,
            server: server,
            floor: { index in try await send(bareHTTP, "bare", index) },
            subject: { index in try await send(sandboxHTTP, "sandbox", index) }
        )

        let throughput = try Ratio.percent(sandbox.callsPerSecond, of: bare.callsPerSecond, "\(route) throughput")
        let cpu = try Ratio.percent(
            sandbox.serverMicrosecondsPerCall,
            of: bare.serverMicrosecondsPerCall,
            "\(route) server CPU"
        )
        let sandboxCPU = try Ratio.rounded(sandbox.serverMicrosecondsPerCall, "sandbox server CPU")
        let bareCPU = try Ratio.rounded(bare.serverMicrosecondsPerCall, "bare server CPU")
        benchmark.measurement(RouteMetric.throughput, throughput)
        benchmark.measurement(RouteMetric.serverCPU, cpu)
        benchmark.measurement(RouteMetric.sandboxCPU, sandboxCPU)
        benchmark.measurement(RouteMetric.bareCPU, bareCPU)
        print(
            "sandbox \(route.label) C=\(concurrency): \(fixed(sandbox.callsPerSecond)) req/s vs bare "
                + "\(fixed(bare.callsPerSecond)) req/s = \(factor(throughput)); server CPU "
                + "\(fixed(sandbox.serverMicrosecondsPerCall)) vs \(fixed(bare.serverMicrosecondsPerCall)) "
                + "us/request = \(factor(cpu)) (CPU read in \(fixed(bare.serverCPUSeconds * 1_000)) and "
                + "\(fixed(sandbox.serverCPUSeconds * 1_000)) ms, to clock-tick precision)"
        )
    }
}

/// JSON request bodies the load benchmarks send.
enum RequestBodies {
    /// `POST /contacts` for a new contact with `email` (made of letters, digits, `-`, `.` and `@`).
    static func contact(email: String) -> ByteBuffer {
        ByteBuffer(string: #"{"email":""# + email + #"","name":"Benchmark contact"}"#)
    }

    /// `PUT /contacts/{id}` renaming the contact.
    static func rename(to name: String) -> ByteBuffer {
        ByteBuffer(string: #"{"name":""# + name + #""}"#)
    }

    /// `POST /contacts/search` for the contact with `email`.
    static func search(email: String) throws -> ByteBuffer {
        let query: [String: Any] = ["query": ["field": "email", "operator": "=", "value": email]]
        let data = try JSONSerialization.data(withJSONObject: query)
        return ByteBuffer(data: data)
    }
}
