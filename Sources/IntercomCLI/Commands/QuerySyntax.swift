import ArgumentParser
import Foundation
import HTTPTypes
import Intercom

/// Parses the CLI's readable search conditions, such as `email $ @example.com` or `plan IN pro,team`.
///
/// Each condition is `field operator value`. Values that read as integers or `true`/`false` are sent
/// as such unless quoted; `IN` and `NIN` take a comma-separated list.
enum QuerySyntax {
    static func parse(_ conditions: [String], any: Bool) throws -> SearchQuery {
        let filters = try conditions.map(parseCondition)
        guard !filters.isEmpty else { throw ValidationError("give at least one condition, such as 'role = user'") }
        if filters.count == 1 { return filters[0] }
        return any ? .or(filters) : .and(filters)
    }

    static func parseCondition(_ text: String) throws -> SearchQuery {
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        guard parts.count == 3 else {
            throw ValidationError("'\(text)' is not 'field operator value'")
        }
        let op = SearchOperator(
            rawValue: parts[1].uppercased() == "IN" || parts[1].uppercased() == "NIN" ? parts[1].uppercased() : parts[1]
        )
        guard SearchOperator.all.contains(op) else {
            throw ValidationError("'\(parts[1])' is not one of = != IN NIN > < >= <= ~ !~ ^ $")
        }
        let value: JSONValue
        if op == .in || op == .notIn {
            value = .array(
                parts[2].split(separator: ",").map { scalar(String($0).trimmingCharacters(in: .whitespaces)) }
            )
        } else {
            value = op.isStringOperator ? .string(unquoted(parts[2])) : scalar(parts[2])
        }
        let query = SearchQuery.filter(field: parts[0], operator: op, value: value)
        do {
            try query.validate()
        } catch let error as IntercomError {
            throw ValidationError(error.message)
        }
        return query
    }

    static func scalar(_ text: String) -> JSONValue {
        if text.count >= 2, text.first == "\"" || text.first == "'", text.last == text.first {
            return .string(unquoted(text))
        }
        if let integer = Int(text) { return .int(integer) }
        if text == "true" { return true }
        if text == "false" { return false }
        if text == "null" { return .null }
        return .string(text)
    }

    static func unquoted(_ text: String) -> String {
        guard text.count >= 2, text.first == "\"" || text.first == "'", text.last == text.first else { return text }
        return String(text.dropFirst().dropLast())
    }

    /// Parses `key=value` pairs into custom attributes, typing values like conditions do.
    static func attributes(_ pairs: [String]) throws -> [String: JSONValue]? {
        guard !pairs.isEmpty else { return nil }
        var result: [String: JSONValue] = [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ValidationError("'\(pair)' is not key=value")
            }
            result[String(pair[..<equals])] = scalar(String(pair[pair.index(after: equals)...]))
        }
        return result
    }
}
