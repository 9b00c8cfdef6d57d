import ArgumentParser
import Foundation
import HTTPTypes
import Intercom

struct Admins: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Admins.",
        discussion: "Example: intercom admins me",
        subcommands: [List.self, Me.self] + GeneratedCommands.admins
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List admins.",
            discussion: "Example: intercom admins list"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions

        func run() async throws {
            try await global.withClient { client in
                try global.printer.list(try await client.admins.list().admins ?? [])
            }
        }
    }

    struct Me: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The admin the token belongs to.",
            discussion: "Example: intercom admins me"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions

        func run() async throws {
            try await global.withClient { client in
                try global.printer.object(try await client.admins.identify())
            }
        }
    }
}

struct Teams: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Teams.",
        discussion: "Example: intercom teams list",
        subcommands: [List.self] + GeneratedCommands.teams
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List teams.",
            discussion: "Example: intercom teams list"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions

        func run() async throws {
            try await global.withClient { client in
                try global.printer.list(try await client.teams.list().teams ?? [])
            }
        }
    }
}
