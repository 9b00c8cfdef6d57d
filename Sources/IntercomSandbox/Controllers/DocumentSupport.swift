import Foundation
import HTTPTypes
import Hummingbird
import Intercom

/// A request body read as a JSON object, with accessors that answer Intercom's `400`s naming the field.
///
/// A missing key and an explicit `null` read the same: absent. A value of the wrong JSON type answers
/// `parameter_invalid`; a required value that is absent answers `parameter_not_found`.
struct BodyFields: Sendable {
    var object: [String: JSONValue]

    init(_ object: [String: JSONValue]) {
        self.object = object
    }

    /// The value under `key`, or `nil` when it is missing or `null`.
    subscript(key: String) -> JSONValue? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    /// Whether the body sets `key`, even to `null`.
    func has(_ key: String) -> Bool {
        object[key] != nil
    }

    func string(_ key: String) throws -> String? {
        guard let value = self[key] else { return nil }
        guard let text = value.stringValue else { throw Self.wrongType(key, "a string") }
        return text
    }

    /// A string the operation requires; an empty one counts as missing.
    func requireString(_ key: String) throws -> String {
        guard let text = try string(key), !text.isEmpty else { throw Self.missing(key) }
        return text
    }

    /// A whole number, checked against `range` when one is given.
    func int(_ key: String, in range: ClosedRange<Int>? = nil) throws -> Int? {
        guard let value = self[key] else { return nil }
        guard let number = value.intValue else { throw Self.wrongType(key, "a whole number") }
        if let range, !range.contains(number) {
            throw SandboxError.parameterInvalid(
                "\(key) must be between \(range.lowerBound) and \(range.upperBound)",
                field: key
            )
        }
        return number
    }

    func requireInt(_ key: String, in range: ClosedRange<Int>? = nil) throws -> Int {
        guard let number = try int(key, in: range) else { throw Self.missing(key) }
        return number
    }

    /// A Unix timestamp in seconds, between years 1970 and 9999.
    func timestamp(_ key: String) throws -> Int? {
        try int(key, in: 0...253_402_300_799)
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = self[key] else { return nil }
        guard let flag = value.boolValue else { throw Self.wrongType(key, "true or false") }
        return flag
    }

    /// An identifier sent as a string or a whole number, as Intercom accepts both.
    func id(_ key: String) throws -> String? {
        guard let value = self[key] else { return nil }
        if let text = value.stringValue { return text.isEmpty ? nil : text }
        if let number = value.intValue { return String(number) }
        throw Self.wrongType(key, "an id (a string or a whole number)")
    }

    func requireID(_ key: String) throws -> String {
        guard let id = try id(key) else { throw Self.missing(key) }
        return id
    }

    /// A string from a closed list of values.
    func oneOf(_ key: String, _ allowed: [String]) throws -> String? {
        guard let text = try string(key) else { return nil }
        guard allowed.contains(text) else {
            throw SandboxError.parameterInvalid(
                "\(key) must be one of \(allowed.joined(separator: ", ")); got \(text)",
                field: key
            )
        }
        return text
    }

    func object(_ key: String) throws -> [String: JSONValue]? {
        guard let value = self[key] else { return nil }
        guard let object = value.objectValue else { throw Self.wrongType(key, "an object") }
        return object
    }

    func array(_ key: String) throws -> [JSONValue]? {
        guard let value = self[key] else { return nil }
        guard let array = value.arrayValue else { throw Self.wrongType(key, "an array") }
        return array
    }

    /// An array of strings.
    func strings(_ key: String) throws -> [String]? {
        guard let array = try array(key) else { return nil }
        return try array.map { element in
            guard let text = element.stringValue else { throw Self.wrongType(key, "an array of strings") }
            return text
        }
    }

    /// The fields of a nested object, for reading with the same checks.
    func fields(_ key: String) throws -> BodyFields? {
        try object(key).map(BodyFields.init)
    }

    static func wrongType(_ key: String, _ expected: String) -> SandboxError {
        SandboxError.parameterInvalid("\(key) must be \(expected)", field: key)
    }

    static func missing(_ key: String) -> SandboxError {
        SandboxError.parameterNotFound("\(key) is required", field: key)
    }
}

extension Request {
    /// The body as a JSON object; an empty or `null` body reads as an empty object.
    func jsonBody() async throws -> BodyFields {
        let value = try await decodeBody(as: JSONValue.self)
        return BodyFields(value.objectValue ?? [:])
    }
}

extension Reply {
    /// One JSON object.
    static func object(_ object: [String: JSONValue], status: HTTPResponse.Status = .ok) throws -> Response {
        try json(JSONValue.object(object), status: status)
    }

    /// The answer of a delete that reports what it removed: `{id, object, deleted: true}`.
    static func deleted(id: String, object: String) throws -> Response {
        try json(["id": .string(id), "object": .string(object), "deleted": true] as JSONValue)
    }

    /// A page-numbered listing of `items`: `{type, data, total_count, pages}`, with `page` and
    /// `per_page` read from the query and checked.
    static func numberedList(
        _ items: [[String: JSONValue]],
        request: Request,
        type: String = "list",
        key: String = "data",
        defaultPerPage: Int = 50,
        maxPerPage: Int = 150
    ) throws -> Response {
        let perPage = try Paging.perPage(request.integerQuery("per_page"), default: defaultPerPage, max: maxPerPage)
        let page = try Paging.page(request.integerQuery("page"))
        let slice = Paging.numberedSlice(count: items.count, page: page, perPage: perPage)
        let totalPages = items.isEmpty ? 0 : (items.count + perPage - 1) / perPage
        return try list(
            type: type,
            key: key,
            items: Array(items[slice]).map(JSONValue.object),
            totalCount: items.count,
            pages: [
                "type": "pages", "page": .int(page), "per_page": .int(perPage), "total_pages": .int(totalPages),
            ]
        )
    }

    /// A listing of every item, with no pages: `{type, data}` plus `total_count` when asked for.
    static func plainList(
        _ items: [[String: JSONValue]],
        type: String = "list",
        key: String = "data",
        includeTotal: Bool = false
    ) throws -> Response {
        try list(
            type: type,
            key: key,
            items: items.map(JSONValue.object),
            totalCount: includeTotal ? items.count : nil
        )
    }
}

extension Paging {
    /// The positions page `page` of `perPage` items covers in a list of `count`; empty past the end,
    /// however far (no arithmetic here can overflow).
    static func numberedSlice(count: Int, page: Int, perPage: Int) -> Range<Int> {
        let size = min(max(perPage, 1), count + 1)
        let (offset, overflow) = (max(page, 1) - 1).multipliedReportingOverflow(by: size)
        let start = overflow ? count : min(offset, count)
        return start..<(start + min(size, count - start))
    }
}

extension JSONValue {
    /// A Unix timestamp as JSON.
    static func time(_ seconds: Int64) -> JSONValue {
        .int(Int(seconds))
    }
}

extension JSONValue {
    /// The value at a dotted path (`ticket_type.id`), or `nil` when any step is missing.
    func value(atPath path: String) -> JSONValue? {
        var current: JSONValue? = self
        for step in path.split(separator: ".") {
            current = current?[String(step)]
        }
        return current
    }
}

extension SearchEngine where Record == [String: JSONValue] {
    /// An engine over JSON objects: each searchable field reads the value at a dotted path, and a
    /// field whose value is an array matches on any element.
    ///
    /// - Parameters:
    ///   - fields: the searchable names, each with its kind and the path it reads.
    ///   - customAttributesKey: the member holding custom attributes (`custom_attributes.<name>`), if any.
    static func documents(
        _ fields: [String: (kind: SearchFieldKind, path: String)],
        customAttributesKey: String? = nil
    ) -> SearchEngine {
        var engineFields: [String: SearchField<Record>] = [:]
        for (name, field) in fields {
            let path = field.path
            engineFields[name] = SearchField(kind: field.kind) { record in
                guard let value = JSONValue.object(record).value(atPath: path) else { return [] }
                return value.arrayValue ?? [value]
            }
        }
        return SearchEngine(fields: engineFields) { record in
            customAttributesKey.flatMap { record[$0]?.objectValue } ?? [:]
        }
    }
}

extension Reply {
    /// One page of search results, resumed with the cursor in `pagination.starting_after`:
    /// `{type, <key>, total_count, pages}`, with `pages.next` while more remain. Only the page's own
    /// matches go through `render`.
    static func searchPage(
        _ matches: [[String: JSONValue]],
        pagination: SearchBody.Pagination?,
        type: String = "list",
        key: String = "data",
        defaultPerPage: Int = 50,
        render: ([String: JSONValue]) -> [String: JSONValue] = { $0 }
    ) throws -> Response {
        let perPage = try Paging.perPage(pagination?.perPage, default: defaultPerPage, field: "pagination.per_page")
        let ids = matches.map { $0["id"]?.stringValue ?? "" }
        let page = try Paging.cursorPage(ids, perPage: perPage, startingAfter: pagination?.startingAfter)
        let wanted = Set(page.ids)
        return try list(
            type: type,
            key: key,
            items: matches.filter { wanted.contains($0["id"]?.stringValue ?? "") }.map { JSONValue.object(render($0)) },
            totalCount: page.totalCount,
            pages: page.pagesJSON
        )
    }
}
