import Foundation
import TestSupport
import Testing

@testable import Intercom

@Suite("Shared coders")
struct CodingTests {
    struct Stamped: Codable, Equatable {
        var at: Date
    }

    struct Identified: Decodable {
        var id: String
        var assignee: String?

        enum CodingKeys: String, CodingKey {
            case id
            case assignee = "admin_assignee_id"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decodeLenientString(forKey: .id)
            assignee = try container.decodeLenientStringIfPresent(forKey: .assignee)
        }
    }

    @Test(
        "Dates decode from integer seconds, fractional seconds and ISO-8601 strings",
        arguments: [
            (#"{"at":1700000000}"#, 1_700_000_000.0),
            (#"{"at":1700000000.5}"#, 1_700_000_000.5),
            (#"{"at":"2023-11-14T22:13:20Z"}"#, 1_700_000_000.0),
            (#"{"at":"2023-11-14T22:13:20.250Z"}"#, 1_700_000_000.25),
            (#"{"at":"2023-11-14T23:13:20+01:00"}"#, 1_700_000_000.0),
        ]
    )
    func decodesDates(json: String, seconds: Double) throws {
        let value = try IntercomJSON.makeDecoder().decode(Stamped.self, from: Data(json.utf8))
        #expect(abs(value.at.timeIntervalSince1970 - seconds) < 0.001)
    }

    @Test("Dates encode as whole Unix seconds")
    func encodesDates() throws {
        let data = try IntercomJSON.makeEncoder().encode(Stamped(at: Date(timeIntervalSince1970: 1_700_000_000.75)))
        #expect(String(decoding: data, as: UTF8.self) == #"{"at":1700000000}"#)
    }

    @Test("A malformed date names the problem")
    func malformedDate() {
        #expect(throws: DecodingError.self) {
            try IntercomJSON.makeDecoder().decode(Stamped.self, from: Data(#"{"at":"yesterday"}"#.utf8))
        }
    }

    @Test("Ids decode from strings and numbers alike; null and missing become nil")
    func lenientIDs() throws {
        let decoder = IntercomJSON.makeDecoder()
        let fromNumber = try decoder.decode(Identified.self, from: Data(#"{"id":123,"admin_assignee_id":456}"#.utf8))
        #expect(fromNumber.id == "123")
        #expect(fromNumber.assignee == "456")
        let fromString = try decoder.decode(Identified.self, from: Data(#"{"id":"abc","admin_assignee_id":null}"#.utf8))
        #expect(fromString.id == "abc")
        #expect(fromString.assignee == nil)
        let missing = try decoder.decode(Identified.self, from: Data(#"{"id":"abc"}"#.utf8))
        #expect(missing.assignee == nil)
        #expect(throws: DecodingError.self) {
            try decoder.decode(Identified.self, from: Data(#"{"id":null}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try decoder.decode(Identified.self, from: Data(#"{"id":{"nested":true}}"#.utf8))
        }
    }
}
