import Foundation
import HTTPTypes

/// Who a user- or company-tagging call is about.
public enum TagTarget: Sendable, Hashable {
    /// A contact by Intercom id.
    case contact(id: String)
    /// A user by your id (external id).
    case user(userID: String)
    /// A user by email.
    case email(String)
    /// A company by Intercom id.
    case company(id: String)
    /// A company by your `company_id`.
    case companyID(String)
}

extension IntercomClient.Tags {
    /// Creates a tag, or renames the tag `id`.
    ///
    /// - HTTP: `POST /tags`
    public func save(name: String, id: String? = nil) async throws -> Tag {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw IntercomError.invalidRequest(field: "name", "A tag needs a name.")
        }
        var body: [String: JSONValue] = ["name": .string(name)]
        if let id { body["id"] = .string(id) }
        return try await client.execute(
            APIRequest(.post, "/tags", body: JSONValue.object(body), operation: "tags.save"),
            as: Tag.self
        )
    }

    /// Tags users and companies with the tag `name` (created if needed), or untags them.
    ///
    /// Users named by `userID` or email are looked up first (one call each); contacts are then tagged
    /// one call each, and companies in one call.
    ///
    /// - Returns: The tag.
    public func tag(_ name: String, _ targets: [TagTarget], untag: Bool = false) async throws -> Tag {
        guard !targets.isEmpty else {
            throw IntercomError.invalidRequest(field: "targets", "Name at least one user or company.")
        }
        let tag = try await save(name: name)
        var companies: [JSONValue] = []
        for target in targets {
            switch target {
            case .contact(let id):
                try await apply(tagID: tag.id, contactID: id, untag: untag)
            case .user(let userID):
                try await apply(
                    tagID: tag.id,
                    contactID: try await client.contacts.find(externalID: userID).id,
                    untag: untag
                )
            case .email(let email):
                let contact = try await client.users.find(email: email)
                try await apply(tagID: tag.id, contactID: contact.id, untag: untag)
            case .company(let id):
                companies.append(untag ? ["id": .string(id), "untag": true] : ["id": .string(id)])
            case .companyID(let companyID):
                companies.append(
                    untag ? ["company_id": .string(companyID), "untag": true] : ["company_id": .string(companyID)]
                )
            }
        }
        if !companies.isEmpty {
            let body: JSONValue = ["name": .string(name), "companies": .array(companies)]
            _ = try await client.execute(
                APIRequest(.post, "/tags", body: body, operation: "tags.tagCompanies"),
                as: Tag.self
            )
        }
        return tag
    }

    private func apply(tagID: String, contactID: String, untag: Bool) async throws {
        if untag {
            _ = try await untagContact(contactID: contactID, tagID: tagID)
        } else {
            _ = try await tagContact(contactID: contactID, tagID: tagID)
        }
    }
}
