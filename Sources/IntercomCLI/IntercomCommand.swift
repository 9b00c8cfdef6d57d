import ArgumentParser
import Foundation
import HTTPTypes

/// `intercom`: the Intercom REST API from a shell.
@main
struct IntercomCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intercom",
        abstract: "Use the Intercom REST API (2.14 to 2.16) from a shell.",
        discussion: """
            Examples:
              intercom demo                                   # the whole story on an embedded sandbox
              intercom contacts list --sandbox --output table # any command on an embedded sandbox
              INTERCOM_ACCESS_TOKEN=… intercom contacts search 'role = user' 'email $ @example.com'

            Exit codes: 0 success, 64 usage error, 3 API error, 4 network error, 1 anything else.
            """,
        version: "0.1.0",
        subcommands: [
            Demo.self, Contacts.self, Users.self, Leads.self, Companies.self, Events.self, Tags.self, Segments.self,
            Admins.self, Teams.self, Conversations.self, Messages.self, Export.self, Webhook.self, API.self,
            SandboxServe.self,
        ]
    )
}
