import Foundation
import Hummingbird
import Intercom

/// `/events`: submit, list for a contact, and summaries.
struct EventsController {
    let store: SandboxStore

    /// `POST /events/summaries`.
    struct SummariesBody: Decodable, Sendable {
        struct Summary: Decodable, Sendable {
            var eventName: String
            var count: Int
            var first: Int64?
            var last: Int64?

            enum CodingKeys: String, CodingKey {
                case eventName = "event_name"
                case count
                case first
                case last
            }
        }

        var userID: String
        var eventSummaries: Summary

        enum CodingKeys: String, CodingKey {
            case userID = "user_id"
            case eventSummaries = "event_summaries"
        }
    }

    /// The largest count one summary may add.
    static let maxSummaryCount = 1_000_000_000

    func register(on router: Router<SandboxContext>) {
        let store = self.store
        router.post("events") { request, _ in
            let body = try await request.decodeBody(as: CreateDataEventRequest.self)
            try await store.perform { store in
                try store.recordEvent(
                    name: body.eventName ?? "",
                    createdAt: body.createdAt.map(IntercomJSON.unixSeconds),
                    id: body.id,
                    userID: body.userID,
                    email: body.email,
                    metadata: body.metadata
                )
            }
            return Reply.accepted()
        }
        router.get("events") { request, _ in
            guard request.query("type") == "user" else {
                throw SandboxError.parameterInvalid("type must be user", field: "type")
            }
            let intercomUserID = request.query("intercom_user_id")
            let userID = request.query("user_id")
            let email = request.query("email")
            let summary = request.query("summary") == "true"
            let perPage = try Paging.perPage(try request.integerQuery("per_page"), default: 50)
            return try await store.read { store in
                let contact = try store.contact(id: intercomUserID, userID: userID, email: email)
                if summary {
                    let items: JSONValue = .array(
                        store.eventSummaries(ofContact: contact.id).map { summary in
                            [
                                "name": .string(summary.name), "count": .int(summary.count),
                                "first": .string(
                                    ISO8601DateFormatter().string(
                                        from: Date(timeIntervalSince1970: TimeInterval(summary.first))
                                    )
                                ),
                                "last": .string(
                                    ISO8601DateFormatter().string(
                                        from: Date(timeIntervalSince1970: TimeInterval(summary.last))
                                    )
                                ),
                            ]
                        }
                    )
                    return try Reply.json(
                        [
                            "type": "event.summary", "email": contact.email.map(JSONValue.string) ?? .null,
                            "intercom_user_id": .string(contact.id),
                            "user_id": contact.externalID.map(JSONValue.string) ?? .null,
                            "events": items,
                            // Every summary fits one answer, so there is never a next page.
                            "pages": ["next": .null],
                        ] as JSONValue
                    )
                }
                let events = Array(store.events(ofContact: contact.id).prefix(perPage))
                return try Reply.list(
                    type: "event.list",
                    key: "events",
                    items: events.map(store.data.event),
                    extra: ["pages": [:]]
                )
            }
        }
        router.post("events/summaries") { request, _ in
            let body = try await request.decodeBody(as: SummariesBody.self)
            let summary = body.eventSummaries
            let count = try Checked.integer(summary.count, field: "event_summaries.count", in: 0...Self.maxSummaryCount)
            let first = try Checked.unixSeconds(summary.first, field: "event_summaries.first")
            let last = try Checked.unixSeconds(summary.last, field: "event_summaries.last")
            try await store.perform { store in
                let contact = try store.contact(externalID: body.userID)
                try store.recordSummaries(contact: contact, summaries: [(summary.eventName, count ?? 0, first, last)])
            }
            return Response(status: .ok)
        }
    }
}
