import Foundation
import HTTPTypes
import Intercom

/// Opaque list cursors and page sizes, checked the way Intercom checks them.
enum Paging {
    /// Makes an opaque cursor that resumes after `id`.
    static func cursor(after id: String) -> String {
        Data("after:\(id)".utf8).base64EncodedString()
    }

    /// The id a cursor resumes after.
    static func id(fromCursor cursor: String) throws -> String {
        guard let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8),
            text.hasPrefix("after:")
        else {
            throw SandboxError.parameterInvalid("Invalid starting_after param", field: "starting_after")
        }
        return String(text.dropFirst("after:".count))
    }

    /// The highest page number a numbered list accepts; `(page - 1) * per_page` stays far from overflow.
    static let maxPage = 1_000_000

    /// Checks a page size, answering 400 `parameter_invalid` naming `field` when it is outside `1...maximum`.
    static func perPage(
        _ value: Int?,
        default defaultValue: Int,
        max maximum: Int = 150,
        field: String = "per_page"
    ) throws -> Int {
        try Checked.integer(value, field: field, in: 1...maximum) ?? defaultValue
    }

    /// Checks a page number (1 when absent), answering 400 `parameter_invalid` naming `field` when it is
    /// outside `1...maxPage`.
    static func page(_ value: Int?, field: String = "page") throws -> Int {
        try Checked.integer(value, field: field, in: 1...maxPage) ?? 1
    }

    /// Parses a numeric query parameter.
    static func integer(_ text: String?, name: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text) else {
            throw SandboxError.parameterInvalid("\(name) must be an integer", field: name)
        }
        return value
    }

    /// One page of ids after an optional cursor, with the cursor of the next page.
    static func cursorPage(_ ids: [String], perPage: Int, startingAfter: String?) throws -> CursorPage {
        var start = 0
        if let startingAfter {
            let after = try id(fromCursor: startingAfter)
            guard let index = ids.firstIndex(of: after) else {
                throw SandboxError.parameterInvalid("Invalid starting_after param", field: "starting_after")
            }
            start = index + 1
        }
        // Callers pass a checked size; holding it to 1...ids.count + 1 keeps every sum below in range anyway.
        let size = min(max(perPage, 1), ids.count + 1)
        let lower = min(start, ids.count)
        let slice = Array(ids[lower..<min(lower + size, ids.count)])
        let next = lower + slice.count < ids.count ? slice.last.map(cursor(after:)) : nil
        let totalPages = max(1, (ids.count + size - 1) / size)
        return CursorPage(
            ids: slice,
            page: lower / size + 1,
            perPage: perPage,
            totalPages: totalPages,
            totalCount: ids.count,
            next: next
        )
    }

    /// One page by number; a page past the end (however far) is empty.
    static func numberedPage(_ ids: [String], page: Int, perPage: Int) -> CursorPage {
        let size = min(max(perPage, 1), ids.count + 1)
        let (offset, overflow) = (max(page, 1) - 1).multipliedReportingOverflow(by: size)
        let start = overflow ? ids.count : min(offset, ids.count)
        let slice = Array(ids[start..<(start + min(size, ids.count - start))])
        let totalPages = max(1, (ids.count + size - 1) / size)
        return CursorPage(
            ids: slice,
            page: page,
            perPage: perPage,
            totalPages: totalPages,
            totalCount: ids.count,
            next: nil
        )
    }
}

/// A page of ids and its position.
struct CursorPage: Sendable {
    var ids: [String]
    var page: Int
    var perPage: Int
    var totalPages: Int
    var totalCount: Int
    var next: String?

    /// The `pages` object Intercom sends.
    var pagesJSON: JSONValue {
        var object: [String: JSONValue] = [
            "type": "pages", "page": .int(page), "per_page": .int(perPage), "total_pages": .int(totalPages),
        ]
        // Intercom sends `next: null` on the last page.
        object["next"] = next.map { ["per_page": .int(perPage), "starting_after": .string($0)] } ?? .null
        return .object(object)
    }
}
