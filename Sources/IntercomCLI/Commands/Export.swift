import ArgumentParser
import Foundation
import HTTPTypes
import Intercom
import Synchronization

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Stream every contact, company, conversation, ticket, article, collection or call (JSON Lines or CSV).",
        discussion: """
            Memory stays flat: one page at a time. On a terminal a progress line goes to stderr.
            Interrupted (Ctrl-C), it prints a cursor to resume from with --resume (contacts, conversations, tickets).
            With --resume, --file is appended to rather than replaced, and a CSV header is written only
            when the file is new or empty.
            Example: intercom export contacts --format csv --file contacts.csv
            """
    )

    enum Resource: String, ExpressibleByArgument, CaseIterable {
        case contacts, companies, conversations, tickets, articles, collections, calls

        /// Whether an interrupted export can resume from a cursor (page-numbered and scrolled
        /// listings cannot).
        var isResumable: Bool { [.contacts, .conversations, .tickets].contains(self) }
    }

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl, csv
    }

    @OptionGroup(title: "Global Options") var global: GlobalOptions
    @Argument(help: "contacts, companies, conversations, tickets, articles, collections (help center) or calls.")
    var resource: Resource
    @Option(
        help: """
            jsonl or csv. Against formula injection in spreadsheets, a CSV cell that begins with =, +, -, @, \
            a tab or a carriage return gets a leading ' and is quoted; negative numbers too (-5 becomes "'-5").
            """
    )
    var format: Format = .jsonl
    @Option(help: "Write here instead of stdout; replaced, or appended to with --resume.") var file: String?
    @Option(help: "Items per page (1–150).") var perPage: Int = 150
    @Option(help: "Resume after the cursor an interrupted export printed.") var resume: String?

    func validate() throws {
        guard (1...150).contains(perPage) else { throw ValidationError("--per-page must be between 1 and 150") }
        if resume != nil, !resource.isResumable {
            throw ValidationError(
                "\(resource.rawValue) exports cannot be resumed: only contacts, conversations and tickets"
            )
        }
    }

    static let csvColumns: [Resource: [String]] = [
        .contacts: [
            "id", "external_id", "role", "email", "name", "phone", "created_at", "updated_at", "custom_attributes",
        ],
        .companies: [
            "id", "company_id", "name", "plan", "size", "website", "industry", "user_count", "created_at",
            "custom_attributes",
        ],
        .conversations: [
            "id", "title", "state", "open", "read", "admin_assignee_id", "team_assignee_id", "created_at", "updated_at",
        ],
        .tickets: [
            "id", "ticket_id", "category", "ticket_state.category", "open", "admin_assignee_id", "team_assignee_id",
            "created_at", "updated_at",
        ],
        .articles: ["id", "title", "state", "author_id", "parent_id", "url", "created_at", "updated_at"],
        .collections: ["id", "name", "parent_id", "order", "url", "created_at", "updated_at"],
        .calls: ["id", "state", "created_at", "updated_at"],
    ]

    func run() async throws {
        let (output, writesHeader) = try openOutput()
        let progress = Progress(enabled: isatty(STDERR_FILENO) == 1)
        let checkpoint = Checkpoint(resume.map(PageCursor.startingAfter))
        let interrupted = Checkpoint(nil)
        let work = Task {
            try await global.withClient { client in
                if format == .csv, writesHeader {
                    try output.write(contentsOf: Data((columns.joined(separator: ",") + "\n").utf8))
                }
                switch resource {
                case .contacts:
                    var listing = client.contacts.list(perPage: perPage)
                    if let resume { listing = listing.resuming(from: .startingAfter(resume)) }
                    try await write(listing.pages, to: output, progress: progress, checkpoint: checkpoint)
                case .conversations:
                    var listing = client.conversations.list(perPage: perPage)
                    if let resume { listing = listing.resuming(from: .startingAfter(resume)) }
                    try await write(listing.pages, to: output, progress: progress, checkpoint: checkpoint)
                case .companies:
                    try await write(
                        client.companies.scroll().pages,
                        to: output,
                        progress: progress,
                        checkpoint: checkpoint
                    )
                case .tickets:
                    // Ticket listings are searches; every ticket was created after the epoch.
                    var listing = client.tickets.search(.field("created_at") > 0, perPage: perPage)
                    if let resume { listing = listing.resuming(from: .startingAfter(resume)) }
                    try await write(listing.pages, to: output, progress: progress, checkpoint: checkpoint)
                case .articles:
                    try await write(
                        client.articles.list(perPage: perPage).pages,
                        to: output,
                        progress: progress,
                        checkpoint: checkpoint
                    )
                case .collections:
                    try await write(
                        client.helpCenter.collections.list(perPage: perPage).pages,
                        to: output,
                        progress: progress,
                        checkpoint: checkpoint
                    )
                case .calls:
                    try await write(
                        client.calls.list(perPage: perPage).pages,
                        to: output,
                        progress: progress,
                        checkpoint: checkpoint
                    )
                }
            }
        }
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT)
        source.setEventHandler {
            interrupted.set(.page(0))
            work.cancel()
        }
        source.resume()
        defer { source.cancel() }
        let result = await work.result
        progress.finish()
        if interrupted.value != nil {
            if case .startingAfter(let cursor)? = checkpoint.value {
                // The cursor comes from the server: quote it, so that pasting the hint runs nothing else,
                // and repeat the settings that chose the workspace (never the token).
                var command = "intercom export \(resource.rawValue)"
                if format == .csv { command += " --format csv" }
                if let file { command += " --file \(Self.shellQuoted(file))" }
                command += global.workspaceArguments.map { " " + Self.shellQuoted($0) }.joined()
                let safeCursor = String(cursor.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) })
                printError("interrupted; resume with: \(command) --resume \(Self.shellQuoted(safeCursor))")
            } else {
                printError("interrupted before the first page was written")
            }
            throw ExitCode(130)
        }
        try result.get()
    }

    /// `text` as one shell word: unchanged when it is plainly safe, otherwise in single quotes.
    static func shellQuoted(_ text: String) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+,:=@".unicodeScalars)
        if !text.isEmpty && text.unicodeScalars.allSatisfy({ plain.contains($0) }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// Where the export goes, and whether a CSV header belongs there.
    ///
    /// Without --resume, --file is created or emptied. With --resume it is appended to, and the header is
    /// written only when the file is new or empty: the interrupted run wrote it already. On stdout, a resumed
    /// export writes no header, as it is meant to be appended (`>>`) to the first run's output.
    private func openOutput() throws -> (handle: FileHandle, writesHeader: Bool) {
        guard let file else { return (FileHandle.standardOutput, resume == nil) }
        let manager = FileManager.default
        if resume == nil || !manager.fileExists(atPath: file) {
            guard manager.createFile(atPath: file, contents: nil), let handle = FileHandle(forWritingAtPath: file)
            else {
                throw ValidationError("cannot write \(file)")
            }
            return (handle, true)
        }
        guard let handle = FileHandle(forWritingAtPath: file) else { throw ValidationError("cannot write \(file)") }
        do {
            let end = try handle.seekToEnd()
            return (handle, end == 0)
        } catch {
            throw ValidationError("cannot append to \(file): \(error.localizedDescription)")
        }
    }

    private func write<Item: Encodable & Sendable>(
        _ pages: PageSequence<Item>,
        to output: FileHandle,
        progress: Progress,
        checkpoint: Checkpoint
    ) async throws {
        let encoder = IntercomJSON.makeEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let printer = global.printer
        // Worked out once, not for every row: `--fields` is parsed when the printer is made.
        let columns = printer.fields ?? Self.csvColumns[resource] ?? []
        for try await page in pages {
            var chunk = Data()
            for item in page.items {
                if format == .jsonl {
                    if printer.fields == nil {
                        chunk.append(try encoder.encode(item))
                    } else {
                        chunk.append(try encoder.encode(printer.select(try JSONValue(encoding: item))))
                    }
                } else {
                    chunk.append(contentsOf: Self.csvRow(try JSONValue(encoding: item), columns: columns).utf8)
                }
                chunk.append(0x0A)
            }
            try output.write(contentsOf: chunk)
            checkpoint.set(page.nextCursor)
            progress.advance(by: page.items.count, total: page.totalCount)
        }
    }

    /// The CSV columns: `--fields` when given, else the resource's usual ones.
    var columns: [String] { global.printer.fields ?? Self.csvColumns[resource] ?? [] }

    static func csvRow(_ json: JSONValue, columns: [String]) -> String {
        columns.map { column -> String in
            let text: String
            switch Printer.lookup(column, in: json) {
            case .string(let value)?: text = value
            case .int(let value)?: text = String(value)
            case .double(let value)?: text = String(value)
            case .bool(let value)?: text = String(value)
            case nil, .null?: text = ""
            case let other?: text = other.description
            }
            return csvCell(text)
        }.joined(separator: ",")
    }

    /// The characters that make a spreadsheet read a cell as a formula (OWASP's list): `=`, `+`, `-`,
    /// `@`, tab and carriage return.
    static let formulaTriggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// One CSV cell (RFC 4180), safe to open in a spreadsheet.
    ///
    /// A cell that begins with one of ``formulaTriggers`` gets a leading `'`, so spreadsheets show it as
    /// text instead of running it; that includes negative numbers. Such a cell, and any with a comma,
    /// quote or line break, is put in double quotes with inner quotes doubled.
    static func csvCell(_ text: String) -> String {
        var cell = text
        var needsQuotes = false
        if let first = text.unicodeScalars.first, formulaTriggers.contains(first) {
            cell = "'" + text
            needsQuotes = true
        }
        // Unicode scalars, not Characters: "\r\n" is a single Character equal to neither "\r" nor "\n".
        if !needsQuotes {
            needsQuotes = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        }
        guard needsQuotes else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A progress line on stderr, redrawn in place; silent unless stderr is a terminal.
final class Progress: Sendable {
    private let enabled: Bool
    private let count = Mutex(0)

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func advance(by items: Int, total: Int?) {
        let done = count.withLock { value -> Int in
            value += items
            return value
        }
        guard enabled else { return }
        let suffix = total.map { " of \($0)" } ?? ""
        FileHandle.standardError.write(Data("\rexported \(done)\(suffix)".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}

/// The cursor after the last page written, shared with the interrupt handler.
final class Checkpoint: Sendable {
    private let cursor: Mutex<PageCursor?>

    init(_ cursor: PageCursor?) {
        self.cursor = Mutex(cursor)
    }

    var value: PageCursor? { cursor.withLock { $0 } }

    func set(_ value: PageCursor?) {
        cursor.withLock { $0 = value }
    }
}
