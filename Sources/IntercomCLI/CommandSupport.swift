import ArgumentParser
import Foundation
import Intercom

/// `--data`: a request body given whole, as JSON text, a file (`@body.json`) or standard input (`-`).
struct BodyInput: ParsableArguments {
    /// The most bytes `--data` reads from a file or standard input.
    static let maxBytes = 16 << 20

    @Option(
        name: .customLong("data"),
        help: "The request body as JSON: '{…}', @file.json, or - to read standard input. Options override its fields."
    )
    var data: String?

    /// The body `--data` gives, as a JSON object; empty without `--data`.
    func body() throws -> RequestBody {
        guard let data else { return RequestBody() }
        let bytes: Data
        if data == "-" {
            bytes = try Self.read(FileHandle.standardInput, what: "standard input")
        } else if data.hasPrefix("@") {
            let path = String(data.dropFirst())
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw ValidationError("--data: cannot read \(path)")
            }
            defer { try? handle.close() }
            bytes = try Self.read(handle, what: path)
        } else {
            bytes = Data(data.utf8)
        }
        let json: JSONValue
        do {
            json = try IntercomJSON.makeDecoder().decode(JSONValue.self, from: bytes)
        } catch {
            throw ValidationError("--data is not valid JSON")
        }
        guard case .object(let fields) = json else { throw ValidationError("--data must be a JSON object") }
        return RequestBody(fields: fields)
    }

    private static func read(_ handle: FileHandle, what: String) throws -> Data {
        let data = try handle.read(upToCount: maxBytes + 1) ?? Data()
        guard data.count <= maxBytes else {
            throw ValidationError("--data: \(what) holds more than \(maxBytes) bytes")
        }
        return data
    }
}

/// A request body being assembled from `--data` and options, then decoded into the SDK's type.
struct RequestBody {
    var fields: [String: JSONValue] = [:]

    /// Sets `key` when an option gave a value; options win over `--data`.
    mutating func set(_ key: String, _ value: JSONValue?) {
        if let value { fields[key] = value }
    }

    /// Adds `key=value` pairs to the object at `key`; a value that parses as JSON is kept as that
    /// JSON (`seats=3`, `vip=true`), any other as a string.
    mutating func setAttributes(_ key: String, _ pairs: [String]) throws {
        guard !pairs.isEmpty else { return }
        var object = fields[key]?.objectValue ?? [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ValidationError("--attribute takes key=value, not \(pair)")
            }
            let text = String(pair[pair.index(after: equals)...])
            let parsed = try? IntercomJSON.makeDecoder().decode(JSONValue.self, from: Data(text.utf8))
            object[String(pair[..<equals])] = parsed ?? .string(text)
        }
        fields[key] = .object(object)
    }

    /// The whole body as the SDK's request type.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try JSONValue.object(fields).decode(as: type)
        } catch let error as DecodingError {
            throw ValidationError("the request body does not fit \(T.self): \(Self.describe(error))")
        }
    }

    /// One field as the SDK's type, or `nil` when neither an option nor `--data` gave it.
    func value<T: Decodable>(_ key: String, as type: T.Type) throws -> T? {
        guard let value = fields[key], !value.isNull else { return nil }
        do {
            return try value.decode(as: type)
        } catch let error as DecodingError {
            throw ValidationError("\"\(key)\" in the request body does not fit \(T.self): \(Self.describe(error))")
        }
    }

    /// A field the operation needs; `flag` is the option that sets it.
    func require<T: Decodable>(_ key: String, flag: String, as type: T.Type) throws -> T {
        guard let value = try value(key, as: type) else {
            throw ValidationError("missing \"\(key)\": pass --\(flag) or give it in --data")
        }
        return value
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        case .keyNotFound(let key, _):
            return "missing \"\(key.stringValue)\""
        @unknown default:
            return "\(error)"
        }
    }
}

/// `--limit` and `--all` for commands that list.
struct ListingOptions: ParsableArguments {
    /// How many items a listing prints when neither `--limit` nor `--all` says otherwise.
    static let defaultLimit = 50

    @Option(help: "Stop after this many items (default \(ListingOptions.defaultLimit)).")
    var limit: Int?

    @Flag(help: "Print every item, fetching as many pages as that takes.")
    var all = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if all, limit != nil { throw ValidationError("--all and --limit cannot be combined") }
    }

    /// The number of items to print.
    var effectiveLimit: Int { all ? .max : (limit ?? Self.defaultLimit) }
}
