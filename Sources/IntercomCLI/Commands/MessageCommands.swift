import ArgumentParser
import Foundation
import HTTPTypes
import Intercom

struct Messages: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Messages.",
        discussion: "Example: intercom messages send --admin 991267460 --to-email a@b.c --body Hi",
        subcommands: [Send.self] + GeneratedCommands.messages
    )

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send an email (with --subject) or in-app message from an admin.",
            discussion: "Example: intercom messages send --admin 991267460 --to-user-id 27 --subject Hey --body Ho"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @Option var admin: String
        @Option var toUserID: String?
        @Option var toEmail: String?
        @Option var toID: String?
        @Option var subject: String?
        @Option var body: String
        @Option(help: "personal or plain, for emails.") var template: String = "personal"

        func validate() throws {
            guard [toUserID, toEmail, toID].compactMap({ $0 }).count == 1 else {
                throw ValidationError("give exactly one of --to-user-id, --to-email or --to-id")
            }
            guard EmailTemplate(rawValue: template) != nil else {
                throw ValidationError("--template must be personal or plain")
            }
        }

        func run() async throws {
            let recipient: MessageRecipient =
                toUserID.map(MessageRecipient.userID) ?? toEmail.map(MessageRecipient.email) ?? .user(id: toID ?? "")
            try await global.withClient { client in
                let message: Message
                if let subject {
                    message = try await client.messages.sendEmail(
                        template: EmailTemplate(rawValue: template) ?? .personal,
                        fromAdmin: admin,
                        to: recipient,
                        subject: subject,
                        body: body
                    )
                } else {
                    message = try await client.messages.sendInApp(fromAdmin: admin, to: recipient, body: body)
                }
                try global.printer.object(message)
            }
        }
    }
}
