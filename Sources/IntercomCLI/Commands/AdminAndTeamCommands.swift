import ArgumentParser
import Foundation
import HTTPTypes
import Intercom

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
