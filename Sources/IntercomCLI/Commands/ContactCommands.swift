import ArgumentParser
import Foundation
import HTTPTypes
import Intercom

/// Options shared by list commands.
struct ListOptions: ParsableArguments {
    @Option(help: "Items per page (1–150).")
    var perPage: Int?

    @OptionGroup var listing: ListingOptions

    /// The number of items to print.
    var effectiveLimit: Int { listing.effectiveLimit }
}

struct Contacts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Users and leads.",
        discussion: "Example: intercom contacts search 'role = lead' 'email $ @example.com'",
        subcommands: [
            List.self, Get.self, Create.self, Update.self, Delete.self, Search.self, Merge.self, Archive.self,
        ] + GeneratedCommands.contacts
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List contacts.",
            discussion: "Example: intercom contacts list --limit 20"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var list: ListOptions

        func run() async throws {
            try await global.withClient { client in
                try await global.printer.stream(
                    client.contacts.list(perPage: list.perPage),
                    limit: list.effectiveLimit
                )
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "find",
            abstract: "Show a contact.",
            discussion: "Example: intercom contacts find 6560c0a15f4d1a0001ab0001",
            aliases: ["get"]
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument(help: "The contact's Intercom id.") var id: String
        @Flag(help: "Treat the argument as your external id.") var externalID = false

        func run() async throws {
            try await global.withClient { client in
                let contact =
                    externalID
                    ? try await client.contacts.find(externalID: id)
                    : try await client.contacts.find(id: id)
                try global.printer.object(contact)
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a contact.",
            discussion: "Example: intercom contacts create --role lead --email ada@example.com --attribute plan=pro"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Option(help: "user or lead.") var role: String?
        @Option(help: "Your id for the contact.") var externalID: String?
        @Option var email: String?
        @Option var name: String?
        @Option var phone: String?
        @Option(name: .customLong("attribute"), help: "A custom attribute, key=value (repeatable).") var attributes:
            [String] = []

        func validate() throws {
            guard email != nil || externalID != nil || role != nil else {
                throw ValidationError("give at least one of --email, --external-id or --role")
            }
        }

        func run() async throws {
            try await global.withClient { client in
                var request = CreateContactRequest(
                    role: role.map(ContactRole.init(rawValue:)),
                    externalID: externalID,
                    email: email,
                    phone: phone,
                    name: name
                )
                request.customAttributes = try QuerySyntax.attributes(attributes)
                try global.printer.object(try await client.contacts.create(request))
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Update a contact.",
            discussion: "Example: intercom contacts update 6560… --name 'Ada L.'"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument var id: String
        @Option var email: String?
        @Option var name: String?
        @Option var phone: String?
        @Option(help: "Change a lead into a user with 'user'.") var role: String?
        @Option(name: .customLong("attribute"), help: "A custom attribute, key=value (repeatable).") var attributes:
            [String] = []

        func run() async throws {
            try await global.withClient { client in
                var request = UpdateContactRequest(
                    role: role.map(ContactRole.init(rawValue:)),
                    email: email,
                    phone: phone,
                    name: name
                )
                request.customAttributes = try QuerySyntax.attributes(attributes)
                try global.printer.object(try await client.contacts.update(id: id, request))
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a contact.",
            discussion: "Example: intercom contacts delete 6560…"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument var id: String

        func run() async throws {
            try await global.withClient { client in
                try global.printer.object(try await client.contacts.delete(id: id))
            }
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search contacts with readable conditions.",
            discussion: """
                Each condition is 'field operator value'; all must hold unless --any.
                Example: intercom contacts search 'role = user' 'custom_attributes.plan IN pro,team'
                """
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var list: ListOptions
        @Argument(help: "Conditions such as 'email $ @example.com'.") var conditions: [String]
        @Flag(help: "Match any condition instead of all.") var any = false

        func run() async throws {
            let query = try QuerySyntax.parse(conditions, any: any)
            try await global.withClient { client in
                try await global.printer.stream(
                    client.contacts.search(query, perPage: list.perPage),
                    limit: list.effectiveLimit
                )
            }
        }
    }

    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge a lead into a user.",
            discussion: "Example: intercom contacts merge LEAD_ID USER_ID"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument var lead: String
        @Argument var user: String

        func run() async throws {
            try await global.withClient { client in
                try global.printer.object(
                    try await client.contacts.mergeLeadInUser(from: lead, into: user)
                )
            }
        }
    }

    struct Archive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Archive (or --undo: unarchive) a contact.",
            discussion: "Example: intercom contacts archive 6560…"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument var id: String
        @Flag(help: "Unarchive instead.") var undo = false

        func run() async throws {
            try await global.withClient { client in
                if undo {
                    try global.printer.object(try await client.contacts.unarchive(id: id))
                } else {
                    try global.printer.object(try await client.contacts.archive(id: id))
                }
            }
        }
    }
}

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Contacts whose role is user.",
        discussion: "Example: intercom users save --user-id 27 --email gopher@example.com",
        subcommands: [List.self, Get.self, Save.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List users.",
            discussion: "Example: intercom users list --tag-id 7001"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var list: ListOptions
        @Option var segmentID: String?
        @Option var tagID: String?

        func run() async throws {
            try await global.withClient { client in
                let users: PaginatedSequence<Contact>
                if let segmentID {
                    users = client.users.list(segmentID: segmentID, perPage: list.perPage)
                } else if let tagID {
                    users = client.users.list(tagID: tagID, perPage: list.perPage)
                } else {
                    users = client.users.list(perPage: list.perPage)
                }
                try await global.printer.stream(users, limit: list.effectiveLimit)
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "find",
            abstract: "Find a user by id, user id or email.",
            discussion: "Example: intercom users get --email gopher@example.com",
            aliases: ["get"]
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Option var id: String?
        @Option var userID: String?
        @Option var email: String?

        func validate() throws {
            guard [id, userID, email].compactMap({ $0 }).count == 1 else {
                throw ValidationError("give exactly one of --id, --user-id or --email")
            }
        }

        func run() async throws {
            try await global.withClient { client in
                let user: Contact
                if let id {
                    user = try await client.users.find(id: id)
                } else if let userID {
                    user = try await client.users.find(userID: userID)
                } else {
                    user = try await client.users.find(email: email ?? "")
                }
                try global.printer.object(user)
            }
        }
    }

    struct Save: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or update a user.",
            discussion: "Example: intercom users save --user-id 27 --company 5"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Option var userID: String?
        @Option var email: String?
        @Option var name: String?
        @Option(name: .customLong("attribute"), help: "key=value (repeatable).") var attributes: [String] = []
        @Option(name: .customLong("company"), help: "A company_id to add the user to (repeatable).") var companies:
            [String] = []

        func validate() throws {
            guard userID != nil || email != nil else { throw ValidationError("give --user-id or --email") }
        }

        func run() async throws {
            try await global.withClient { client in
                let user = try await client.users.save(
                    UserAttributes(
                        userID: userID,
                        email: email,
                        name: name,
                        customAttributes: try QuerySyntax.attributes(attributes),
                        companies: companies.map(UserCompany.add(companyID:))
                    )
                )
                try global.printer.object(user)
            }
        }
    }
}

struct Leads: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Contacts whose role is lead.",
        discussion: "Example: intercom leads convert LEAD_ID --email ada@example.com",
        subcommands: [List.self, Create.self, Convert.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List leads.",
            discussion: "Example: intercom leads list --email visitor@example.net"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var list: ListOptions
        @Option var email: String?

        func run() async throws {
            try await global.withClient { client in
                let leads =
                    email.map { client.leads.list(email: $0, perPage: list.perPage) }
                    ?? client.leads.list(perPage: list.perPage)
                try await global.printer.stream(leads, limit: list.effectiveLimit)
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a lead.",
            discussion: "Example: intercom leads create --email visitor@example.com"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Option var email: String?
        @Option var name: String?

        func run() async throws {
            try await global.withClient { client in
                try global.printer.object(
                    try await client.leads.create(LeadAttributes(email: email, name: name))
                )
            }
        }
    }

    struct Convert: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn a lead into a user.",
            discussion: "Example: intercom leads convert LEAD_ID --user-id 27"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument var id: String
        @Option var userID: String?
        @Option var email: String?

        func validate() throws {
            guard userID != nil || email != nil else { throw ValidationError("give --user-id or --email for the user") }
        }

        func run() async throws {
            try await global.withClient { client in
                try global.printer.object(
                    try await client.leads.convert(id: id, to: UserAttributes(userID: userID, email: email))
                )
            }
        }
    }
}
