import Foundation
import HTTPTypes
import Hummingbird
import Intercom

/// `/tickets` (create, find, update, delete, search, reply, tag), the queued creation behind
/// `POST /tickets/enqueue` with its `/jobs/status/{id}`, and `POST /conversations/{id}/convert`.
struct TicketsController {
    let store: SandboxStore

    /// How many tickets a search page holds when the request does not say.
    static let defaultSearchPageSize = 20

    func register(on router: Router<SandboxContext>) {
        let store = self.store
        router.post("tickets") { request, _ in
            let body = try await request.jsonBody()
            let draft = try TicketDraft(body)
            return try await store.perform { store in
                store.settleTicketJobs()
                let ticket = try store.createTicket(draft)
                return try Reply.object(store.data.ticketWire(ticket))
            }
        }
        router.post("tickets/enqueue") { request, _ in
            let body = try await request.jsonBody()
            let draft = try TicketDraft(body)
            let base = Self.baseURL(request)
            return try await store.perform { store in
                store.settleTicketJobs()
                // Like Intercom, check what can be checked now and refuse the job rather than let it fail.
                _ = try store.checkTicket(draft)
                let job = try store.enqueueTicketJob(body.object)
                return try Reply.object(store.data.ticketJobWire(job, base: base))
            }
        }
        router.post("tickets/search") { request, _ in
            let body = try await request.decodeBody(as: SearchBody.self)
            return try await store.perform { store in
                store.settleTicketJobs()
                return try Self.search(body, in: store)
            }
        }
        router.get("tickets/:id") { _, context in
            let id = try context.path("id")
            return try await store.perform { store in
                store.settleTicketJobs()
                let ticket = try store.data.document(.ticket, id)
                return try Reply.object(store.data.ticketWire(ticket))
            }
        }
        router.put("tickets/:id") { request, context in
            let id = try context.path("id")
            let body = try await request.jsonBody()
            let update = try TicketUpdate(body)
            return try await store.perform { store in
                store.settleTicketJobs()
                let ticket = try store.updateTicket(id, update)
                return try Reply.object(store.data.ticketWire(ticket))
            }
        }
        router.delete("tickets/:id") { _, context in
            let id = try context.path("id")
            return try await store.perform { store in
                store.settleTicketJobs()
                try store.data.removeDocument(.ticket, id)
                return try Reply.deleted(id: id, object: "ticket")
            }
        }
        router.post("tickets/:id/reply") { request, context in
            let id = try context.path("id")
            let body = try await request.jsonBody()
            let reply = try TicketReply(body)
            return try await store.perform { store in
                store.settleTicketJobs()
                let part = try store.replyToTicket(id, reply)
                return try Reply.json(part)
            }
        }
        router.post("tickets/:id/tags") { request, context in
            let id = try context.path("id")
            let body = try await request.jsonBody()
            let tagID = try body.requireID("id")
            let adminID = try body.requireID("admin_id")
            return try await store.perform { store in
                store.settleTicketJobs()
                return try Reply.object(store.tagTicket(id, tagID: tagID, adminID: adminID))
            }
        }
        router.delete("tickets/:id/tags/:tag_id") { request, context in
            let id = try context.path("id")
            let tagID = try context.path("tag_id")
            let body = try await request.jsonBody()
            let adminID = try body.requireID("admin_id")
            return try await store.perform { store in
                store.settleTicketJobs()
                return try Reply.object(store.untagTicket(id, tagID: tagID, adminID: adminID))
            }
        }
        router.get("jobs/status/:id") { request, context in
            let id = try context.path("id")
            let base = Self.baseURL(request)
            return try await store.perform { store in
                store.settleTicketJobs()
                let job = try store.data.document(.job, id)
                return try Reply.object(store.data.ticketJobWire(job, base: base))
            }
        }
        router.post("conversations/:id/convert") { request, context in
            let id = try context.path("id")
            let body = try await request.jsonBody()
            let typeID = try body.requireID("ticket_type_id")
            let attributes = try body.object("attributes") ?? [:]
            return try await store.perform { store in
                let ticket = try store.convertConversation(id, typeID: typeID, attributes: attributes)
                return try Reply.object(store.data.ticketWire(ticket))
            }
        }
    }

    /// The address a client reached the sandbox at, for the links in job answers; the loopback address
    /// when the request's host is missing or holds anything but a host name and port.
    static func baseURL(_ request: Request) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
        guard let authority = request.head.authority, !authority.isEmpty, authority.count <= 255,
            authority.unicodeScalars.allSatisfy({ allowed.contains($0) })
        else { return "http://127.0.0.1" }
        return "http://\(authority)"
    }

    /// `POST /tickets/search`: Intercom's query language over the fields its documentation lists for
    /// tickets, newest first, with cursor pages.
    static func search(_ body: SearchBody, in store: isolated SandboxStore) throws -> Response {
        let data = store.data
        var fields: [String: (kind: SearchFieldKind, path: String)] = [:]
        func add(_ name: String, _ kind: SearchFieldKind, path: String? = nil) {
            fields[name] = (kind: kind, path: path ?? name)
        }
        for name in ["id", "title", "description", "category", "ticket_type_id", "state"] {
            add(name, .string)
        }
        add("admin_assignee_id", .string)
        add("team_assignee_id", .string)
        add("contact_ids", .identifier)
        add("teammate_ids", .identifier)
        add("open", .boolean)
        for name in ["created_at", "updated_at", "snoozed_until"] { add(name, .date) }
        for attribute in data.documents(.ticketTypeAttribute) {
            guard let id = attribute["id"]?.stringValue else { continue }
            let name = "ticket_attribute.\(id)"
            switch attribute["data_type"]?.stringValue ?? "string" {
            case "integer", "decimal": add(name, .integer)
            case "boolean": add(name, .boolean)
            case "datetime": add(name, .date)
            case "files": continue
            default: add(name, .string)
            }
        }
        let engine = SearchEngine<[String: JSONValue]>.documents(fields)
        // The engine reads dates sent as digit strings (as Intercom's own examples send them) as numbers.
        let predicate = try engine.compile(body.query)
        // Newest first; tickets made in the same second, the one made later first.
        let newestFirst = data.documents(.ticket).enumerated().sorted { lhs, rhs in
            let left = (lhs.element["created_at"]?.intValue ?? 0, lhs.offset)
            let right = (rhs.element["created_at"]?.intValue ?? 0, rhs.offset)
            return left > right
        }
        let matches = newestFirst.map { $0.element }.filter { predicate(data.ticketSearchDocument($0)) }
        return try Reply.searchPage(
            matches,
            pagination: body.pagination,
            type: "ticket.list",
            key: "tickets",
            defaultPerPage: Self.defaultSearchPageSize
        ) { data.ticketWire($0) }
    }
}
