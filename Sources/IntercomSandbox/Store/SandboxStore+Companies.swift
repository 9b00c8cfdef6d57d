import Foundation
import HTTPTypes
import Intercom

/// The writable fields of a company.
struct CompanyInput: Sendable {
    var companyID: String?
    var name: String?
    var plan: String?
    var size: Int?
    var website: String?
    var industry: String?
    var monthlySpend: Double?
    var remoteCreatedAt: Int64?
    var customAttributes: [String: JSONValue]?
}

extension SandboxStore {
    /// How many companies `GET /companies` can page through before asking for a scroll.
    static let companyPageCap = 10_000
    /// How long an idle scroll lives.
    static let scrollLifetime: TimeInterval = 60
    /// Companies per scroll page.
    static let scrollPageSize = 50

    func company(_ id: String) throws -> CompanyRecord {
        guard let company = data.companies[id] else {
            throw SandboxError.notFound("Company Not Found", code: .companyNotFound)
        }
        return company
    }

    func company(companyID: String) throws -> CompanyRecord {
        guard
            let company = data.companyOrder.lazy.compactMap({ self.data.companies[$0] }).first(where: {
                $0.companyID == companyID
            })
        else {
            throw SandboxError.notFound("Company Not Found", code: .companyNotFound)
        }
        return company
    }

    func company(name: String) throws -> CompanyRecord {
        guard
            let company = data.companyOrder.lazy.compactMap({ self.data.companies[$0] }).first(where: {
                $0.name == name
            })
        else {
            throw SandboxError.notFound("Company Not Found", code: .companyNotFound)
        }
        return company
    }

    /// Creates the company with `company_id`, or updates it when it exists.
    func createOrUpdateCompany(_ input: CompanyInput) throws -> (company: CompanyRecord, created: Bool) {
        guard let companyID = input.companyID, !companyID.isEmpty else {
            throw SandboxError.parameterNotFound("company_id is required", field: "company_id")
        }
        try Self.checkSize(input.size)
        try Self.checkCustomAttributes(input.customAttributes)
        let timestamp = now
        if var existing = try? company(companyID: companyID) {
            apply(input, to: &existing)
            existing.updatedAt = timestamp
            data.companies[existing.id] = existing
            emit(topic: "company.updated", item: .company(existing.id))
            return (existing, false)
        }
        guard data.companies.count < limits.companies else {
            throw SandboxError.limitExceeded("The sandbox holds at most \(limits.companies) companies")
        }
        var company = CompanyRecord(
            id: SandboxIDs.objectID(),
            companyID: companyID,
            createdAt: timestamp,
            updatedAt: timestamp
        )
        apply(input, to: &company)
        data.companies[company.id] = company
        data.companyOrder.append(company.id)
        emit(topic: "company.created", item: .company(company.id))
        return (company, true)
    }

    /// A company's custom attribute holds one value: text, a number, true or false (or `null` to clear it),
    /// never an object or a list.
    private static func checkCustomAttributes(_ attributes: [String: JSONValue]?) throws {
        for (key, value) in attributes ?? [:] {
            if case .object = value {
                throw SandboxError.parameterInvalid("custom_attributes.\(key) must be a single value", field: key)
            }
            if case .array = value {
                throw SandboxError.parameterInvalid("custom_attributes.\(key) must be a single value", field: key)
            }
        }
    }

    private static func checkSize(_ size: Int?) throws {
        if let size, size < 0 {
            throw SandboxError.parameterInvalid("size must not be negative", field: "size")
        }
    }

    func updateCompany(_ id: String, _ input: CompanyInput) throws -> CompanyRecord {
        var company = try self.company(id)
        try Self.checkSize(input.size)
        try Self.checkCustomAttributes(input.customAttributes)
        apply(input, to: &company)
        company.updatedAt = now
        data.companies[id] = company
        emit(topic: "company.updated", item: .company(id))
        return company
    }

    private func apply(_ input: CompanyInput, to company: inout CompanyRecord) {
        if let value = input.name { company.name = value }
        if let value = input.plan { company.plan = value }
        if let value = input.size { company.size = value }
        if let value = input.website { company.website = value }
        if let value = input.industry { company.industry = value }
        if let value = input.monthlySpend { company.monthlySpend = value }
        if let value = input.remoteCreatedAt { company.remoteCreatedAt = value }
        for (key, value) in input.customAttributes ?? [:] {
            if value.isNull { company.customAttributes[key] = nil } else { company.customAttributes[key] = value }
        }
    }

    func deleteCompany(_ id: String) throws -> CompanyRecord {
        let company = try self.company(id)
        data.companies[id] = nil
        data.companyOrder.removeAll { $0 == id }
        for contactID in data.contacts.orderedIDs {
            guard var contact = data.contacts[contactID], contact.companyIDs.contains(id) else { continue }
            contact.companyIDs.removeAll { $0 == id }
            data.contacts[contactID] = contact
        }
        return company
    }

    func userCount(ofCompany id: String) -> Int {
        data.contacts.values.filter { $0.role == "user" && $0.companyIDs.contains(id) }.count
    }

    func contacts(ofCompany id: String) throws -> [ContactRecord] {
        _ = try company(id)
        return data.contacts.orderedIDs.compactMap { data.contacts[$0] }.filter { $0.companyIDs.contains(id) }
    }

    /// Companies by page, as `GET /companies` and `POST /companies/list` list them: only companies with
    /// contacts, most recently active first, at most 10,000 in all.
    func listCompanies(
        page: Int?,
        perPage: Int?,
        tagID: String? = nil,
        segmentID: String? = nil
    ) throws -> (companies: [CompanyRecord], page: CursorPage) {
        let number = try Paging.page(page)
        let size = try Paging.perPage(perPage, default: 15, max: 60)
        // Both are checked, so this product is at most 60 million.
        guard (number - 1) * size < Self.companyPageCap else {
            throw SandboxError(.badRequest, .badRequest, "page limit reached, please use scroll API")
        }
        var companies = data.companyOrder.compactMap { data.companies[$0] }
        if let tagID {
            companies = companies.filter { $0.tagIDs.contains(tagID) }
        } else if let segmentID {
            companies = companies.filter { $0.segmentIDs.contains(segmentID) }
        } else {
            let withContacts = Set(data.contacts.values.flatMap(\.companyIDs))
            companies = companies.filter { withContacts.contains($0.id) }
        }
        companies.sort { ($0.lastRequestAt ?? $0.updatedAt, $0.id) > ($1.lastRequestAt ?? $1.updatedAt, $1.id) }
        let ids = Array(companies.prefix(Self.companyPageCap).map(\.id))
        let result = Paging.numberedPage(ids, page: number, perPage: size)
        return (result.ids.compactMap { data.companies[$0] }, result)
    }

    /// The next page of the app's single company scroll.
    func scrollCompanies(parameter: String?) throws -> (companies: [CompanyRecord], parameter: String) {
        let clockNow = clock.now.timeIntervalSince1970
        if let scroll = data.scroll, clockNow - scroll.lastUsedAt > Self.scrollLifetime {
            data.scroll = nil
        }
        var scroll: ScrollRecord
        if let parameter {
            guard let current = data.scroll, current.parameter == parameter else {
                throw SandboxError(
                    .notFound,
                    .notFound,
                    "scroll_param is expired or invalid; start a new scroll without it"
                )
            }
            scroll = current
        } else {
            guard data.scroll == nil else {
                throw SandboxError(
                    .badRequest,
                    .scrollExists,
                    "scroll already exists for this workspace; only one open scroll is allowed per app"
                )
            }
            scroll = ScrollRecord(
                parameter: UUID().uuidString.lowercased(),
                companyIDs: data.companyOrder,
                position: 0,
                lastUsedAt: clockNow
            )
        }
        let start = min(max(scroll.position, 0), scroll.companyIDs.count)
        let end = start + min(Self.scrollPageSize, scroll.companyIDs.count - start)
        let page = scroll.companyIDs[start..<end].compactMap { data.companies[$0] }
        scroll.position = end
        scroll.lastUsedAt = clockNow
        // An empty page ends the scroll; its parameter then stops working.
        data.scroll = page.isEmpty ? nil : scroll
        return (page, scroll.parameter)
    }

    // MARK: Tags

    func tag(_ id: String) throws -> TagRecord {
        guard let tag = data.tags.first(where: { $0.id == id }) else {
            throw SandboxError.notFound("Tag Not Found", code: .tagNotFound)
        }
        return tag
    }

    /// Creates a tag, or renames the tag `id`.
    func saveTag(name: String, id: String?) throws -> TagRecord {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw SandboxError.parameterInvalid("name must not be empty", field: "name") }
        if let id {
            guard let index = data.tags.firstIndex(where: { $0.id == id }) else {
                throw SandboxError.notFound("Tag Not Found", code: .tagNotFound)
            }
            data.tags[index].name = trimmed
            return data.tags[index]
        }
        if let existing = data.tags.first(where: { $0.name == trimmed }) { return existing }
        guard data.tags.count < limits.tags else {
            throw SandboxError.limitExceeded("The sandbox holds at most \(limits.tags) tags")
        }
        let tag = TagRecord(id: data.numericID(), name: trimmed, createdAt: now)
        data.tags.append(tag)
        emit(topic: "tag.created", item: .tag(tag))
        return tag
    }

    func deleteTag(_ id: String) throws {
        let tag = try self.tag(id)
        data.tags.removeAll { $0.id == id }
        for contactID in data.contacts.orderedIDs where data.contacts[contactID]?.tagIDs.contains(id) == true {
            data.contacts[contactID]?.tagIDs.removeAll { $0 == id }
        }
        for companyID in data.companyOrder where data.companies[companyID]?.tagIDs.contains(id) == true {
            data.companies[companyID]?.tagIDs.removeAll { $0 == id }
        }
        for conversationID in data.conversationOrder
        where data.conversations[conversationID]?.tagIDs.contains(id) == true {
            data.conversations[conversationID]?.tagIDs.removeAll { $0 == id }
        }
        emit(topic: "tag.deleted", item: .tag(tag))
    }

    /// Tags or untags companies, each named by Intercom id or `company_id`.
    func tagCompanies(tagName: String, companies: [(id: String?, companyID: String?, untag: Bool)]) throws -> TagRecord
    {
        let tag = try saveTag(name: tagName, id: nil)
        for reference in companies {
            let company: CompanyRecord
            if let id = reference.id {
                company = try self.company(id)
            } else if let companyID = reference.companyID {
                company = try self.company(companyID: companyID)
            } else {
                throw SandboxError.parameterNotFound("Each company needs id or company_id", field: "companies")
            }
            var updated = company
            if reference.untag {
                updated.tagIDs.removeAll { $0 == tag.id }
            } else if !updated.tagIDs.contains(tag.id) {
                updated.tagIDs.append(tag.id)
            }
            data.companies[company.id] = updated
        }
        return tag
    }

    /// Tags or untags contacts, each named by Intercom id, with the tag `tagName` (created if needed).
    func tagContacts(tagName: String, contacts: [(id: String, untag: Bool)]) throws -> TagRecord {
        let tag = try saveTag(name: tagName, id: nil)
        for contact in contacts {
            if contact.untag {
                _ = try untagContact(contact.id, tagID: tag.id)
            } else {
                _ = try tagContact(contact.id, tagID: tag.id)
            }
        }
        return tag
    }

    // MARK: Segments

    func segment(_ id: String) throws -> SegmentRecord {
        guard let segment = data.segments.first(where: { $0.id == id }) else {
            throw SandboxError.notFound("Segment Not Found")
        }
        return segment
    }
}
