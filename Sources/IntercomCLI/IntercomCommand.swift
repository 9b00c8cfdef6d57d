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
              intercom --sandbox contacts list --output table # any command on an embedded sandbox
              INTERCOM_ACCESS_TOKEN=… intercom contacts search 'role = user' 'email $ @example.com'

            Exit codes: 0 success, 64 usage error, 3 API error, 4 network error, 1 anything else.
            """,
        version: "0.1.0",
        subcommands: [
            Demo.self, Contacts.self, Users.self, Leads.self, Companies.self, Events.self, Tags.self, Segments.self,
            Admins.self, Teams.self, Conversations.self, Messages.self, Tickets.self,
        ] + GeneratedCommands.groups + [
            Export.self, Webhook.self, API.self, SandboxServe.self, Auth.self, Completion.self,
        ]
    )

    /// Parses the command line with the global options moved after the subcommand, where every
    /// command declares them, then runs the command.
    static func main() async {
        let arguments = GlobalOptions.hoisted(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// `intercom completion bash|zsh|fish`: the shell completion script, every command included.
struct Completion: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a shell completion script.",
        discussion: """
            Example: intercom completion zsh > "${fpath[1]}/_intercom"
                     intercom completion bash > /etc/bash_completion.d/intercom
                     intercom completion fish > ~/.config/fish/completions/intercom.fish
            """
    )

    @Argument(help: "bash, zsh or fish.")
    var shell: String

    func validate() throws {
        guard CompletionShell(rawValue: shell) != nil else {
            throw ValidationError("the shell must be bash, zsh or fish")
        }
    }

    func run() throws {
        guard let kind = CompletionShell(rawValue: shell) else { return }
        print(IntercomCommand.completionScript(for: kind))
    }
}
