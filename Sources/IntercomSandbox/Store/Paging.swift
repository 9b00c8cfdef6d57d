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

    /// Checks a page size.
    static func perPage(_ value: Int?, default defaultValue: Int, max maximum: Int = 150) throws -> Int {
        guard let value else { return defaultValue }
        guard (1...maximum).contains(value) else {
            throw SandboxError.parameterInvalid("per_page must be between 1 and \(maximum)", field: "per_page")
        }
        return value
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
        let slice = Array(ids[min(start, ids.count)..<min(start + perPage, ids.count)])
        let next = start + slice.count < ids.count ? slice.last.map(cursor(after:)) : nil
        let totalPages = max(1, (ids.count + perPage - 1) / perPage)
        return CursorPage(
            ids: slice,
            page: start / perPage + 1,
            perPage: perPage,
            totalPages: totalPages,
            totalCount: ids.count,
            next: next
        )
    }

    /// One page by number.
    static func numberedPage(_ ids: [String], page: Int, perPage: Int) -> CursorPage {
        let start = (page - 1) * perPage
        let slice = start < ids.count ? Array(ids[start..<min(start + perPage, ids.count)]) : []
        let totalPages = max(1, (ids.count + perPage - 1) / perPage)
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
        if let next { object["next"] = ["page": .int(page + 1), "starting_after": .string(next)] }
        return .object(object)
    }
}
