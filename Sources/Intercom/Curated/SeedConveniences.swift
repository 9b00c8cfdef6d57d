public import Foundation
import HTTPTypes

/// The fields of a company to create or update with ``IntercomClient/Companies/save(_:)``.
public struct CompanyAttributes: Sendable, Hashable {
    /// Your id for the company. Required.
    public var companyID: String
    /// The company's name.
    public var name: String?
    /// The name of the company's plan.
    public var plan: String?
    /// How many people work there.
    public var size: Int?
    /// The company's website.
    public var website: String?
    /// The company's industry.
    public var industry: String?
    /// How much the company pays you per month.
    public var monthlySpend: Int?
    /// When the company was created in your system.
    public var remoteCreatedAt: Date?
    /// Custom attributes, any JSON.
    public var customAttributes: [String: JSONValue]?

    /// Creates company attributes.
    public init(
        companyID: String,
        name: String? = nil,
        plan: String? = nil,
        size: Int? = nil,
        website: String? = nil,
        industry: String? = nil,
        monthlySpend: Int? = nil,
        remoteCreatedAt: Date? = nil,
        customAttributes: [String: JSONValue]? = nil
    ) {
        self.companyID = companyID
        self.name = name
        self.plan = plan
        self.size = size
        self.website = website
        self.industry = industry
        self.monthlySpend = monthlySpend
        self.remoteCreatedAt = remoteCreatedAt
        self.customAttributes = customAttributes
    }
}

extension IntercomClient.Companies {
    /// Creates the company with `companyID`, or updates it when it exists.
    ///
    /// - Throws: ``IntercomError/invalidRequest(_:)`` before any request when `companyID` is empty.
    public func save(_ company: CompanyAttributes) async throws -> Company {
        guard !company.companyID.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw IntercomError.invalidRequest(field: "companyID", "A company needs a companyID.")
        }
        return try await createOrUpdate(
            CreateOrUpdateCompanyRequest(
                name: company.name,
                companyID: company.companyID,
                plan: company.plan,
                size: company.size,
                website: company.website,
                industry: company.industry,
                customAttributes: company.customAttributes,
                remoteCreatedAt: company.remoteCreatedAt,
                monthlySpend: company.monthlySpend
            )
        )
    }

    private func pages(_ query: [(String, String?)], perPage: Int?) -> PaginatedSequence<Company> {
        client.paginate(
            APIRequest(
                .get,
                "/companies",
                query: query + [("per_page", perPage.map(String.init))],
                operation: "companies.list"
            ),
            style: .pageNumber,
            of: Company.self
        )
    }

    /// The companies in a segment, page by page.
    ///
    /// - HTTP: `GET /companies?segment_id=…`
    public func list(segmentID: String, perPage: Int? = nil) -> PaginatedSequence<Company> {
        pages([("segment_id", segmentID)], perPage: perPage)
    }

    /// The companies with a tag, page by page.
    ///
    /// - HTTP: `GET /companies?tag_id=…`
    public func list(tagID: String, perPage: Int? = nil) -> PaginatedSequence<Company> {
        pages([("tag_id", tagID)], perPage: perPage)
    }

    /// The contacts of the company with this Intercom id.
    ///
    /// - HTTP: `GET /companies/{id}/contacts`
    public func listContacts(id: String, perPage: Int? = nil) -> PaginatedSequence<Contact> {
        client.paginate(
            APIRequest(
                .get,
                "/companies/\(id)/contacts",
                query: [("per_page", perPage.map(String.init))],
                operation: "companies.listContacts"
            ),
            style: .cursor,
            of: Contact.self
        )
    }

    /// The contacts of the company with your `company_id`; looks the company up first.
    public func listContacts(companyID: String, perPage: Int? = nil) async throws -> PaginatedSequence<Contact> {
        listContacts(id: try await find(companyID: companyID).id, perPage: perPage)
    }
}

/// Event metadata rules Intercom applies, checked before sending.
extension IntercomClient.Events {
    /// The most metadata keys an event may carry.
    public static let maxMetadataKeys = 10

    /// Records that a contact did something.
    ///
    /// - Parameters:
    ///   - eventName: What happened, such as `bought_item`. Required.
    ///   - userID: Your id for the user; or
    ///   - id: the contact's Intercom id (use this for leads); or
    ///   - email: the contact's email. Exactly one is required.
    ///   - createdAt: When it happened; now (on the client's clock) when `nil`.
    ///   - metadata: At most 10 flat keys: strings, numbers, Booleans, and the two objects Intercom
    ///     accepts, rich links `{"url", "value"}` and money `{"amount", "currency"}`.
    /// - Throws: ``IntercomError/invalidRequest(_:)`` before any request when a rule is broken.
    public func save(
        eventName: String,
        userID: String? = nil,
        id: String? = nil,
        email: String? = nil,
        createdAt: Date? = nil,
        metadata: [String: JSONValue] = [:]
    ) async throws {
        guard !eventName.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw IntercomError.invalidRequest(field: "eventName", "An event needs a name.")
        }
        let identifiers = [userID, id, email].compactMap { $0 }.filter { !$0.isEmpty }
        guard identifiers.count == 1 else {
            throw IntercomError.invalidRequest(field: "userID", "An event needs exactly one of userID, id or email.")
        }
        guard metadata.count <= Self.maxMetadataKeys else {
            throw IntercomError.invalidRequest(
                field: "metadata",
                "An event carries at most \(Self.maxMetadataKeys) metadata keys; this one has \(metadata.count)."
            )
        }
        for (key, value) in metadata {
            switch value {
            case .array:
                throw IntercomError.invalidRequest(field: "metadata.\(key)", "Event metadata must be flat: no arrays.")
            case .object(let object):
                let richLink = Set(object.keys) == ["url", "value"]
                let money = Set(object.keys) == ["amount", "currency"]
                guard richLink || money else {
                    throw IntercomError.invalidRequest(
                        field: "metadata.\(key)",
                        "Event metadata must be flat; the only objects allowed are {url, value} and {amount, currency}."
                    )
                }
            default:
                continue
            }
        }
        try await create(
            CreateDataEventRequest(
                eventName: eventName,
                createdAt: createdAt ?? client.configuration.clock.now,
                userID: userID,
                id: id,
                email: email,
                metadata: metadata.isEmpty ? nil : metadata
            )
        )
    }
}

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
