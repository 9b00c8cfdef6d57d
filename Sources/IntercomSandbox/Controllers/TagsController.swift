import Foundation
import Hummingbird
import Intercom

/// `/tags` and `/segments`.
struct TagsController {
    let store: SandboxStore

    /// `POST /tags`: one body shape for creating or renaming a tag, tagging or untagging companies, and tagging users.
    struct TagBody: Decodable, Sendable {
        struct CompanyReference: Decodable, Sendable {
            var id: String?
            var companyID: String?
            var untag: Bool?

            enum CodingKeys: String, CodingKey {
                case id
                case companyID = "company_id"
                case untag
            }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                id = try container.decodeLenientStringIfPresent(forKey: .id)
                companyID = try container.decodeLenientStringIfPresent(forKey: .companyID)
                untag = try container.decodeIfPresent(Bool.self, forKey: .untag)
            }
        }

        struct UserReference: Decodable, Sendable {
            var id: String
            var untag: Bool?

            enum CodingKeys: String, CodingKey {
                case id
                case untag
            }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                id = try container.decodeLenientString(forKey: .id)
                untag = try container.decodeIfPresent(Bool.self, forKey: .untag)
            }
        }

        var name: String
        var id: String?
        var companies: [CompanyReference]?
        var users: [UserReference]?

        enum CodingKeys: String, CodingKey {
            case name
            case id
            case companies
            case users
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            id = try container.decodeLenientStringIfPresent(forKey: .id)
            companies = try container.decodeIfPresent([CompanyReference].self, forKey: .companies)
            users = try container.decodeIfPresent([UserReference].self, forKey: .users)
        }
    }

    func register(on router: Router<SandboxContext>) {
        let store = self.store
        router.get("tags") { _, _ in
            try await store.read { store in try Reply.list(items: store.data.tags.map(store.data.tag)) }
        }
        router.post("tags") { request, _ in
            let body: TagBody
            do {
                body = try await request.decodeBody(as: TagBody.self)
            } catch let error as SandboxError {
                // Intercom answers every malformed tag body alike.
                throw SandboxError.parameterInvalid("invalid tag parameters", field: error.errors.first?.field)
            }
            return try await store.perform { store in
                let tag: TagRecord
                if let companies = body.companies {
                    tag = try store.tagCompanies(
                        tagName: body.name,
                        companies: companies.map { ($0.id, $0.companyID, $0.untag ?? false) }
                    )
                } else if let users = body.users {
                    tag = try store.tagContacts(tagName: body.name, contacts: users.map { ($0.id, $0.untag ?? false) })
                } else {
                    tag = try store.saveTag(name: body.name, id: body.id)
                }
                return try Reply.json(store.data.tag(tag))
            }
        }
        // Finding or deleting an unknown tag answers `not_found`, as Intercom does here (attaching one
        // elsewhere answers `tag_not_found`).
        router.get("tags/:id") { _, context in
            let id = try context.path("id")
            return try await store.read { store in
                guard store.data.tags.contains(where: { $0.id == id }) else { throw SandboxError.notFound() }
                return try Reply.json(store.rendered(try store.tag(id)) { $0.tag($1) })
            }
        }
        router.delete("tags/:id") { _, context in
            let id = try context.path("id")
            try await store.perform { store in
                guard store.data.tags.contains(where: { $0.id == id }) else { throw SandboxError.notFound() }
                try store.deleteTag(id)
            }
            return Response(status: .ok)
        }
        router.get("segments") { request, _ in
            let includeCount = request.query("include_count") == "true"
            return try await store.read { store in
                let segments = store.data.segments.map { record -> Segment in
                    var segment = store.data.segment(record)
                    if !includeCount { segment.count = nil }
                    return segment
                }
                return try Reply.list(type: "segment.list", key: "segments", items: segments)
            }
        }
        router.get("segments/:id") { _, context in
            let id = try context.path("id")
            return try await store.read { store in
                try Reply.json(store.rendered(try store.segment(id)) { $0.segment($1) })
            }
        }
    }
}
