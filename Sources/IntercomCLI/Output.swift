import Foundation
import HTTPTypes
import Intercom

/// Prints results as JSON, JSON Lines or a table, keeping only `--fields` when given.
struct Printer {
    let format: OutputFormat
    /// Keys or dotted paths (`custom_attributes.plan`) to keep, in order; everything when `nil`.
    var fields: [String]?

    init(format: OutputFormat, fields: [String]? = nil) {
        self.format = format
        self.fields = fields
    }

    /// Prints one object.
    func object(_ value: some Encodable) throws {
        let json = select(try JSONValue(encoding: value))
        switch format {
        case .json: write(try Self.pretty(json))
        case .jsonl: write(json.description)
        case .table: write(table([json]).joined(separator: "\n"))
        }
    }

    /// Prints a list of objects.
    func list(_ values: [some Encodable]) throws {
        let rows = try values.map { select(try JSONValue(encoding: $0)) }
        switch format {
        case .json: write(try Self.pretty(.array(rows)))
        case .jsonl: rows.forEach { write($0.description) }
        case .table: write(table(rows).joined(separator: "\n"))
        }
    }

    /// Prints up to `limit` items of a listing as they arrive: one page is held at a time, whatever
    /// the format (a JSON array is written element by element; a table takes its column widths from
    /// the first rows).
    func stream<Items: AsyncSequence>(_ items: Items, limit: Int) async throws where Items.Element: Encodable {
        var count = 0
        var pending: [JSONValue] = []
        var layout: TableLayout?
        // Stop as soon as the limit is reached, so a limit that is a multiple of the page size does
        // not fetch one more page.
        guard limit > 0 else {
            if format == .json { write("[]") }
            return
        }
        for try await item in items {
            let row = select(try JSONValue(encoding: item))
            switch format {
            case .json:
                // The array opens with its first element, so a failure before it prints nothing.
                let text = try Self.pretty(row).replacingOccurrences(of: "\n", with: "\n  ")
                write((count == 0 ? "[\n  " : ",\n  ") + text, newline: false)
            case .jsonl:
                write(row.description)
            case .table:
                if let layout {
                    write(layout.line(for: row))
                } else {
                    pending.append(row)
                    if pending.count == ListingOptions.defaultLimit {
                        let made = TableLayout(rows: pending, fields: fields)
                        write(made.render(pending).joined(separator: "\n"))
                        layout = made
                        pending = []
                    }
                }
            }
            count += 1
            if count >= limit { break }
        }
        switch format {
        case .json: write(count == 0 ? "[]" : "\n]")
        case .jsonl: break
        case .table: if !pending.isEmpty { write(table(pending).joined(separator: "\n")) }
        }
    }

    func write(_ text: String, newline: Bool = true) {
        FileHandle.standardOutput.write(Data((newline ? text + "\n" : text).utf8))
    }

    static func pretty(_ json: JSONValue) throws -> String {
        let encoder = IntercomJSON.makeEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(json), as: UTF8.self)
    }

    /// `value` with only the selected fields, each under its dotted name; unchanged without `--fields`.
    func select(_ value: JSONValue) -> JSONValue {
        guard let fields, case .object = value else { return value }
        var selected: [String: JSONValue] = [:]
        for field in fields { selected[field] = Self.lookup(field, in: value) ?? .null }
        return .object(selected)
    }

    /// The value at a dotted path such as `custom_attributes.plan`; a key that itself holds a dot
    /// (as `--fields` output does) is found too.
    static func lookup(_ path: String, in value: JSONValue) -> JSONValue? {
        if let direct = value[path] { return direct }
        var current: JSONValue? = value
        for key in path.split(separator: ".") { current = current?[String(key)] }
        return current
    }

    func table(_ rows: [JSONValue]) -> [String] {
        TableLayout(rows: rows, fields: fields).render(rows)
    }
}

/// The columns of a table and their widths, fitted to the terminal.
struct TableLayout {
    /// The columns a table shows, in order, when rows have them and `--fields` does not choose.
    static let defaultColumns = [
        "id", "type", "role", "external_id", "company_id", "name", "email", "title", "state", "part_type", "event_name",
        "created_at",
    ]
    /// The widest a cell is printed.
    static let maxCellWidth = 40

    let columns: [String]
    let widths: [Int]
    let maxLineWidth: Int?

    init(rows: [JSONValue], fields: [String]?) {
        let chosen =
            fields
            ?? Self.defaultColumns.filter { column in
                rows.contains { $0[column] != nil && $0[column]?.isNull == false }
            }
        let cells = rows.map { row in chosen.map { Self.cell(Printer.lookup($0, in: row), column: $0) } }
        columns = chosen
        widths = chosen.indices.map { index in
            max(chosen[index].count, cells.map { $0[index].count }.max() ?? 0)
        }
        maxLineWidth = Terminal.width
    }

    func render(_ rows: [JSONValue]) -> [String] {
        guard !columns.isEmpty else { return rows.map(\.description) }
        return [join(columns.map { $0.uppercased() })] + rows.map(line(for:))
    }

    func line(for row: JSONValue) -> String {
        join(columns.map { Self.cell(Printer.lookup($0, in: row), column: $0) })
    }

    private func join(_ values: [String]) -> String {
        let text = zip(values, widths).map { value, width in
            value.count > width
                ? String(value.prefix(max(width - 1, 0))) + "…"
                : value.padding(toLength: width, withPad: " ", startingAt: 0)
        }
        .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        guard let maxLineWidth, text.count > maxLineWidth else { return text }
        return String(text.prefix(max(maxLineWidth - 1, 0))) + "…"
    }

    /// A cell's text: timestamps (`…_at` keys holding Unix seconds) as local dates, long text cut.
    static func cell(_ value: JSONValue?, column: String) -> String {
        switch value {
        case .string(let text)?:
            return text.count > maxCellWidth ? String(text.prefix(maxCellWidth - 1)) + "…" : text
        case .int(let number)? where column.hasSuffix("_at"):
            guard let date = IntercomJSON.date(unixSeconds: Double(number)) else { return String(number) }
            return date.formatted(.dateTime.year().month(.twoDigits).day(.twoDigits).hour().minute())
        case .int(let number)?: return String(number)
        case .double(let number)?: return String(number)
        case .bool(let flag)?: return String(flag)
        case nil, .null?: return ""
        default: return "…"
        }
    }
}

/// What the CLI knows of the terminal it prints to.
enum Terminal {
    /// The terminal's width in columns when standard output is one; `nil` when it is a pipe or file.
    static var width: Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 {
            return columns
        }
        return nil
    }
}
