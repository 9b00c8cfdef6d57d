public import Foundation

/// Any JSON value: custom attributes, event metadata and other free-form data.
///
/// `JSONValue` is expressible by literals, so free-form data reads like JSON:
///
/// ```swift
/// let attributes: [String: JSONValue] = ["is_cool": true, "plan": "pro", "seats": 12, "score": 4.5]
/// ```
///
/// JSON has a single number type. Numbers without a fraction decode as ``int(_:)`` when they fit in
/// an `Int`, and every other number decodes as ``double(_:)``. Because `1` and `1.0` are the same JSON
/// number, ``int(_:)`` and ``double(_:)`` compare equal when they hold the same value: a round trip
/// through JSON never changes a value, even if it may change the case that holds it.
public enum JSONValue: Sendable {
    /// A string.
    case string(String)
    /// A number without a fractional part that fits in an `Int`.
    case int(Int)
    /// Any other number.
    case double(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// An ordered list of values.
    case array([JSONValue])
    /// An object whose keys are strings.
    case object([String: JSONValue])
}

// MARK: - Accessors

extension JSONValue {
    /// The string, when this value is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer, when this value is a number with no fractional part that fits in an `Int`.
    public var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value): return Int(exactly: value)
        default: return nil
        }
    }

    /// The number as a `Double`, when this value is a number.
    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    /// The Boolean, when this value is `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements, when this value is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, when this value is an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Whether this value is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member for `key` when this value is an object, otherwise `nil`.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// The element at `index` when this value is an array and the index is in range, otherwise `nil`.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }
}

// MARK: - Equality

extension JSONValue: Hashable {
    /// Compares two values; numbers compare by value, whichever case holds them.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)):
            return Double(exactly: a) == b && Int(exactly: b) == a
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a == b
        default: return false
        }
    }

    /// Hashes the value consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .string(let value):
            hasher.combine(0)
            hasher.combine(value)
        case .int(let value):
            hasher.combine(1)
            hasher.combine(value)
        case .double(let value):
            // Hash integral doubles like the integer they equal, so equal values hash alike.
            if let integer = Int(exactly: value) {
                hasher.combine(1)
                hasher.combine(integer)
            } else {
                hasher.combine(2)
                hasher.combine(value)
            }
        case .bool(let value):
            hasher.combine(3)
            hasher.combine(value)
        case .null:
            hasher.combine(4)
        case .array(let value):
            hasher.combine(5)
            hasher.combine(value)
        case .object(let value):
            hasher.combine(6)
            hasher.combine(value)
        }
    }
}

// MARK: - Codable

extension JSONValue: Codable {
    /// Decodes the value from its JSON form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Each failed attempt costs a thrown error, so the likeliest kinds go first: strings, then numbers
        // (an integer before a double, which would also accept it), booleans, objects and arrays.
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Not a JSON value.")
        }
    }

    /// Encodes the value in its JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

// MARK: - Literals

extension JSONValue: ExpressibleByStringLiteral {
    /// Creates a value from a string literal.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// Creates a value from an integer literal.
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension JSONValue: ExpressibleByFloatLiteral {
    /// Creates a value from a floating-point literal.
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// Creates a value from a Boolean literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByNilLiteral {
    /// Creates `null` from `nil`.
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// Creates an array from an array literal.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// Creates an object from a dictionary literal; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSONValue: CustomStringConvertible {
    /// The value as compact JSON text, with sorted keys.
    public var description: String {
        let encoder = IntercomJSON.makeEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "<invalid JSON number>" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension JSONValue {
    /// Makes a JSON value from any `Encodable` value, using the SDK's JSON encoding (dates as Unix seconds).
    ///
    /// - Throws: `EncodingError` when the value cannot be represented as JSON, for example a
    ///   non-finite `Double`.
    public init(encoding value: some Encodable) throws {
        let data = try IntercomJSON.sharedEncoder.encode(value)
        self = try IntercomJSON.decode(JSONValue.self, from: data)
    }

    /// Decodes this value as `type`, using the SDK's JSON decoding.
    public func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        // Written by JSONWriter and read as responses are (the models' one-pass reader, else the shared
        // decoder): no coder is built per call.
        var bytes: [UInt8] = []
        try JSONWriter.write(self, into: &bytes)
        return try IntercomJSON.decode(type, from: Data(bytes))
    }

    /// A `Date` read from a number of Unix seconds or an ISO-8601 string, the two forms Intercom uses.
    public var dateValue: Date? {
        switch self {
        case .int(let seconds): return IntercomJSON.date(unixSeconds: Double(seconds))
        case .double(let seconds): return IntercomJSON.date(unixSeconds: seconds)
        case .string(let text): return IntercomJSON.parseDate(text)
        default: return nil
        }
    }

    /// A date as Intercom stores date attributes: whole Unix seconds, clamped to
    /// ``IntercomJSON/unixSecondsRange``.
    public static func date(_ date: Date) -> JSONValue {
        .int(Int(IntercomJSON.unixSeconds(date)))
    }
}
