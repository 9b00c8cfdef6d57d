import Foundation
import Testing

@testable import Intercom

/// The generated models decode what a newer or sloppier API sends.
@Suite("Forward compatibility of the generated models")
struct ForwardCompatibilityTests {
    func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try IntercomJSON.makeDecoder().decode(type, from: Data(json.utf8))
    }

    @Test("An unknown enum value decodes, is recognisable, and encodes back unchanged")
    func unknownEnumValues() throws {
        let conversation = try decode(
            Conversation.self,
            #"{"type":"conversation","id":"1","state":"hibernating","priority":"urgent"}"#
        )
        #expect(conversation.state == .unknown("hibernating"))
        #expect(conversation.state?.isUnknown == true)
        #expect(conversation.state?.rawValue == "hibernating")
        let encoded = try JSONValue(encoding: conversation)
        #expect(encoded["state"] == "hibernating")
        #expect(encoded["priority"] == "urgent")
        #expect(Conversation.State(rawValue: "open") == .open)
    }

    @Test("Unknown fields are ignored")
    func unknownFields() throws {
        let contact = try decode(
            Contact.self,
            #"{"type":"contact","id":"c1","email":"a@b.c","hologram":{"x":1},"new_flag":true}"#
        )
        #expect(contact.id == "c1")
        #expect(contact.email == "a@b.c")
    }

    @Test("Missing optional fields and unexpected nulls decode as nil")
    func missingAndNull() throws {
        let minimal = try decode(Contact.self, #"{"type":"contact","id":"c1"}"#)
        #expect(minimal.email == nil && minimal.createdAt == nil && minimal.customAttributes == nil)
        let nulls = try decode(
            Contact.self,
            #"{"type":"contact","id":"c1","email":null,"name":null,"created_at":null,"custom_attributes":null,"tags":null,"location":null}"#
        )
        #expect(nulls.name == nil && nulls.tags == nil)
        let part = try decode(
            ConversationPart.self,
            #"{"type":"conversation_part","id":"1","author":{"type":"lead","id":"x","name":null},"attachments":[{"type":"upload","width":null}]}"#
        )
        #expect(part.author?.name == nil)
        #expect(part.attachments?.first?.width == nil)
    }

    @Test("Ids and assignee ids decode from numbers as strings")
    func lenientIDs() throws {
        let conversation = try decode(
            Conversation.self,
            #"{"type":"conversation","id":123,"admin_assignee_id":991267460,"team_assignee_id":null}"#
        )
        #expect(conversation.id == "123")
        #expect(conversation.adminAssigneeID == "991267460")
        #expect(conversation.teamAssigneeID == nil)
    }

    @Test("Company custom attributes hold any JSON, floats included")
    func companyCustomAttributes() throws {
        let company = try decode(
            Company.self,
            #"{"type":"company","id":"1","custom_attributes":{"paid":true,"score":1.5,"seats":12,"tier":"gold","nested":{"a":[1]}}}"#
        )
        #expect(company.customAttributes?["paid"] == true)
        #expect(company.customAttributes?["score"] == 1.5)
        #expect(company.customAttributes?["nested"]?["a"]?[0] == 1)
    }

    @Test("Dates decode from integer or fractional seconds and ISO strings")
    func dates() throws {
        let fromInt = try decode(Contact.self, #"{"type":"contact","id":"1","created_at":1700000000}"#)
        let fromISO = try decode(Contact.self, #"{"type":"contact","id":"1","created_at":"2023-11-14T22:13:20Z"}"#)
        #expect(fromInt.createdAt == fromISO.createdAt)
    }

    @Test("A union with an unknown shape keeps its raw JSON")
    func unknownUnion() throws {
        let json = #"{"message_type":"teleport","admin_id":"1","destination":"mars"}"#
        let action = try decode(ManageConversationPartsRequest.self, json)
        guard case .unknown(let raw) = action else {
            Issue.record("expected .unknown, got \(action)")
            return
        }
        #expect(raw["destination"] == "mars")
        #expect(try JSONValue(encoding: action) == (try decode(JSONValue.self, json)))
    }
}
