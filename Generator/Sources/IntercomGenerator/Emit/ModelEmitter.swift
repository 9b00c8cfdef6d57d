/// Writes model declarations: structs, open enums and oneOf enums.
enum ModelEmitter {
    /// Emits a top-level declaration and, after it, extensions holding its nested types.
    static func emit(_ decl: Decl, into writer: inout SwiftWriter) throws {
        writer.separator()
        try emitBody(decl, into: &writer)
        try emitExtensions(of: decl, into: &writer)
    }

    private static func emitBody(_ decl: Decl, into writer: inout SwiftWriter) throws {
        switch decl {
        case .structure(let value): try emitStruct(value, into: &writer)
        case .openEnum(let value): emitEnum(value, into: &writer)
        case .union(let value): emitUnion(value, into: &writer)
        }
    }

    /// Nested types go in an extension after their owner, so the owner's own body stays short.
    private static func emitExtensions(of decl: Decl, into writer: inout SwiftWriter) throws {
        let nested: [Decl]
        let owner: String
        switch decl {
        case .structure(let value): (nested, owner) = (value.nested, value.qualifiedName)
        case .union(let value): (nested, owner) = (value.nested, value.qualifiedName)
        case .openEnum: return
        }
        guard !nested.isEmpty else { return }
        writer.separator()
        try writer.block("extension \(owner)") { writer in
            for (index, child) in nested.enumerated() {
                if index > 0 { writer.line() }
                try emitBody(child, into: &writer)
            }
        }
        for child in nested { try emitExtensions(of: child, into: &writer) }
    }

    // MARK: - Structs

    static func emitStruct(_ decl: StructDecl, into writer: inout SwiftWriter) throws {
        writer.doc(decl.doc)
        let later = decl.isRequestOnly ? [] : decl.properties.filter { $0.since != nil }
        let conformances =
            "Codable, Hashable, Sendable" + (later.isEmpty ? "" : ", WireKeysAddedLater")
            + (decl.isRequestOnly ? ", WireReadable" : ", WireWritable, WireReadable")
        try writer.block("public struct \(decl.name): \(conformances)") { writer in
            for property in decl.properties {
                if !property.doc.isEmpty { writer.doc(property.doc) }
                writer.line("public var \(Naming.identifier(property.name)): \(typeSpelling(property))")
            }
            if !decl.properties.isEmpty { writer.line() }
            emitInitializer(decl, into: &writer)
            if !decl.properties.isEmpty {
                writer.line()
                writer.block("enum CodingKeys: String, CodingKey") { writer in
                    for property in decl.properties {
                        let name = Naming.identifier(property.name)
                        writer.line(property.name == property.wireName ? "case \(name)" : "case \(name) = \"\(escaped(property.wireName))\"")
                    }
                }
            }
            if decl.needsCustomDecoding {
                writer.line()
                try emitDecoder(decl, into: &writer)
            }
            if !later.isEmpty {
                writer.line()
                writer.line("/// The keys that versions after the oldest covered added, with the version that added each.")
                let entries = later.map { "\"\(escaped($0.wireName))\": \"\(escaped($0.since ?? ""))\"" }
                writer.line("package static let keysAddedLater: [String: String] = [\(entries.joined(separator: ", "))]")
            }
            if !decl.isRequestOnly {
                writer.line()
                try emitWireWriter(decl, into: &writer)
            }
            // Request bodies read themselves too: the sandbox reads them with the same rule as the
            // client reads answers.
            writer.line()
            try emitWireReader(decl, into: &writer)
        }
    }

    /// Keys that Intercom leaves out of an answer, rather than sending `null`, when the model's value is
    /// unset (besides the keys later versions added). The same table as `WireOmissions.omittedWhenUnset`
    /// in the SDK, which the sandbox's `Codable` path reads; its tests compare the two paths.
    static let omittedWhenUnset: [String: Set<String>] = [
        "Company": ["name", "website", "industry", "size", "last_request_at"],
        "Company.Plan": ["type", "id", "name"],
        "DataAttribute": ["id", "admin_id", "created_at", "updated_at", "options"],
        "PartAttachment": ["filesize", "width", "height"],
        "ConversationPartAuthor": ["email"],
    ]

    /// The `WireWritable` method: each key in declaration order, unset optionals as `null` except the
    /// keys added later or listed in ``omittedWhenUnset``.
    private static func emitWireWriter(_ decl: StructDecl, into writer: inout SwiftWriter) throws {
        let omitted = omittedWhenUnset[decl.qualifiedName] ?? []
        writer.doc("Writes the value as Intercom answers with it: every key, unset ones as `null`.")
        writer.block("package func writeWire(to writer: inout WireWriter) throws") { writer in
            writer.line("writer.beginObject()")
            for property in decl.properties {
                let key = property.wireName
                guard key.unicodeScalars.allSatisfy({ $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 })
                else {
                    // Keys are written unescaped; none of the spec's needs escaping.
                    writer.line("#error(\"The key \(escaped(key)) needs escaping\")")
                    continue
                }
                let name = "self." + Naming.identifier(property.name)
                if property.isOptional {
                    let omit = property.since != nil || omitted.contains(key)
                    writer.line("try writer.optional(\"\(key)\", \(name)\(omit ? ", omitWhenUnset: true" : ""))")
                } else {
                    writer.line("try writer.member(\"\(key)\", \(name))")
                }
            }
            writer.line("writer.endObject()")
        }
    }

    /// The `WireReadable` initialiser: reads each member as it comes, dispatching on the key's FNV-1a hash
    /// (checked against the key's bytes), and reads each value as `init(from:)` decodes it. A key read
    /// twice, a missing required key or anything the reader does not take throws `WireReader.Fallback`.
    private static func emitWireReader(_ decl: StructDecl, into writer: inout SwiftWriter) throws {
        let reserved: Set<String> = ["reader", "more"]
        let wordCount = (decl.properties.count + 63) / 64
        let words = wordCount == 1 ? ["seen"] : (0..<wordCount).map { "seen\($0)" }
        for property in decl.properties where reserved.contains(property.name) || words.contains(property.name) {
            throw GeneratorError("\(decl.qualifiedName).\(property.name): the name collides with a local of its reader")
        }
        var hashes: [UInt64: String] = [:]
        for property in decl.properties {
            let hash = keyHash(property.wireName)
            if let other = hashes[hash] {
                throw GeneratorError("\(decl.qualifiedName): the keys \(other) and \(property.wireName) have the same hash")
            }
            hashes[hash] = property.wireName
        }
        writer.doc("Reads the value in one pass, as `init(from:)` decodes it, or throws `WireReader.Fallback`.")
        writer.block("package init(wire reader: inout WireReader) throws") { writer in
            guard !decl.properties.isEmpty else {
                writer.line("var more = try reader.beginObject()")
                writer.block("while more") { writer in
                    writer.line("_ = try reader.key()")
                    writer.line("try reader.skipValue()")
                    writer.line("more = try reader.nextMember()")
                }
                return
            }
            for word in words { writer.line("var \(word): UInt64 = 0") }
            for property in decl.properties {
                let spelled = property.isLenientString ? "String" : property.type.swift
                writer.line("var \(Naming.identifier(property.name)): \(spelled)?")
            }
            writer.line("var more = try reader.beginObject()")
            writer.block("while more") { writer in
                writer.switchBlock("try reader.key()") { writer in
                    for (index, property) in decl.properties.enumerated() {
                        let key = property.wireName
                        let hex = String(keyHash(key), radix: 16)
                        let literal = "0x" + String(repeating: "0", count: 16 - hex.count) + hex
                        writer.line("case \(literal) where reader.keyIs(\"\(escaped(key))\"):")
                        writer.line("    try reader.once(&\(words[index / 64]), \(index % 64))")
                        let read: String
                        if property.isLenientString {
                            read = property.isOptional ? "reader.lenientStringIfPresent()" : "reader.lenientString()"
                        } else {
                            read = "reader.\(property.isOptional ? "readIfPresent" : "read")(\(property.type.swift).self)"
                        }
                        writer.line("    \(Naming.identifier(property.name)) = try \(read)")
                    }
                    writer.line("default:")
                    writer.line("    try reader.skipValue()")
                }
                writer.line("more = try reader.nextMember()")
            }
            let required = decl.properties.filter { !$0.isOptional }.map { "let " + Naming.identifier($0.name) }
            if !required.isEmpty {
                writer.line("guard \(required.joined(separator: ", ")) else { throw WireReader.Fallback() }")
            }
            for property in decl.properties {
                writer.line("self.\(property.name) = \(Naming.identifier(property.name))")
            }
        }
    }

    /// FNV-1a, 64-bit, over a key's UTF-8 bytes: the hash `WireReader.key()` computes.
    static func keyHash(_ key: String) -> UInt64 {
        key.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01b3 }
    }

    private static func typeSpelling(_ property: Property) -> String {
        property.type.swift + (property.isOptional ? "?" : "")
    }

    private static func emitInitializer(_ decl: StructDecl, into writer: inout SwiftWriter) {
        let parameters = decl.properties.filter { $0.constant == nil }
        writer.doc(
            decl.isRequestOnly
                ? "Creates a request body; optional fields default to `nil` and are left out of the JSON."
                : "Creates a value, for tests, fixtures and the sandbox; optional fields default to `nil`.")
        let list = parameters.map { property in
            property.isRequiredParameter
                ? "\(Naming.identifier(property.name)): \(property.type.swift)"
                : "\(Naming.identifier(property.name)): \(typeSpelling(property))\(property.isOptional ? " = nil" : "")"
        }
        let head = "public init(\(list.joined(separator: ", ")))"
        if head.count <= 100 || parameters.isEmpty {
            writer.block(head) { writer in initializerBody(decl, into: &writer) }
        } else {
            writer.line("public init(")
            for (index, item) in list.enumerated() {
                writer.line("    " + item + (index == list.count - 1 ? "" : ","))
            }
            writer.block(")") { writer in initializerBody(decl, into: &writer) }
        }
    }

    private static func initializerBody(_ decl: StructDecl, into writer: inout SwiftWriter) {
        for property in decl.properties {
            let name = Naming.identifier(property.name)
            if let constant = property.constant {
                writer.line("self.\(property.name) = \"\(escaped(constant))\"")
            } else {
                writer.line("self.\(property.name) = \(name)")
            }
        }
    }

    private static func emitDecoder(_ decl: StructDecl, into writer: inout SwiftWriter) throws {
        writer.doc("Decodes the value, accepting ids sent as numbers and lists sent bare where the API does.")
        writer.block("public init(from decoder: any Decoder) throws") { writer in
            if let bare = decl.bareArrayProperty, let property = decl.properties.first(where: { $0.wireName == bare }) {
                writer.line("// The API has been seen to send this list as a bare array too.")
                writer.block("if let items = try? decoder.singleValueContainer().decode(\(property.type.swift).self)") { writer in
                    for other in decl.properties {
                        writer.line("self.\(other.name) = \(other.wireName == bare ? "items" : "nil")")
                    }
                    writer.line("return")
                }
            }
            writer.line("let container = try decoder.container(keyedBy: CodingKeys.self)")
            for property in decl.properties {
                let key = "." + Naming.identifier(property.name)
                let target = "self.\(property.name)"
                if property.isLenientString {
                    let method = property.isOptional ? "decodeLenientStringIfPresent" : "decodeLenientString"
                    writer.line("\(target) = try container.\(method)(forKey: \(key))")
                } else {
                    let method = property.isOptional ? "decodeIfPresent" : "decode"
                    writer.line("\(target) = try container.\(method)(\(property.type.swift).self, forKey: \(key))")
                }
            }
        }
    }

    // MARK: - Open enums

    static func emitEnum(_ decl: OpenEnumDecl, into writer: inout SwiftWriter) {
        writer.doc(decl.doc + "\n\nValues this version of the SDK does not know decode as `unknown` and encode back unchanged.")
        writer.block("public enum \(decl.name): OpenEnum, WireReadable") { writer in
            for item in decl.cases {
                writer.doc("`\(item.rawValue)`")
                writer.line("case \(Naming.identifier(item.name))")
            }
            writer.doc("A value this version of the SDK does not know, kept as sent.")
            writer.line("case unknown(String)")
            writer.line()
            writer.doc("The known cases.")
            writer.line("public static let allCases: [Self] = [\(decl.cases.map { "." + Naming.identifier($0.name) }.joined(separator: ", "))]")
            writer.line()
            writer.doc("The value as the API spells it.")
            writer.block("public var rawValue: String") { writer in
                writer.switchBlock("self") { writer in
                    for item in decl.cases {
                        writer.line("case .\(Naming.identifier(item.name)): \"\(escaped(item.rawValue))\"")
                    }
                    writer.line("case .unknown(let value): value")
                }
            }
        }
    }

    // MARK: - Unions

    static func emitUnion(_ decl: UnionDecl, into writer: inout SwiftWriter) {
        var doc = decl.doc
        if let key = decl.discriminator {
            doc += "\n\nThe `\(key)` member tells the alternatives apart; anything else decodes as `unknown`."
        } else {
            doc += "\n\nDecoding picks the first alternative whose required keys are present and that decodes; anything else decodes as `unknown`."
        }
        writer.doc(doc)
        writer.block("public enum \(decl.name): Codable, Hashable, Sendable, WireReadable") { writer in
            for item in decl.cases {
                writer.doc(item.doc)
                writer.line("case \(Naming.identifier(item.name))(\(item.type.swift))")
            }
            writer.doc("A value this version of the SDK does not recognise, kept as raw JSON.")
            writer.line("case unknown(JSONValue)")
            writer.line()
            writer.doc("Decodes whichever alternative the JSON is, or keeps it raw as `unknown`.")
            writer.block("public init(from decoder: any Decoder) throws") { writer in
                if let key = decl.discriminator {
                    writer.switchBlock("decoder.stringValue(forKey: \"\(escaped(key))\")") { writer in
                        for item in decl.cases {
                            let values = item.discriminatorValues.map { "\"\(escaped($0))\"" }.joined(separator: ", ")
                            writer.line("case \(values): self = .\(Naming.identifier(item.name))(try \(item.type.swift)(from: decoder))")
                        }
                        writer.line("default: self = .unknown(try JSONValue(from: decoder))")
                    }
                } else {
                    for (index, item) in decl.cases.enumerated() {
                        var conditions: [String] = []
                        if !item.requiredKeys.isEmpty {
                            conditions.append("decoder.containsKeys([\(item.requiredKeys.map { "\"\(escaped($0))\"" }.joined(separator: ", "))])")
                        } else if !item.distinctiveKeys.isEmpty {
                            conditions.append("decoder.containsAnyKey([\(item.distinctiveKeys.map { "\"\(escaped($0))\"" }.joined(separator: ", "))])")
                        }
                        conditions.append("let value = try? \(item.type.swift)(from: decoder)")
                        let keyword = index == 0 ? "if" : "} else if"
                        writer.line("\(keyword) \(conditions.joined(separator: ", ")) {")
                        writer.line("    self = .\(Naming.identifier(item.name))(value)")
                    }
                    writer.line("} else {")
                    writer.line("    self = .unknown(try JSONValue(from: decoder))")
                    writer.line("}")
                }
            }
            writer.line()
            writer.doc("Reads the value through `init(from:)`, from its own bytes: alternatives are tried, not read once.")
            writer.block("package init(wire reader: inout WireReader) throws") { writer in
                writer.line("self = try reader.decoded(Self.self)")
            }
            writer.line()
            writer.doc("Encodes the alternative it holds, or the raw JSON of `unknown`.")
            writer.block("public func encode(to encoder: any Encoder) throws") { writer in
                writer.switchBlock("self") { writer in
                    for item in decl.cases {
                        writer.line("case .\(Naming.identifier(item.name))(let value): try value.encode(to: encoder)")
                    }
                    writer.line("case .unknown(let value): try value.encode(to: encoder)")
                }
            }
        }
    }

    /// Escapes a string for a Swift string literal.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}

