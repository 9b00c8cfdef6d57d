import Foundation
import TestSupport
import Testing

@testable import Intercom

@Suite("Search query builder")
struct SearchQueryTests {
    @Test("Builds Intercom's JSON: leaves with field, operator and value; groups with AND/OR")
    func wireFormat() throws {
        let query: SearchQuery = .and([
            .field("role") == "user",
            .or([.field("email").endsWith("@example.com"), .field("custom_attributes.plan").in(["pro", "team"])]),
            .field("created_at") > Date(timeIntervalSince1970: 1_700_000_000),
        ])
        let json = try JSONValue(encoding: query)
        #expect(
            json == [
                "operator": "AND",
                "value": [
                    ["field": "role", "operator": "=", "value": "user"],
                    [
                        "operator": "OR",
                        "value": [
                            ["field": "email", "operator": "$", "value": "@example.com"],
                            ["field": "custom_attributes.plan", "operator": "IN", "value": ["pro", "team"]],
                        ],
                    ],
                    ["field": "created_at", "operator": ">", "value": 1_700_000_000],
                ],
            ]
        )
        #expect(try json.decode(as: SearchQuery.self) == query)
        try query.validate()
    }

    @Test("Every operator is spelled as Intercom spells it")
    func operators() {
        let field = SearchQuery.field("name")
        let built: [SearchQuery] = [
            field == "a", field != "a", field.in(["a"]), field.notIn(["a"]), field > 1, field < 1, field >= 1,
            field <= 1,
            field.contains("a"), field.doesNotContain("a"), field.startsWith("a"), field.endsWith("a"),
        ]
        let spelled = built.compactMap { query -> String? in
            if case .filter(_, let op, _) = query { return op.rawValue }
            return nil
        }
        #expect(spelled == ["=", "!=", "IN", "NIN", ">", "<", ">=", "<=", "~", "!~", "^", "$"])
    }

    @Test("Two levels of groups below the top are allowed; a third is rejected before sending")
    func nesting() throws {
        let leaf = SearchQuery.field("role") == "user"
        try SearchQuery.and([.or([.and([leaf])])]).validate()
        #expect(throws: IntercomError.self) { try SearchQuery.and([.or([.and([.or([leaf])])])]).validate() }
    }

    @Test("At most 15 filters per group")
    func groupSize() throws {
        let fifteen = (0..<15).map { SearchQuery.field("custom_attributes.n\($0)") == .int($0) }
        try SearchQuery.or(fifteen).validate()
        #expect(throws: IntercomError.self) { try SearchQuery.or(fifteen + [.field("name") == "x"]).validate() }
        #expect(throws: IntercomError.self) { try SearchQuery.and([]).validate() }
    }

    @Test("Operators reject values of the wrong shape")
    func valueShapes() {
        let bad: [SearchQuery] = [
            .filter(field: "email", operator: .contains, value: 3),
            .filter(field: "tag_id", operator: .in, value: "123"),
            .filter(field: "tag_id", operator: .in, value: []),
            .filter(field: "created_at", operator: .greaterThan, value: "yesterday"),
            .filter(field: "name", operator: .equals, value: ["a"]),
            .filter(field: "", operator: .equals, value: "a"),
            .filter(field: "name", operator: SearchOperator(rawValue: "LIKE"), value: "a"),
        ]
        for query in bad {
            #expect(throws: IntercomError.self, "\(query)") { try query.validate() }
        }
    }
}
