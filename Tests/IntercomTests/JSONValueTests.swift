import Foundation
import TestSupport
import Testing

@testable import Intercom

@Suite("JSONValue")
struct JSONValueTests {
    private func roundTrip(_ value: JSONValue) throws -> JSONValue {
        let data = try IntercomJSON.makeEncoder().encode(value)
        return try IntercomJSON.makeDecoder().decode(JSONValue.self, from: data)
    }

    @Test(
        "Every kind survives a round trip",
        arguments: [
            JSONValue.string("hello"), .string(""), .string("ünïcödé \"quoted\" \\ /"),
            .int(0), .int(-42), .int(Int.max), .int(Int.min), .int(9_007_199_254_740_993),
            .double(1.5), .double(1.0), .double(-0.25), .double(1e-7), .double(6.02e23), .double(0.1),
            .bool(true), .bool(false), .null,
            .array([]), .array([1, "two", 3.5, nil, [true]]),
            .object([:]), .object(["nested": ["deep": [1, 2, ["x": 1.25]]], "n": nil]),
        ]
    )
    func roundTrips(_ value: JSONValue) throws {
        #expect(try roundTrip(value) == value)
    }

    @Test("Float values keep their exact value and large integers keep every digit")
    func numericPrecision() throws {
        #expect(try roundTrip(1.5).doubleValue == 1.5)
        #expect(try roundTrip(0.1).doubleValue == 0.1)
        #expect(try roundTrip(1.0).doubleValue == 1.0)
        #expect(try roundTrip(.int(9_007_199_254_740_993)).intValue == 9_007_199_254_740_993)
        #expect(try roundTrip(.int(Int.max)).intValue == Int.max)
        let decoded = try IntercomJSON.makeDecoder().decode(
            JSONValue.self,
            from: Data("[1.5, 12345678901234567890]".utf8)
        )
        #expect(decoded[0] == .double(1.5))
        #expect(decoded[1]?.doubleValue == 1.2345678901234567e19)
    }

    @Test("Integral numbers compare and hash alike whichever case holds them")
    func numericEquality() {
        #expect(JSONValue.int(1) == .double(1.0))
        #expect(JSONValue.int(1).hashValue == JSONValue.double(1.0).hashValue)
        #expect(JSONValue.int(1) != .double(1.5))
        #expect(JSONValue.int(1) != .bool(true))
        #expect(Set<JSONValue>([.int(2), .double(2.0), .string("2")]).count == 2)
    }

    @Test("Literals read like the JSON they stand for")
    func literals() {
        let attributes: [String: JSONValue] = [
            "is_cool": true, "plan": "pro", "seats": 12, "score": 4.5, "tags": ["a", "b"], "gone": nil,
        ]
        #expect(attributes["is_cool"]?.boolValue == true)
        #expect(attributes["plan"]?.stringValue == "pro")
        #expect(attributes["seats"]?.intValue == 12)
        #expect(attributes["score"]?.doubleValue == 4.5)
        #expect(attributes["tags"]?[1]?.stringValue == "b")
        #expect(attributes["gone"]?.isNull == true)
        let object: JSONValue = ["a": ["b": 1]]
        #expect(object["a"]?["b"]?.intValue == 1)
        #expect(object["missing"] == nil)
    }

    @Test("Booleans never decode as numbers, nor numbers as booleans")
    func boolsStayBools() throws {
        let decoded = try IntercomJSON.makeDecoder().decode(JSONValue.self, from: Data("[true, 1, 0, false]".utf8))
        #expect(decoded == [true, 1, 0, false])
        #expect(decoded[0]?.intValue == nil)
        #expect(decoded[1]?.boolValue == nil)
    }

    @Test("Dates convert from Unix seconds and ISO-8601 strings")
    func dates() {
        #expect(JSONValue.int(1_700_000_000).dateValue == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(JSONValue.string("2023-11-14T22:13:20Z").dateValue == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(JSONValue.date(Date(timeIntervalSince1970: 1_700_000_000.9)) == .int(1_700_000_000))
        #expect(JSONValue.bool(true).dateValue == nil)
    }

    @Test("A non-finite double is an encoding error, not a crash")
    func nonFinite() {
        #expect(throws: EncodingError.self) { try IntercomJSON.makeEncoder().encode(JSONValue.double(.nan)) }
        #expect(JSONValue.double(.infinity).description == "<invalid JSON number>")
    }

    @Test("Description is compact JSON with sorted keys")
    func description() {
        let value: JSONValue = ["b": [1, 2.5], "a": "x/y", "c": nil]
        #expect(value.description == #"{"a":"x/y","b":[1,2.5],"c":null}"#)
    }
}
