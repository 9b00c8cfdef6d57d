public import Foundation

/// A query for Intercom's search endpoints (contacts, conversations, tickets): `field operator value`
/// filters combined with AND and OR groups.
///
/// ```swift
/// let query: SearchQuery = .and([
///     .field("role") == "user",
///     .field("custom_attributes.plan").in(["pro", "team"]),
///     .or([.field("email").endsWith("@example.com"), .field("created_at") > Date(timeIntervalSince1970: 1_700_000_000)]),
/// ])
/// try query.validate()
/// ```
///
/// Intercom allows at most two levels of groups below the top-level group and at most 15 filters
/// in any one group; ``validate()`` checks both, and the operators' value shapes, before any request
/// is sent. Dates are matched by calendar day in the workspace's time zone.
public indirect enum SearchQuery: Sendable, Hashable {
    /// One condition: `field operator value`.
    case filter(field: String, operator: SearchOperator, value: JSONValue)
    /// Every subquery must match.
    case and([SearchQuery])
    /// At least one subquery must match.
    case or([SearchQuery])

    /// The most levels of groups allowed below the top-level group.
    public static let maxNestingDepth = 2
    /// The most filters and groups allowed directly inside one group.
    public static let maxFiltersPerGroup = 15

    /// Starts a filter on `name`, such as `email`, `created_at` or `custom_attributes.plan`.
    public static func field(_ name: String) -> Field { Field(name: name) }

    /// A searchable field, for building filters.
    public struct Field: Sendable, Hashable {
        /// The field's name.
        public var name: String

        /// Creates a field reference.
        public init(name: String) { self.name = name }

        /// The field `name`; lets `.field("email") == "x"` read naturally inside query literals.
        public static func field(_ name: String) -> Field { Field(name: name) }

        /// `field IN values`: equal to any of them.
        public func `in`(_ values: [JSONValue]) -> SearchQuery {
            .filter(field: name, operator: .in, value: .array(values))
        }
        /// `field NIN values`: equal to none of them.
        public func notIn(_ values: [JSONValue]) -> SearchQuery {
            .filter(field: name, operator: .notIn, value: .array(values))
        }
        /// `field ~ text`: contains.
        public func contains(_ text: String) -> SearchQuery {
            .filter(field: name, operator: .contains, value: .string(text))
        }
        /// `field !~ text`: does not contain.
        public func doesNotContain(_ text: String) -> SearchQuery {
            .filter(field: name, operator: .doesNotContain, value: .string(text))
        }
        /// `field ^ text`: starts with.
        public func startsWith(_ text: String) -> SearchQuery {
            .filter(field: name, operator: .startsWith, value: .string(text))
        }
        /// `field $ text`: ends with.
        public func endsWith(_ text: String) -> SearchQuery {
            .filter(field: name, operator: .endsWith, value: .string(text))
        }

        /// `field = value`.
        public static func == (field: Field, value: JSONValue) -> SearchQuery {
            .filter(field: field.name, operator: .equals, value: value)
        }
        /// `field != value`.
        public static func != (field: Field, value: JSONValue) -> SearchQuery {
            .filter(field: field.name, operator: .notEquals, value: value)
        }
        /// `field > value`.
        public static func > (field: Field, value: JSONValue) -> SearchQuery {
            .filter(field: field.name, operator: .greaterThan, value: value)
        }
        /// `field < value`.
        public static func < (field: Field, value: JSONValue) -> SearchQuery {
            .filter(field: field.name, operator: .lessThan, value: value)
        }
        /// `field >= value`.
        public static func >= (field: Field, value: JSONValue) -> SearchQuery {
            .filter(field: field.name, operator: .greaterThanOrEqual, value: value)
        }
        /// `field <= value`.
        public static func <= (field: Field, value: JSONValue) -> SearchQuery {
            .filter(field: field.name, operator: .lessThanOrEqual, value: value)
        }
        /// `field = date`, matched by calendar day.
        public static func == (field: Field, date: Date) -> SearchQuery { field == JSONValue.date(date) }
        /// `field > date`: from the start of the next day.
        public static func > (field: Field, date: Date) -> SearchQuery { field > JSONValue.date(date) }
        /// `field < date`: before the start of that day.
        public static func < (field: Field, date: Date) -> SearchQuery { field < JSONValue.date(date) }
    }
}

/// A comparison in a search filter.
public struct SearchOperator: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The operator as Intercom spells it.
    public let rawValue: String

    /// Creates an operator from its spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// `=`
    public static let equals = SearchOperator(rawValue: "=")
    /// `!=`
    public static let notEquals = SearchOperator(rawValue: "!=")
    /// `IN`: the value is an array, and the field equals one of its elements.
    public static let `in` = SearchOperator(rawValue: "IN")
    /// `NIN`: the value is an array, and the field equals none of its elements.
    public static let notIn = SearchOperator(rawValue: "NIN")
    /// `>`: integers and dates.
    public static let greaterThan = SearchOperator(rawValue: ">")
    /// `<`: integers and dates.
    public static let lessThan = SearchOperator(rawValue: "<")
    /// `>=`: integers.
    public static let greaterThanOrEqual = SearchOperator(rawValue: ">=")
    /// `<=`: integers.
    public static let lessThanOrEqual = SearchOperator(rawValue: "<=")
    /// `~`: the string contains the value.
    public static let contains = SearchOperator(rawValue: "~")
    /// `!~`: the string does not contain the value.
    public static let doesNotContain = SearchOperator(rawValue: "!~")
    /// `^`: the string starts with the value.
    public static let startsWith = SearchOperator(rawValue: "^")
    /// `$`: the string ends with the value.
    public static let endsWith = SearchOperator(rawValue: "$")

    /// Every operator Intercom's search accepts.
    public static let all: [SearchOperator] = [
        .equals, .notEquals, .in, .notIn, .greaterThan, .lessThan, .greaterThanOrEqual, .lessThanOrEqual,
        .contains, .doesNotContain, .startsWith, .endsWith,
    ]

    /// Whether the operator only applies to strings.
    public var isStringOperator: Bool { [.contains, .doesNotContain, .startsWith, .endsWith].contains(self) }

    /// Whether the operator compares order (`>`, `<`, `>=`, `<=`).
    public var isOrdering: Bool { [.greaterThan, .lessThan, .greaterThanOrEqual, .lessThanOrEqual].contains(self) }

    /// The spelling.
    public var description: String { rawValue }
}

// MARK: - Validation

extension SearchQuery {
    /// Checks the query against Intercom's limits and the shapes its operators need.
    ///
    /// - Throws: ``IntercomError/invalidRequest(_:)`` naming the first problem.
    public func validate() throws {
        try validate(depth: 0, path: "query")
    }

    private func validate(depth: Int, path: String) throws {
        switch self {
        case .filter(let field, let op, let value):
            guard !field.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw IntercomError.invalidRequest(field: path, "A filter needs a field name.")
            }
            guard SearchOperator.all.contains(op) else {
                throw IntercomError.invalidRequest(field: path, "\"\(op.rawValue)\" is not a search operator.")
            }
            switch op {
            case .in, .notIn:
                guard case .array(let elements) = value, !elements.isEmpty else {
                    throw IntercomError.invalidRequest(
                        field: path,
                        "\(op.rawValue) on \(field) needs a non-empty array of values."
                    )
                }
                guard elements.allSatisfy({ $0.isScalar }) else {
                    throw IntercomError.invalidRequest(
                        field: path,
                        "\(op.rawValue) on \(field) takes an array of strings, numbers or Booleans."
                    )
                }
            case _ where op.isStringOperator:
                guard case .string = value else {
                    throw IntercomError.invalidRequest(
                        field: path,
                        "\(op.rawValue) on \(field) applies to strings only."
                    )
                }
            case _ where op.isOrdering:
                // Intercom also takes a number written as text (its own examples send `"1306054154"`).
                guard value.doubleValue != nil || value.stringValue.flatMap({ Double($0) }) != nil else {
                    throw IntercomError.invalidRequest(
                        field: path,
                        "\(op.rawValue) on \(field) needs a number or a date."
                    )
                }
            default:
                guard value.isScalar else {
                    throw IntercomError.invalidRequest(
                        field: path,
                        "\(op.rawValue) on \(field) needs a single value, not an array or object."
                    )
                }
            }
        case .and(let children), .or(let children):
            let name = isAnd ? "AND" : "OR"
            guard depth <= Self.maxNestingDepth else {
                throw IntercomError.invalidRequest(
                    field: path,
                    "Groups nest at most \(Self.maxNestingDepth) levels below the top-level group."
                )
            }
            guard !children.isEmpty else {
                throw IntercomError.invalidRequest(field: path, "An \(name) group needs at least one filter.")
            }
            guard children.count <= Self.maxFiltersPerGroup else {
                throw IntercomError.invalidRequest(
                    field: path,
                    "An \(name) group holds at most \(Self.maxFiltersPerGroup) filters; this one has \(children.count)."
                )
            }
            for (index, child) in children.enumerated() {
                try child.validate(depth: depth + 1, path: "\(path).value[\(index)]")
            }
        }
    }

    private var isAnd: Bool {
        if case .and = self { return true }
        return false
    }
}

extension JSONValue {
    /// Whether this is a string, number, Boolean or null.
    var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }
}

// MARK: - Codable

extension SearchQuery: Codable {
    private enum CodingKeys: String, CodingKey {
        case field
        case `operator`
        case value
    }

    /// Decodes a filter (`field`, `operator`, `value`) or a group (`operator` AND/OR, `value` array).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let op = try container.decode(String.self, forKey: .operator)
        if let field = try container.decodeIfPresent(String.self, forKey: .field) {
            let value = try container.decodeIfPresent(JSONValue.self, forKey: .value) ?? .null
            self = .filter(field: field, operator: SearchOperator(rawValue: op), value: value)
            return
        }
        switch op.uppercased() {
        case "AND": self = .and(try container.decode([SearchQuery].self, forKey: .value))
        case "OR": self = .or(try container.decode([SearchQuery].self, forKey: .value))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .operator,
                in: container,
                debugDescription: "A group's operator must be AND or OR, and a filter needs a field."
            )
        }
    }

    /// Encodes the query in Intercom's JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .filter(let field, let op, let value):
            try container.encode(field, forKey: .field)
            try container.encode(op.rawValue, forKey: .operator)
            try container.encode(value, forKey: .value)
        case .and(let children):
            try container.encode("AND", forKey: .operator)
            try container.encode(children, forKey: .value)
        case .or(let children):
            try container.encode("OR", forKey: .operator)
            try container.encode(children, forKey: .value)
        }
    }
}
