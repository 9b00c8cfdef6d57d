import ArgumentParser
import Foundation
import HTTPTypes
import Intercom

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
