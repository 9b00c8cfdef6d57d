package import Foundation

/// A model that writes itself as JSON in the form Intercom's answers take: every key, `null` where a
/// value is unset, except the keys ``WireOmissions`` names.
///
/// The generator gives every response model this method. It does what `Encodable` and ``WireStream``
/// do, without the existential containers, dynamic casts and generic metadata lookups a `Codable` pass
/// makes at every key, so the sandbox's answers cost a few times less to write.
package protocol WireWritable: Encodable {
    /// Appends this value to `writer`.
    func writeWire(to writer: inout WireWriter) throws
}

/// Thrown when a member's own `Encodable` conformance writes in a way one pass cannot follow; the caller
/// then writes the whole value through a tree instead.
package struct WireWriterNeedsTree: Error {}

/// Appends JSON to a byte buffer, one value after another; ``WireWritable`` models drive it.
///
/// Commas are placed by remembering whether the container being written already has a member, which is
/// all one pass needs, since a nested value is finished before its container goes on.
package struct WireWriter {
    package private(set) var bytes: [UInt8] = []
    private var needsComma = false

    package init(capacity: Int = 2048) {
        bytes.reserveCapacity(capacity)
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    package mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    package mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    package mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    package mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes `"key":`. The generator only passes keys that need no escaping.
    package mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes `"key":` for a key known only at run time, escaped as JSON requires.
    package mutating func dynamicKey(_ key: String) {
        separate()
        JSONWriter.writeString(key, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    // MARK: Values

    package mutating func null() {
        separate()
        bytes.append(contentsOf: [UInt8(ascii: "n"), UInt8(ascii: "u"), UInt8(ascii: "l"), UInt8(ascii: "l")])
        needsComma = true
    }

    package mutating func value(_ value: String) {
        separate()
        JSONWriter.writeString(value, into: &bytes)
        needsComma = true
    }

    package mutating func value(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    package mutating func value(_ value: Int) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    package mutating func value(_ value: Int64) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    package mutating func value(_ value: Date) {
        self.value(IntercomJSON.unixSeconds(value))
    }

    package mutating func value(_ value: Double) throws {
        separate()
        try JSONWriter.write(.double(value), into: &bytes)
        needsComma = true
    }

    package mutating func value(_ value: JSONValue) throws {
        separate()
        try JSONWriter.write(value, into: &bytes)
        needsComma = true
    }

    package mutating func value(_ value: [String: JSONValue]) throws {
        try self.value(JSONValue.object(value))
    }

    package mutating func value(_ value: [String]) {
        beginArray()
        for element in value { self.value(element) }
        endArray()
    }

    package mutating func value<T: WireWritable>(_ value: T) throws {
        try value.writeWire(to: &self)
    }

    package mutating func value<T: WireWritable>(_ value: [T]) throws {
        beginArray()
        for element in value { try element.writeWire(to: &self) }
        endArray()
    }

    /// Any other `Encodable`: a model that writes itself if it is one, else one `Codable` pass.
    package mutating func value<T: Encodable>(_ value: T) throws {
        if let writable = value as? any WireWritable {
            try writable.writeWire(to: &self)
            return
        }
        guard let encoded = try WireStream.bytes(value) else { throw WireWriterNeedsTree() }
        separate()
        bytes.append(contentsOf: encoded)
        needsComma = true
    }

    // MARK: Members

    package mutating func member(_ key: StaticString, _ value: String) throws {
        self.key(key)
        self.value(value)
    }

    package mutating func member(_ key: StaticString, _ value: Bool) throws {
        self.key(key)
        self.value(value)
    }

    package mutating func member(_ key: StaticString, _ value: Int) throws {
        self.key(key)
        self.value(value)
    }

    package mutating func member(_ key: StaticString, _ value: Int64) throws {
        self.key(key)
        self.value(value)
    }

    package mutating func member(_ key: StaticString, _ value: Date) throws {
        self.key(key)
        self.value(value)
    }

    package mutating func member(_ key: StaticString, _ value: Double) throws {
        self.key(key)
        try self.value(value)
    }

    package mutating func member(_ key: StaticString, _ value: JSONValue) throws {
        self.key(key)
        try self.value(value)
    }

    package mutating func member(_ key: StaticString, _ value: [String: JSONValue]) throws {
        self.key(key)
        try self.value(value)
    }

    package mutating func member(_ key: StaticString, _ value: [String]) throws {
        self.key(key)
        self.value(value)
    }

    package mutating func member<T: WireWritable>(_ key: StaticString, _ value: T) throws {
        self.key(key)
        try self.value(value)
    }

    package mutating func member<T: WireWritable>(_ key: StaticString, _ value: [T]) throws {
        self.key(key)
        try self.value(value)
    }

    package mutating func member<T: Encodable>(_ key: StaticString, _ value: T) throws {
        self.key(key)
        try self.value(value)
    }

    // MARK: Optional members: `null` when unset, or nothing where the model leaves the key out

    private mutating func absent(_ key: StaticString, omitWhenUnset: Bool) {
        guard !omitWhenUnset else { return }
        self.key(key)
        null()
    }

    package mutating func optional(_ key: StaticString, _ value: String?, omitWhenUnset: Bool = false) throws {
        if let value { try member(key, value) } else { absent(key, omitWhenUnset: omitWhenUnset) }
    }

    package mutating func optional(_ key: StaticString, _ value: Bool?, omitWhenUnset: Bool = false) throws {
        if let value { try member(key, value) } else { absent(key, omitWhenUnset: omitWhenUnset) }
    }

    package mutating func optional(_ key: StaticString, _ value: Int?, omitWhenUnset: Bool = false) throws {
        if let value { try member(key, value) } else { absent(key, omitWhenUnset: omitWhenUnset) }
    }

    package mutating func optional(_ key: StaticString, _ value: Int64?, omitWhenUnset: Bool = false) throws {
        if let value { try member(key, value) } else { absent(key, omitWhenUnset: omitWhenUnset) }
    }

    package mutating func optional(_ key: StaticString, _ value: Date?, omitWhenUnset: Bool = false) throws {
        if let value { try member(key, value) } else { absent(key, omitWhenUnset: omitWhenUnset) }
    }

    package mutating func optional(_ key: StaticString, _ value: Double?, omitWhenUnset: Bool = false) throws {
        if let value { try member(key, value) } else { absent(key, omitWhenUnset: omitWhenUnset) }
    }

    package mutating func optional(_ key: StaticString, _ value: JSONValue?, omitWhenUnset: Bool = false) throws {
        if let value { try member(key, value) } else { absent(key, omitWhenUnset: omitWhenUnset) }
    }

    package mutating func optional(
        _ key: StaticString,
        _ value: [String: JSONValue]?,
        omitWhenUnset: Bool = false
    ) throws {
        if let value { try member(key, value) } else { absent(key, omitWhenUnset: omitWhenUnset) }
    }

    package mutating func optional(_ key: StaticString, _ value: [String]?, omitWhenUnset: Bool = false) throws {
        if let value { try member(key, value) } else { absent(key, omitWhenUnset: omitWhenUnset) }
    }

    package mutating func optional<T: WireWritable>(
        _ key: StaticString,
        _ value: T?,
        omitWhenUnset: Bool = false
    ) throws {
        if let value { try member(key, value) } else { absent(key, omitWhenUnset: omitWhenUnset) }
    }

    package mutating func optional<T: WireWritable>(
        _ key: StaticString,
        _ value: [T]?,
        omitWhenUnset: Bool = false
    ) throws {
        if let value { try member(key, value) } else { absent(key, omitWhenUnset: omitWhenUnset) }
    }

    package mutating func optional<T: Encodable>(_ key: StaticString, _ value: T?, omitWhenUnset: Bool = false) throws {
        if let value { try member(key, value) } else { absent(key, omitWhenUnset: omitWhenUnset) }
    }
}
