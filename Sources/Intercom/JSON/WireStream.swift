import Foundation

/// Writes an `Encodable` value as JSON bytes in one pass, in the form Intercom's answers take (every key,
/// `null` where unset, except the keys ``WireOmissions`` names), without building a tree first. The
/// sandbox writes its answers with it (through ``WireWriter`` where a model writes itself).
///
/// Synthesized (and generated) `encode(to:)` methods write a value's members in order and finish a
/// nested value before going on, so each member can go straight to the output. The stream keeps a stack
/// of the containers still open and closes them as soon as a write happens further out. A value that
/// encodes in a way one pass cannot follow (writing to a container after a later sibling has started,
/// asking for a super-encoder, writing two things into one single-value slot) marks the stream
/// `failed`; the sandbox then encodes the value again through the tree, so the answer is
/// the same either way, only slower. Errors also take the tree path, which reports the coding path.
package final class WireStream {
    private(set) var output: [UInt8] = []
    /// Set when the value was encoded in a way this one-pass writer cannot follow.
    private(set) var failed = false

    private struct Level {
        /// Identifies the container, so that a stale container's write is caught.
        let serial: Int
        /// The value slot that opened it, so that the same value asking again gets the same container.
        let slot: Int
        let isObject: Bool
        /// What the model being written leaves out when unset.
        let omissions: WireOmissions
        var count: Int
    }

    private var levels: [Level] = []
    private var lastSerial = 0
    /// The slot whose value is being encoded, where it starts in the output and what it leaves out. Kept
    /// here rather than in each encoder so that an encoder fits an existential's inline buffer.
    private var currentSlot = 0
    private var currentStart = 0
    private var currentOmissions = WireOmissions.none

    init(capacity: Int = 2048) {
        output.reserveCapacity(capacity)
    }

    /// Encodes `value` as the whole document, or `nil` when one pass cannot follow how it encodes.
    package static func bytes(_ value: some Encodable) throws -> [UInt8]? {
        let stream = WireStream()
        try stream.store(value, depth: 0)
        return stream.failed ? nil : stream.output
    }

    private func nextSerial() -> Int {
        lastSerial &+= 1
        return lastSerial
    }

    fileprivate func fail() {
        failed = true
    }

    /// Closes every container at `depth` and deeper.
    private func close(downTo depth: Int) {
        while levels.count > depth {
            let level = levels.removeLast()
            output.append(level.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    /// Writes `value` into the current slot, at `depth` containers deep.
    fileprivate func store<T: Encodable>(_ value: T, depth: Int) throws {
        // Metatype comparisons first: they cost a pointer compare, where a failed dynamic cast costs more.
        if T.self == String.self, let text = value as? String {
            JSONWriter.writeString(text, into: &output)
        } else if T.self == JSONValue.self, let json = value as? JSONValue {
            try JSONWriter.write(json, into: &output)
        } else if T.self == Int.self, let number = value as? Int {
            writeInteger(number)
        } else if T.self == Bool.self, let flag = value as? Bool {
            writeBool(flag)
        } else if T.self == Date.self, let date = value as? Date {
            writeInteger(IntercomJSON.unixSeconds(date))
        } else if T.self == URL.self, let url = value as? URL {
            JSONWriter.writeString(url.absoluteString, into: &output)
        } else if T.self == Data.self, let data = value as? Data {
            JSONWriter.writeString(data.base64EncodedString(), into: &output)
        } else if T.self == Decimal.self, let decimal = value as? Decimal {
            try writeDouble(NSDecimalNumber(decimal: decimal).doubleValue)
        } else {
            let start = output.count
            let slot = nextSerial()
            let saved = (currentSlot, currentStart, currentOmissions)
            (currentSlot, currentStart, currentOmissions) = (slot, start, WireOmissions.of(T.self))
            try value.encode(to: StreamEncoder(stream: self, slot: slot, depth: depth))
            (currentSlot, currentStart, currentOmissions) = saved
            close(downTo: depth)
            // A value that wrote nothing is an empty object, as JSONEncoder writes it.
            if output.count == start { output.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")]) }
        }
    }

    /// The container for the value in `slot`: the one it already opened, or a new one.
    fileprivate func open(object: Bool, slot: Int, depth: Int) -> (serial: Int, omissions: WireOmissions) {
        if levels.count > depth {
            let level = levels[depth]
            guard level.slot == slot, level.isObject == object else {
                fail()
                return (level.serial, level.omissions)
            }
            close(downTo: depth + 1)
            return (level.serial, level.omissions)
        }
        // Only the value being encoded may open a container, and only while nothing is written for it.
        if slot != currentSlot || levels.count != depth || output.count != currentStart { fail() }
        let omissions = object ? currentOmissions : .none
        return (push(object: object, slot: slot, omissions: omissions), omissions)
    }

    private func push(object: Bool, slot: Int, omissions: WireOmissions) -> Int {
        let serial = nextSerial()
        levels.append(Level(serial: serial, slot: slot, isObject: object, omissions: omissions, count: 0))
        output.append(object ? UInt8(ascii: "{") : UInt8(ascii: "["))
        return serial
    }

    /// Starts a member or an element of the container `serial` at `level`: closes what is open inside it
    /// and writes the separator (and, for an object, the key).
    fileprivate func begin(level: Int, serial: Int, key: String?) {
        let depth = levels.count
        guard depth > level, levels[level].serial == serial else {
            fail()
            return
        }
        if depth > level + 1 { close(downTo: level + 1) }
        let count = levels[level].count
        levels[level].count = count + 1
        if count > 0 { output.append(UInt8(ascii: ",")) }
        if let key {
            JSONWriter.writeString(key, into: &output)
            output.append(UInt8(ascii: ":"))
        }
    }

    /// How many members or elements the container at `level` has.
    fileprivate func count(level: Int) -> Int {
        levels.count > level ? levels[level].count : 0
    }

    /// Opens a container nested in the member or element just begun.
    fileprivate func openNested(object: Bool, depth: Int) -> Int {
        if levels.count != depth { fail() }
        return push(object: object, slot: nextSerial(), omissions: .none)
    }

    /// Checks that a single-value write goes into the value being encoded, with nothing written yet.
    fileprivate func beginSingle(slot: Int, depth: Int) {
        if slot != currentSlot || levels.count != depth || output.count != currentStart { fail() }
    }

    fileprivate func writeNull() {
        output.append(contentsOf: [UInt8(ascii: "n"), UInt8(ascii: "u"), UInt8(ascii: "l"), UInt8(ascii: "l")])
    }

    fileprivate func writeBool(_ flag: Bool) {
        output.append(contentsOf: (flag ? "true" : "false").utf8)
    }

    fileprivate func writeString(_ text: String) {
        JSONWriter.writeString(text, into: &output)
    }

    fileprivate func writeInteger(_ value: some BinaryInteger) {
        if let number = Int(exactly: value) {
            output.append(contentsOf: String(number).utf8)
        } else {
            // Past Int's range the tree writes a double; write the same.
            output.append(contentsOf: "\(Double(value))".utf8)
        }
    }

    fileprivate func writeDouble(_ value: Double) throws {
        try JSONWriter.write(.double(value), into: &output)
    }
}

/// The keys a model leaves out when unset instead of writing `null`.
package struct WireOmissions {
    let later: [String: String]
    let unset: [String: Void]

    /// Keys Intercom leaves out, rather than sending `null`, when a model's value is unset: besides the
    /// keys a later API version added (`WireKeysAddedLater`), these, from the live API's answers. The
    /// generator's `WireWritable` methods leave the same keys out (its `ModelEmitter.omittedWhenUnset`
    /// repeats this table; the sandbox's encoder tests compare the two ways of writing).
    package static let omittedWhenUnset: [ObjectIdentifier: [String: Void]] = [
        ObjectIdentifier(Company.self): keys("name", "website", "industry", "size", "last_request_at"),
        ObjectIdentifier(Company.Plan.self): keys("type", "id", "name"),
        ObjectIdentifier(DataAttribute.self): keys("id", "admin_id", "created_at", "updated_at", "options"),
        ObjectIdentifier(PartAttachment.self): keys("filesize", "width", "height"),
        ObjectIdentifier(ConversationPartAuthor.self): keys("email"),
    ]

    private static func keys(_ names: String...) -> [String: Void] {
        Dictionary(uniqueKeysWithValues: names.map { ($0, ()) })
    }

    static let none = WireOmissions(later: [:], unset: [:])

    var isEmpty: Bool { later.isEmpty && unset.isEmpty }

    func contains(_ key: String) -> Bool {
        later[key] != nil || unset[key] != nil
    }

    package static func of<T>(_ type: T.Type) -> WireOmissions {
        let unset = WireOmissions.omittedWhenUnset[ObjectIdentifier(type)] ?? [:]
        if let versioned = type as? any WireKeysAddedLater.Type {
            return WireOmissions(later: versioned.keysAddedLater, unset: unset)
        }
        return unset.isEmpty ? .none : WireOmissions(later: [:], unset: unset)
    }
}

private struct StreamEncoder: Encoder {
    // Three words, so that `any Encoder` holds it without a heap box.
    let stream: WireStream
    let slot: Int
    let depth: Int

    // The one-pass writer keeps no coding path; an error sends the value through the tree, which does.
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let (serial, omissions) = stream.open(object: true, slot: slot, depth: depth)
        return KeyedEncodingContainer(
            StreamKeyedContainer<Key>(stream: stream, serial: serial, level: depth, omissions: omissions)
        )
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let (serial, _) = stream.open(object: false, slot: slot, depth: depth)
        return StreamUnkeyedContainer(stream: stream, serial: serial, level: depth)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        StreamSingleValueContainer(stream: stream, slot: slot, depth: depth)
    }
}

private struct StreamKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let stream: WireStream
    let serial: Int
    let level: Int
    let omissions: WireOmissions
    var codingPath: [any CodingKey] { [] }

    private func begin(_ key: Key) {
        stream.begin(level: level, serial: serial, key: key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws {
        begin(key)
        stream.writeNull()
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        begin(key)
        stream.writeBool(value)
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        begin(key)
        stream.writeString(value)
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        begin(key)
        try stream.writeDouble(value)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        begin(key)
        try stream.writeDouble(Double(value))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { try encodeInteger(value, key) }
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
        begin(key)
        try stream.store(value, depth: level + 1)
    }

    private func encodeInteger(_ value: some BinaryInteger, _ key: Key) throws {
        begin(key)
        stream.writeInteger(value)
    }

    // The reason for this encoder: an unset optional is `null` unless the model leaves the key out.
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

    private mutating func encodeAbsent(_ key: Key) throws {
        if omissions.isEmpty || !omissions.contains(key.stringValue) { try encodeNil(forKey: key) }
    }

    private mutating func encodeOptional<T: Encodable>(_ value: T?, _ key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeAbsent(key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        begin(key)
        let serial = stream.openNested(object: true, depth: level + 1)
        return KeyedEncodingContainer(
            StreamKeyedContainer<NestedKey>(stream: stream, serial: serial, level: level + 1, omissions: .none)
        )
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        begin(key)
        let serial = stream.openNested(object: false, depth: level + 1)
        return StreamUnkeyedContainer(stream: stream, serial: serial, level: level + 1)
    }

    // Super-encoders are not used by the models; hand the value to the tree.
    mutating func superEncoder() -> any Encoder {
        stream.fail()
        return StreamEncoder(stream: stream, slot: 0, depth: level + 1)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder()
    }
}

private struct StreamUnkeyedContainer: UnkeyedEncodingContainer {
    let stream: WireStream
    let serial: Int
    let level: Int
    var codingPath: [any CodingKey] { [] }
    var count: Int { stream.count(level: level) }

    private func begin() {
        stream.begin(level: level, serial: serial, key: nil)
    }

    mutating func encodeNil() throws {
        begin()
        stream.writeNull()
    }
    mutating func encode(_ value: Bool) throws {
        begin()
        stream.writeBool(value)
    }
    mutating func encode(_ value: String) throws {
        begin()
        stream.writeString(value)
    }
    mutating func encode(_ value: Double) throws {
        begin()
        try stream.writeDouble(value)
    }
    mutating func encode(_ value: Float) throws {
        begin()
        try stream.writeDouble(Double(value))
    }
    mutating func encode(_ value: Int) throws { encodeInteger(value) }
    mutating func encode(_ value: Int8) throws { encodeInteger(value) }
    mutating func encode(_ value: Int16) throws { encodeInteger(value) }
    mutating func encode(_ value: Int32) throws { encodeInteger(value) }
    mutating func encode(_ value: Int64) throws { encodeInteger(value) }
    mutating func encode(_ value: UInt) throws { encodeInteger(value) }
    mutating func encode(_ value: UInt8) throws { encodeInteger(value) }
    mutating func encode(_ value: UInt16) throws { encodeInteger(value) }
    mutating func encode(_ value: UInt32) throws { encodeInteger(value) }
    mutating func encode(_ value: UInt64) throws { encodeInteger(value) }

    private func encodeInteger(_ value: some BinaryInteger) {
        begin()
        stream.writeInteger(value)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        begin()
        try stream.store(value, depth: level + 1)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        begin()
        let serial = stream.openNested(object: true, depth: level + 1)
        return KeyedEncodingContainer(
            StreamKeyedContainer<NestedKey>(stream: stream, serial: serial, level: level + 1, omissions: .none)
        )
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        begin()
        let serial = stream.openNested(object: false, depth: level + 1)
        return StreamUnkeyedContainer(stream: stream, serial: serial, level: level + 1)
    }

    mutating func superEncoder() -> any Encoder {
        stream.fail()
        return StreamEncoder(stream: stream, slot: 0, depth: level + 1)
    }
}

private struct StreamSingleValueContainer: SingleValueEncodingContainer {
    let stream: WireStream
    let slot: Int
    let depth: Int
    var codingPath: [any CodingKey] { [] }

    private func begin() {
        stream.beginSingle(slot: slot, depth: depth)
    }

    mutating func encodeNil() throws {
        begin()
        stream.writeNull()
    }
    mutating func encode(_ value: Bool) throws {
        begin()
        stream.writeBool(value)
    }
    mutating func encode(_ value: String) throws {
        begin()
        stream.writeString(value)
    }
    mutating func encode(_ value: Double) throws {
        begin()
        try stream.writeDouble(value)
    }
    mutating func encode(_ value: Float) throws {
        begin()
        try stream.writeDouble(Double(value))
    }
    mutating func encode(_ value: Int) throws { encodeInteger(value) }
    mutating func encode(_ value: Int8) throws { encodeInteger(value) }
    mutating func encode(_ value: Int16) throws { encodeInteger(value) }
    mutating func encode(_ value: Int32) throws { encodeInteger(value) }
    mutating func encode(_ value: Int64) throws { encodeInteger(value) }
    mutating func encode(_ value: UInt) throws { encodeInteger(value) }
    mutating func encode(_ value: UInt8) throws { encodeInteger(value) }
    mutating func encode(_ value: UInt16) throws { encodeInteger(value) }
    mutating func encode(_ value: UInt32) throws { encodeInteger(value) }
    mutating func encode(_ value: UInt64) throws { encodeInteger(value) }

    private func encodeInteger(_ value: some BinaryInteger) {
        begin()
        stream.writeInteger(value)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        begin()
        try stream.store(value, depth: depth)
    }
}
