import ArgumentParser
public import Foundation
public import Logging

/// The command-line options of a sandbox, shared by `intercom-sandbox` and `intercom sandbox`.
public struct SandboxOptions: ParsableArguments, Sendable {
    /// The interface to listen on.
    @Option(help: "The interface to listen on.")
    public var host: String = "127.0.0.1"

    /// The port; 0 picks a free one.
    @Option(help: "The port to listen on; 0 picks a free one.")
    public var port: Int = 4010

    /// Accepted access tokens.
    @Option(name: .customLong("token"), help: "An access token to accept (repeatable). Default: sandbox-token.")
    public var tokens: [String] = []

    /// The starting data.
    @Option(help: "The data to start with: sample or empty.")
    public var seed: String = "sample"

    /// Requests allowed per window, or 0 for no limit.
    @Option(help: "Requests allowed per rate-limit window; 0 turns 429s off.")
    public var rateLimit: Int = 1000

    /// The window length in seconds.
    @Option(help: "The rate-limit window, in seconds.")
    public var rateLimitWindow: Int = 10

    /// The largest request body.
    @Option(help: "The largest request body accepted, in bytes.")
    public var maxBodyBytes: Int = 1 << 20

    /// A fault for the first requests.
    @Option(
        help:
            "Inject a fault into the first requests: rate_limit, server_error, service_unavailable, bad_gateway_html, gateway_timeout_html, latency:<ms>, drop_connection, truncated_body."
    )
    public var fault: String?

    /// How many requests get the fault.
    @Option(help: "How many requests get --fault.")
    public var faultCount: Int = 1

    /// Where to deliver webhooks.
    @Option(help: "Deliver signed webhook notifications to this loopback URL.")
    public var webhookURL: String?

    /// The webhook signing secret.
    @Option(help: "The secret that signs webhook deliveries (X-Hub-Signature).")
    public var webhookSecret: String?

    /// A file to keep data in across restarts.
    @Option(help: "Load data from this JSON file at start and save it there at exit.")
    public var data: String?

    /// The log level.
    @Option(help: "The log level: trace, debug, info, notice, warning, error, critical.")
    public var logLevel: Logger.Level = .info

    /// Creates the options with their defaults.
    public init() {}

    /// Checks the options and builds a configuration from them.
    public func makeConfiguration() throws -> SandboxConfiguration {
        guard let seed = SandboxConfiguration.Seed(rawValue: seed) else {
            throw ValidationError("--seed must be sample or empty, not \(seed)")
        }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard rateLimit >= 0, rateLimitWindow > 0 else {
            throw ValidationError("--rate-limit must be 0 or more and --rate-limit-window positive")
        }
        guard maxBodyBytes > 0 else { throw ValidationError("--max-body-bytes must be positive") }
        var configuration = SandboxConfiguration(
            host: host,
            port: port,
            accessTokens: tokens.isEmpty ? [SandboxConfiguration.defaultAccessToken] : Set(tokens),
            seed: seed,
            rateLimiting: .init(limit: rateLimit == 0 ? nil : rateLimit, window: .seconds(rateLimitWindow)),
            maxBodyBytes: maxBodyBytes,
            clock: OffsetClock(),
            dataFile: data.map { URL(fileURLWithPath: $0) }
        )
        switch (webhookURL, webhookSecret) {
        case (nil, nil):
            break
        case (let url?, let secret?):
            guard let parsed = URL(string: url), SandboxConfiguration.isLoopback(parsed) else {
                throw ValidationError(
                    "--webhook-url must be an http URL on a loopback host (127.0.0.1, ::1 or localhost)"
                )
            }
            configuration.webhooks = .init(url: parsed, secret: secret)
        default:
            throw ValidationError("--webhook-url and --webhook-secret go together")
        }
        if let fault {
            guard let parsed = SandboxFault(name: fault) else { throw ValidationError("unknown --fault \(fault)") }
            configuration.initialFaults = Array(repeating: parsed, count: max(1, faultCount))
        }
        return configuration
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

extension SandboxConfiguration {
    /// Whether `url` is an http(s) URL on a loopback host.
    public static func isLoopback(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host?.lowercased()
        else {
            return false
        }
        return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
