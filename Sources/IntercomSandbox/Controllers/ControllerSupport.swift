import Foundation
import HTTPTypes
import Hummingbird
import Intercom
import NIOCore

/// Helpers shared by the resource controllers.
enum Reply {
    /// A JSON response in Intercom's form: every key of the models present, `null` where unset.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try WireEncoder.data(value)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    /// A list envelope: `{type, <key>: [...], total_count, pages}` plus any extra members.
    static func list(
        type: String = "list",
        key: String = "data",
        items: [some Encodable],
        totalCount: Int? = nil,
        pages: JSONValue? = nil,
        extra: [String: JSONValue] = [:]
    ) throws -> Response {
        try json(ListBody(type: type, key: key, items: items, totalCount: totalCount, pages: pages, extra: extra))
    }

    /// `202 Accepted` with an empty body.
    static func accepted() -> Response {
        Response(status: .accepted)
    }
}

extension Request {
    /// A query parameter, if present and not empty.
    ///
    /// Read from the raw query the way Intercom (and HTML forms) write it: `+` is a space and `%2B` a
    /// plus sign, so `name=Acme+Corp` names "Acme Corp".
    func query(_ name: String) -> String? {
        guard let raw = uri.query else { return nil }
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = parts.first, Self.formDecoded(key) == name else { continue }
            let value = parts.count > 1 ? Self.formDecoded(parts[1]) : ""
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// A query component with `+` read as a space and percent escapes decoded (kept as sent when an
    /// escape is malformed).
    static func formDecoded(_ component: Substring) -> String {
        let spaced = component.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// An integer query parameter, answering 400 when it is not a number.
    func integerQuery(_ name: String) throws -> Int? {
        try Paging.integer(query(name), name: name)
    }
}

extension SandboxContext {
    /// A path parameter the route guarantees.
    func path(_ name: String) throws -> String {
        guard let value = parameters.get(name), !value.isEmpty else {
            throw SandboxError.notFound()
        }
        guard value.utf8.contains(UInt8(ascii: "%")) else { return value }
        return value.removingPercentEncoding ?? value
    }
}

/// A list envelope encoded in one pass, with its items under a key chosen per endpoint.
private struct ListBody<Item: Encodable>: Encodable {
    var type: String
    var key: String
    var items: [Item]
    var totalCount: Int?
    var pages: JSONValue?
    var extra: [String: JSONValue]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(type, forKey: Key("type"))
        try container.encode(items, forKey: Key(key))
        if let totalCount { try container.encode(totalCount, forKey: Key("total_count")) }
        if let pages { try container.encode(pages, forKey: Key("pages")) }
        for (name, value) in extra { try container.encode(value, forKey: Key(name)) }
    }
}

extension ListBody: WireWritable {
    func writeWire(to writer: inout WireWriter) throws {
        writer.beginObject()
        writer.dynamicKey("type")
        writer.value(type)
        writer.dynamicKey(key)
        writer.beginArray()
        for item in items { try writer.value(item) }
        writer.endArray()
        if let totalCount {
            writer.dynamicKey("total_count")
            writer.value(totalCount)
        }
        if let pages {
            writer.dynamicKey("pages")
            try writer.value(pages)
        }
        for (name, value) in extra {
            writer.dynamicKey(name)
            try writer.value(value)
        }
        writer.endObject()
    }
}

/// The body of a search request, decoded with the SDK's query type.
struct SearchBody: Decodable, Sendable {
    struct Pagination: Decodable, Sendable {
        var perPage: Int?
        var startingAfter: String?

        enum CodingKeys: String, CodingKey {
            case perPage = "per_page"
            case startingAfter = "starting_after"
        }
    }

    var query: SearchQuery
    var pagination: Pagination?
}

/// A field the operation requires, answering `400 parameter_not_found` when the body left it out.
func required<T>(_ value: T?, _ field: String) throws -> T {
    guard let value else { throw SandboxError.parameterNotFound("\(field) is required", field: field) }
    return value
}

extension SandboxStore {
    /// Renders the result of a change with the data as the change left it.
    ///
    /// Written `store.data.render(try store.change())`, Swift would read `data` before making the
    /// change; the copy it holds would make the change copy every contact (copy-on-write), a cost
    /// that grows with the store. Here the change runs first and `data` is read after it.
    func rendered<Value, Result>(
        _ value: Value,
        _ render: (WorkspaceData, Value) throws -> Result
    ) rethrows -> Result {
        try render(data, value)
    }
}
