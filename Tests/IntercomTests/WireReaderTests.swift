import Foundation
import TestSupport
import Testing

@testable import Intercom

/// The models' one-pass reader must give exactly what `JSONDecoder` gives, or step aside. The spec
/// example decoders (`SpecExamples.decode`) check both on every body they see; these tests feed them
/// the bodies where the two are most likely to part: keys written with escapes or twice, integers
/// written as `1.0` or `1e0`, ids sent as numbers, odd whitespace, a byte order mark, trailing text.
@Suite("Wire reader")
struct WireReaderTests {
    static var specRequired: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// What the reader and `JSONDecoder` make of `text`; a disagreement is recorded as an issue.
    @discardableResult
    static func both<T: Decodable & Equatable>(
        _ type: T.Type,
        _ text: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> (read: T?, decoded: T?) {
        let data = Data(text.utf8)
        let read = WireReader.read(T.self, from: data)
        let decoded = try? IntercomJSON.makeDecoder().decode(T.self, from: data)
        if let read {
            #expect(
                read == decoded,
                "\(text): the reader read \(read), JSONDecoder \(String(describing: decoded))",
                sourceLocation: sourceLocation
            )
        }
        #expect(
            (try? IntercomJSON.decode(T.self, from: data)) == decoded,
            "IntercomJSON.decode differs on \(text)",
            sourceLocation: sourceLocation
        )
        return (read, decoded)
    }

    @Test("Integers: plain digits are read, other spellings left to JSONDecoder, overflow refused by both")
    func integers() {
        #expect(Self.both([Int].self, "[1, -0, 0, 42, -9223372036854775808]").read == [1, 0, 0, 42, Int.min])
        for text in ["[1.0]", "[1e0]", "[1E2]", "[2.50e1]"] {
            let (read, decoded) = Self.both([Int].self, text)
            #expect(read == nil, "\(text) is left to JSONDecoder")
            #expect(decoded != nil, "JSONDecoder reads \(text) as a whole number")
        }
        for text in ["[9223372036854775808]", "[-9223372036854775809]", "[01]", "[1.5]", "[\"1\"]", "[null]", "[-]"] {
            let (read, decoded) = Self.both([Int].self, text)
            #expect(read == nil && decoded == nil, "\(text) is not an Int")
        }
    }

    @Test("Keys: escaped or repeated keys are left to JSONDecoder, which keeps the first value")
    func keys() {
        let escaped = Self.both([String: Int].self, #"{"\u0061":1}"#)
        #expect(escaped.read == nil)
        #expect(escaped.decoded == ["a": 1])
        let twice = Self.both([String: Int].self, #"{"a":1,"a":2}"#)
        #expect(twice.read == nil)
        #expect(twice.decoded == ["a": 1])
        let contact = Self.both(Contact.self, #"{"type":"contact","id":"1","name":"A","name":"B"}"#)
        #expect(contact.read == nil, "a model's key given twice is left to JSONDecoder")
        #expect(contact.decoded?.name == "A")
        let unknownTwice = Self.both(Contact.self, #"{"type":"contact","id":"1","x":1,"x":2}"#)
        #expect(unknownTwice.read?.id == "1", "an unknown key is skipped however often it comes")
    }

    @Test("Ids sent as numbers become their digits; a fractional id is left to JSONDecoder")
    func lenientIds() {
        #expect(Self.both(Contact.self, #"{"type":"contact","id":42}"#).read?.id == "42")
        #expect(Self.both(Contact.self, #"{ "type" : "contact" , "id" : "7" }"#).read?.id == "7")
        let fraction = Self.both(Contact.self, #"{"type":"contact","id":4.0}"#)
        #expect(fraction.read == nil)
        #expect(fraction.decoded?.id == "4")
        let missing = Self.both(Contact.self, #"{"type":"contact"}"#)
        #expect(missing.read == nil && missing.decoded == nil, "a required key is required by both")
        let null = Self.both(Contact.self, #"{"type":"contact","id":null}"#)
        #expect(null.read == nil && null.decoded == nil)
    }

    @Test("Numbers at the edges: underflow to zero as a Double and large rounded integers are left to JSONDecoder")
    func numbersAtTheEdges() {
        for text in ["[1e-400]", "[0." + String(repeating: "0", count: 400) + "1]"] {
            let (read, decoded) = Self.both([Double].self, text)
            #expect(read == nil && decoded == nil, "\(text.prefix(20)) is refused by both")
            let (readDate, decodedDate) = Self.both([Date].self, text)
            #expect(readDate == nil && decodedDate == nil)
            // As a JSONValue it is JSONDecoder's integer 0, and the reader's.
            #expect(Self.both(JSONValue.self, text).read == [0])
        }
        #expect(
            Self.both([Double].self, "[0e-400, -0.0, 4.9e-324]").read?.count == 3,
            "true zeros and subnormals are numbers"
        )
        for text in [
            "[12345678901234567.0]", "[9007199254740993.5]", "[1.2345678901234567e16]", "[-9223372036854775809]",
        ] {
            let (read, decoded) = Self.both(JSONValue.self, text)
            #expect(read == nil, "\(text) is left to JSONDecoder")
            #expect(decoded != nil)
        }
        #expect(Self.both(JSONValue.self, "[9007199254740991.0, 1e3]").read == [9_007_199_254_740_991, 1000])
    }

    @Test("A key Swift holds equal to an ASCII key (KELVIN SIGN for K) is left to JSONDecoder")
    func lookAlikeKeys() {
        #expect(Self.both(Contact.self, "{\"type\":\"contact\",\"id\":\"1\",\"\u{212A}\":1}").read == nil)
        #expect(Self.both(Contact.self, "{\"type\":\"contact\",\"id\":\"1\",\"日本\":1}").read?.id == "1")
    }

    @Test("Dates as Unix seconds, numeric strings or ISO-8601; out of range refused by both")
    func dates() {
        let read = Self.both([Date].self, #"[1700000000, 1700000000.5, "2023-11-14T22:13:20Z", "1700000000"]"#).read
        #expect(read?.first == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(read?.count == 4)
        for text in ["[253402300800]", "[-62135596801]", "[1e400]", #"["tomorrow"]"#, "[true]"] {
            let (read, decoded) = Self.both([Date].self, text)
            #expect(read == nil && decoded == nil, "\(text) is not a date")
        }
    }

    @Test("Values of another kind, unknown enum values, nulls and nested JSON")
    func kinds() {
        #expect(Self.both(Contact.self, #"{"type":"contact","id":"1","role":"robot"}"#).read?.role?.isUnknown == true)
        #expect(Self.both(Contact.self, #"{"type":"contact","id":"1","name":null}"#).read?.name == nil)
        let wrongKind = Self.both(Contact.self, #"{"type":"contact","id":"1","name":7}"#)
        #expect(wrongKind.read == nil && wrongKind.decoded == nil)
        let attributes = #"{"type":"contact","id":"1","custom_attributes":{"a":[1,2.5,"x",null,{"b":true}]}}"#
        #expect(Self.both(Contact.self, attributes).read?.customAttributes?["a"]?[1] == .double(2.5))
    }

    @Test("A byte order mark, trailing text, truncation and deep nesting are never read by the reader")
    func documents() {
        #expect(Self.both([Int].self, "\u{FEFF}[1]").read == nil)
        #expect(Self.both([Int].self, "[1] x").read == nil)
        #expect(Self.both([Int].self, "[1]  \n").read == [1])
        #expect(Self.both([Int].self, "[1,").read == nil)
        let deep = String(repeating: "[", count: 700) + String(repeating: "]", count: 700)
        #expect(Self.both(JSONValue.self, deep).read == nil)
        #expect(Self.both([String: JSONValue].self, #"{"a":"# + deep + "}").read == nil)
    }

    @Test("Request bodies read themselves too, as the sandbox reads them")
    func requestBodies() {
        let body = #"{"role":"user","email":"ada@example.com","signed_up_at":1700000000,"custom_attributes":{"n":1}}"#
        let read = Self.both(CreateContactRequest.self, body).read
        #expect(read?.email == "ada@example.com")
        #expect(read?.customAttributes?["n"] == 1)
        let wrong = Self.both(CreateContactRequest.self, #"{"email":1}"#)
        #expect(wrong.read == nil && wrong.decoded == nil)
    }

    @Test("A page's envelope: the first items key present wins, nulls are empty, odd counts left to JSONDecoder")
    func envelopes() throws {
        let tag = #"{"type":"tag","id":"1","name":"a"}"#
        let cases: [(text: String, key: String, readsItself: Bool)] = [
            (#"{"type":"list","data":[\#(tag)],"total_count":1,"pages":{"next":null}}"#, "data", true),
            (#"{"companies":[\#(tag)],"data":[],"scroll_param":42}"#, "data|companies", true),
            (#"{"companies":[\#(tag)],"scroll_param":"s"}"#, "data|companies", true),
            (#"{"data":null,"total_count":null}"#, "data", true),
            (#"{"data":[\#(tag)],"data":[]}"#, "data", false),
            (#"{"data":[],"total_count":"many"}"#, "data", false),
            (#"{"data":[],"total_count":2.0}"#, "data", false),
            (#"{"data":[{"type":"tag"}]}"#, "data", false),
        ]
        for (text, key, readsItself) in cases {
            let data = Data(text.utf8)
            let read = ListEnvelope<Intercom.Tag>.read(data, itemsKey: key)
            #expect((read != nil) == readsItself, "\(text)")
            let decoder = IntercomJSON.makeDecoder()
            decoder.userInfo = [.intercomItemsKey: key]
            let decoded = try? decoder.decode(ListEnvelope<Intercom.Tag>.self, from: data)
            guard let read else { continue }
            let expected = try #require(decoded, "\(text)")
            #expect(read.items == expected.items, "\(text)")
            #expect(read.totalCount == expected.totalCount, "\(text)")
            #expect(read.pages == expected.pages, "\(text)")
            #expect(read.scrollParam == expected.scrollParam, "\(text)")
        }
    }

    @Test("The reader reads the spec's response examples itself, for every common resource")
    func readsSpecExamples() throws {
        guard SpecExamples.isAvailable else {
            if Self.specRequired { Issue.record("CI=true but ../shared/intercom-openapi is missing") }
            return
        }
        var read = 0
        var total = 0
        var leftToDecoder: [String] = []
        for example in SpecExamples.responses {
            guard let decode = SpecExamples.responseDecoders["\(example.operation) \(example.status ?? "")"],
                let wasRead = try? decode(example.json)
            else { continue }
            total += 1
            if wasRead { read += 1 } else { leftToDecoder.append(example.testDescription) }
        }
        FuzzSettings.log("wire reader: read \(read) of \(total) response examples itself")
        #expect(total > 1_000)
        #expect(Double(read) >= Double(total) * 0.9, "left to JSONDecoder: \(leftToDecoder.prefix(20))")
        for operation in [
            "GET /contacts/{contact_id}", "GET /contacts", "GET /conversations/{conversation_id}", "GET /companies",
            "GET /admins", "GET /tickets/{ticket_id}", "GET /articles", "GET /tags", "GET /data_attributes",
        ] {
            for example in SpecExamples.responses where example.operation == operation && example.status == "200" {
                let decode = try #require(SpecExamples.responseDecoders["\(operation) 200"])
                #expect(try decode(example.json), "\(example.testDescription) is left to JSONDecoder")
            }
        }
    }

    /// Mutations per response example; with about 1,470 examples, some 7,000 bodies.
    static let mutationsPerExample = 5

    @Test("Mutated spec examples: the reader gives JSONDecoder's value or leaves the body to it")
    func mutatedExamplesAgree() throws {
        guard SpecExamples.isAvailable else {
            if Self.specRequired { Issue.record("CI=true but ../shared/intercom-openapi is missing") }
            return
        }
        let seed = FuzzSettings.seed
        FuzzSettings.log("fuzz: wire reader, seed \(seed)")
        var generator = SeededGenerator(seed: seed ^ 0x57EAD)
        var outcomes = (read: 0, decoded: 0, refused: 0)
        var unexpected: [String] = []
        for example in SpecExamples.responses {
            guard let decode = SpecExamples.responseDecoders["\(example.operation) \(example.status ?? "")"] else {
                continue
            }
            let text = String(decoding: example.json, as: UTF8.self)
            for round in 0..<Self.mutationsPerExample {
                let body = Data(ReaderMutator.mutate(text, using: &generator).utf8)
                if FuzzSettings.verbose {
                    FuzzSettings.log(
                        "case \(example.testDescription) #\(round): \(String(decoding: body.prefix(300), as: UTF8.self))"
                    )
                }
                do {
                    if try decode(body) { outcomes.read += 1 } else { outcomes.decoded += 1 }
                } catch is DecodingError {
                    outcomes.refused += 1
                } catch {
                    unexpected.append("\(example.testDescription) #\(round): \(error)")
                }
            }
        }
        FuzzSettings.log(
            "fuzz: wire reader: \(outcomes.read) read in one pass, \(outcomes.decoded) left to JSONDecoder, \(outcomes.refused) refused (seed \(seed))"
        )
        #expect(outcomes.read + outcomes.decoded + outcomes.refused >= 5_000)
        #expect(outcomes.read > 0 && outcomes.decoded > 0, "the mutations reach both paths")
        #expect(unexpected.isEmpty, "seed \(seed): \(unexpected.prefix(5))")
    }
}

/// Text-level changes to a JSON document aimed at the places where a one-pass reader could part from
/// `JSONDecoder`. Some keep the document's meaning (whitespace, escaped keys, `1.0` for `1`), others
/// change it (a value of another kind, a key given twice), and some break it.
enum ReaderMutator {
    static func mutate(_ text: String, using generator: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<11, using: &generator) {
        case 0:
            // A key written with an escape: the same key to JSONDecoder.
            return replacingOne(of: /"([a-z_]+)":/, in: text, using: &generator) { match, generator in
                let key = String(match.1)
                guard let first = key.unicodeScalars.first else { return String(match.0) }
                let hex = String(first.value, radix: 16)
                return "\"\\u" + String(repeating: "0", count: 4 - hex.count) + hex + key.dropFirst() + "\":"
            }
        case 1:
            // An integer written with a fraction or an exponent.
            return replacingOne(of: /:(-?[0-9]+)([,}\]])/, in: text, using: &generator) { match, generator in
                let suffix = ["", ".0", "e0", "E1", ".5", "00"].randomElement(using: &generator) ?? ".0"
                return ":" + match.1 + suffix + match.2
            }
        case 2:
            // A number sent as a string of digits, or a string sent as a number.
            if Bool.random(using: &generator) {
                return replacingOne(of: /:(-?[0-9]+)([,}\]])/, in: text, using: &generator) { match, generator in
                    ":\"" + match.1 + "\"" + match.2
                }
            }
            return replacingOne(of: /:"[^"\\]*"([,}\]])/, in: text, using: &generator) { match, generator in
                ":" + (["12", "-3", "1.5", "true", "null", "{}", "[]"].randomElement(using: &generator) ?? "1")
                    + match.1
            }
        case 3:
            // A key of this object given twice, with another value first or second.
            return replacingOne(of: /"([a-z_]+)":("[^"\\]*"|-?[0-9]+|true|false|null)/, in: text, using: &generator) {
                match,
                generator in
                let other = ["\"x\"", "1", "null", "false", "{}", "[]"].randomElement(using: &generator) ?? "null"
                let pair = String(match.0)
                let again = "\"\(match.1)\":\(other)"
                return Bool.random(using: &generator) ? pair + "," + again : again + "," + pair
            }
        case 4:
            // Whitespace wherever JSON allows it.
            let spaces = [" ", "\n", "\t", "\r\n  "].randomElement(using: &generator) ?? " "
            return text.replacingOccurrences(of: ":", with: spaces + ":" + spaces)
                .replacingOccurrences(of: ",", with: spaces + "," + spaces)
        case 5:
            // A value replaced by null, or removed with its key.
            return replacingOne(of: /"[a-z_]+":("[^"\\]*"|-?[0-9]+|true|false)([,}])/, in: text, using: &generator) {
                match,
                generator in
                Bool.random(using: &generator)
                    ? String(match.0).replacingOccurrences(of: ":" + match.1, with: ":null") : String(match.2)
            }
        case 6:
            // Escapes inside a string value.
            return replacingOne(of: /:"([a-z])/, in: text, using: &generator) { match, generator in
                let escapes = ["\\/", "\\u00e9", "\\ud83c\\udf89", "\\\"", "\\n", "\\ud800", "\\x"]
                return ":\"" + (escapes.randomElement(using: &generator) ?? "\\n") + match.1
            }
        case 7:
            // A date written as ISO-8601 text, as a numeric string, or out of range.
            return replacingOne(of: /"([a-z_]+_at)":(-?[0-9]+)/, in: text, using: &generator) { match, generator in
                let value =
                    [
                        "\"2023-11-14T22:13:20Z\"", "\"2023-11-14T22:13:20.123Z\"", "\"\(match.2)\"", "253402300800",
                        "1e400", "1.5",
                    ]
                    .randomElement(using: &generator) ?? "1.5"
                return "\"\(match.1)\":\(value)"
            }
        case 8:
            let extra = ["\u{FEFF}", "", " x", "\n", "]", ","].randomElement(using: &generator) ?? ""
            return extra == "\u{FEFF}" ? extra + text : text + extra
        case 9:
            // Truncated.
            let cut = Int.random(in: 0...max(0, text.utf8.count - 1), using: &generator)
            return String(decoding: text.utf8.prefix(cut), as: UTF8.self)
        default:
            // An unknown key, with any kind of value, at the start of an object.
            let value =
                ["1e400", "[[[]]]", "{\"a\":{\"b\":null}}", "\"\\u0000\"", "-0.0"].randomElement(using: &generator)
                ?? "1"
            return replacingOne(of: /\{"/, in: text, using: &generator) { _, _ in "{\"zz_unknown\":\(value),\"" }
        }
    }

    /// `text` with one match of `regex`, chosen at random, replaced.
    static func replacingOne<Output>(
        of regex: Regex<Output>,
        in text: String,
        using generator: inout SeededGenerator,
        with replacement: (Regex<Output>.Match, inout SeededGenerator) -> String
    ) -> String {
        let matches = text.matches(of: regex)
        guard !matches.isEmpty else { return text }
        let match = matches[Int.random(in: 0..<matches.count, using: &generator)]
        var result = text
        result.replaceSubrange(match.range, with: replacement(match, &generator))
        return result
    }
}
