import Foundation
import Testing

@testable import Intercom

/// The one-pass JSON parser must read what `JSONDecoder` reads into a `JSONValue`, and refuse what it
/// refuses (apart from UTF-16 text, which it does not take).
@Suite("JSON parser")
struct JSONParserTests {
    @Test("Reads every kind of value, escapes and surrogate pairs included")
    func kinds() throws {
        let text = #"""
            {"s":"a\"b\\c\/d\n\t\u00e9\ud83c\udf89","i":-42,"z":0,"d":1.5e3,"f":-0.25,"t":true,"n":null,
             "a":[1,[2,[]],{}],"o":{"k":"v"},"big":123456789012345678901234567890,"e":"","u":"日本 🎉"}
            """#
        let value = try JSONParser.parse(Data(text.utf8))
        #expect(value["s"] == .string("a\"b\\c/d\n\té🎉"))
        #expect(value["i"] == .int(-42))
        #expect(value["z"] == .int(0))
        #expect(value["d"] == .int(1500), "a whole number is an integer however it is written")
        #expect(value["f"] == .double(-0.25))
        #expect(value["t"] == .bool(true))
        #expect(value["n"] == .null)
        #expect(value["a"] == [1, [2, []], [:]])
        #expect(value["o"] == ["k": "v"])
        #expect(value["big"] == .double(123456789012345678901234567890))
        #expect(value["e"] == .string(""))
        #expect(value["u"] == .string("日本 🎉"))
    }

    @Test("Refuses what is not JSON, saying where")
    func refusals() {
        let bad = [
            "", " ", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "'a'", "01", "1.", ".5", "1e", "-", "+1",
            "tru", "nul", "\"abc", "\"a\u{01}b\"", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00x\"", "[1] 2",
            "NaN", "1e999", "[" + String(repeating: "[", count: 600) + String(repeating: "]", count: 601),
        ]
        for text in bad {
            #expect(throws: JSONParser.Failure.self, "\(text.debugDescription) is not JSON") {
                try JSONParser.parse(Data(text.utf8))
            }
        }
        #expect(throws: JSONParser.Failure.self, "invalid UTF-8") { try JSONParser.parse(bytes: [0x22, 0xFF, 0x22]) }
    }

    @Test("A byte order mark before the text is skipped")
    func byteOrderMark() throws {
        #expect(try JSONParser.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == [1])
    }

    @Test("A key given twice keeps its first value, as JSONDecoder keeps it")
    func duplicateKeys() throws {
        let text = #"{"a":1,"b":{"c":true,"c":false},"a":2}"#
        let parsed = try JSONParser.parse(Data(text.utf8))
        #expect(parsed == ["a": 1, "b": ["c": true]])
        #expect(parsed == (try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))))
    }

    @Test("Agrees with JSONDecoder on 2,000 random documents and their mutations (seeded)")
    func differential() throws {
        // A fixed seed, so a run repeats; JSON_PARSER_SEED tries another.
        let seed = ProcessInfo.processInfo.environment["JSON_PARSER_SEED"].flatMap { UInt64($0) } ?? 20_261_202
        var generator = SplitMix(seed: seed)
        for round in 0..<2_000 {
            let document = Self.randomValue(depth: 0, using: &generator)
            var bytes = Array(try JSONEncoder().encode(document))
            if round % 2 == 1, !bytes.isEmpty {
                // Break it now and then: a byte changed, dropped or doubled.
                let position = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: generator.next())
                case 1: bytes.remove(at: position)
                default: bytes.insert(bytes[position], at: position)
                }
            }
            let expected = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
            let parsed = try? JSONParser.parse(bytes: bytes)
            #expect(
                parsed == expected,
                "seed \(seed), round \(round): \(String(decoding: bytes, as: UTF8.self)) parsed as \(String(describing: parsed)), JSONDecoder read \(String(describing: expected))"
            )
            if parsed != expected { return }
        }
    }

    static func randomValue(depth: Int, using generator: inout SplitMix) -> JSONValue {
        let kinds: UInt64 = depth > 4 ? 5 : 7
        switch generator.next() % kinds {
        case 0: return .null
        case 1: return .bool(generator.next() % 2 == 0)
        case 2: return .int(Int(truncatingIfNeeded: generator.next()) >> Int(generator.next() % 60))
        case 3: return .double(Double(Int(truncatingIfNeeded: generator.next() % 2_000_000)) / 64 - 10_000.5)
        case 4:
            let alphabet = Array("ab \"\\/\n\t\u{01}é日🎉")
            let length = Int(generator.next() % 8)
            return .string(String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }))
        case 5:
            let count = Int(generator.next() % 4)
            return .array((0..<count).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            let count = Int(generator.next() % 4)
            var members: [String: JSONValue] = [:]
            for index in 0..<count { members["k\(index)"] = randomValue(depth: depth + 1, using: &generator) }
            return .object(members)
        }
    }
}

/// A small seeded generator, so a failing round can be replayed from its printed seed.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
