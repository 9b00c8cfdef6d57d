public import ArgumentParser
import Foundation
public import IntercomSandbox
public import Logging

/// The command-line options of a sandbox, shared by `intercom-sandbox` and `intercom sandbox`.
public struct SandboxOptions: ParsableArguments, Sendable {
    /// The interface to listen on; anything but loopback needs ``allowRemote`` and tokens of your own.
    @Option(
        help:
            "The interface to listen on. Anything but loopback (127.0.0.0/8, ::1, localhost) needs --allow-remote and your own --token."
    )
    public var host: String = "127.0.0.1"

    /// Whether a `--host` other than loopback is allowed.
    @Flag(
        help:
            "Allow listening on a host other than loopback, such as 0.0.0.0. Needs --token with your own tokens; the default sandbox-token is then refused."
    )
    public var allowRemote: Bool = false

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

    /// How many requests get the fault, from 1 to ``SandboxLimits/queuedFaults``.
    @Option(help: "How many requests get --fault (1 to 10000).")
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
        let accessTokens: Set<String> = tokens.isEmpty ? [SandboxConfiguration.defaultAccessToken] : Set(tokens)
        if !LoopbackAddress.isLoopback(host: host) {
            guard allowRemote else {
                throw ValidationError(
                    "--host \(host) is not a loopback address (127.0.0.0/8, ::1 or localhost); "
                        + "to listen there, pass --allow-remote and a --token of your own"
                )
            }
            guard SandboxConfiguration(host: host, accessTokens: accessTokens).hasOnlyOwnTokens else {
                throw ValidationError(
                    "--allow-remote needs at least one --token of your own, and the default "
                        + "\(SandboxConfiguration.defaultAccessToken) is then refused"
                )
            }
        }
        var configuration = SandboxConfiguration(
            host: host,
            port: port,
            accessTokens: accessTokens,
            seed: seed,
            rateLimiting: .init(limit: rateLimit == 0 ? nil : rateLimit, window: .seconds(rateLimitWindow)),
            maxBodyBytes: maxBodyBytes,
            clock: OffsetClock(),
            dataFile: data.map { URL(fileURLWithPath: $0) }
        )
        configuration.allowRemote = allowRemote
        switch (webhookURL, webhookSecret) {
        case (nil, nil):
            break
        case (let url?, let secret?):
            guard let parsed = URL(string: url), LoopbackAddress.isLoopback(url: parsed) else {
                throw ValidationError(
                    "--webhook-url must be an http or https URL on a loopback host (127.0.0.0/8, ::1 or localhost)"
                )
            }
            configuration.webhooks = .init(url: parsed, secret: secret)
        default:
            throw ValidationError("--webhook-url and --webhook-secret go together")
        }
        if let fault {
            guard let parsed = SandboxFault(name: fault) else { throw ValidationError("unknown --fault \(fault)") }
            let limit = configuration.limits.queuedFaults
            guard (1...max(1, limit)).contains(faultCount) else {
                throw ValidationError("--fault-count must be between 1 and \(limit)")
            }
            configuration.initialFaults = Array(repeating: parsed, count: faultCount)
        }
        do {
            try configuration.validate()
        } catch {
            throw ValidationError(String(describing: error))
        }
        return configuration
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
