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

    /// The contacts attached to the company with this Intercom id, page by page.
    ///
    /// This is the one way to list a company's contacts; for a company known by your `company_id`,
    /// call ``find(companyID:)`` first. The sequence is lazy and follows `starting_after` cursors.
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

}

extension IntercomClient.Companies {
    /// The Intercom id of a company given either its Intercom id or your `company_id`.
    func resolveID(id: String?, companyID: String?) async throws -> String {
        if let id, !id.isEmpty { return id }
        guard let companyID, !companyID.isEmpty else {
            throw IntercomError.invalidRequest(field: "companyID", "A company needs an id or a companyID.")
        }
        return try await find(companyID: companyID).id
    }

    /// The company with your `company_id`.
    ///
    /// The API answers this lookup with the company itself, although its description promises a
    /// list; either answer is read, and an empty list is thrown as not found.
    ///
    /// - HTTP: `GET /companies?company_id=…`
    /// - Throws: ``IntercomError/api(_:)`` with code `company_not_found` (or `not_found`) when no
    ///   company has that id; ``IntercomError/invalidRequest(_:)`` before any request when it is empty.
    public func find(companyID: String) async throws -> Company {
        try await findOne(("company_id", companyID), field: "companyID", operation: "companies.findByCompanyID")
    }

    /// The company with this name.
    ///
    /// Read like ``find(companyID:)``: a company or a one-company list.
    ///
    /// - HTTP: `GET /companies?name=…`
    public func find(name: String) async throws -> Company {
        try await findOne(("name", name), field: "name", operation: "companies.findByName")
    }

    private func findOne(_ filter: (String, String), field: String, operation: String) async throws -> Company {
        guard !filter.1.isEmpty else {
            throw IntercomError.invalidRequest(field: field, "A company lookup needs a non-empty \(field).")
        }
        let answer = try await client.execute(
            APIRequest(.get, "/companies", query: [(filter.0, filter.1)], operation: operation),
            as: JSONValue.self
        )
        let item: JSONValue
        if answer["type"]?.stringValue == "list" || answer["data"]?.arrayValue != nil {
            guard let first = answer["data"]?[0] else {
                throw IntercomError.notFound("No company has the \(filter.0) \(filter.1).")
            }
            item = first
        } else {
            item = answer
        }
        do {
            return try item.decode(as: Company.self)
        } catch {
            throw IntercomError.decoding(
                .init(
                    type: "Company",
                    codingPath: "",
                    reason: "the answer is neither a company nor a list of companies",
                    bodyExcerpt: String(String(describing: item).prefix(512)),
                    status: .ok
                )
            )
        }
    }
}
