import Foundation
import HTTPTypes
import Synchronization
import TestSupport
import Testing

@testable import Intercom

/// What a typed search puts on the wire, compared as JSON with what Intercom documents: a nested AND/OR
/// query must arrive with every filter (an empty `value` would be an unfiltered search).
@Suite("Typed searches on the wire")
struct SearchWireTests {
    /// A client whose transport records each request body and answers with an empty page.
    final class BodyLog: Sendable {
        let bodies = Mutex<[JSONValue]>([])
        var first: JSONValue? { bodies.withLock { $0.first } }
    }

    func recordingClient(itemsKey: String) -> (IntercomClient, BodyLog) {
        let log = BodyLog()
        let transport = ClosureTransport { request, _ in
            if let body = request.body, let json = try? JSONDecoder().decode(JSONValue.self, from: body) {
                log.bodies.withLock { $0.append(json) }
            }
            let page =
                #"{"type":"list","\#(itemsKey)":[],"total_count":0,"pages":{"type":"pages","page":1,"per_page":2,"total_pages":0}}"#
            return IntercomResponse(head: HTTPResponse(status: .ok), body: Data(page.utf8))
        }
        return (IntercomClient.test(transport: transport), log)
    }

    /// `created_at > 1700000000 AND (role = "user" OR email ~ "@example.com")`, as a caller writes it.
    static let query: SearchQuery = .and([
        .field("created_at") > 1_700_000_000,
        .or([.field("role") == "user", .field("email").contains("@example.com")]),
    ])

    /// The same query in the generated request model, which decodes bodies such as the sandbox's.
    static let typedQuery = SearchRequest(
        query: .multiple(
            MultipleFilterSearchRequest(
                operator: .and,
                value: [
                    .single(
                        SingleFilterSearchRequest(
                            field: "created_at",
                            operator: .greaterThan,
                            value: .int(1_700_000_000)
                        )
                    ),
                    .multiple(
                        MultipleFilterSearchRequest(
                            operator: .or,
                            value: [
                                .single(
                                    SingleFilterSearchRequest(field: "role", operator: .equals, value: .string("user"))
                                ),
                                .single(
                                    SingleFilterSearchRequest(
                                        field: "email",
                                        operator: .contains,
                                        value: .string("@example.com")
                                    )
                                ),
                            ]
                        )
                    ),
                ]
            )
        ),
        pagination: StartingAfterPaging(perPage: 2)
    )

    /// The same query, written as Intercom's documentation writes it.
    static let expectedJSON = #"""
        {"query": {"operator": "AND", "value": [
            {"field": "created_at", "operator": ">", "value": 1700000000},
            {"operator": "OR", "value": [
                {"field": "role", "operator": "=", "value": "user"},
                {"field": "email", "operator": "~", "value": "@example.com"}]}]},
         "pagination": {"per_page": 2}}
        """#

    @Test("contacts, conversations and tickets each send every filter of a nested AND/OR search")
    func nestedSearch() async throws {
        let expected = try JSONDecoder().decode(JSONValue.self, from: Data(Self.expectedJSON.utf8))
        for (name, itemsKey) in [("contacts", "data"), ("conversations", "conversations"), ("tickets", "tickets")] {
            let (client, bodies) = recordingClient(itemsKey: itemsKey)
            switch name {
            case "contacts": _ = try await client.contacts.search(Self.query, perPage: 2).firstPage()
            case "conversations": _ = try await client.conversations.search(Self.query, perPage: 2).firstPage()
            default: _ = try await client.tickets.search(Self.query, perPage: 2).firstPage()
            }
            let sent = try #require(bodies.first, "\(name).search sent no body")
            #expect(sent == expected, "\(name).search sent \(sent)")
        }
    }

    @Test("A nested search body decodes into the typed request and encodes back to the same JSON")
    func roundTrip() throws {
        let data = Data(Self.expectedJSON.utf8)
        let request = try IntercomJSON.makeDecoder().decode(SearchRequest.self, from: data)
        #expect(request == Self.typedQuery)
        let written = try JSONDecoder().decode(JSONValue.self, from: IntercomJSON.makeEncoder().encode(request))
        #expect(written == (try JSONDecoder().decode(JSONValue.self, from: data)))
    }
}
