import ArgumentParser
import Foundation
import HTTPTypes
import Intercom
import IntercomSandbox
import TestSupport
import Testing

@testable import IntercomCLI

/// The generated commands (one per operation), the global options, `--data`, `--fields`, `--limit`,
/// profiles and completions, run as a user runs them: the built binary against an in-process sandbox.
@Suite("intercom: every operation as a command")
struct GeneratedCommandTests {
    static func target(_ sandbox: Sandbox) -> [String] {
        ["--base-url", sandbox.baseURL.absoluteString, "--token", SandboxConfiguration.defaultAccessToken]
    }

    /// Runs `arguments` against `sandbox` with JSON output and returns the parsed output.
    static func json(_ arguments: [String], _ sandbox: Sandbox, input: Data = Data()) async throws -> JSONValue {
        let result = try await CLI.run(arguments + ["--output", "json"] + target(sandbox), input: input)
        #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.stderr)")
        return result.json ?? .null
    }

    @Test("Every SDK operation has exactly one command, and every command in the catalog exists")
    func coverage() throws {
        let operations = Set(IntercomOperationCatalog.all.map { "\($0.method) \($0.path)" })
        let catalog = GeneratedCommands.catalog
        let covered = catalog.map(\.operation)
        #expect(Set(covered) == operations)
        #expect(covered.count == operations.count, "an operation has more than one command")
        // Every command path resolves in the command tree.
        var paths: Set<String> = []
        func walk(_ command: any ParsableCommand.Type, prefix: [String]) {
            for child in command.configuration.subcommands {
                let name = child.configuration.commandName ?? child._commandName
                let path = prefix + [name]
                paths.insert(path.joined(separator: " "))
                for alias in child.configuration.aliases { paths.insert((prefix + [alias]).joined(separator: " ")) }
                walk(child, prefix: path)
            }
        }
        walk(IntercomCommand.self, prefix: [])
        let missing = catalog.map(\.command).filter { !paths.contains($0) }
        #expect(missing.isEmpty, "commands in the catalog but not in the tree: \(missing)")
        print("CLI coverage: \(Set(covered).count) of \(operations.count) operations have a command")
    }

    @Test("Global options give the same result before and after the subcommand")
    func globalOptionsAnywhere() async throws {
        try await withSandbox(SandboxConfiguration(clock: ManualClock())) { sandbox in
            let after = try await CLI.run(
                ["contacts", "list", "--limit", "3", "--output", "json"] + Self.target(sandbox)
            )
            let before = try await CLI.run(
                ["--output", "json"] + Self.target(sandbox) + ["contacts", "list", "--limit", "3"]
            )
            let between = try await CLI.run(
                ["contacts", "--output=json"] + Self.target(sandbox) + ["list", "--limit", "3"]
            )
            #expect(after.status == 0, "\(after.stderr)")
            #expect(before.status == 0, "\(before.stderr)")
            #expect(between.status == 0, "\(between.stderr)")
            #expect(before.stdout == after.stdout)
            #expect(between.stdout == after.stdout)
            #expect(after.json?.arrayValue?.count == 3)
        }
    }

    @Test("A sample of generated commands across groups agrees with the store")
    func generatedCommands() async throws {
        try await withSandbox(SandboxConfiguration(clock: ManualClock())) { sandbox in
            let client = sandbox.client()
            let contact = try await client.contacts.create(
                CreateContactRequest(role: .user, externalID: "gen-1", email: "gen@example.com")
            )
            let company = try await client.companies.createOrUpdate(
                CreateOrUpdateCompanyRequest(name: "Generated Co", companyID: "gen-co")
            )
            let admin = try #require(try await client.admins.list().admins?.first?.id)
            let tag = try await client.tags.save(name: "generated")

            // contacts
            let byExternal = try await Self.json(["contacts", "find-by-external-id", "gen-1"], sandbox)
            #expect(byExternal["id"]?.stringValue == contact.id)
            let blocked = try await Self.json(["contacts", "block", contact.id], sandbox)
            #expect(blocked["id"]?.stringValue == contact.id)
            _ = try await Self.json(["contacts", "archive", contact.id], sandbox)
            let unarchived = try await Self.json(["contacts", "unarchive", contact.id], sandbox)
            #expect(unarchived["archived"] == false)
            // companies
            let attached = try await Self.json(
                ["companies", "attach-contact", contact.id, "--company-id", company.id],
                sandbox
            )
            #expect(attached["id"]?.stringValue == company.id)
            let companiesOfContact = try await Self.json(["contacts", "list-attached-companies", contact.id], sandbox)
            #expect(companiesOfContact.arrayValue?.compactMap { $0["id"]?.stringValue } == [company.id])
            let renamed = try await Self.json(["companies", "update", company.id, "--name", "Renamed Co"], sandbox)
            #expect(renamed["name"] == "Renamed Co")
            #expect(try await client.companies.find(id: company.id).name == "Renamed Co")
            let segments = try await Self.json(["companies", "list-attached-segments", company.id], sandbox)
            #expect(segments["type"] != nil)
            // tags
            let tagged = try await Self.json(["tags", "tag-contact", contact.id, "--tag-id", tag.id], sandbox)
            #expect(tagged["id"]?.stringValue == tag.id)
            let tagsOfContact = try await Self.json(["contacts", "list-attached-tags", contact.id], sandbox)
            #expect(tagsOfContact["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [tag.id])
            let foundTag = try await Self.json(["tags", "find", tag.id], sandbox)
            #expect(foundTag["name"] == "generated")
            _ = try await Self.json(["tags", "untag-contact", contact.id, tag.id], sandbox)
            #expect(try await client.contacts.listAttachedTags(id: contact.id).data?.isEmpty == true)
            // notes
            let note = try await Self.json(
                [
                    "notes", "create-by-contact-id", contact.id, "--body", "Called about the invoice", "--admin-id",
                    admin,
                ],
                sandbox
            )
            let noteID = try #require(note["id"]?.stringValue)
            let foundNote = try await Self.json(["notes", "find", noteID], sandbox)
            #expect(foundNote["body"]?.stringValue?.contains("invoice") == true)
            let notes = try await Self.json(["notes", "list-by-contact-id", contact.id], sandbox)
            #expect(notes.arrayValue?.compactMap { $0["id"]?.stringValue }.contains(noteID) == true)
            // admins, teams, segments, data attributes, subscription types
            let foundAdmin = try await Self.json(["admins", "find", admin], sandbox)
            #expect(foundAdmin["id"]?.stringValue == admin)
            let away = try await Self.json(
                ["admins", "away", admin, "--away-mode-enabled", "true", "--away-mode-reassign", "false"],
                sandbox
            )
            #expect(away["away_mode_enabled"] == true)
            if let team = try await client.teams.list().teams?.first?.id {
                let foundTeam = try await Self.json(["teams", "find", team], sandbox)
                #expect(foundTeam["id"]?.stringValue == team)
            }
            let attributes = try await Self.json(["data-attributes", "list", "--model", "contact"], sandbox)
            #expect(attributes["data"]?.arrayValue?.isEmpty == false)
            let subscriptionTypes = try await Self.json(["subscription-types", "list"], sandbox)
            #expect(subscriptionTypes["type"] != nil)
            let contactSegments = try await Self.json(["contacts", "list-attached-segments", contact.id], sandbox)
            #expect(contactSegments["type"] != nil)
            // delete
            _ = try await Self.json(["companies", "detach-contact", contact.id, company.id], sandbox)
            let deleted = try await Self.json(["companies", "delete", company.id], sandbox)
            #expect(deleted["deleted"] == true)
            await #expect(throws: IntercomError.self) { _ = try await client.companies.find(id: company.id) }
        }
    }

    @Test("--data takes JSON inline, from a file and from stdin; options override its fields")
    func dataInput() async throws {
        try await withSandbox(SandboxConfiguration(clock: ManualClock())) { sandbox in
            let company = try await sandbox.client().companies.createOrUpdate(
                CreateOrUpdateCompanyRequest(name: "Data Co", companyID: "data-co")
            )
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("body-\(UUID().uuidString).json")
            try Data(#"{"name": "From File", "plan": "pro"}"#.utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }

            let inline = try await Self.json(
                ["companies", "update", company.id, "--data", #"{"name": "Inline"}"#],
                sandbox
            )
            #expect(inline["name"] == "Inline")
            let fromFile = try await Self.json(["companies", "update", company.id, "--data", "@\(file.path)"], sandbox)
            #expect(fromFile["name"] == "From File")
            let fromStdin = try await Self.json(
                ["companies", "update", company.id, "--data", "-", "--name", "Flag Wins"],
                sandbox,
                input: Data(#"{"name": "From Stdin", "industry": "Rockets"}"#.utf8)
            )
            #expect(fromStdin["name"] == "Flag Wins")
            #expect(fromStdin["industry"] == "Rockets")

            let broken = try await CLI.run(
                ["companies", "update", company.id, "--data", "{not json"] + Self.target(sandbox)
            )
            #expect(broken.status == 64)
            #expect(broken.stderr.contains("--data is not valid JSON"))
        }
    }

    @Test("--fields picks keys in JSON, table and CSV output")
    func fields() async throws {
        try await withSandbox(SandboxConfiguration(clock: ManualClock())) { sandbox in
            let json = try await CLI.run(
                ["contacts", "list", "--limit", "2", "--fields", "id,email,custom_attributes.plan", "--output", "json"]
                    + Self.target(sandbox)
            )
            let rows = try #require(json.json?.arrayValue)
            #expect(rows.count == 2)
            #expect(
                rows.allSatisfy { Set($0.objectValue?.keys ?? [:].keys) == ["id", "email", "custom_attributes.plan"] }
            )

            let table = try await CLI.run(
                ["contacts", "list", "--limit", "2", "--fields", "email,id", "--output", "table"] + Self.target(sandbox)
            )
            let lines = table.stdout.split(separator: "\n")
            #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true) == ["EMAIL", "ID"])
            #expect(lines.count == 3)

            let csv = try await CLI.run(
                ["export", "contacts", "--format", "csv", "--fields", "id,email"] + Self.target(sandbox)
            )
            let csvLines = csv.stdout.split(separator: "\n")
            #expect(csvLines.first == "id,email")
            #expect(
                csvLines.dropFirst().allSatisfy {
                    $0.split(separator: ",", omittingEmptySubsequences: false).count == 2
                }
            )
        }
    }

    @Test("--limit stops early and --all walks every page of a 1,000-contact workspace")
    func limitAndAll() async throws {
        let configuration = SandboxConfiguration(seed: .empty, rateLimiting: .unlimited, clock: ManualClock())
        try await withSandbox(configuration) { sandbox in
            await sandbox.store.generateContacts(count: 1_000)
            let limited = try await CLI.run(
                ["contacts", "list", "--limit", "120", "--per-page", "50", "--output", "jsonl"] + Self.target(sandbox)
            )
            #expect(limited.stdout.split(separator: "\n").count == 120)
            let everything = try await CLI.run(
                ["contacts", "list", "--all", "--per-page", "150", "--output", "jsonl"] + Self.target(sandbox)
            )
            let ids = everything.stdout.split(separator: "\n").compactMap {
                try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8))["id"]?.stringValue
            }
            #expect(ids.count == 1_000)
            #expect(Set(ids).count == 1_000)
            let conflicting = try await CLI.run(["contacts", "list", "--all", "--limit", "5"] + Self.target(sandbox))
            #expect(conflicting.status == 64)
        }
    }

    @Test("Profiles: login from stdin, status, a second profile, precedence, logout; the file is 0600")
    func profiles() async throws {
        try await withSandbox(SandboxConfiguration(clock: ManualClock())) { sandbox in
            let home = FileManager.default.temporaryDirectory.appendingPathComponent(
                "intercom-home-\(UUID().uuidString)"
            )
            defer { try? FileManager.default.removeItem(at: home) }
            let environment = ["XDG_CONFIG_HOME": home.path]
            let token = SandboxConfiguration.defaultAccessToken

            let login = try await CLI.run(
                ["auth", "login", "--base-url", sandbox.baseURL.absoluteString, "--api-version", "2.14"],
                input: Data("\(token)\n".utf8),
                environment: environment
            )
            #expect(login.status == 0, "\(login.stderr)")
            #expect(!login.stdout.contains(token) && !login.stderr.contains(token))
            let file = home.appendingPathComponent("intercom/config.json")
            let permissions = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
            #expect(permissions == 0o600)

            let status = try await CLI.run(["auth", "status", "--output", "json"], environment: environment)
            #expect(status.status == 0, "\(status.stderr)")
            #expect(status.json?["api_version"] == "2.14")
            #expect(status.json?["token"] == "set (from profile default)")
            #expect(!status.stdout.contains(token))

            // A profile that points nowhere useful, chosen by name; flags and the environment still win.
            let other = try await CLI.run(
                ["auth", "login", "--profile", "broken", "--base-url", "http://127.0.0.1:9"],
                input: Data("\(token)\n".utf8),
                environment: environment
            )
            #expect(other.status == 0)
            let viaProfile = try await CLI.run(["admins", "me", "--profile", "broken"], environment: environment)
            #expect(viaProfile.status == 4, "the broken profile's base URL is used")
            let flagWins = try await CLI.run(
                [
                    "admins", "me", "--profile", "broken", "--base-url", sandbox.baseURL.absoluteString, "--output",
                    "json",
                ],
                environment: environment
            )
            #expect(flagWins.status == 0, "\(flagWins.stderr)")
            let environmentWins = try await CLI.run(
                ["admins", "me", "--output", "json"],
                environment: environment.merging(
                    ["INTERCOM_PROFILE": "broken", "INTERCOM_BASE_URL": sandbox.baseURL.absoluteString]
                ) { $1 }
            )
            #expect(environmentWins.status == 0, "\(environmentWins.stderr)")

            let logout = try await CLI.run(["auth", "logout", "--profile", "broken"], environment: environment)
            #expect(logout.status == 0)
            let gone = try await CLI.run(["admins", "me", "--profile", "broken"], environment: environment)
            #expect(gone.status == 64)
            #expect(gone.stderr.contains("no profile"))
        }
    }

    @Test("Completion scripts for bash, zsh and fish include the generated commands")
    func completions() async throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try await CLI.run(["completion", shell])
            #expect(result.status == 0, "\(shell): \(result.stderr)")
            #expect(result.stdout.contains("help-center"), "\(shell)")
            #expect(result.stdout.contains("find-by-external-id"), "\(shell)")
        }
    }

    @Test("export covers the other listings too: articles page by page, tickets through search, as CSV")
    func exportMoreResources() async throws {
        try await withLoopbackServer(respond: { request, _ in
            switch request.path {
            case "/articles":
                let page = Int(request.query["page"] ?? "1") ?? 1
                let items = (0..<2).map {
                    #"{"type":"article","id":"a\#(page)\#($0)","title":"Guide \#(page)\#($0)","state":"published"}"#
                }
                return .json(
                    #"{"type":"list","data":[\#(items.joined(separator: ","))],"total_count":6,"pages":{"type":"pages","page":\#(page),"per_page":2,"total_pages":3}}"#
                )
            case "/tickets/search":
                let after = (request.json?["pagination"] as? [String: Any])?["starting_after"] as? String
                let next = after == nil ? #","pages":{"type":"pages","next":{"starting_after":"c1"}}"# : ""
                let id = after == nil ? "t1" : "t2"
                return .json(
                    #"{"type":"ticket.list","tickets":[{"type":"ticket","id":"\#(id)","ticket_state":{"type":"ticket_state","category":"submitted"}}]\#(next)}"#
                )
            default:
                return .json(
                    #"{"type":"error.list","errors":[{"code":"not_found","message":"no"}]}"#,
                    status: .notFound
                )
            }
        }) { url, _ in
            let target = ["--base-url", url.absoluteString, "--token", "t"]
            let articles = try await CLI.run(
                ["export", "articles", "--format", "csv", "--fields", "id,title"] + target
            )
            #expect(articles.status == 0, "\(articles.stderr)")
            #expect(articles.stdout.split(separator: "\n").count == 7)
            #expect(articles.stdout.contains("a31,Guide 31"))
            let tickets = try await CLI.run(["export", "tickets", "--format", "csv"] + target)
            #expect(tickets.status == 0, "\(tickets.stderr)")
            let rows = tickets.stdout.split(separator: "\n")
            #expect(rows.first?.hasPrefix("id,ticket_id,category,ticket_state.category") == true)
            #expect(
                rows.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).first } == [
                    "t1", "t2",
                ]
            )
            #expect(rows.dropFirst().allSatisfy { $0.contains("submitted") })
            let unresumable = try await CLI.run(["export", "articles", "--resume", "x"] + target)
            #expect(unresumable.status == 64)
        }
    }
}
