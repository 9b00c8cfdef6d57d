import ArgumentParser
import Foundation
import Intercom

/// A named set of connection settings kept between calls: a token, where to send requests and the
/// API version.
struct Profile: Codable, Equatable {
    var token: String?
    var region: String?
    var baseURL: String?
    var apiVersion: String?

    enum CodingKeys: String, CodingKey {
        case token
        case region
        case baseURL = "base_url"
        case apiVersion = "api_version"
    }
}

/// The profiles file: `$XDG_CONFIG_HOME/intercom/config.json` (or `~/.config/intercom/config.json`),
/// readable by its owner only, as it holds tokens.
struct ProfileStore {
    /// The profile used when neither `--profile` nor `INTERCOM_PROFILE` names one.
    static let defaultName = "default"

    var profiles: [String: Profile] = [:]

    /// Where the file lives for this environment.
    static func fileURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let base: URL
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            base = URL(fileURLWithPath: xdg)
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            base = URL(fileURLWithPath: home).appendingPathComponent(".config")
        }
        return base.appendingPathComponent("intercom").appendingPathComponent("config.json")
    }

    /// The stored profiles; none when the file does not exist yet.
    static func load(from url: URL = fileURL()) throws -> ProfileStore {
        guard FileManager.default.fileExists(atPath: url.path) else { return ProfileStore() }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ValidationError("cannot read \(url.path)")
        }
        guard data.count <= 1 << 20 else { throw ValidationError("\(url.path) is larger than 1 MiB") }
        do {
            return ProfileStore(profiles: try JSONDecoder().decode([String: Profile].self, from: data))
        } catch {
            throw ValidationError("\(url.path) is not a profiles file; move it away and log in again")
        }
    }

    /// Writes the profiles, creating the directory (0700) and the file (0600) for the owner only.
    ///
    /// The file is created under a temporary name with owner-only permissions from its first byte
    /// (`open` with mode 0600, refusing to follow a link or reuse a file), then renamed into place, so
    /// no one else can ever read the tokens; a failed write leaves no temporary file behind.
    func save(to url: URL = fileURL()) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".config.json.\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try FileManager.default.createDirectory(
                at: directory,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
            // An existing directory keeps its mode; tighten it, as it holds tokens.
            guard chmod(directory.path, 0o700) == 0 else { throw CocoaError(.fileWriteNoPermission) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try encoder.encode(profiles)
            let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
            guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            do {
                try handle.write(contentsOf: data)
                try handle.synchronize()
                try handle.close()
            } catch {
                unlink(temporary.path)
                throw error
            }
            guard rename(temporary.path, url.path) == 0 else {
                unlink(temporary.path)
                throw CocoaError(.fileWriteUnknown)
            }
        } catch {
            throw ValidationError("cannot write \(url.path)")
        }
    }
}

/// `intercom auth`: keep a token (and where it works) in a named profile.
struct Auth: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Log in, see which workspace a token reaches, and log out.",
        discussion: """
            Settings are read in this order: an option (--token, --base-url, --region, --api-version), then the \
            environment (INTERCOM_ACCESS_TOKEN, INTERCOM_BASE_URL), then the profile (--profile, else \
            INTERCOM_PROFILE, else "default").
            Example: intercom auth login --profile eu-prod --region eu < token.txt
            """,
        subcommands: [Login.self, Status.self, Logout.self]
    )

    struct Login: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a token in a profile.",
            discussion: """
                The token is read from standard input: typed at a prompt that does not echo it, or piped.
                Example: intercom auth login --profile eu-prod --region eu
                """
        )
        @Option(help: "The profile to store it in (default: $INTERCOM_PROFILE, else \"default\").") var profile: String?
        @Option(help: "The workspace's region: us, eu or au.") var region: String?
        @Option(help: "A base URL instead of the region's, such as a sandbox's.") var baseURL: String?
        @Option(help: "The Intercom-Version this profile sends.") var apiVersion: String?

        func validate() throws {
            if let region, IntercomClient.Region(rawValue: region.lowercased()) == nil {
                throw ValidationError("--region must be us, eu or au")
            }
            if let baseURL {
                guard let url = URL(string: baseURL), url.scheme == "http" || url.scheme == "https", url.host != nil
                else { throw ValidationError("--base-url must be an http(s) URL") }
            }
        }

        func run() async throws {
            let token = try TokenPrompt.read()
            let name = GlobalOptions.profileName(profile)
            var store = try ProfileStore.load()
            store.profiles[name] = Profile(
                token: token,
                region: region?.lowercased(),
                baseURL: baseURL,
                apiVersion: apiVersion
            )
            try store.save()
            FileHandle.standardError.write(Data("Stored a token in profile \"\(name)\".\n".utf8))
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show which workspace and admin the token belongs to.",
            discussion: "Example: intercom auth status --profile eu-prod"
        )
        @OptionGroup(title: "Global Options") var global: GlobalOptions

        func run() async throws {
            let settings = try global.settings()
            try await global.withClient { client in
                let me = try await client.admins.identify()
                var status: [String: JSONValue] = [
                    "token": .string("set (from \(settings.tokenSource))"),
                    "api_version": .string(client.configuration.apiVersion.rawValue),
                    "base_url": .string(client.configuration.baseURL.absoluteString),
                    "admin": .string([me.name, me.email].compactMap { $0 }.joined(separator: " ")),
                ]
                if let profile = settings.profileName { status["profile"] = .string(profile) }
                if let app = me.app {
                    status["workspace"] = .string([app.name, app.idCode].compactMap { $0 }.joined(separator: " "))
                }
                try global.printer.object(JSONValue.object(status))
            }
        }
    }

    struct Logout: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forget a profile and its token.",
            discussion: "Example: intercom auth logout --profile eu-prod"
        )
        @Option(help: "The profile to forget (default: $INTERCOM_PROFILE, else \"default\").") var profile: String?

        func run() async throws {
            let name = GlobalOptions.profileName(profile)
            var store = try ProfileStore.load()
            guard store.profiles.removeValue(forKey: name) != nil else {
                throw ValidationError("there is no profile \"\(name)\"")
            }
            try store.save()
            FileHandle.standardError.write(Data("Removed profile \"\(name)\".\n".utf8))
        }
    }
}

/// Reads a token from standard input, without echoing it when a person types it.
enum TokenPrompt {
    static func read() throws -> String {
        let interactive = isatty(STDIN_FILENO) == 1
        var original = termios()
        if interactive {
            FileHandle.standardError.write(Data("Paste the access token (it is not shown): ".utf8))
            tcgetattr(STDIN_FILENO, &original)
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        }
        let line = readLine(strippingNewline: true)
        if interactive {
            tcsetattr(STDIN_FILENO, TCSANOW, &original)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        let token = (line ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw ValidationError("no token on standard input") }
        guard token.count <= 4096, !token.contains(where: \.isWhitespace) else {
            throw ValidationError("that does not look like an access token")
        }
        return token
    }
}
