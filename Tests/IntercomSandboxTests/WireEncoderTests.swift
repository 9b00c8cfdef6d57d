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

    @Test("Every object the sample workspace renders is written in one pass, as the same JSON the tree writes")
    func onePassMatchesTree() async throws {
        let state = await SandboxState(configuration: SandboxConfiguration())
        let problems = await state.store.read { store -> [String] in
            let data = store.data
            var values: [(String, any Encodable)] = []
            values += data.contacts.values.map { ("contact \($0.id)", data.contact($0)) }
            values += data.companies.values.map { ("company \($0.id)", data.company($0)) }
            values += data.conversations.values.map { ("conversation \($0.id)", data.conversation($0)) }
            values += data.tags.map { ("tag \($0.id)", data.tag($0)) }
            values += data.segments.map { ("segment \($0.id)", data.segment($0)) }
            values += data.admins.map { ("admin \($0.id)", data.admin($0)) }
            values += data.teams.map { ("team \($0.id)", data.team($0)) }
            values += data.notes.records.map { ("note \($0.id)", data.note($0)) }
            values += data.dataAttributes.map { ("data attribute \($0.name)", data.dataAttribute($0)) }
            values += data.subscriptionTypes.map { ("subscription type \($0.id)", data.subscriptionType($0)) }
            return values.compactMap { name, value in Self.onePassProblem(value).map { "\(name): \($0)" } }
        }
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("Every object the sample workspace renders reads back in one pass as JSONDecoder reads it")
    func onePassReadsBack() async throws {
        let state = await SandboxState(configuration: SandboxConfiguration())
        let problems = await state.store.read { store -> [String] in
            let data = store.data
            var problems: [String] = []
            func check<T: WireWritable & Decodable & Equatable>(_ name: String, _ value: T) {
                if let problem = Self.readBackProblem(value) { problems.append("\(name): \(problem)") }
            }
            for contact in data.contacts.values { check("contact \(contact.id)", data.contact(contact)) }
            for company in data.companies.values { check("company \(company.id)", data.company(company)) }
            for conversation in data.conversations.values {
                check("conversation \(conversation.id)", data.conversation(conversation))
            }
            for tag in data.tags { check("tag \(tag.id)", data.tag(tag)) }
            for segment in data.segments { check("segment \(segment.id)", data.segment(segment)) }
            for admin in data.admins { check("admin \(admin.id)", data.admin(admin)) }
            for team in data.teams { check("team \(team.id)", data.team(team)) }
            for note in data.notes.records { check("note \(note.id)", data.note(note)) }
            for attribute in data.dataAttributes {
                check("data attribute \(attribute.name)", data.dataAttribute(attribute))
            }
            for type in data.subscriptionTypes { check("subscription type \(type.id)", data.subscriptionType(type)) }
            return problems
        }
        #expect(problems.isEmpty, "\(problems)")
    }

    /// What is wrong with reading back what `value` writes, or `nil` when the reader reads it itself and
    /// gives what `JSONDecoder` gives.
    static func readBackProblem<T: WireWritable & Decodable & Equatable>(_ value: T) -> String? {
        do {
            var writer = WireWriter()
            try value.writeWire(to: &writer)
            let bytes = Data(writer.bytes)
            let decoded = try IntercomJSON.makeDecoder().decode(T.self, from: bytes)
            guard let read = WireReader.read(T.self, from: bytes) else { return "the reader left it to JSONDecoder" }
            return read == decoded ? nil : "the reader read \(read), JSONDecoder \(decoded)"
        } catch {
            return "\(error)"
        }
    }

    /// What is wrong with writing `value` in one pass, or `nil` when both one-pass writers (the model's own
    /// `writeWire` and the `Codable` stream) write it and it reads back as the tree.
    static func onePassProblem(_ value: some Encodable) -> String? {
        do {
            let tree = try WireEncoder.encode(value)
            guard let bytes = try WireStream.bytes(value) else { return "fell back to the tree" }
            let streamed = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
            guard streamed == tree else { return "one pass wrote \(streamed), the tree \(tree)" }
            guard let writable = value as? any WireWritable else { return "does not write itself" }
            var writer = WireWriter()
            try writable.writeWire(to: &writer)
            let written = try JSONDecoder().decode(JSONValue.self, from: Data(writer.bytes))
            return written == tree ? nil : "writeWire wrote \(written), the tree \(tree)"
        } catch {
            return "\(error)"
        }
    }

    @Test("Models whose unset keys Intercom leaves out write the same with every writer, set or unset")
    func omittedKeysAgree() {
        var problems: [String] = []
        let unset: [(String, any Encodable)] = [
            ("company", Company(id: "1")), ("plan", Company.Plan()),
            ("data attribute", DataAttribute(type: "data_attribute")),
            ("attachment", PartAttachment(type: "upload")), ("author", ConversationPartAuthor(type: "admin", id: "1")),
            ("contact", Contact(type: "contact", id: "c1")),
        ]
        for (name, value) in unset {
            if let problem = Self.onePassProblem(value) { problems.append("\(name): \(problem)") }
        }
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("Keys are written in the model's order, type first")
    func keyOrder() throws {
        let data = try WireEncoder.data(Contact(type: "contact", id: "c1"))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix(#"{"type":"contact","id":"c1""#))
    }

    @Test("A value encoded in a way one pass cannot follow is still written right, through the tree")
    func fallback() throws {
        let interleaved = Interleaved()
        #expect(try WireStream.bytes(interleaved) == nil, "one pass notices the out-of-order write")
        let decoded = try JSONDecoder().decode(JSONValue.self, from: try WireEncoder.data(interleaved))
        #expect(decoded == ["first": ["a": 1, "c": 3], "second": ["b": 2]])

        let twice = TwoContainers()
        let merged = try JSONDecoder().decode(JSONValue.self, from: try WireEncoder.data(twice))
        #expect(merged == ["a": 1, "b": 2], "two containers of one value are one object")
        #expect(try WireStream.bytes(twice) != nil)

        let empty = try WireEncoder.data(Empty())
        #expect(String(decoding: empty, as: UTF8.self) == "{}")
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Writes to its first nested container after opening the second.
    private struct Interleaved: Encodable {
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: AnyKey.self)
            var first = container.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("first"))
            try first.encode(1, forKey: AnyKey("a"))
            var second = container.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("second"))
            try second.encode(2, forKey: AnyKey("b"))
            try first.encode(3, forKey: AnyKey("c"))
        }
    }

    /// Asks its encoder for a keyed container twice.
    private struct TwoContainers: Encodable {
        func encode(to encoder: any Encoder) throws {
            var one = encoder.container(keyedBy: AnyKey.self)
            try one.encode(1, forKey: AnyKey("a"))
            var two = encoder.container(keyedBy: AnyKey.self)
            try two.encode(2, forKey: AnyKey("b"))
        }
    }

    private struct Empty: Encodable {
        func encode(to encoder: any Encoder) throws {}
    }
}
