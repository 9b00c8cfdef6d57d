import Foundation
import Hummingbird
import Intercom

/// `/companies`: create or update, find, list by page, by tag and segment, scroll, and their contacts.
struct CompaniesController {
    let store: SandboxStore

    /// The largest `monthly_spend` either way: every whole number up to 2^53 is exact as a `Double`, so the
    /// stored value renders back as the same integer.
    static let maxMonthlySpend = 9_007_199_254_740_992

    /// `monthly_spend` as the store keeps it, answering 400 `parameter_invalid` when it is too large.
    static func monthlySpend(_ value: Int?) throws -> Double? {
        try Checked.integer(value, field: "monthly_spend", in: -maxMonthlySpend...maxMonthlySpend).map { Double($0) }
    }

    static func input(_ request: CreateOrUpdateCompanyRequest) throws -> CompanyInput {
        CompanyInput(
            companyID: request.companyID,
            name: request.name,
            plan: request.plan,
            size: request.size,
            website: request.website,
            industry: request.industry,
            monthlySpend: try monthlySpend(request.monthlySpend),
            remoteCreatedAt: request.remoteCreatedAt.map(IntercomJSON.unixSeconds),
            customAttributes: request.customAttributes
        )
    }

    func register(on router: Router<SandboxContext>) {
        let store = self.store
        router.post("companies") { request, _ in
            let body = try await request.decodeBody(as: CreateOrUpdateCompanyRequest.self)
            let input = try Self.input(body)
            return try await store.perform { store in
                try Reply.json(store.rendered(try store.createOrUpdateCompany(input).company) { $0.company($1) })
            }
        }
        router.get("companies") { request, _ in
            let page = try request.integerQuery("page")
            let perPage = try request.integerQuery("per_page")
            let companyID = request.query("company_id")
            let name = request.query("name")
            let tagID = request.query("tag_id")
            let segmentID = request.query("segment_id")
            return try await store.read { store in
                // A lookup by company_id or name answers a one-company list in 2.14, as the spec's schema and
                // recorded example show (older versions answered the company itself; the SDK reads both).
                let found: CompanyRecord? =
                    if let companyID { try store.company(companyID: companyID) } else if let name {
                        try store.company(name: name)
                    } else { nil }
                if let found {
                    let pages: JSONValue = [
                        "type": "pages", "next": .null, "page": 1, "per_page": 15, "total_pages": 1,
                    ]
                    return try Reply.list(items: [store.data.company(found)], totalCount: 1, pages: pages)
                }
                let (companies, slice) = try store.listCompanies(
                    page: page,
                    perPage: perPage,
                    tagID: tagID,
                    segmentID: segmentID
                )
                return try Reply.list(
                    items: companies.map(store.data.company),
                    totalCount: slice.totalCount,
                    pages: slice.pagesJSON
                )
            }
        }
        router.post("companies/list") { request, _ in
            let page = try request.integerQuery("page")
            let perPage = try request.integerQuery("per_page")
            return try await store.read { store in
                let (companies, slice) = try store.listCompanies(page: page, perPage: perPage)
                return try Reply.list(
                    items: companies.map(store.data.company),
                    totalCount: slice.totalCount,
                    pages: slice.pagesJSON
                )
            }
        }
        router.get("companies/scroll") { request, _ in
            let parameter = request.query("scroll_param")
            return try await store.perform { store in
                let (companies, next) = try store.scrollCompanies(parameter: parameter)
                return try Reply.list(
                    items: companies.map(store.data.company),
                    extra: ["scroll_param": .string(next), "total_count": nil, "pages": nil]
                )
            }
        }
        router.get("companies/:id") { _, context in
            let id = try context.path("id")
            return try await store.read { store in
                try Reply.json(store.rendered(try store.company(id)) { $0.company($1) })
            }
        }
        router.put("companies/:id") { request, context in
            let id = try context.path("id")
            let body = try await request.decodeBody(as: UpdateCompanyRequest.self)
            let input = CompanyInput(
                name: body.name,
                plan: body.plan,
                size: body.size,
                website: body.website,
                industry: body.industry,
                monthlySpend: try Self.monthlySpend(body.monthlySpend),
                customAttributes: body.customAttributes
            )
            return try await store.perform { store in
                try Reply.json(store.rendered(try store.updateCompany(id, input)) { $0.company($1) })
            }
        }
        router.delete("companies/:id") { _, context in
            let id = try context.path("id")
            return try await store.perform { store in
                let company = try store.deleteCompany(id)
                return try Reply.json(DeletedCompanyObject(id: company.id, object: "company", deleted: true))
            }
        }
        router.get("companies/:id/contacts") { request, context in
            let id = try context.path("id")
            let perPage = try request.integerQuery("per_page")
            let startingAfter = request.query("starting_after")
            return try await store.read { store in
                let contacts = try store.contacts(ofCompany: id)
                let size = try Paging.perPage(perPage, default: 50)
                let page = try Paging.cursorPage(contacts.map(\.id), perPage: size, startingAfter: startingAfter)
                let items = page.ids.compactMap { store.data.contacts[$0] }.map(store.data.contact)
                return try Reply.list(items: items, totalCount: page.totalCount, pages: page.pagesJSON)
            }
        }
        router.get("companies/:id/segments") { _, context in
            let id = try context.path("id")
            return try await store.read { store in
                let company = try store.company(id)
                let segments = company.segmentIDs.compactMap { segmentID in
                    store.data.segments.first { $0.id == segmentID }
                }
                return try Reply.list(items: segments.map(store.data.segment))
            }
        }
    }
}
