import Foundation
import Intercom
import Testing

@testable import IntercomSandbox

/// The sandbox writes its answers itself; what it writes must be JSON any client reads back unchanged.
@Suite("Sandbox: the wire encoder")
struct WireEncoderTests {
    static let awkward = [
        "", "plain", "quote \" and backslash \\", "line\nbreak\rand\ttab", "control \u{01}\u{1F}", "slash /",
        "naïve café 日本 🎉", "\u{7F} delete", "ends with backslash \\",
    ]

    @Test("Strings with quotes, backslashes, control characters and emoji read back unchanged")
    func strings() throws {
        for text in Self.awkward {
            let data = try WireEncoder.data(JSONValue.string(text))
            let decoded = try JSONDecoder().decode(JSONValue.self, from: data)
            #expect(decoded == .string(text), "\(text.debugDescription) came back as \(decoded)")
        }
    }

    @Test("A nested value reads back as the same JSON, numbers and nulls included")
    func nested() throws {
        let value: JSONValue = [
            "type": "list", "total_count": 3, "ratio": 0.25, "tiny": 1e-7, "big": .int(Int.max), "none": .null,
            "flags": [true, false], "data": [["id": "1", "tags": []], ["id": "2", "custom_attributes": [:]]],
        ]
        let decoded = try JSONDecoder().decode(JSONValue.self, from: try WireEncoder.data(value))
        #expect(decoded == value)
    }

    @Test("A model writes every key: unset optionals as null, except keys a later version added")
    func model() throws {
        var contact = Contact(type: "contact", id: "c1")
        contact.name = "Ada"
        let decoded = try JSONDecoder().decode(JSONValue.self, from: try WireEncoder.data(contact))
        #expect(decoded["name"] == "Ada")
        #expect(decoded["phone"] == .null, "an unset optional is sent as null")
        #expect(decoded == (try WireEncoder.encode(contact)), "bytes and tree agree")
        #expect(decoded["merge_history"] == nil, "a key 2.16 added stays out when unset")
    }

    @Test("A number JSON cannot hold is an error, not invalid JSON")
    func nonFinite() {
        #expect(throws: EncodingError.self) { try WireEncoder.data(JSONValue.double(.infinity)) }
    }
}
