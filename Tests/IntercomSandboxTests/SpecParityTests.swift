import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Intercom
import NIOCore
import Testing

@testable import IntercomSandbox

/// The sandbox's answers compared with the examples in Intercom's 2.14 description, as JSON and never
/// through the SDK's types: for every operation, the example request (with ids of objects the sample
/// workspace holds) goes to a fresh sandbox, and the answer must have the example's `type` values, every
/// key of the example with the same JSON type, and no key that neither the example nor the schema names.
/// Where the spec has no example, the answer is checked against the schema alone.
///
/// Operations whose example is known to be wrong about the live API are listed in ``errata`` with the
/// reason; the test prints `parity: N/150` and lists every mismatch.
@Suite("Parity with the spec's examples")
struct SpecParityTests {
    /// One operation of the description, with the example pair to send and compare.
    struct Operation: Sendable {
        var method: String
        var path: String
        var operationID: String
        var parameters: [JSONValue]
        var requestExample: JSONValue?
        var status: Int
        var responseExample: JSONValue?
        var responseSchema: JSONValue?
        var contentType: String?
    }

    /// A known difference between the spec and what Intercom (and so the sandbox) answers: problems at a
    /// JSON path ending in `path`, on one operation or on every one (`*`), excused with the reason.
    struct Erratum: Sendable {
        var operation: String
        var path: String
        var reason: String

        /// Whether this erratum covers `problem`: on its operation (or any), at a JSON path containing
        /// `path` (an empty `path` covers the whole operation).
        func excuses(_ problem: String, in operation: String) -> Bool {
            guard self.operation == "*" || self.operation == operation else { return false }
            guard !path.isEmpty else { return true }
            return problem.split(separator: ":", maxSplits: 1).first.map { $0.contains(path) } == true
        }
    }

    /// Every known difference, reviewed; everything else must match.
    static let errata: [Erratum] = [
        Erratum(
            operation: "*",
            path: ".custom_attributes.",
            reason: "custom attributes are each workspace's own; the example's names exist in Intercom's test workspace"
        ),
        Erratum(
            operation: "GET /admins/activity_logs",
            path: ".metadata.",
            reason: "an entry's metadata holds the keys of its activity type; the example shows other activity types"
        ),
        Erratum(
            operation: "*",
            path: ".input_options.",
            reason: "a ticket type attribute's input options depend on its data type; the examples show string ones"
        ),
        Erratum(
            operation: "GET /events",
            path: ".pages.next",
            reason: "the example's workspace had more events than one answer holds; on the last page next is null"
        ),
        Erratum(
            operation: "POST /fin/start",
            path: ".errors",
            reason:
                "the only success example is the one that reports attribute errors, which a valid request has none of"
        ),
        Erratum(
            operation: "POST /fin/reply",
            path: ".errors",
            reason:
                "the only success example is the one that reports attribute errors, which a valid request has none of"
        ),
    ]

    static let spec: JSONValue? = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                let url = directory.deletingLastPathComponent()
                    .appendingPathComponent("shared/intercom-openapi/2.14/api.intercom.io.json")
                guard let data = try? Data(contentsOf: url) else { return nil }
                return try? JSONDecoder().decode(JSONValue.self, from: data)
            }
            directory.deleteLastPathComponent()
        }
        return nil
    }()

    static func operations(_ spec: JSONValue) -> [Operation] {
        var operations: [Operation] = []
        for (path, item) in (spec["paths"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            for (method, operation) in (item.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard ["get", "post", "put", "delete"].contains(method) else { continue }
                let responses = operation["responses"]?.objectValue ?? [:]
                guard let success = responses.keys.filter({ $0.hasPrefix("2") }).sorted().first,
                    let status = Int(success)
                else {
                    operations.append(
                        Operation(
                            method: method.uppercased(),
                            path: path,
                            operationID: operation["operationId"]?.stringValue ?? path,
                            parameters: operation["parameters"]?.arrayValue ?? [],
                            status: 0
                        )
                    )
                    continue
                }
                let content = responses[success]?["content"]?.objectValue ?? [:]
                let contentType = content.keys.sorted().first
                let media = contentType.flatMap { content[$0] }
                let responseExamples = media?["examples"]?.objectValue ?? [:]
                let requestExamples =
                    operation["requestBody"]?["content"]?["application/json"]?["examples"]?.objectValue ?? [:]
                // The pair that share a name (spelt with spaces or underscores) describe one exchange;
                // otherwise the first of each.
                func normalized(_ key: String) -> String { key.lowercased().replacingOccurrences(of: " ", with: "_") }
                let requestByName = Dictionary(
                    requestExamples.keys.map { (normalized($0), $0) },
                    uniquingKeysWith: { first, _ in first }
                )
                let shared = responseExamples.keys.sorted().first { requestByName[normalized($0)] != nil }
                let responseKey = shared ?? responseExamples.keys.sorted().first
                let requestKey = shared.flatMap { requestByName[normalized($0)] } ?? requestExamples.keys.sorted().first
                operations.append(
                    Operation(
                        method: method.uppercased(),
                        path: path,
                        operationID: operation["operationId"]?.stringValue ?? path,
                        parameters: operation["parameters"]?.arrayValue ?? [],
                        requestExample: requestKey.flatMap { requestExamples[$0]?["value"] },
                        status: status,
                        responseExample: responseKey.flatMap { responseExamples[$0]?["value"] } ?? media?["example"],
                        responseSchema: media?["schema"],
                        contentType: contentType
                    )
                )
            }
        }
        return operations
    }

    @Test("Every 2.14 operation answers in the shape of the spec's example")
    func parity() async throws {
        guard let spec = Self.spec else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("CI=true but ../shared/intercom-openapi/2.14 is missing")
            }
            return
        }
        let operations = Self.operations(spec)
        var matched = 0
        var excused: [String] = []
        var failures: [String] = []
        var usedErrata: [Int] = []
        for operation in operations {
            let found = try await Self.check(operation, spec: spec)
            let name = "\(operation.method) \(operation.path)"
            let problems = found.filter { problem in
                guard let index = Self.errata.firstIndex(where: { $0.excuses(problem, in: name) }) else { return true }
                usedErrata.append(index)
                return false
            }
            if found.isEmpty {
                matched += 1
            } else if problems.isEmpty {
                excused.append(name)
            } else {
                failures.append(
                    "\(name) (\(operation.operationID)):\n    " + problems.prefix(8).joined(separator: "\n    ")
                )
            }
        }
        print("parity: \(matched + excused.count)/\(operations.count) (\(excused.count) by errata)")
        for failure in failures { print("parity mismatch: \(failure)") }
        #expect(failures.isEmpty, "\(failures.count) operations differ from the spec's examples (listed above)")
        #expect(operations.count == 150, "2.14 describes 150 operations")
        // An erratum that excuses nothing any more is stale: remove it.
        let used = Set(usedErrata)
        for (index, erratum) in Self.errata.enumerated() where !used.contains(index) {
            Issue.record("erratum \(erratum.operation) \(erratum.path) excuses nothing: remove it")
        }
    }

    /// Every key the spec's examples show on an object of each `type`, from every operation: the
    /// examples of one operation show keys another's schema leaves out, and both are Intercom's.
    static let keysByType: [String: Set<String>] = {
        var keys: [String: Set<String>] = [:]
        func walk(_ value: JSONValue) {
            switch value {
            case .object(let members):
                if let type = members["type"]?.stringValue { keys[type, default: []].formUnion(members.keys) }
                members.values.forEach(walk)
            case .array(let items): items.forEach(walk)
            default: break
            }
        }
        for item in (spec?["paths"]?.objectValue ?? [:]).values {
            for operation in (item.objectValue ?? [:]).values {
                for response in (operation["responses"]?.objectValue ?? [:]).values {
                    for media in (response["content"]?.objectValue ?? [:]).values {
                        for example in (media["examples"]?.objectValue ?? [:]).values {
                            walk(example["value"] ?? .null)
                        }
                    }
                }
            }
        }
        return keys
    }()

    /// Sends one operation's example to a fresh sandbox and lists how the answer differs from the example.
    static func check(_ operation: Operation, spec: JSONValue) async throws -> [String] {
        let configuration = SandboxConfiguration(rateLimiting: .unlimited, clock: ManualClock())
        let problems = ProblemBox()
        try await withSandboxRouter(configuration) { client, state in
            let fixtures = await Fixtures.load(state.store)
            let path: String
            do {
                path = try fixtures.fill(operation.path)
            } catch {
                problems.set(["\(error)"])
                return
            }
            var query: [String] = []
            for parameter in operation.parameters where parameter["in"]?.stringValue == "query" {
                guard parameter["required"]?.boolValue == true, let name = parameter["name"]?.stringValue else {
                    continue
                }
                let value = fixtures.queryValue(name, example: parameter["example"] ?? parameter["schema"]?["example"])
                query.append("\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)")
            }
            if let template = Fixtures.queries["\(operation.method) \(operation.path)"] {
                query = [fixtures.fillQuery(template)]
            }
            let uri = path + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
            let body = fixtures.fillBody(operation.requestExample, operation: operation)
            for (method, template, setup) in Fixtures.preparations["\(operation.method) \(operation.path)"] ?? [] {
                let prepared = try await client.send(
                    method,
                    try fixtures.fill(template),
                    json: fixtures.fillBody(setup)
                )
                guard prepared.status == .ok else {
                    problems.set(["preparing with \(method) \(template) answered \(prepared.status.code)"])
                    return
                }
            }
            let method = HTTPRequest.Method(operation.method) ?? .get
            let response = try await client.send(method, uri, json: body)
            var found: [String] = []
            if operation.status != 0, Int(response.status.code) != operation.status {
                let detail = response.json["errors"]?[0]?["message"]?.stringValue ?? ""
                found.append("status \(response.status.code), expected \(operation.status) \(detail)")
            } else if operation.contentType == "application/json" {
                let schemas = spec["components"]?["schemas"] ?? [:]
                let comparer = Comparer(schemas: schemas, keysByType: Self.keysByType)
                if let example = operation.responseExample {
                    comparer.answerIsList =
                        example["type"]?.stringValue.map { $0 == "list" || $0.hasSuffix(".list") } ?? false
                    comparer.compare(response.json, example: example, schema: operation.responseSchema, at: "$")
                } else if let schema = operation.responseSchema {
                    comparer.conform(response.json, schema: schema, at: "$")
                }
                found += comparer.problems
            }
            problems.set(found)
        }
        return problems.value
    }
}

/// Collects a value from inside a `@Sendable` closure.
final class ProblemBox: @unchecked Sendable {
    private let lock = NSLock()
    private var problems: [String] = []
    func set(_ value: [String]) { lock.withLock { problems = value } }
    var value: [String] { lock.withLock { problems } }
}

/// Ids of objects a fresh sample workspace holds, by the name the spec gives the path parameter.
struct Fixtures: Sendable {
    var ids: [String: String]

    static func load(_ store: SandboxStore) async -> Fixtures {
        await store.read { store in
            let data = store.data
            var ids: [String: String] = [:]
            let contact = data.contacts.values.filter { $0.role == "user" }.min { $0.createdAt < $1.createdAt }
            ids["contact_id"] = contact?.id
            ids["external_id"] = contact?.externalID
            ids["user_external_id"] = contact?.externalID
            ids["user_id"] = contact?.id
            ids["lead_id"] = data.contacts.values.filter { $0.role == "lead" }.min { $0.createdAt < $1.createdAt }?.id
            ids["company_external_id"] = data.companyOrder.first.flatMap { data.companies[$0]?.companyID }
            ids["company_id"] = data.companyOrder.first
            ids["conversation_id"] = data.conversationOrder.last
            ids["conversation_part_id"] = data.conversationOrder.last.flatMap {
                data.conversations[$0]?.parts.first?.id
            }
            ids["admin_id"] = data.admins.first?.id
            ids["team_id"] = data.teams.first?.id
            ids["tag_id"] = data.tags.first?.id
            ids["segment_id"] = data.segments.first?.id
            ids["note_id"] = data.notes.records.first?.id
            ids["subscription_id"] = data.subscriptionTypes.first?.id
            ids["data_attribute_id"] = data.dataAttributes.first { $0.custom && $0.id != nil }?.id.map(String.init)
            func first(_ kind: DocumentKind) -> String? { data.documents(kind).first?["id"]?.stringValue }
            ids["article_id"] = first(.article)
            ids["collection_id"] = first(.collection)
            ids["help_center_id"] = first(.helpCenter)
            ids["internal_article_id"] = first(.internalArticle)
            ids["news_item_id"] = first(.newsItem)
            ids["newsfeed_id"] = first(.newsfeed)
            ids["ticket_type_id"] = first(.ticketType)
            ids["ticket_id"] = first(.ticket)
            ids["call_id"] = first(.call)
            ids["source_id"] = first(.contentImportSource)
            ids["page_id"] = first(.externalPage)
            ids["job_id"] = first(.job)
            ids["job_identifier"] = first(.contentExport)
            ids["custom_object_instance_id"] = first(.customObjectInstance)
            let instance = data.documents(.customObjectInstance).first
            ids["custom_object_type_identifier"] = instance?["type"]?.stringValue
            ids["ticket_state_id"] = first(.ticketState)
            ids["away_status_reason_id"] = first(.awayStatusReason)
            let visitor = data.documents(.visitor).first
            ids["visitor_id"] = visitor?["id"]?.stringValue
            ids["visitor_user_id"] = visitor?["user_id"]?.stringValue
            ids["custom_object_external_id"] = instance?["external_id"]?.stringValue
            if let typeID = ids["ticket_type_id"] {
                ids["attribute_id"] =
                    data.documents(.ticketTypeAttribute).first {
                        $0["ticket_type_id"]?.stringValue == typeID
                    }?["id"]?.stringValue
            }
            return Fixtures(ids: ids)
        }
    }

    struct MissingFixture: Error, CustomStringConvertible {
        var name: String
        var description: String { "no sample object for {\(name)}" }
    }

    /// The path with each `{parameter}` replaced by a sample object's id.
    func fill(_ template: String) throws -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            guard let id = ids[name] else { throw MissingFixture(name: name) }
            result += id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// A value for a required query parameter: a sample id where the name is one, else the spec's example.
    func queryValue(_ name: String, example: JSONValue?) -> String {
        if let id = ids[name] { return id }
        switch example {
        case .string(let text)?: return text
        case .int(let number)?: return String(number)
        case .bool(let flag)?: return String(flag)
        default: return "1"
        }
    }

    /// The example body with references to objects replaced by sample ids, or the operation's own
    /// minimal body where the example cannot work against any workspace (or there is none).
    func fillBody(_ body: JSONValue?, operation: SpecParityTests.Operation) -> JSONValue? {
        if let template = Self.bodies["\(operation.method) \(operation.path)"] { return substitute(template) }
        guard let filled = body.map({ replace($0, key: nil) }) else { return nil }
        // Visitors are named by their own id and user_id, which no other object shares.
        guard operation.path.hasPrefix("/visitors"), case .object(var object) = filled else { return filled }
        func visitorIDs(_ fields: inout [String: JSONValue]) {
            if fields["id"] != nil, let id = ids["visitor_id"] { fields["id"] = .string(id) }
            if fields["user_id"] != nil, let id = ids["visitor_user_id"] { fields["user_id"] = .string(id) }
        }
        if operation.path == "/visitors" { visitorIDs(&object) }
        if case .object(var visitor)? = object["visitor"] {
            visitorIDs(&visitor)
            object["visitor"] = .object(visitor)
        }
        return .object(object)
    }

    /// Bodies by operation; a string `"{name}"` stands for the fixture id of that name (`"{#name}"` for it
    /// as a number).
    static let bodies: [String: JSONValue] = [
        "POST /contacts/merge": ["from": "{lead_id}", "into": "{contact_id}"],
        "POST /contacts/{contact_id}/companies": ["id": "{company_id}"],
        "POST /contacts/{contact_id}/subscriptions": ["id": "{subscription_id}", "consent_type": "opt_in"],
        "POST /contacts/{contact_id}/tags": ["id": "{tag_id}"],
        "POST /conversations/{conversation_id}/tags": ["id": "{tag_id}", "admin_id": "{admin_id}"],
        "POST /tickets/{ticket_id}/tags": ["id": "{tag_id}", "admin_id": "{admin_id}"],
        "DELETE /tickets/{ticket_id}/tags/{tag_id}": ["admin_id": "{admin_id}"],
        "DELETE /conversations/{conversation_id}/tags/{tag_id}": ["admin_id": "{admin_id}"],
        "POST /companies": ["company_id": "parity-company", "name": "Parity Ltd", "remote_created_at": 1_700_000_000],
        "POST /events": ["event_name": "parity-check", "created_at": 1_700_000_000, "user_id": "{user_external_id}"],
        "POST /events/summaries": [
            "user_id": "{user_external_id}",
            "event_summaries": [
                "event_name": "parity-check", "count": 1, "first": 1_700_000_000, "last": 1_700_000_000,
            ],
        ],
        "POST /export/reporting_data/enqueue": [
            "dataset_id": "conversation", "attribute_ids": ["conversation_id", "conversation_started_at"],
            "start_time": 1_717_490_000, "end_time": 1_717_510_000,
        ],
        "PUT /admins/{admin_id}/away": [
            "away_mode_enabled": true, "away_mode_reassign": false, "away_status_reason_id": "{#away_status_reason_id}",
        ],
        "PUT /ip_allowlist": ["enabled": true, "ip_allowlist": ["127.0.0.1", "10.0.0.0/8"]],
        "POST /conversations/redact": [
            "type": "conversation_part", "conversation_id": "{conversation_id}",
            "conversation_part_id": "{conversation_part_id}",
        ],
        "POST /conversations/{conversation_id}/customers": [
            "admin_id": "{admin_id}", "customer": ["intercom_user_id": "{lead_id}"],
        ],
    ]

    /// Requests that put the workspace in the state an operation needs, sent before it.
    static let preparations: [String: [(HTTPRequest.Method, String, JSONValue)]] = [
        "DELETE /conversations/{conversation_id}/customers/{contact_id}": [
            (
                .post, "/conversations/{conversation_id}/customers",
                ["admin_id": "{admin_id}", "customer": ["intercom_user_id": "{lead_id}"]]
            )
        ]
    ]

    /// Query parameters by operation, where the spec's own example is not usable.
    static let queries: [String: String] = [
        "GET /events": "type=user&intercom_user_id={contact_id}&summary=true",
        "GET /companies": "company_id={company_external_id}",
        "GET /visitors": "user_id={visitor_user_id}",
        "GET /custom_object_instances/{custom_object_type_identifier}": "external_id={custom_object_external_id}",
        "DELETE /custom_object_instances/{custom_object_type_identifier}": "external_id={custom_object_external_id}",
    ]

    /// A template body with `"{name}"` strings replaced by fixture ids.
    func fillBody(_ template: JSONValue) -> JSONValue {
        substitute(template)
    }

    private func substitute(_ template: JSONValue) -> JSONValue {
        switch template {
        case .string(let text) where text.hasPrefix("{#") && text.hasSuffix("}"):
            // `"{#name}"`: the id as a JSON number, for fields the spec types as integers.
            return ids[String(text.dropFirst(2).dropLast())].flatMap { Int($0) }.map(JSONValue.int) ?? template
        case .string(let text) where text.hasPrefix("{") && text.hasSuffix("}"):
            return ids[String(text.dropFirst().dropLast())].map(JSONValue.string) ?? template
        case .object(let members): return .object(members.mapValues(substitute))
        case .array(let items): return .array(items.map(substitute))
        default: return template
        }
    }

    /// A query template with `{name}` replaced by fixture ids.
    func fillQuery(_ template: String) -> String {
        var result = template
        for (name, id) in ids { result = result.replacingOccurrences(of: "{\(name)}", with: id) }
        return result
    }

    private static let referenceKeys: [String: String] = [
        "admin_id": "admin_id", "contact_id": "contact_id", "ticket_type_id": "ticket_type_id",
        "conversation_id": "conversation_id", "company_id": "company_id", "assignee_id": "admin_id",
        "author_id": "admin_id", "sender_id": "admin_id", "parent_id": "collection_id",
        "help_center_id": "help_center_id",
        "newsfeed_id": "newsfeed_id", "source_id": "source_id", "intercom_user_id": "contact_id",
        "owner_id": "admin_id", "ticket_id": "ticket_id", "call_id": "call_id", "ticket_state_id": "ticket_state_id",
    ]

    /// An `id` with no `type` beside it, named by the member that holds it.
    private static let parentsOfIDs: [String: String] = [
        "contacts": "contact_id", "customer": "contact_id", "ticket_type": "ticket_type_id",
    ]

    private func replace(_ value: JSONValue, key: String?) -> JSONValue {
        switch value {
        case .object(let object):
            var result: [String: JSONValue] = [:]
            for (name, member) in object {
                if let fixture = Self.referenceKeys[name], let id = ids[fixture],
                    member.stringValue != nil || member.intValue != nil
                {
                    result[name] = member.intValue != nil && Int(id) != nil ? .int(Int(id) ?? 0) : .string(id)
                } else if name == "id", let kind = object["type"]?.stringValue, let id = ids[kind + "_id"] {
                    result[name] = .string(id)
                } else if name == "id", let parent = key, let fixture = Self.parentsOfIDs[parent], let id = ids[fixture]
                {
                    result[name] = .string(id)
                } else {
                    result[name] = replace(member, key: name)
                }
            }
            return .object(result)
        case .array(let items):
            return .array(items.map { replace($0, key: key) })
        default:
            return value
        }
    }
}

/// Compares an answer with an example and a schema, collecting every difference.
final class Comparer: @unchecked Sendable {
    let schemas: JSONValue
    let keysByType: [String: Set<String>]
    var problems: [String] = []

    init(schemas: JSONValue, keysByType: [String: Set<String>]) {
        self.schemas = schemas
        self.keysByType = keysByType
    }

    /// Whether some example of the spec shows `key` on an object with the same `type` as `object`.
    func seenInExamples(_ key: String, on object: [String: JSONValue]) -> Bool {
        guard let type = object["type"]?.stringValue else { return false }
        return keysByType[type]?.contains(key) == true
    }

    /// Whether the answer is a list (`list`, `contact.list`, …), whose items' `type` names what it lists.
    var answerIsList = false

    /// Whether a path names the answer itself or, in a list answer, one of its items: there `type` names
    /// the object; deeper down (an author's `type`, a conversation's customers) it describes the data.
    func isObjectLevel(_ path: String) -> Bool {
        if path == "$" { return true }
        return answerIsList && path.hasPrefix("$.") && path.dropFirst(2).allSatisfy { $0 != "." }
            && path.hasSuffix("]")
    }

    /// The schema with `$ref`s followed and `allOf`/`oneOf`/`anyOf` members merged into one set of properties.
    func resolve(_ schema: JSONValue?, depth: Int = 0) -> [String: JSONValue] {
        guard let schema, depth < 20, var object = schema.objectValue else { return [:] }
        if let ref = object["$ref"]?.stringValue, let name = ref.split(separator: "/").last {
            var resolved = resolve(schemas[String(name)], depth: depth + 1)
            if object["nullable"]?.boolValue == true { resolved["nullable"] = true }
            return resolved
        }
        for combiner in ["allOf", "oneOf", "anyOf"] {
            guard let members = object[combiner]?.arrayValue else { continue }
            var properties = object["properties"]?.objectValue ?? [:]
            let resolvedMembers = members.map { resolve($0, depth: depth + 1) }
            let memberTypes = Set(resolvedMembers.compactMap { $0["type"]?.stringValue })
            if object["type"] == nil, memberTypes.count > 1 {
                // Alternatives of different types (a date as text or as a number): any of them will do.
                object["anyOfTypes"] = .array(memberTypes.sorted().map(JSONValue.string))
            }
            for resolved in resolvedMembers {
                for (key, value) in resolved["properties"]?.objectValue ?? [:] where properties[key] == nil {
                    properties[key] = value
                }
                if object["type"] == nil, memberTypes.count == 1, let type = resolved["type"] { object["type"] = type }
                if resolved["nullable"]?.boolValue == true { object["nullable"] = true }
                if object["items"] == nil, let items = resolved["items"] { object["items"] = items }
            }
            object["properties"] = .object(properties)
        }
        return object
    }

    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .string: return "string"
        case .int, .double: return "number"
        case .bool: return "boolean"
        case .null: return "null"
        case .array: return "array"
        case .object: return "object"
        }
    }

    func compare(_ actual: JSONValue, example: JSONValue, schema: JSONValue?, at path: String) {
        let resolved = resolve(schema)
        if actual.isNull {
            if !example.isNull, resolved["nullable"]?.boolValue != true {
                problems.append("\(path): null, example has \(Self.kind(example))")
            }
            return
        }
        switch example {
        case .null:
            conform(actual, schema: schema, at: path)
        case .object(let expected):
            guard let object = actual.objectValue else {
                problems.append("\(path): \(Self.kind(actual)), example has an object")
                return
            }
            let properties = resolved["properties"]?.objectValue ?? [:]
            for (key, value) in expected {
                guard let member = object[key] else {
                    problems.append("\(path).\(key): missing")
                    continue
                }
                if key == "type", isObjectLevel(path), let type = value.stringValue, member.stringValue != type {
                    problems.append("\(path).type: \(member), example has \"\(type)\"")
                }
                compare(member, example: value, schema: properties[key], at: "\(path).\(key)")
            }
            let open = properties.isEmpty || resolved["additionalProperties"] != nil
            for key in object.keys where expected[key] == nil && !open {
                if let property = properties[key] {
                    conform(object[key] ?? .null, schema: property, at: "\(path).\(key)")
                } else if seenInExamples(key, on: object) {
                    continue
                } else {
                    problems.append("\(path).\(key): not in the example or the schema")
                }
            }
        case .array(let expected):
            guard let items = actual.arrayValue else {
                problems.append("\(path): \(Self.kind(actual)), example has an array")
                return
            }
            guard let first = expected.first else {
                for (index, item) in items.prefix(3).enumerated() {
                    conform(item, schema: resolved["items"], at: "\(path)[\(index)]")
                }
                return
            }
            for (index, item) in items.prefix(3).enumerated() {
                compare(
                    item,
                    example: Self.closest(to: item, in: expected) ?? first,
                    schema: resolved["items"],
                    at: "\(path)[\(index)]"
                )
            }
        default:
            // Where the example and the schema disagree on a scalar's type, a value the schema allows passes.
            let schemaTypes =
                resolved["anyOfTypes"]?.arrayValue?.compactMap(\.stringValue)
                ?? resolved["type"]?.stringValue.map { [$0] } ?? []
            let allowed = schemaTypes.contains { Self.kind(actual) == (["integer": "number"][$0] ?? $0) }
            if Self.kind(actual) != Self.kind(example), !allowed {
                problems.append("\(path): \(Self.kind(actual)), example has \(Self.kind(example))")
            }
        }
    }

    /// The example element most like `item`: the most members with equal string values (`type`,
    /// `activity_type`, …), the first on a tie.
    static func closest(to item: JSONValue, in examples: [JSONValue]) -> JSONValue? {
        guard let members = item.objectValue else { return examples.first }
        var best: (example: JSONValue, score: Int)?
        for example in examples {
            let score = (example.objectValue ?? [:]).reduce(0) { total, entry in
                entry.value.stringValue != nil && members[entry.key] == entry.value ? total + 1 : total
            }
            if score > (best?.score ?? -1) { best = (example, score) }
        }
        return best?.example
    }

    /// Checks a value against a schema alone: JSON types, and no keys the schema does not name.
    func conform(_ actual: JSONValue, schema: JSONValue?, at path: String, depth: Int = 0) {
        guard depth < 12 else { return }
        let resolved = resolve(schema)
        if resolved.isEmpty { return }
        if actual.isNull { return }
        if let alternatives = resolved["anyOfTypes"]?.arrayValue?.compactMap(\.stringValue) {
            let kind = Self.kind(actual)
            if !alternatives.contains(where: { (["integer": "number"][$0] ?? $0) == kind }) {
                problems.append("\(path): \(kind), schema allows \(alternatives.joined(separator: " or "))")
            }
            return
        }
        let type = resolved["type"]?.stringValue
        switch actual {
        case .object(let object):
            if let type, type != "object" {
                problems.append("\(path): object, schema says \(type)")
                return
            }
            let properties = resolved["properties"]?.objectValue ?? [:]
            let open = properties.isEmpty || resolved["additionalProperties"] != nil
            for (key, value) in object {
                if let property = properties[key] {
                    conform(value, schema: property, at: "\(path).\(key)", depth: depth + 1)
                } else if !open, !seenInExamples(key, on: object) {
                    problems.append("\(path).\(key): not in the schema")
                }
            }
        case .array(let items):
            if let type, type != "array" {
                problems.append("\(path): array, schema says \(type)")
                return
            }
            for (index, item) in items.prefix(3).enumerated() {
                conform(item, schema: resolved["items"], at: "\(path)[\(index)]", depth: depth + 1)
            }
        case .string:
            if let type, type != "string" { problems.append("\(path): string, schema says \(type)") }
        case .int, .double:
            if let type, type != "integer", type != "number" { problems.append("\(path): number, schema says \(type)") }
        case .bool:
            if let type, type != "boolean" { problems.append("\(path): boolean, schema says \(type)") }
        case .null:
            return
        }
    }
}
