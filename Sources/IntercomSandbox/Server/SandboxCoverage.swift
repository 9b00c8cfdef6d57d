import Foundation
import HTTPTypes
import Hummingbird
import Intercom
import Synchronization

/// Which operations of the Intercom API this sandbox simulates, from the SDK's catalog of every
/// operation and the routes the sandbox registers.
///
/// A request for an operation the real API has but the sandbox does not simulate is answered `501`
/// with the code `not_implemented_in_sandbox` and the operation's name, never a bare `404` that a
/// client would take for "that object does not exist".
final class SandboxCoverage: Sendable {
    /// One operation and whether the sandbox simulates it.
    struct Operation: Encodable, Sendable {
        var method: String
        var path: String
        var operation: String
        var since: String
        var simulated: Bool
    }

    /// The answer of `GET /sandbox/coverage`.
    struct Report: ResponseEncodable {
        var type = "sandbox.coverage"
        var total: Int
        var simulated: Int
        var data: [Operation]
    }

    private let simulatedKeys = Mutex<Set<String>>([])

    /// Records the routes a router has, once every route is registered.
    func record(_ routes: [Router<SandboxContext>.RouteDescription]) {
        let keys = Set(routes.map { Self.key(method: $0.method.rawValue, path: $0.path.description) })
        simulatedKeys.withLock { $0 = keys }
    }

    /// Whether the sandbox has a route for a catalog operation.
    func isSimulated(_ entry: IntercomOperationCatalog.Entry) -> Bool {
        let key = Self.key(method: entry.method, path: entry.path)
        return simulatedKeys.withLock { $0.contains(key) }
    }

    /// The sandbox's coverage, shared by every router it builds (the routes are the same).
    static let shared = SandboxCoverage()

    /// Every operation of the catalog, marked simulated or not.
    var report: Report {
        let keys = simulatedKeys.withLock { $0 }
        let operations = IntercomOperationCatalog.all.map { entry in
            Operation(
                method: entry.method,
                path: entry.path,
                operation: entry.name,
                since: entry.since,
                simulated: keys.contains(Self.key(method: entry.method, path: entry.path))
            )
        }
        return Report(total: operations.count, simulated: operations.filter(\.simulated).count, data: operations)
    }

    /// `GET /contacts/*` for `GET /contacts/{contact_id}` and `GET /contacts/:id` alike.
    static func key(method: String, path: String) -> String {
        method.uppercased() + " " + segments(path).map { isParameter($0) ? "*" : String($0) }.joined(separator: "/")
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private static func isParameter(_ segment: Substring) -> Bool {
        segment.hasPrefix("{") || segment.hasPrefix(":") || segment == "*"
    }

    /// The catalog's operation that `method` and `path` (a concrete request path) name, if any. Of
    /// several matching templates, the one with the most literal segments wins (`/contacts/search`
    /// over `/contacts/{contact_id}`).
    static func operation(method: String, path: String) -> IntercomOperationCatalog.Entry? {
        let parts = segments(path)
        var best: (entry: IntercomOperationCatalog.Entry, literals: Int)?
        for entry in IntercomOperationCatalog.all where entry.method == method.uppercased() {
            let template = segments(entry.path)
            guard template.count == parts.count else { continue }
            var literals = 0
            var matches = true
            for (pattern, part) in zip(template, parts) {
                if isParameter(pattern) { continue }
                guard pattern == part else {
                    matches = false
                    break
                }
                literals += 1
            }
            if matches, literals > (best?.literals ?? -1) { best = (entry, literals) }
        }
        return best?.entry
    }
}

extension SandboxError {
    /// The real API has this operation, but the sandbox does not simulate it.
    static func notImplemented(_ entry: IntercomOperationCatalog.Entry) -> SandboxError {
        SandboxError(
            .notImplemented,
            "not_implemented_in_sandbox",
            "The sandbox does not simulate \(entry.name) (\(entry.method) \(entry.path), API \(entry.since)) yet"
        )
    }
}
