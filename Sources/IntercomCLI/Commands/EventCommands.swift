import ArgumentParser
import Foundation
import HTTPTypes
import Intercom

struct Events: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Events.",
        discussion: "Example: intercom events send bought_item --user-id 27 --metadata item=watch",
        subcommands: [Send.self, List.self] + GeneratedCommands.events
    )

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an event.",
            discussion: "Example: intercom events send bought_item --user-id 27"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
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
                global.printer.write("recorded \(name)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A user's events of the last 90 days.",
            discussion: "Example: intercom events list --user-id 27"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Option var userID: String?
        @Option var email: String?

        func run() async throws {
            try await global.withClient { client in
                let events = try await client.events.list(userID: userID, email: email, type: "user")
                try global.printer.object(events)
            }
        }
    }
}
