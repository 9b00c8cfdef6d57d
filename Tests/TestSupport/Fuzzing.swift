public import Foundation
public import Intercom

/// A small, fast, seeded random number generator (SplitMix64), so every fuzz run can be repeated
/// exactly from the seed it prints.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator; the same seed always gives the same sequence.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Settings shared by the fuzz suites: the seed, from `INTERCOM_FUZZ_SEED` or a fixed default so CI is
/// reproducible, and whether to print every case before running it (`INTERCOM_FUZZ_VERBOSE=1`), which
/// finds the input behind a crash that no test can catch.
public enum FuzzSettings {
    /// The seed of this run.
    public static var seed: UInt64 {
        ProcessInfo.processInfo.environment["INTERCOM_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x1C0_FFEE
    }

    /// Whether each case is printed before it runs.
    public static var verbose: Bool { ProcessInfo.processInfo.environment["INTERCOM_FUZZ_VERBOSE"] == "1" }

    /// Prints one line to standard error.
    public static func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// Hostile JSON: numbers no `Int64` or `Double` can hold, type swaps, nulls, deep nesting, truncation,
/// wrong `type` discriminators, duplicate keys and odd strings, made from a valid document.
public enum JSONMutator {
    /// Number literals written into the JSON text as they are, since no Swift number can hold all of them.
    public static let hostileNumbers = [
        "1e19", "-1e19", "1e300", "-1e300", "1e400", "-1e400", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "18446744073709551616", "1.7976931348623157e308",
        "4.9e-324", "-0", "0.5", "-1", "9007199254740993", "9.3e18", "253402300800", "-62135596801",
        "1E21", "123456789012345678901234567890",
    ]

    /// Strings that tend to break parsers and renderers.
    public static let hostileStrings = [
        "", " ", "\u{0}", "null", "true", "1e400", "-1", "NaN", "Infinity", "😀", "\u{202E}evil", "a\u{0}b",
        String(repeating: "x", count: 5000), "<script>", "'; DROP TABLE", "%00", "../../etc/passwd",
        "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "10000-01-01T00:00:00Z",
    ]

    /// `type` values, right and wrong, to swap in.
    static let discriminators = [
        "contact", "admin", "user", "lead", "company", "conversation", "ticket", "article", "list", "error.list",
        "unknown_type", "", "Contact",
    ]

    private static let numberMarker = "\u{1}FUZZ-NUMBER\u{1}"

    /// One mutation of `document`, as JSON bytes (which may not even be valid JSON).
    public static func mutate(_ document: JSONValue, using generator: inout SeededGenerator) -> Data {
        let kind = Int.random(in: 0..<10, using: &generator)
        switch kind {
        case 0, 1:
            return encode(replacingRandomNode(of: document, using: &generator) { swapType($0, using: &$1) })
        case 2:
            return encode(replacingRandomNode(of: document, using: &generator) { _, _ in .null })
        case 3, 4:
            let marked = replacingRandomNode(of: document, using: &generator) { _, _ in .string(numberMarker) }
            let number = hostileNumbers.randomElement(using: &generator) ?? "1e400"
            return Data(
                String(decoding: encode(marked), as: UTF8.self)
                    .replacingOccurrences(of: "\"\(escapedMarker)\"", with: number).utf8
            )
        case 5:
            let depth = Int.random(in: 20...700, using: &generator)
            return encode(
                replacingRandomNode(of: document, using: &generator) { node, generator in
                    var value = node
                    let asArray = Bool.random(using: &generator)
                    for _ in 0..<depth { value = asArray ? .array([value]) : .object(["a": value]) }
                    return value
                }
            )
        case 6:
            let bytes = encode(document)
            guard bytes.count > 1 else { return bytes }
            return bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator))
        case 7:
            return encode(retype(document, using: &generator))
        case 8:
            // A duplicate key at the start of every object: decoders differ on which value wins.
            let text = String(decoding: encode(document), as: UTF8.self)
            let key = ["id", "type", "created_at", "data", "pages"].randomElement(using: &generator) ?? "id"
            let value = ["1e400", "null", "{}", "[]", "\"x\"", "-1"].randomElement(using: &generator) ?? "null"
            return Data(text.replacingOccurrences(of: "{\"", with: "{\"\(key)\":\(value),\"").utf8)
        default:
            return encode(
                replacingRandomNode(of: document, using: &generator) { _, generator in
                    .string(hostileStrings.randomElement(using: &generator) ?? "")
                }
            )
        }
    }

    private static var escapedMarker: String {
        String(decoding: encode(.string(numberMarker)), as: UTF8.self).dropFirst().dropLast().description
    }

    /// Sorted keys, so the same seed gives the same bytes in every process.
    public static func encode(_ value: JSONValue) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)) ?? Data("null".utf8)
    }

    private static func swapType(_ value: JSONValue, using generator: inout SeededGenerator) -> JSONValue {
        switch value {
        case .string(let text): return Bool.random(using: &generator) ? .int(text.count) : .array([value])
        case .int(let number): return Bool.random(using: &generator) ? .string(String(number)) : .bool(number != 0)
        case .double(let number): return .string(String(number))
        case .bool(let flag): return Bool.random(using: &generator) ? .string(String(flag)) : .int(flag ? 1 : 0)
        case .null: return Bool.random(using: &generator) ? .object([:]) : .int(0)
        case .array(let elements): return elements.first.map { $0 } ?? .object([:])
        case .object(let members):
            let values = members.sorted { $0.key < $1.key }.map(\.value)
            return Bool.random(using: &generator) ? .array(values) : .string("{}")
        }
    }

    /// Every `type` member changed to another discriminator.
    private static func retype(_ value: JSONValue, using generator: inout SeededGenerator) -> JSONValue {
        switch value {
        case .object(var members):
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                members[key] =
                    key == "type" && member.stringValue != nil
                    ? .string(discriminators.randomElement(using: &generator) ?? "")
                    : retype(member, using: &generator)
            }
            return .object(members)
        case .array(let elements):
            return .array(elements.map { retype($0, using: &generator) })
        default:
            return value
        }
    }

    /// `document` with one node, chosen uniformly among all nodes, replaced by `change(node)`.
    private static func replacingRandomNode(
        of document: JSONValue,
        using generator: inout SeededGenerator,
        _ change: (JSONValue, inout SeededGenerator) -> JSONValue
    ) -> JSONValue {
        let target = Int.random(in: 0..<count(document), using: &generator)
        var index = 0
        return replace(document, target: target, index: &index, generator: &generator, change)
    }

    private static func count(_ value: JSONValue) -> Int {
        switch value {
        case .array(let elements): return 1 + elements.reduce(0) { $0 + count($1) }
        case .object(let members): return 1 + members.values.reduce(0) { $0 + count($1) }
        default: return 1
        }
    }

    private static func replace(
        _ value: JSONValue,
        target: Int,
        index: inout Int,
        generator: inout SeededGenerator,
        _ change: (JSONValue, inout SeededGenerator) -> JSONValue
    ) -> JSONValue {
        if index == target {
            index += count(value)
            return change(value, &generator)
        }
        index += 1
        switch value {
        case .array(let elements):
            return .array(elements.map { replace($0, target: target, index: &index, generator: &generator, change) })
        case .object(let members):
            var result: [String: JSONValue] = [:]
            for key in members.keys.sorted() {
                if let member = members[key] {
                    result[key] = replace(member, target: target, index: &index, generator: &generator, change)
                }
            }
            return .object(result)
        default:
            return value
        }
    }
}
