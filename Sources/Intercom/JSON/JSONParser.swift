package import Foundation

/// Parses JSON text (RFC 8259) straight into a ``JSONValue``.
///
/// `JSONDecoder` can only find out what a `JSONValue` holds by trying each kind in turn, and every
/// failed try throws an error it has to build; this reads each byte once. Numbers are read as
/// `JSONDecoder` reads them into a `JSONValue`: a whole number that fits `Int` is `.int` however it is
/// written (`3`, `3.0`, `3e0`, and `1e-400`, which rounds to `0`), any other `.double`. One difference remains: a whole number of 2^53 or more written with a fraction or an exponent
/// is read through `Double` here, where `JSONDecoder` reads it through `Decimal`, so its last digits can
/// differ (`Cursor.readRoundedInteger` tells when that happened). Strings must be valid UTF-8; a leading byte order mark
/// is skipped; a key given twice keeps its first value, as in `JSONDecoder`; nesting deeper than
/// ``maximumDepth`` is refused rather than followed, so no input can exhaust the stack.
package enum JSONParser {
    /// How deeply arrays and objects may nest.
    package static let maximumDepth = 512

    /// Why a text is not JSON, and where.
    package struct Failure: Error, CustomStringConvertible, Sendable {
        /// The byte offset where parsing stopped.
        package let offset: Int
        package let reason: String
        package var description: String { "Not valid JSON at byte \(offset): \(reason)" }
    }

    /// The value `data` holds.
    package static func parse(_ data: Data) throws -> JSONValue {
        try data.withUnsafeBytes { try parse(buffer: $0) }
    }

    /// The value `bytes` hold.
    package static func parse(bytes: [UInt8]) throws -> JSONValue {
        try bytes.withUnsafeBytes { try parse(buffer: $0) }
    }

    /// The value the bytes in `buffer` hold.
    package static func parse(buffer: UnsafeRawBufferPointer) throws -> JSONValue {
        var cursor = Cursor(bytes: buffer)
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { cursor.index = 3 }
        let value = try cursor.value(depth: 0)
        cursor.skipWhitespace()
        guard cursor.index == buffer.count else { throw cursor.failure("unexpected text after the value") }
        return value
    }

    /// A position in JSON text, and the reading it does; ``WireReader`` reads through one too.
    struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var index = 0
        /// Set when a number of 2^53 or more, not written as plain digits that fit `Int`, was read as
        /// `.int`: `Double` may have rounded it where `JSONDecoder` would not.
        var readRoundedInteger = false

        init(bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
        }

        func failure(_ reason: String) -> Failure {
            Failure(offset: index, reason: reason)
        }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws -> JSONValue {
            skipWhitespace()
            guard let byte = current else { throw failure("the text ends where a value should be") }
            switch byte {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw failure("unexpected character")
            }
        }

        mutating func literal(_ word: StaticString) throws {
            let length = word.utf8CodeUnitCount
            guard bytes.count - index >= length else { throw failure("unexpected end of the text") }
            let matches = word.withUTF8Buffer { expected in
                (0..<length).allSatisfy { bytes[index + $0] == expected[$0] }
            }
            guard matches else { throw failure("unexpected character") }
            index += length
        }

        mutating func object(depth: Int) throws -> JSONValue {
            guard depth <= JSONParser.maximumDepth else {
                throw failure("nested deeper than \(JSONParser.maximumDepth)")
            }
            index += 1
            var members: [String: JSONValue] = [:]
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw failure("an object's key must be a string") }
                let key = try string()
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { throw failure("expected ':' after an object's key") }
                index += 1
                let member = try value(depth: depth)
                // A key given twice keeps its first value, as `JSONDecoder` does.
                if members.index(forKey: key) == nil { members[key] = member }
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"):
                    index += 1
                    return .object(members)
                default: throw failure("expected ',' or '}' in an object")
                }
            }
        }

        mutating func array(depth: Int) throws -> JSONValue {
            guard depth <= JSONParser.maximumDepth else {
                throw failure("nested deeper than \(JSONParser.maximumDepth)")
            }
            index += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            while true {
                elements.append(try value(depth: depth))
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"):
                    index += 1
                    return .array(elements)
                default: throw failure("expected ',' or ']' in an array")
                }
            }
        }

        /// A string, from its opening quote to past its closing one.
        mutating func string() throws -> String {
            index += 1
            let start = index
            // Without escapes, the text between the quotes is the string.
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    guard let text else { throw failure("a string is not valid UTF-8") }
                    index += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                guard byte >= 0x20 else { throw failure("a control character in a string must be escaped") }
                index += 1
            }
            var decoded = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
            while true {
                guard let byte = current else { throw failure("a string is not closed") }
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    guard let text = String(validating: decoded, as: UTF8.self) else {
                        throw failure("a string is not valid UTF-8")
                    }
                    return text
                case UInt8(ascii: "\\"):
                    index += 1
                    try escape(into: &decoded)
                case 0..<0x20:
                    throw failure("a control character in a string must be escaped")
                default:
                    decoded.append(byte)
                    index += 1
                }
            }
        }

        mutating func escape(into decoded: inout [UInt8]) throws {
            guard let byte = current else { throw failure("a string is not closed") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(byte)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hexQuad()
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by an escaped low one.
                    guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    else { throw failure("an unpaired surrogate in a string") }
                    index += 2
                    let low = try hexQuad()
                    guard (0xDC00...0xDFFF).contains(low) else { throw failure("an unpaired surrogate in a string") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw failure("an unpaired surrogate in a string")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw failure("an invalid escape in a string") }
                decoded.append(contentsOf: String(Character(unicode)).utf8)
            default:
                throw failure("an invalid escape in a string")
            }
        }

        /// Four hexadecimal digits, as a number.
        mutating func hexQuad() throws -> UInt32 {
            guard bytes.count - index >= 4 else { throw failure("a \\u escape needs four hexadecimal digits") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw failure("a \\u escape needs four hexadecimal digits")
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }

        mutating func digits() -> Int {
            let start = index
            while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
            return index - start
        }

        /// A number, checked against JSON's grammar before Swift reads it.
        mutating func number() throws -> JSONValue {
            let start = index
            if current == UInt8(ascii: "-") { index += 1 }
            guard let first = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
                throw failure("a number needs digits")
            }
            if first == UInt8(ascii: "0") {
                index += 1
            } else {
                _ = digits()
            }
            var isInteger = true
            if current == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { throw failure("a number's fraction needs digits") }
                isInteger = false
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw failure("a number's exponent needs digits") }
                isInteger = false
            }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            if isInteger, let integer = Int(text) { return .int(integer) }
            guard let double = Double(text), double.isFinite else {
                throw Failure(offset: start, reason: "a number too large to represent")
            }
            if let whole = Int(exactly: double) {
                if double.magnitude >= 9_007_199_254_740_992 { readRoundedInteger = true }
                return .int(whole)
            }
            return .double(double)
        }
    }
}
