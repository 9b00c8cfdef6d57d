import ArgumentParser
import Foundation
import Intercom

/// `intercom tickets`: the generated commands, plus search with readable conditions.
struct Tickets: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tickets, their parts and their states.",
        discussion: "Example: intercom tickets search 'state = submitted'",
        subcommands: [Search.self] + GeneratedCommands.tickets
    )

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search tickets with readable conditions.",
            discussion: """
                Each condition is 'field operator value'; all must hold unless --any.
                Example: intercom tickets search 'state = submitted' 'created_at > 1700000000'
                """
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var list: ListOptions
        @Argument(help: "Conditions such as 'title ~ refund'.") var conditions: [String]
        @Flag(help: "Match any condition instead of all.") var any = false

        func run() async throws {
            let query = try QuerySyntax.parse(conditions, any: any)
            try await global.withClient { client in
                try await global.printer.stream(
                    client.tickets.search(query, perPage: list.perPage),
                    limit: list.effectiveLimit
                )
            }
        }
    }
}
