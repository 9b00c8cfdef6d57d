import ArgumentParser
import Foundation
import HTTPTypes
import Intercom

struct Tags: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tags.",
        discussion: "Example: intercom tags apply VIP --user-id 27 --company-id acme",
        subcommands: [List.self, Create.self, Delete.self, Apply.self] + GeneratedCommands.tags
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List tags.",
            discussion: "Example: intercom tags list"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions

        func run() async throws {
            try await global.withClient { client in
                try global.printer.list(try await client.tags.list().data ?? [])
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a tag, or rename one with --id.",
            discussion: "Example: intercom tags create VIP"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument var name: String
        @Option var id: String?

        func run() async throws {
            try await global.withClient { client in
                try global.printer.object(try await client.tags.save(name: name, id: id))
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a tag.",
            discussion: "Example: intercom tags delete 7001"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument var id: String

        func run() async throws {
            try await global.withClient { client in
                try await client.tags.delete(id: id)
                global.printer.write("deleted tag \(id)")
            }
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tag (or --untag) users and companies.",
            discussion: "Example: intercom tags apply VIP --user-id 27"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument var name: String
        @Option(name: .customLong("user-id"), help: "Repeatable.") var userIDs: [String] = []
        @Option(name: .customLong("email"), help: "Repeatable.") var emails: [String] = []
        @Option(name: .customLong("company-id"), help: "Repeatable.") var companyIDs: [String] = []
        @Flag var untag = false

        func run() async throws {
            let targets =
                userIDs.map(TagTarget.user(userID:)) + emails.map(TagTarget.email) + companyIDs.map(TagTarget.companyID)
            try await global.withClient { client in
                try global.printer.object(try await client.tags.tag(name, targets, untag: untag))
            }
        }
    }
}
