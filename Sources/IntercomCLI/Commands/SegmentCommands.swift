import ArgumentParser
import Foundation
import HTTPTypes
import Intercom

struct Segments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Segments.",
        discussion: "Example: intercom segments list",
        subcommands: [List.self, Get.self] + GeneratedCommands.segments
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List segments.",
            discussion: "Example: intercom segments list"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions

        func run() async throws {
            try await global.withClient { client in
                try global.printer.list(try await client.segments.list().segments ?? [])
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "find",
            abstract: "Show a segment.",
            discussion: "Example: intercom segments find 5310d8e7598c9a0b24000002",
            aliases: ["get"]
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Argument var id: String

        func run() async throws {
            try await global.withClient { client in
                try global.printer.object(try await client.segments.find(id: id))
            }
        }
    }
}
