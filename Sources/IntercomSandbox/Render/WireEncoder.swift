import Foundation
import Intercom

/// Encodes the sandbox's answers into JSON the way Intercom writes its own: every key a model has is
/// sent, and an optional that is `nil` is sent as `null` rather than left out.
///
/// The SDK's models leave `nil` members out when they encode (right for requests, where `null` can mean
/// "clear this"), but Intercom's answers carry every documented key, so a client that reads
/// `contact["phone"]` finds `null`, not a missing key. Synthesized `Encodable` conformances write
/// optionals through `encodeIfPresent`; this encoder's keyed container turns those into `null`.
/// Dates are written as whole Unix seconds, URLs as strings and `Data` as Base64, as the SDK's coders do.
enum WireEncoder {
    /// `value` as a JSON tree with explicit `null`s.
    static func encode(_ value: some Encodable) throws -> JSONValue {
        let root = WireBox()
        try root.store(value, codingPath: [])
        return root.json
    }
}

/// A node of the tree being written; containers hold their children by reference until the end.
private final class WireBox {
    private var scalar: JSONValue = .null
    private var members: [String: WireBox]?
    private var elements: [WireBox]?

    var json: JSONValue {
        if let members { return .object(members.mapValues(\.json)) }
        if let elements { return .array(elements.map(\.json)) }
        return scalar
    }

    /// Makes this node a scalar.
    func set(_ value: JSONValue) {
        scalar = value
        members = nil
        elements = nil
    }

    /// Writes `value` into this node, with the special forms Intercom uses for dates, URLs and data.
    func store(_ value: some Encodable, codingPath: [any CodingKey]) throws {
        switch value {
        case let json as JSONValue: set(json)
        case let date as Date: set(.int(Int(IntercomJSON.unixSeconds(date))))
        case let url as URL: set(.string(url.absoluteString))
        case let data as Data: set(.string(data.base64EncodedString()))
        case let decimal as Decimal: set(.double(NSDecimalNumber(decimal: decimal).doubleValue))
        case let versioned as any WireKeysAddedLater:
            var omitted = type(of: versioned).keysAddedLater.mapValues { _ in () }
            omitted.merge(WireOmissions.omittedWhenUnset[ObjectIdentifier(type(of: value))] ?? [:]) { $1 }
            try value.encode(to: WireEncoderCore(box: self, codingPath: codingPath, omittedWhenUnset: omitted))
        case _ where WireOmissions.omittedWhenUnset[ObjectIdentifier(type(of: value))] != nil:
            let omitted = WireOmissions.omittedWhenUnset[ObjectIdentifier(type(of: value))] ?? [:]
            try value.encode(to: WireEncoderCore(box: self, codingPath: codingPath, omittedWhenUnset: omitted))
        default: try value.encode(to: WireEncoderCore(box: self, codingPath: codingPath))
        }
    }

    /// The member under `key`, making this node an object if it is not yet.
    func objectMember(_ key: String) -> WireBox {
        makeObject()
        if let member = members?[key] { return member }
        let member = WireBox()
        members?[key] = member
        return member
    }

    func makeObject() {
        guard members == nil else { return }
        members = [:]
        elements = nil
    }

    func appendElement() -> WireBox {
        makeArray()
        let element = WireBox()
        elements?.append(element)
        return element
    }

    func makeArray() {
        guard elements == nil else { return }
        elements = []
        members = nil
    }

    var count: Int { elements?.count ?? 0 }
}

private struct WireKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

private struct WireEncoderCore: Encoder {
    let box: WireBox
    var codingPath: [any CodingKey]
    /// Keys of the model being written that are left out when unset rather than sent as `null`.
    var omittedWhenUnset: [String: Void] = [:]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        box.makeObject()
        return KeyedEncodingContainer(
            WireKeyedContainer<Key>(box: box, codingPath: codingPath, omittedWhenUnset: omittedWhenUnset)
        )
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        box.makeArray()
        return WireUnkeyedContainer(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        WireSingleValueContainer(box: box, codingPath: codingPath)
    }
}

private struct WireKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: WireBox
    var codingPath: [any CodingKey]
    var omittedWhenUnset: [String: Void] = [:]

    private func child(_ key: Key) -> WireBox { box.objectMember(key.stringValue) }

    mutating func encodeNil(forKey key: Key) throws { child(key).set(.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { child(key).set(.bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { child(key).set(.string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { child(key).set(.double(value)) }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        child(key).set(.double(Double(value)))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { child(key).set(.int(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try encodeInteger(value, key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try child(key).store(value, codingPath: codingPath + [key])
    }

    private func encodeInteger<T: BinaryInteger>(_ value: T, _ key: Key) throws {
        child(key).set(Int(exactly: value).map(JSONValue.int) ?? .double(Double(value)))
    }

    // `nil` optionals are written as `null`: the reason this encoder exists. Each overload calls the
    // concrete `encode` for its type, so a present value skips the generic path and its dynamic casts.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeAbsent(key) }
    }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeAbsent(key) }
    }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeAbsent(key) }
    }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeAbsent(key) }
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeAbsent(key) }
    }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeAbsent(key) }
    }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        try encodeOptional(value, key)
    }

    /// An unset value: `null`, unless the model leaves this key out when unset.
    private mutating func encodeAbsent(_ key: Key) throws {
        if omittedWhenUnset[key.stringValue] == nil { try encodeNil(forKey: key) }
    }

    private mutating func encodeOptional<T: Encodable>(_ value: T?, _ key: Key) throws {
        if let value {
            try encode(value, forKey: key)
        } else {
            try encodeAbsent(key)
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = child(key)
        nested.makeObject()
        return KeyedEncodingContainer(WireKeyedContainer<NestedKey>(box: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = child(key)
        nested.makeArray()
        return WireUnkeyedContainer(box: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        WireEncoderCore(box: box.objectMember("super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        WireEncoderCore(box: child(key), codingPath: codingPath + [key])
    }
}

private struct WireUnkeyedContainer: UnkeyedEncodingContainer {
    let box: WireBox
    var codingPath: [any CodingKey]
    var count: Int { box.count }

    mutating func encodeNil() throws { box.appendElement().set(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let key = WireKey(intValue: count)
        try box.appendElement().store(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<
        NestedKey
    > {
        let element = box.appendElement()
        element.makeObject()
        return KeyedEncodingContainer(WireKeyedContainer<NestedKey>(box: element, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let element = box.appendElement()
        element.makeArray()
        return WireUnkeyedContainer(box: element, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        WireEncoderCore(box: box.appendElement(), codingPath: codingPath)
    }
}

private struct WireSingleValueContainer: SingleValueEncodingContainer {
    let box: WireBox
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { box.set(.null) }
    mutating func encode(_ value: Bool) throws { box.set(.bool(value)) }
    mutating func encode(_ value: String) throws { box.set(.string(value)) }
    mutating func encode(_ value: Double) throws { box.set(.double(value)) }
    mutating func encode(_ value: Float) throws { box.set(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { box.set(.int(value)) }
    mutating func encode(_ value: Int8) throws { encodeInteger(value) }
    mutating func encode(_ value: Int16) throws { encodeInteger(value) }
    mutating func encode(_ value: Int32) throws { encodeInteger(value) }
    mutating func encode(_ value: Int64) throws { encodeInteger(value) }
    mutating func encode(_ value: UInt) throws { encodeInteger(value) }
    mutating func encode(_ value: UInt8) throws { encodeInteger(value) }
    mutating func encode(_ value: UInt16) throws { encodeInteger(value) }
    mutating func encode(_ value: UInt32) throws { encodeInteger(value) }
    mutating func encode(_ value: UInt64) throws { encodeInteger(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try box.store(value, codingPath: codingPath)
    }

    private func encodeInteger<T: BinaryInteger>(_ value: T) {
        box.set(Int(exactly: value).map(JSONValue.int) ?? .double(Double(value)))
    }
}

extension WireEncoder {
    /// `value` as JSON bytes in Intercom's form, written in one pass by ``WireStream``; a value that
    /// one pass cannot follow, or that fails to encode, goes through the tree instead (which also gives
    /// an error its coding path).
    static func data(_ value: some Encodable) throws -> Data {
        if let writable = value as? any WireWritable, let bytes = try? written(writable) { return Data(bytes) }
        if let bytes = try? WireStream.bytes(value) { return Data(bytes) }
        var output: [UInt8] = []
        output.reserveCapacity(2048)
        let root = WireBox()
        try root.store(value, codingPath: [])
        try root.write(into: &output)
        return Data(output)
    }
}

extension WireEncoder {
    /// What a model that writes itself writes.
    private static func written(_ value: any WireWritable) throws -> [UInt8] {
        var writer = WireWriter()
        try value.writeWire(to: &writer)
        return writer.bytes
    }
}

extension WireBox {
    /// Writes this node and its children as JSON.
    fileprivate func write(into output: inout [UInt8]) throws {
        if let members {
            output.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in members {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                JSONWriter.writeString(key, into: &output)
                output.append(UInt8(ascii: ":"))
                try member.write(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        } else if let elements {
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                try element.write(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        } else {
            try JSONWriter.write(scalar, into: &output)
        }
    }
}
