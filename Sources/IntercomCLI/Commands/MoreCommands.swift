import ArgumentParser
import Foundation
import HTTPTypes
import Intercom

struct Companies: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Companies.",
        discussion: "Example: intercom companies save --company-id acme --name 'Acme Corp'",
        subcommands: [List.self, Get.self, Save.self, Scroll.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List companies (page numbers, at most 10,000).",
            discussion: "Example: intercom companies list --tag-id 7001"
        )
        @OptionGroup var global: GlobalOptions
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
                try Printer(format: global.format).list(try await companies.collect(limit: list.limit))
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find a company by id, company_id or name.",
            discussion: "Example: intercom companies get --company-id acme"
        )
        @OptionGroup var global: GlobalOptions
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
                try Printer(format: global.format).object(company)
            }
        }
    }

    struct Save: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or update a company by company_id.",
            discussion: "Example: intercom companies save --company-id acme --plan pro"
        )
        @OptionGroup var global: GlobalOptions
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
                try Printer(format: global.format).object(company)
            }
        }
    }

    struct Scroll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every company, through the scroll API.",
            discussion: "Example: intercom companies scroll --output jsonl"
        )
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await global.withClient { client in
                let printer = Printer(format: global.format == .table ? .table : .jsonl)
                for try await page in client.companies.scroll().pages where !page.items.isEmpty {
                    try printer.list(page.items)
                }
            }
        }
    }
}

struct Events: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Events.",
        discussion: "Example: intercom events send bought_item --user-id 27 --metadata item=watch",
        subcommands: [Send.self, List.self]
    )

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an event.",
            discussion: "Example: intercom events send bought_item --user-id 27"
        )
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Option var userID: String?
        @Option var id: String?
        @Option var email: String?
        @Option(name: .customLong("metadata"), help: "key=value (repeatable, at most 10).") var metadata: [String] = []

        func run() async throws {
            try await global.withClient { client in
                try await client.events.save(
                    eventName: name,
                    userID: userID,
                    id: id,
                    email: email,
                    metadata: try QuerySyntax.attributes(metadata) ?? [:]
                )
                Printer(format: global.format).write("recorded \(name)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A user's events of the last 90 days.",
            discussion: "Example: intercom events list --user-id 27"
        )
        @OptionGroup var global: GlobalOptions
        @Option var userID: String?
        @Option var email: String?

        func run() async throws {
            try await global.withClient { client in
                let events = try await client.events.list(userID: userID, email: email, type: "user")
                try Printer(format: global.format).object(events)
            }
        }
    }
}

struct Tags: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tags.",
        discussion: "Example: intercom tags apply VIP --user-id 27 --company-id acme",
        subcommands: [List.self, Create.self, Delete.self, Apply.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List tags.",
            discussion: "Example: intercom tags list"
        )
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await global.withClient { client in
                try Printer(format: global.format).list(try await client.tags.list().data ?? [])
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a tag, or rename one with --id.",
            discussion: "Example: intercom tags create VIP"
        )
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Option var id: String?

        func run() async throws {
            try await global.withClient { client in
                try Printer(format: global.format).object(try await client.tags.save(name: name, id: id))
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a tag.",
            discussion: "Example: intercom tags delete 7001"
        )
        @OptionGroup var global: GlobalOptions
        @Argument var id: String

        func run() async throws {
            try await global.withClient { client in
                try await client.tags.delete(id: id)
                Printer(format: global.format).write("deleted tag \(id)")
            }
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tag (or --untag) users and companies.",
            discussion: "Example: intercom tags apply VIP --user-id 27"
        )
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Option(name: .customLong("user-id"), help: "Repeatable.") var userIDs: [String] = []
        @Option(name: .customLong("email"), help: "Repeatable.") var emails: [String] = []
        @Option(name: .customLong("company-id"), help: "Repeatable.") var companyIDs: [String] = []
        @Flag var untag = false

        func run() async throws {
            let targets =
                userIDs.map(TagTarget.user(userID:)) + emails.map(TagTarget.email) + companyIDs.map(TagTarget.companyID)
            try await global.withClient { client in
                try Printer(format: global.format).object(try await client.tags.tag(name, targets, untag: untag))
            }
        }
    }
}

struct Segments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Segments.",
        discussion: "Example: intercom segments list",
        subcommands: [List.self, Get.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List segments.",
            discussion: "Example: intercom segments list"
        )
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await global.withClient { client in
                try Printer(format: global.format).list(try await client.segments.list().segments ?? [])
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a segment.",
            discussion: "Example: intercom segments get 5310d8e7598c9a0b24000002"
        )
        @OptionGroup var global: GlobalOptions
        @Argument var id: String

        func run() async throws {
            try await global.withClient { client in
                try Printer(format: global.format).object(try await client.segments.find(id: id))
            }
        }
    }
}

struct Admins: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Admins.",
        discussion: "Example: intercom admins me",
        subcommands: [List.self, Me.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List admins.",
            discussion: "Example: intercom admins list"
        )
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await global.withClient { client in
                try Printer(format: global.format).list(try await client.admins.list().admins ?? [])
            }
        }
    }

    struct Me: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The admin the token belongs to.",
            discussion: "Example: intercom admins me"
        )
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await global.withClient { client in
                try Printer(format: global.format).object(try await client.admins.identify())
            }
        }
    }
}

struct Teams: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Teams.",
        discussion: "Example: intercom teams list",
        subcommands: [List.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List teams.",
            discussion: "Example: intercom teams list"
        )
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await global.withClient { client in
                try Printer(format: global.format).list(try await client.teams.list().teams ?? [])
            }
        }
    }
}

struct Messages: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Messages.",
        discussion: "Example: intercom messages send --admin 991267460 --to-email a@b.c --body Hi",
        subcommands: [Send.self]
    )

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send an email (with --subject) or in-app message from an admin.",
            discussion: "Example: intercom messages send --admin 991267460 --to-user-id 27 --subject Hey --body Ho"
        )
        @OptionGroup var global: GlobalOptions
        @Option var admin: String
        @Option var toUserID: String?
        @Option var toEmail: String?
        @Option var toID: String?
        @Option var subject: String?
        @Option var body: String
        @Option(help: "personal or plain, for emails.") var template: String = "personal"

        func validate() throws {
            guard [toUserID, toEmail, toID].compactMap({ $0 }).count == 1 else {
                throw ValidationError("give exactly one of --to-user-id, --to-email or --to-id")
            }
            guard EmailTemplate(rawValue: template) != nil else {
                throw ValidationError("--template must be personal or plain")
            }
        }

        func run() async throws {
            let recipient: MessageRecipient =
                toUserID.map(MessageRecipient.userID) ?? toEmail.map(MessageRecipient.email) ?? .user(id: toID ?? "")
            try await global.withClient { client in
                let message: Message
                if let subject {
                    message = try await client.messages.sendEmail(
                        template: EmailTemplate(rawValue: template) ?? .personal,
                        fromAdmin: admin,
                        to: recipient,
                        subject: subject,
                        body: body
                    )
                } else {
                    message = try await client.messages.sendInApp(fromAdmin: admin, to: recipient, body: body)
                }
                try Printer(format: global.format).object(message)
            }
        }
    }
}

struct API: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Call any endpoint with the SDK's auth, retries and errors.",
        discussion: "Example: intercom api POST /tags --data '{\"name\": \"VIP\"}'"
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "GET, POST, PUT, PATCH or DELETE.") var method: String
    @Argument(help: "The path, such as /me.") var path: String
    @Option(help: "A JSON body.") var data: String?
    @Option(name: .customLong("query"), help: "name=value (repeatable).") var query: [String] = []

    func validate() throws {
        guard ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"].contains(method.uppercased()) else {
            throw ValidationError("unsupported method \(method)")
        }
        guard path.hasPrefix("/") else { throw ValidationError("the path must begin with /") }
    }

    func run() async throws {
        let items = try query.map { pair -> URLQueryItem in
            guard let equals = pair.firstIndex(of: "=") else { throw ValidationError("'\(pair)' is not name=value") }
            return URLQueryItem(name: String(pair[..<equals]), value: String(pair[pair.index(after: equals)...]))
        }
        var body: IntercomRawRequest.Body?
        if let data {
            guard let json = try? IntercomJSON.makeDecoder().decode(JSONValue.self, from: Data(data.utf8)) else {
                throw ValidationError("--data is not valid JSON")
            }
            body = .json(json)
        }
        try await global.withClient { client in
            let request = IntercomRawRequest(
                method: .init(method.uppercased()) ?? .get,
                path: path,
                query: items,
                body: body
            )
            let response = try await client.send(request)
            let json = try response.json()
            Printer(format: global.format).write(global.format == .jsonl ? json.description : try Printer.pretty(json))
        }
    }
}
