import Foundation
import HTTPTypes
import Intercom

/// The type of a searchable field, which decides its operators and the values it accepts.
enum SearchFieldKind: Sendable {
    case string
    case integer
    case date
    case boolean
    /// An id that only supports `=`, `!=`, `IN` and `NIN`, such as `tag_id`.
    case identifier
    /// Text matched word by word, such as a conversation's `source.body`.
    case words
}

/// A searchable field of `Record`: its kind and how to read its values (several for list fields).
struct SearchField<Record>: Sendable {
    var kind: SearchFieldKind
    var values: @Sendable (Record) -> [JSONValue]

    static func single(_ kind: SearchFieldKind, _ read: @escaping @Sendable (Record) -> JSONValue?) -> SearchField {
        SearchField(kind: kind) { record in read(record).map { [$0] } ?? [] }
    }
}

/// Evaluates Intercom's search DSL against records, with Intercom's checks and error answers.
struct SearchEngine<Record>: Sendable {
    var fields: [String: SearchField<Record>]
    var customAttributes: @Sendable (Record) -> [String: JSONValue]

    /// Checks `query` and turns it into a predicate.
    ///
    /// - Throws: `SandboxError` (400 `parameter_invalid`) for limits, unknown fields, operators a
    ///   field does not support, and values of the wrong type.
    func compile(_ query: SearchQuery) throws -> @Sendable (Record) -> Bool {
        do {
            try query.validate()
        } catch let error as IntercomError {
            throw SandboxError.parameterInvalid(error.message)
        }
        return try predicate(query)
    }

    private func predicate(_ query: SearchQuery) throws -> @Sendable (Record) -> Bool {
        switch query {
        case .and(let children):
            let parts = try children.map(predicate)
            return { record in parts.allSatisfy { $0(record) } }
        case .or(let children):
            let parts = try children.map(predicate)
            return { record in parts.contains { $0(record) } }
        case .filter(let name, let op, let value):
            let field = try resolve(name, value: value)
            try check(field.kind, name: name, op: op, value: value)
            return { record in Self.matches(field.values(record), kind: field.kind, op: op, value: value) }
        }
    }

    private func resolve(_ name: String, value: JSONValue) throws -> SearchField<Record> {
        if let field = fields[name] { return field }
        if name.hasPrefix("custom_attributes."), name.count > "custom_attributes.".count {
            let key = String(name.dropFirst("custom_attributes.".count))
            let sample = value.arrayValue?.first ?? value
            let kind: SearchFieldKind
            switch sample {
            case .bool: kind = .boolean
            case .int, .double: kind = .integer
            default: kind = .string
            }
            let read = customAttributes
            return SearchField(kind: kind) { record in read(record)[key].map { [$0] } ?? [] }
        }
        throw SandboxError.parameterInvalid("\(name) is not a searchable field", field: name)
    }

    private func check(_ kind: SearchFieldKind, name: String, op: SearchOperator, value: JSONValue) throws {
        let allowed: [SearchOperator]
        switch kind {
        case .string: allowed = [.equals, .notEquals, .in, .notIn, .contains, .doesNotContain, .startsWith, .endsWith]
        case .words: allowed = [.equals, .notEquals, .contains, .doesNotContain, .startsWith, .endsWith]
        case .integer:
            allowed = [
                .equals, .notEquals, .in, .notIn, .greaterThan, .lessThan, .greaterThanOrEqual, .lessThanOrEqual,
            ]
        case .date: allowed = [.equals, .greaterThan, .lessThan]
        case .boolean: allowed = [.equals, .notEquals]
        case .identifier: allowed = [.equals, .notEquals, .in, .notIn]
        }
        guard allowed.contains(op) else {
            throw SandboxError.parameterInvalid("The operator \(op.rawValue) is not supported for \(name)", field: name)
        }
        let elements = (value.arrayValue ?? [value]).map { Self.numeric($0, kind: kind) }
        for element in elements where !element.isNull {
            // Numbers must be whole and, for dates, between years 1 and 9999, so day arithmetic is safe.
            if kind == .date, element.doubleValue != nil {
                guard let seconds = element.intValue, Checked.unixSecondsRange.contains(Int64(seconds)) else {
                    throw SandboxError.parameterInvalid(Checked.dateMessage("The value for \(name)"), field: name)
                }
                continue
            }
            if kind == .integer, element.doubleValue != nil, element.intValue == nil {
                throw SandboxError.parameterInvalid(
                    "The value for \(name) must be a whole number from \(Int.min) to \(Int.max)",
                    field: name
                )
            }
            let fits: Bool
            switch kind {
            case .string, .words, .identifier: fits = element.stringValue != nil
            case .integer, .date: fits = element.intValue != nil
            case .boolean: fits = element.boolValue != nil
            }
            guard fits else {
                throw SandboxError.parameterInvalid("The value for \(name) has the wrong type", field: name)
            }
        }
    }

    /// A number sent as text (`"1306054154"`) for a date or integer field, as Intercom's own examples
    /// do, read as the number; any other value is returned unchanged.
    static func numeric(_ value: JSONValue, kind: SearchFieldKind) -> JSONValue {
        guard kind == .date || kind == .integer, let text = value.stringValue, let number = Int(text) else {
            return value
        }
        return .int(number)
    }

    private static func matches(
        _ values: [JSONValue],
        kind: SearchFieldKind,
        op: SearchOperator,
        value: JSONValue
    ) -> Bool {
        let value: JSONValue =
            value.arrayValue.map { .array($0.map { numeric($0, kind: kind) }) } ?? numeric(value, kind: kind)
        switch op {
        case .equals: return equals(values, kind: kind, value)
        case .notEquals: return !equals(values, kind: kind, value)
        case .in: return (value.arrayValue ?? []).contains { equals(values, kind: kind, $0) }
        case .notIn: return !(value.arrayValue ?? []).contains { equals(values, kind: kind, $0) }
        case .greaterThan, .lessThan, .greaterThanOrEqual, .lessThanOrEqual:
            guard let bound = value.intValue else { return false }
            return values.contains { element in
                guard let number = element.intValue else { return false }
                if kind == .date {
                    // Dates match by calendar day (UTC here): `>` starts the next day, `<` ends the previous.
                    if op == .greaterThan { return day(number) > day(bound) }
                    return day(number) < day(bound)
                }
                switch op {
                case .greaterThan: return number > bound
                case .lessThan: return number < bound
                case .greaterThanOrEqual: return number >= bound
                default: return number <= bound
                }
            }
        default:
            guard let needle = value.stringValue?.lowercased() else { return false }
            let texts = values.compactMap { $0.stringValue?.lowercased() }
            switch op {
            case .contains: return texts.contains { $0.contains(needle) }
            case .doesNotContain: return !texts.contains { $0.contains(needle) }
            case .startsWith: return texts.contains { $0.hasPrefix(needle) }
            default: return texts.contains { $0.hasSuffix(needle) }
            }
        }
    }

    private static func equals(_ values: [JSONValue], kind: SearchFieldKind, _ value: JSONValue) -> Bool {
        if value.isNull { return values.allSatisfy(\.isNull) }
        switch kind {
        case .date:
            guard let target = value.intValue else { return false }
            return values.contains { $0.intValue.map { day($0) == day(target) } ?? false }
        case .string, .identifier:
            guard let target = value.stringValue?.lowercased() else { return false }
            return values.contains { $0.stringValue?.lowercased() == target }
        case .words:
            guard let target = value.stringValue?.lowercased() else { return false }
            return values.contains { text in
                (text.stringValue ?? "").lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains {
                    $0 == target
                }
            }
        case .integer, .boolean:
            return values.contains { $0 == value }
        }
    }

    /// The UTC day `seconds` falls in, counted from 1970-01-01 and rounded down; it cannot overflow for
    /// any `Int`, so comparing days is safe even for stored values no request could send.
    private static func day(_ seconds: Int) -> Int {
        let (quotient, remainder) = seconds.quotientAndRemainder(dividingBy: 86_400)
        return remainder < 0 ? quotient - 1 : quotient
    }
}
