/// A Swift type as it appears in a property, parameter or result.
indirect enum TypeRef: Hashable {
    case string
    case int
    case double
    case bool
    case date
    /// Any JSON: the runtime's `JSONValue`.
    case json
    /// A generated type, by its qualified Swift name (`Contact`, `Contact.Role`).
    case named(String)
    case array(TypeRef)
    /// A JSON object with arbitrary keys.
    case dictionary(TypeRef)
    /// An optional value; used for array elements the spec marks nullable.
    case optional(TypeRef)

    /// The Swift spelling.
    var swift: String {
        switch self {
        case .string: "String"
        case .int: "Int"
        case .double: "Double"
        case .bool: "Bool"
        case .date: "Date"
        case .json: "JSONValue"
        case .named(let name): name
        case .array(let element): "[\(element.swift)]"
        case .dictionary(let value): "[String: \(value.swift)]"
        case .optional(let wrapped): "\(wrapped.swift)?"
        }
    }

    /// The Swift spelling, with the module name in front of the generated types listed in `names`.
    func swift(qualifying names: Set<String>) -> String {
        switch self {
        case .named(let name):
            let head = name.split(separator: ".").first.map(String.init) ?? name
            return names.contains(head) ? "\(TypeRef.moduleName).\(name)" : name
        case .array(let element): return "[\(element.swift(qualifying: names))]"
        case .dictionary(let value): return "[String: \(value.swift(qualifying: names))]"
        case .optional(let wrapped): return "\(wrapped.swift(qualifying: names))?"
        default: return swift
        }
    }

    /// The module the generated code is compiled into.
    static let moduleName = "Intercom"

    /// Whether the type is a scalar that can go in a query string.
    var isScalar: Bool {
        switch self {
        case .string, .int, .double, .bool, .date: true
        default: false
        }
    }
}

/// A stored property of a generated struct.
struct Property {
    /// The JSON key.
    var wireName: String
    /// The Swift name, not escaped.
    var name: String
    var type: TypeRef
    var isOptional: Bool
    /// The initialiser asks for it (without a default) although the stored property is optional:
    /// required fields of request bodies, which still decode leniently.
    var isRequiredParameter: Bool = false
    /// Decode with `decodeLenientString`: the value may arrive as a string or a number.
    var isLenientString: Bool = false
    /// The only value the API accepts; request initialisers fill it in instead of asking for it.
    var constant: String?
    var doc: String
    /// How many values the spec's `enum` lists for it (or its array items); 0 when it has none.
    var specEnumValues: Int = 0
    /// The version that added it, when that is newer than the oldest version covered.
    var since: String?
}

/// A generated struct.
struct StructDecl {
    var name: String
    var qualifiedName: String
    var doc: String
    var properties: [Property]
    var nested: [Decl] = []
    /// Built for request bodies only: required fields stay non-optional.
    var isRequestOnly: Bool
    /// When set, the value may also arrive as a bare JSON array, read into this property.
    var bareArrayProperty: String?

    var needsCustomDecoding: Bool {
        bareArrayProperty != nil || properties.contains { $0.isLenientString }
    }
}

/// A known case of an open enum.
struct EnumCase {
    var name: String
    var rawValue: String
}

/// A generated string enum that keeps unknown values.
struct OpenEnumDecl {
    var name: String
    var qualifiedName: String
    var doc: String
    var cases: [EnumCase]
}

/// One alternative of a oneOf/anyOf.
struct UnionCase {
    var name: String
    var type: TypeRef
    /// Discriminator values that select this case.
    var discriminatorValues: [String]
    /// Keys whose presence selects this case when there is no discriminator.
    var requiredKeys: [String]
    /// Keys only this alternative has, any of which selects it when it requires none.
    var distinctiveKeys: [String] = []
    var doc: String
}

/// A generated enum with associated values for a oneOf/anyOf, with an `unknown(JSONValue)` fallback.
struct UnionDecl {
    var name: String
    var qualifiedName: String
    var doc: String
    /// The key whose string value picks the case, when the alternatives have one.
    var discriminator: String?
    var cases: [UnionCase]
    var nested: [Decl] = []
}

/// Any generated type declaration.
enum Decl {
    case structure(StructDecl)
    case openEnum(OpenEnumDecl)
    case union(UnionDecl)

    var name: String {
        switch self {
        case .structure(let decl): decl.name
        case .openEnum(let decl): decl.name
        case .union(let decl): decl.name
        }
    }
}
