import Foundation
import HTTPTypes
import Intercom

/// Prints results as JSON, JSON Lines or a table.
struct Printer {
    let format: OutputFormat

    /// Prints one object.
    func object(_ value: some Encodable) throws {
        let json = try JSONValue(encoding: value)
        switch format {
        case .json: write(try Self.pretty(json))
        case .jsonl: write(json.description)
        case .table: write(Self.table([json]))
        }
    }

    /// Prints a list of objects.
    func list(_ values: [some Encodable]) throws {
        let rows = try values.map { try JSONValue(encoding: $0) }
        switch format {
        case .json: write(try Self.pretty(.array(rows)))
        case .jsonl: rows.forEach { write($0.description) }
        case .table: write(Self.table(rows))
        }
    }

    func write(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func pretty(_ json: JSONValue) throws -> String {
        let encoder = IntercomJSON.makeEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(json), as: UTF8.self)
    }

    /// The columns a table shows, in order, when rows have them.
    static let columns = [
        "id", "type", "role", "external_id", "company_id", "name", "email", "title", "state", "part_type", "event_name",
        "created_at",
    ]

    static func table(_ rows: [JSONValue]) -> String {
        let present = columns.filter { column in rows.contains { $0[column] != nil && $0[column]?.isNull == false } }
        guard !present.isEmpty else { return rows.map(\.description).joined(separator: "\n") }
        let cells = rows.map { row in present.map { cell(row[$0]) } }
        let widths = present.indices.map { index in max(present[index].count, cells.map { $0[index].count }.max() ?? 0)
        }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        return ([line(present.map { $0.uppercased() })] + cells.map(line)).joined(separator: "\n")
    }

    static func cell(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: return String(text.prefix(40))
        case .int(let number)?: return String(number)
        case .double(let number)?: return String(number)
        case .bool(let flag)?: return String(flag)
        case nil, .null?: return ""
        default: return "…"
        }
    }
}
