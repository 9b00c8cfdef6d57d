import ArgumentParser
import Foundation
import HTTPTypes
import Intercom

struct Conversations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Conversations.",
        discussion: "Example: intercom conversations reply 147000000001 --admin 991267460 --body 'On it'",
        subcommands: [
            List.self, Get.self, Search.self, Reply.self, Note.self, Open.self, Close.self, Snooze.self, Assign.self,
        ] + GeneratedCommands.conversations
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List conversations, newest first.",
            discussion: "Example: intercom conversations list --admin 991267460 --state open"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var list: ListOptions
        @Option(help: "Only those assigned to this admin.") var admin: String?
        @Option(help: "With --admin: all, open or closed.") var state: String = "all"
        @Option(help: "Only this contact's.") var contact: String?
        @Flag(help: "With --contact: only unread ones.") var unread = false

        func validate() throws {
            guard ["all", "open", "closed"].contains(state) else {
                throw ValidationError("--state must be all, open or closed")
            }
        }

        func run() async throws {
            try await global.withClient { client in
                let conversations: PaginatedSequence<ConversationListItem>
                if let admin {
                    let filter: AdminConversationFilter = state == "open" ? .open : state == "closed" ? .closed : .all
                    conversations = client.conversations.list(adminID: admin, filter, perPage: list.perPage)
                } else if let contact {
                    conversations = client.conversations.list(
                        contactID: contact,
                        unreadOnly: unread,
                        perPage: list.perPage
                    )
                } else {
                    conversations = client.conversations.list(perPage: list.perPage)
                }
                try await global.printer.stream(conversations, limit: list.effectiveLimit)
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "find",
            abstract: "Show a conversation with its parts.",
            discussion: "Example: intercom conversations find 147000000001",
            aliases: ["get"]
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument var id: String

        func run() async throws {
            try await global.withClient { client in
                try global.printer.object(try await client.conversations.find(id: id))
            }
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search conversations.",
            discussion: "Example: intercom conversations search 'state = open' 'source.body = export'"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var list: ListOptions
        @Argument var conditions: [String]
        @Flag var any = false

        func run() async throws {
            let query = try QuerySyntax.parse(conditions, any: any)
            try await global.withClient { client in
                try await global.printer.stream(
                    client.conversations.search(query, perPage: list.perPage),
                    limit: list.effectiveLimit
                )
            }
        }
    }

    struct Reply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reply as an admin (--admin) or a contact (--user-id, --contact or --email).",
            discussion: "Example: intercom conversations reply 147000000001 --user-id user-1001 --body Thanks"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument var id: String
        @Option var admin: String?
        @Option var userID: String?
        @Option var contact: String?
        @Option var email: String?
        @Option var body: String
        @Option(name: .customLong("attachment"), help: "An attachment URL (repeatable, at most 10).") var attachments:
            [String] = []

        func validate() throws {
            guard [admin, userID, contact, email].compactMap({ $0 }).count == 1 else {
                throw ValidationError("give exactly one of --admin, --user-id, --contact or --email")
            }
        }

        func run() async throws {
            try await global.withClient { client in
                let conversation: Conversation
                if let admin {
                    conversation = try await client.conversations.reply(
                        id: id,
                        asAdmin: admin,
                        .comment,
                        body: body,
                        attachmentURLs: attachments
                    )
                } else {
                    let author: MessageRecipient =
                        userID.map(MessageRecipient.userID) ?? email.map(MessageRecipient.email)
                        ?? .user(id: contact ?? "")
                    conversation = try await client.conversations.reply(
                        id: id,
                        as: author,
                        body: body,
                        attachmentURLs: attachments
                    )
                }
                try global.printer.object(conversation)
            }
        }
    }

    struct Note: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a note only admins see.",
            discussion: "Example: intercom conversations note 147000000001 --admin 991267460 --body VIP"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument var id: String
        @Option var admin: String
        @Option var body: String

        func run() async throws {
            try await global.withClient { client in
                try global.printer.object(
                    try await client.conversations.reply(id: id, asAdmin: admin, .note, body: body)
                )
            }
        }
    }

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a conversation.",
            discussion: "Example: intercom conversations open 147000000001 --admin 991267460"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument var id: String
        @Option var admin: String

        func run() async throws {
            try await global.withClient { client in
                try global.printer.object(try await client.conversations.open(id: id, byAdmin: admin))
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a conversation.",
            discussion: "Example: intercom conversations close 147000000001 --admin 991267460"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument var id: String
        @Option var admin: String
        @Option var body: String?

        func run() async throws {
            try await global.withClient { client in
                try global.printer.object(
                    try await client.conversations.close(id: id, byAdmin: admin, body: body)
                )
            }
        }
    }

    struct Snooze: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Snooze a conversation.",
            discussion: "Example: intercom conversations snooze 147000000001 --admin 991267460 --minutes 60"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument var id: String
        @Option var admin: String
        @Option(help: "For how long, in minutes (at most ten years).") var minutes: Int

        func validate() throws {
            guard (1...5_256_000).contains(minutes) else {
                throw ValidationError("--minutes must be between 1 and 5256000 (ten years)")
            }
        }

        func run() async throws {
            try await global.withClient { client in
                let until = client.configuration.clock.now.addingTimeInterval(TimeInterval(minutes * 60))
                let conversation = try await client.conversations.manage(
                    id: id,
                    .snoozed(SnoozeConversationRequest(adminID: admin, snoozedUntil: until))
                )
                try global.printer.object(conversation)
            }
        }
    }

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assign a conversation to an admin.",
            discussion: "Example: intercom conversations assign 147000000001 --admin 991267460 --to 991267461"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument var id: String
        @Option var admin: String
        @Option var to: String

        func run() async throws {
            try await global.withClient { client in
                try global.printer.object(
                    try await client.conversations.assign(id: id, byAdmin: admin, to: to)
                )
            }
        }
    }
}
