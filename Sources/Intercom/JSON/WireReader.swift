package import Foundation

/// A value that reads itself from JSON text in one pass, without `Decoder`'s containers.
///
/// The generated models conform; their `init(wire:)` reads each key of an object as it comes and
/// gives up with ``WireReader/Fallback`` on anything it does not read exactly as `JSONDecoder` would.
/// Callers then decode the same bytes with `JSONDecoder`, so its result and its errors stay the
/// reference and this is only ever a faster way to the same value.
package protocol WireReadable {
    /// Reads the value that starts at the reader's position and leaves the reader after it.
    init(wire reader: inout WireReader) throws
}

/// Reads JSON text for ``WireReadable`` values.
///
/// It takes values in the form Intercom writes them and leaves the rest to `JSONDecoder`: it throws
/// ``Fallback`` for a key given twice (`JSONDecoder` keeps the first), a key with escapes, an integer
/// written with a fraction or an exponent, a value of another kind than the model expects, a missing
/// required key, a byte order mark, or anything that is not JSON.
package struct WireReader {
    /// The reader cannot read the value as `JSONDecoder` would; decode it with `JSONDecoder`.
    package struct Fallback: Error {
        package init() {}
    }

    private var cursor: JSONParser.Cursor
    /// How deeply the current value is nested; bounded like ``JSONParser/maximumDepth``.
    private var depth = 0
    /// Where the key ``key()`` last read starts and ends (its quotes excluded).
    private var keyStart = 0
    private var keyEnd = 0

    private init(bytes: UnsafeRawBufferPointer) {
        cursor = JSONParser.Cursor(bytes: bytes)
    }

    /// Reads a whole document as `T`; `nil` when only `JSONDecoder` can say what it holds.
    package static func read<T>(_ type: T.Type, from data: Data) -> T? {
        guard let readable = type as? any WireReadable.Type else { return nil }
        return try? data.withUnsafeBytes { bytes in try read(readable, bytes: bytes) as? T }
    }

    /// Reads a whole document as `T`, or throws ``Fallback``.
    package static func read<T: WireReadable>(_ type: T.Type, bytes: UnsafeRawBufferPointer) throws -> T {
        try read(bytes) { reader in try T(wire: &reader) }
    }

    /// Reads a whole document with `read`, or throws ``Fallback``. A byte order mark is left to
    /// `JSONDecoder`, which decides what to make of it.
    package static func read<T>(
        _ bytes: UnsafeRawBufferPointer,
        with read: (inout WireReader) throws -> T
    ) throws -> T {
        guard bytes.first != 0xEF else { throw Fallback() }
        var reader = WireReader(bytes: bytes)
        let value = try read(&reader)
        reader.cursor.skipWhitespace()
        guard reader.cursor.index == bytes.count else { throw Fallback() }
        return value
    }

    // MARK: Objects and arrays

    /// Enters an object; whether it has a first member. Throws ``Fallback`` when the value is not an object.
    package mutating func beginObject() throws -> Bool {
        try enter(UInt8(ascii: "{"), closedBy: UInt8(ascii: "}"))
    }

    /// Moves past a member's value: whether another member follows (`false` once the object is closed).
    package mutating func nextMember() throws -> Bool {
        try next(closedBy: UInt8(ascii: "}"))
    }

    /// Enters an array; whether it has a first element. Throws ``Fallback`` when the value is not an array.
    package mutating func beginArray() throws -> Bool {
        try enter(UInt8(ascii: "["), closedBy: UInt8(ascii: "]"))
    }

    /// Moves past an element: whether another element follows (`false` once the array is closed).
    package mutating func nextElement() throws -> Bool {
        try next(closedBy: UInt8(ascii: "]"))
    }

    private mutating func enter(_ opening: UInt8, closedBy closing: UInt8) throws -> Bool {
        cursor.skipWhitespace()
        guard cursor.current == opening, depth < JSONParser.maximumDepth else { throw Fallback() }
        depth += 1
        cursor.index += 1
        cursor.skipWhitespace()
        if cursor.current == closing {
            cursor.index += 1
            depth -= 1
            return false
        }
        return true
    }

    private mutating func next(closedBy closing: UInt8) throws -> Bool {
        cursor.skipWhitespace()
        switch cursor.current {
        case UInt8(ascii: ","):
            cursor.index += 1
            return true
        case closing:
            cursor.index += 1
            depth -= 1
            return false
        default:
            throw Fallback()
        }
    }

    /// Reads a member's key and its colon; returns the key's ``keyHash(_:)``.
    ///
    /// A key with an escape, a control character or bytes that are not UTF-8 throws ``Fallback``.
    package mutating func key() throws -> UInt64 {
        cursor.skipWhitespace()
        guard cursor.current == UInt8(ascii: "\"") else { throw Fallback() }
        cursor.index += 1
        let bytes = cursor.bytes
        let start = cursor.index
        var hash = Self.hashSeed
        var ascii = true
        var index = start
        while true {
            guard index < bytes.count else { throw Fallback() }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            guard byte != UInt8(ascii: "\\"), byte >= 0x20 else { throw Fallback() }
            if byte >= 0x80 { ascii = false }
            hash = (hash ^ UInt64(byte)) &* Self.hashPrime
            index += 1
        }
        if !ascii {
            // Valid UTF-8, and none of the characters Swift's strings hold equal to an ASCII one (KELVIN
            // SIGN and `K`, GREEK QUESTION MARK and `;`, GREEK VARIA and a backtick): JSONDecoder would
            // match such a key to a model's ASCII key, which the bytes here do not.
            guard
                let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self),
                !text.unicodeScalars.contains(where: { [0x212A, 0x037E, 0x1FEF].contains($0.value) })
            else { throw Fallback() }
        }
        keyStart = start
        keyEnd = index
        cursor.index = index + 1
        cursor.skipWhitespace()
        guard cursor.current == UInt8(ascii: ":") else { throw Fallback() }
        cursor.index += 1
        return hash
    }

    /// Whether the key ``key()`` last read is `name`.
    package func keyIs(_ name: StaticString) -> Bool {
        let length = keyEnd - keyStart
        guard name.utf8CodeUnitCount == length else { return false }
        guard length > 0 else { return true }
        return name.withUTF8Buffer { expected in
            guard let key = cursor.bytes.baseAddress, let expected = expected.baseAddress else { return false }
            return memcmp(key + keyStart, expected, length) == 0
        }
    }

    /// Whether the key ``key()`` last read is the text `name` holds.
    package func keyIs(utf8 name: Substring.UTF8View) -> Bool {
        guard name.count == keyEnd - keyStart else { return false }
        return zip(name, cursor.bytes[keyStart..<keyEnd]).allSatisfy { $0 == $1 }
    }

    /// The key ``key()`` last read, as a string.
    package var keyString: String {
        String(decoding: UnsafeRawBufferPointer(rebasing: cursor.bytes[keyStart..<keyEnd]), as: UTF8.self)
    }

    /// Marks member `bit` of a model as read; throws ``Fallback`` when it was read before, since
    /// `JSONDecoder` keeps the first of two equal keys.
    package func once(_ seen: inout UInt64, _ bit: Int) throws {
        let mask: UInt64 = 1 << UInt64(truncatingIfNeeded: bit & 63)
        guard seen & mask == 0 else { throw Fallback() }
        seen |= mask
    }

    /// FNV-1a, 64-bit, over a key's UTF-8 bytes; the generator computes the same for every known key.
    package static func keyHash(_ key: String) -> UInt64 {
        key.utf8.reduce(hashSeed) { ($0 ^ UInt64($1)) &* hashPrime }
    }

    private static let hashSeed: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let hashPrime: UInt64 = 0x0000_0100_0000_01b3

    // MARK: Values

    /// A value of a type that reads itself.
    package mutating func read<T: WireReadable>(_ type: T.Type) throws -> T {
        try T(wire: &self)
    }

    /// A value of a type that reads itself, `nil` for `null` (as `decodeIfPresent` reads a present key).
    package mutating func readIfPresent<T: WireReadable>(_ type: T.Type) throws -> T? {
        try T?(wire: &self)
    }

    /// Consumes a `null` if one comes next; whether it did.
    package mutating func null() throws -> Bool {
        cursor.skipWhitespace()
        guard cursor.current == UInt8(ascii: "n") else { return false }
        try cursor.literal("null")
        return true
    }

    /// Skips any value, checking that it is JSON.
    package mutating func skipValue() throws {
        _ = try cursor.value(depth: depth)
    }

    /// Any JSON value, read as `JSONValue`'s `Decodable` reads it; a large whole number written with a
    /// fraction or an exponent, which `JSONDecoder` reads through `Decimal`, throws ``Fallback``.
    package mutating func json() throws -> JSONValue {
        cursor.readRoundedInteger = false
        let value = try cursor.value(depth: depth)
        guard !cursor.readRoundedInteger else { throw Fallback() }
        return value
    }

    /// A string; anything else throws ``Fallback``.
    package mutating func string() throws -> String {
        cursor.skipWhitespace()
        guard cursor.current == UInt8(ascii: "\"") else { throw Fallback() }
        return try cursor.string()
    }

    /// `true` or `false`; anything else throws ``Fallback``.
    package mutating func bool() throws -> Bool {
        cursor.skipWhitespace()
        switch cursor.current {
        case UInt8(ascii: "t"):
            try cursor.literal("true")
            return true
        case UInt8(ascii: "f"):
            try cursor.literal("false")
            return false
        default:
            throw Fallback()
        }
    }

    /// An integer written as plain digits that fits `Int`; anything else (`1.0`, `1e3`, a string)
    /// throws ``Fallback``.
    package mutating func int() throws -> Int {
        cursor.skipWhitespace()
        let bytes = cursor.bytes
        var index = cursor.index
        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        let start = index
        var value = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            let digit = Int(bytes[index] &- UInt8(ascii: "0"))
            let (scaled, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) =
                negative ? scaled.subtractingReportingOverflow(digit) : scaled.addingReportingOverflow(digit)
            guard !overflow, !overflow2 else { throw Fallback() }
            value = next
            index += 1
        }
        // Digits, no leading zero, and nothing that would make it a fraction or an exponent.
        guard index > start, bytes[start] != UInt8(ascii: "0") || index == start + 1 else { throw Fallback() }
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): throw Fallback()
            default: break
            }
        }
        cursor.index = index
        return value
    }

    /// A finite number; a string, a number that only rounding made zero (`1e-400`, which `JSONDecoder`
    /// refuses as a `Double`) or anything else throws ``Fallback``.
    package mutating func double() throws -> Double {
        cursor.skipWhitespace()
        guard let first = cursor.current, first == UInt8(ascii: "-") || (0x30...0x39).contains(first) else {
            throw Fallback()
        }
        let start = cursor.index
        // The parser has already read the text as a Double (or as an Int, which converts to the same one).
        let value: Double
        switch try cursor.number() {
        case .int(let integer): value = Double(integer)
        case .double(let number): value = number
        default: throw Fallback()
        }
        if value == 0 {
            let digits = UnsafeRawBufferPointer(rebasing: cursor.bytes[start..<cursor.index])
            let mantissa = digits.prefix { $0 != UInt8(ascii: "e") && $0 != UInt8(ascii: "E") }
            guard !mantissa.contains(where: { (UInt8(ascii: "1")...UInt8(ascii: "9")).contains($0) }) else {
                throw Fallback()
            }
        }
        return value
    }

    /// A date as ``IntercomJSON`` reads one: Unix seconds within ``IntercomJSON/unixSecondsRange``, as a
    /// number or a string of digits, or an ISO-8601 string.
    package mutating func date() throws -> Date {
        cursor.skipWhitespace()
        if cursor.current == UInt8(ascii: "\"") {
            guard let date = IntercomJSON.parseDate(try cursor.string()) else { throw Fallback() }
            return date
        }
        guard let date = IntercomJSON.date(unixSeconds: try double()) else { throw Fallback() }
        return date
    }

    /// A string the API sometimes sends as an integer, which becomes its digits; `nil` for `null`.
    package mutating func lenientStringIfPresent() throws -> String? {
        if try null() { return nil }
        if cursor.current == UInt8(ascii: "\"") { return try cursor.string() }
        let value = try int()
        // The decoder reads such numbers as Int64.
        guard Int64(exactly: value) != nil else { throw Fallback() }
        return String(value)
    }

    /// A string the API sometimes sends as an integer; `null` throws ``Fallback``.
    package mutating func lenientString() throws -> String {
        guard let value = try lenientStringIfPresent() else { throw Fallback() }
        return value
    }

    /// A value of a type that has no reader of its own (the oneOf enums), decoded by `JSONDecoder` from
    /// its own bytes.
    package mutating func decoded<T: Decodable>(_ type: T.Type) throws -> T {
        cursor.skipWhitespace()
        let start = cursor.index
        try skipValue()
        let slice = UnsafeRawBufferPointer(rebasing: cursor.bytes[start..<cursor.index])
        return try IntercomJSON.sharedDecoder.decode(type, from: Data(slice))
    }
}

// MARK: - The values models hold

extension String: WireReadable {
    package init(wire reader: inout WireReader) throws { self = try reader.string() }
}

extension Int: WireReadable {
    package init(wire reader: inout WireReader) throws { self = try reader.int() }
}

extension Bool: WireReadable {
    package init(wire reader: inout WireReader) throws { self = try reader.bool() }
}

extension Double: WireReadable {
    package init(wire reader: inout WireReader) throws { self = try reader.double() }
}

extension Date: WireReadable {
    package init(wire reader: inout WireReader) throws { self = try reader.date() }
}

extension JSONValue: WireReadable {
    package init(wire reader: inout WireReader) throws { self = try reader.json() }
}

extension Optional: WireReadable where Wrapped: WireReadable {
    /// `nil` for `null`, as `decodeIfPresent` and arrays of optionals read it.
    package init(wire reader: inout WireReader) throws {
        self = try reader.null() ? nil : try Wrapped(wire: &reader)
    }
}

extension Array: WireReadable where Element: WireReadable {
    package init(wire reader: inout WireReader) throws {
        var elements: [Element] = []
        var more = try reader.beginArray()
        while more {
            elements.append(try Element(wire: &reader))
            more = try reader.nextElement()
        }
        self = elements
    }
}

extension Dictionary: WireReadable where Key == String, Value: WireReadable {
    package init(wire reader: inout WireReader) throws {
        var members: [String: Value] = [:]
        var more = try reader.beginObject()
        while more {
            _ = try reader.key()
            let key = reader.keyString
            // JSONDecoder keeps the first of two equal keys; leave that to it.
            guard members.updateValue(try Value(wire: &reader), forKey: key) == nil else {
                throw WireReader.Fallback()
            }
            more = try reader.nextMember()
        }
        self = members
    }
}
