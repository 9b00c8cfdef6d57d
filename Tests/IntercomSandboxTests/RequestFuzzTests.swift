import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Intercom
import IntercomSandbox
import NIOCore
import TestSupport
import Testing

/// Hostile requests to an in-process sandbox, built from every operation of the 2.14 description:
/// bad numbers in every query parameter and body field, deep JSON, invalid UTF-8, duplicate keys, NUL
/// bytes and unicode in path ids, wrong methods. Every answer must be below 500 (an `error.list` when
/// it is an error), and the sandbox must keep answering. A trap ends the test process, so the seed is
/// printed first; rerun with `INTERCOM_FUZZ_SEED=<seed> INTERCOM_FUZZ_VERBOSE=1` to see the last case.
@Suite("Fuzzing: hostile requests to the sandbox")
struct RequestFuzzTests {
    struct Operation: Sendable {
        var method: HTTPRequest.Method
        var path: String
        var queryNames: [String]
        var bodies: [JSONValue]
    }

    static let hostileIDs = [
        "0", "-1", "9223372036854775808", "1e400", "%00", "a%00b", "%F0%9F%98%80", "%E2%80%AE", "..%2F..",
        String(repeating: "9", count: 400), "%FF%FE", "null", "%20",
    ]

    static let hostileQueryValues =
        JSONMutator.hostileNumbers + ["0", "-0", "", "abc", "%00", "%FF", "true", "[]", "1.5", "0x10"]

    /// The spec's operations, read from `../shared/intercom-openapi/2.14`.
    static let operations: [Operation] = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        var specURL: URL?
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                specURL = directory.deletingLastPathComponent()
                    .appendingPathComponent("shared/intercom-openapi/2.14/api.intercom.io.json")
                break
            }
            directory.deleteLastPathComponent()
        }
        guard let specURL, let data = try? Data(contentsOf: specURL),
            let spec = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { return [] }
        var operations: [Operation] = []
        for (path, item) in (spec["paths"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            for (method, operation) in (item.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let httpMethod = HTTPRequest.Method(method.uppercased()),
                    ["GET", "POST", "PUT", "DELETE", "PATCH"].contains(httpMethod.rawValue)
                else { continue }
                let queryNames = (operation["parameters"]?.arrayValue ?? []).compactMap { parameter in
                    parameter["in"]?.stringValue == "query" ? parameter["name"]?.stringValue : nil
                }
                let examples =
                    operation["requestBody"]?["content"]?["application/json"]?["examples"]?.objectValue ?? [:]
                let bodies = examples.sorted { $0.key < $1.key }.compactMap { $0.value["value"] }
                operations.append(Operation(method: httpMethod, path: path, queryNames: queryNames, bodies: bodies))
            }
        }
        return operations
    }()

    /// Fields the sandbox's routes read, with hostile values, for bodies the spec gives no example of.
    static let genericBody: JSONValue = [
        "page": 1, "per_page": 50, "created_at": 1_700_000_000, "signed_up_at": 1_700_000_000, "id": "1",
        "email": "a@example.com", "pagination": ["per_page": 5, "starting_after": "x"],
        "query": ["field": "created_at", "operator": ">", "value": 1],
    ]

    @Test("5,000 hostile requests: no 5xx, every error is an error.list, and the sandbox keeps answering")
    func hostileRequests() async throws {
        if Self.operations.isEmpty {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("CI=true but ../shared/intercom-openapi/2.14 is missing")
            }
            return
        }
        let seed = FuzzSettings.seed
        FuzzSettings.log("fuzz: hostile sandbox requests, seed \(seed)")
        let configuration = SandboxConfiguration(rateLimiting: .unlimited, clock: ManualClock())
        try await withSandboxRouter(configuration) { client, _ in
            var generator = SeededGenerator(seed: seed)
            // Ids of the sample workspace, so that many cases reach a route's handler, not its 404.
            var ids: [String] = []
            for (path, key) in [
                ("/contacts", "data"), ("/companies", "data"), ("/conversations", "conversations"),
                ("/tags", "data"), ("/segments", "segments"), ("/admins", "admins"), ("/teams", "teams"),
            ] {
                let list = try await client.send(.get, path)
                for item in list.json[key]?.arrayValue ?? [] {
                    if let id = item["id"]?.stringValue { ids.append(id) }
                }
            }
            #expect(ids.count >= 10, "the sample workspace lists its objects")
            var statuses: [Int: Int] = [:]
            let total = 5_000
            for index in 0..<total {
                let (method, uri, body) = Self.makeCase(ids: ids, using: &generator)
                if FuzzSettings.verbose {
                    FuzzSettings.log(
                        "case \(index): \(method) \(uri) \(String(decoding: (body ?? Data()).prefix(200), as: UTF8.self))"
                    )
                }
                var headers = authorized
                if body != nil { headers[.contentType] = "application/json" }
                let response = try await client.execute(
                    uri: uri,
                    method: method,
                    headers: headers,
                    body: body.map { ByteBuffer(bytes: $0) }
                )
                statuses[Int(response.status.code), default: 0] += 1
                let where_ = "seed \(seed) case \(index): \(method) \(uri)"
                // 501 is the honest answer for an operation the sandbox does not simulate.
                let notSimulated = response.status.code == 501 && response.errorCode == "not_implemented_in_sandbox"
                #expect(response.status.code < 500 || notSimulated, "\(where_) answered \(response.status.code)")
                if response.status.code >= 400 {
                    // Two operations document their own error shapes: Fin's rating refusals (422 with an
                    // `errors` object) and the phone switch's invalid number (400 with an `error_key`).
                    let path = uri.split(separator: "?").first.map(String.init) ?? uri
                    let documentedShape =
                        (path == "/fin/csat" && response.status.code == 422
                            && response.json["errors"]?.objectValue != nil)
                        || (path == "/phone_call_redirects" && response.json["error_key"]?.stringValue != nil)
                    #expect(
                        response.json["type"] == "error.list" || documentedShape,
                        "\(where_) answered a \(response.status.code) without error.list"
                    )
                }
                if index % 250 == 249 {
                    let probe = try await client.send(.get, "/contacts")
                    #expect(probe.status == .ok, "after \(where_) the sandbox stopped answering")
                }
            }
            let summary = statuses.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
            FuzzSettings.log("fuzz: \(total) hostile requests to the sandbox (seed \(seed)): \(summary)")
            #expect(statuses.values.reduce(0, +) == total)
        }
    }

    static func makeCase(ids: [String], using generator: inout SeededGenerator) -> (HTTPRequest.Method, String, Data?) {
        guard let operation = operations.randomElement(using: &generator) else { return (.get, "/", nil) }
        // The path, with every `{param}` replaced by a hostile id or a plausible one.
        var path = ""
        var rest = Substring(operation.path)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            path += rest[..<open]
            let plausible = ids.randomElement(using: &generator) ?? "1"
            path += Bool.random(using: &generator) ? (hostileIDs.randomElement(using: &generator) ?? "0") : plausible
            rest = rest[rest.index(after: close)...]
        }
        path += rest
        // Hostile values for some of the query parameters the operation takes, plus the paging ones.
        var query: [String] = []
        for name in operation.queryNames + ["page", "per_page"] where Int.random(in: 0..<3, using: &generator) == 0 {
            query.append("\(name)=\(hostileQueryValues.randomElement(using: &generator) ?? "")")
        }
        let uri = query.isEmpty ? path : path + "?" + query.joined(separator: "&")
        // Sometimes another method than the operation's.
        let method =
            Int.random(in: 0..<10, using: &generator) == 0
            ? ([.get, .post, .put, .delete, .patch] as [HTTPRequest.Method]).randomElement(using: &generator) ?? .get
            : operation.method
        guard method != .get, method != .delete else { return (method, uri, nil) }
        let roll = Int.random(in: 0..<20, using: &generator)
        switch roll {
        case 0:
            return (method, uri, Data([0xFF, 0xFE, 0x7B, 0x22, 0x00, 0x22, 0x7D]))  // invalid UTF-8 and a NUL
        case 1:
            return (method, uri, Data("null".utf8))
        case 2:
            return (method, uri, Data("[1e400]".utf8))
        default:
            let document = operation.bodies.randomElement(using: &generator) ?? genericBody
            return (method, uri, JSONMutator.mutate(document, using: &generator))
        }
    }

    @Test("Hostile bodies for the control API: clock, faults, generate")
    func hostileControlRequests() async throws {
        let seed = FuzzSettings.seed
        let configuration = SandboxConfiguration(rateLimiting: .unlimited, clock: ManualClock())
        try await withSandboxRouter(configuration) { client, _ in
            var generator = SeededGenerator(seed: seed ^ 0x5A_4D_B0)
            for index in 0..<300 {
                let (path, document): (String, JSONValue) =
                    switch index % 3 {
                    case 0: ("/sandbox/clock/advance", ["seconds": 61])
                    case 1: ("/sandbox/faults", ["fault": "latency:5", "count": 1])
                    default: ("/sandbox/generate", ["contacts": 1])
                    }
                let body = JSONMutator.mutate(document, using: &generator)
                let response = try await client.execute(
                    uri: path,
                    method: .post,
                    headers: authorized.merging([.contentType: "application/json"]),
                    body: ByteBuffer(bytes: body)
                )
                #expect(
                    response.status.code < 500,
                    "seed \(seed) case \(index): POST \(path) \(String(decoding: body.prefix(200), as: UTF8.self)) answered \(response.status.code)"
                )
                // Clear any fault the case may have queued, so the probe sees the sandbox itself.
                _ = try await client.send(.delete, "/sandbox/faults")
            }
            let probe = try await client.send(.get, "/contacts")
            #expect(probe.status == .ok)
        }
    }
}

extension HTTPFields {
    fileprivate func merging(_ other: HTTPFields) -> HTTPFields {
        var copy = self
        for field in other { copy[field.name] = field.value }
        return copy
    }
}
