import ArgumentParser
import Foundation
import HTTPTypes
import Intercom

struct Companies: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Companies.",
        discussion: "Example: intercom companies save --company-id acme --name 'Acme Corp'",
        subcommands: [List.self, Get.self, Save.self, Scroll.self, ListContacts.self] + GeneratedCommands.companies
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List companies (page numbers, at most 10,000).",
            discussion: "Example: intercom companies list --tag-id 7001"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var list: ListOptions
        @Option var segmentID: String?
        @Option var tagID: String?

        func run() async throws {
            try await global.withClient { client in
                let companies: PaginatedSequence<Company>
                if let segmentID {
                    companies = client.companies.list(segmentID: segmentID, perPage: list.perPage)
                } else if let tagID {
                    companies = client.companies.list(tagID: tagID, perPage: list.perPage)
                } else {
                    companies = client.companies.list(perPage: list.perPage)
                }
                try await global.printer.stream(companies, limit: list.effectiveLimit)
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "find",
            abstract: "Find a company by id, company_id or name.",
            discussion: "Example: intercom companies find --company-id acme",
            aliases: ["get"]
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Option var id: String?
        @Option var companyID: String?
        @Option var name: String?

        func validate() throws {
            guard [id, companyID, name].compactMap({ $0 }).count == 1 else {
                throw ValidationError("give exactly one of --id, --company-id or --name")
            }
        }

        func run() async throws {
            try await global.withClient { client in
                let company: Company
                if let id {
                    company = try await client.companies.find(id: id)
                } else if let companyID {
                    company = try await client.companies.find(companyID: companyID)
                } else {
                    company = try await client.companies.find(name: name ?? "")
                }
                try global.printer.object(company)
            }
        }
    }

    struct Save: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or update a company by company_id.",
            discussion: "Example: intercom companies save --company-id acme --plan pro"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Option var companyID: String
        @Option var name: String?
        @Option var plan: String?
        @Option(name: .customLong("attribute"), help: "key=value (repeatable).") var attributes: [String] = []

        func run() async throws {
            try await global.withClient { client in
                let company = try await client.companies.save(
                    CompanyAttributes(
                        companyID: companyID,
                        name: name,
                        plan: plan,
                        customAttributes: try QuerySyntax.attributes(attributes)
                    )
                )
                try global.printer.object(company)
            }
        }
    }

    struct Scroll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every company, through the scroll API.",
            discussion: "Example: intercom companies scroll --output jsonl"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var listing: ListingOptions

        func run() async throws {
            try await global.withClient { client in
                try await global.printer.stream(client.companies.scroll(), limit: listing.effectiveLimit)
            }
        }
    }

    struct ListContacts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the contacts attached to a company, page by page.",
            discussion: "Example: intercom companies list-contacts 6560c0a15f4d1a0001ac0001 --all"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var list: ListOptions
        @Argument(help: "The company's Intercom id (find it by your company_id with `companies find --company-id`).")
        var id: String

        func run() async throws {
            try await global.withClient { client in
                try await global.printer.stream(
                    client.companies.listContacts(id: id, perPage: list.perPage),
                    limit: list.effectiveLimit
                )
            }
        }
    }
}
