public import Foundation
public import Intercom

/// How a sandbox behaves: where it listens, which tokens it accepts, its data, limits and faults.
public struct SandboxConfiguration: Sendable {
    /// Which data a sandbox starts with.
    public enum Seed: String, Sendable, CaseIterable, Codable {
        /// A small workspace for demos: admins, a team, segments, tags, companies, users, leads and conversations.
        case sample
        /// Nothing but the admin that owns the access token.
        case empty
    }

    /// Per-window rate limiting, as Intercom applies it.
    public struct RateLimiting: Sendable, Hashable {
        /// Requests allowed per window; `nil` turns 429s off (the headers are still sent).
        public var limit: Int?
        /// The window length. Intercom uses 10 seconds.
        public var window: Duration

        /// Creates rate-limit settings.
        public init(limit: Int? = 1000, window: Duration = .seconds(10)) {
            self.limit = limit
            self.window = window
        }

        /// Headers on every response but no 429s.
        public static let unlimited = RateLimiting(limit: nil)
    }

    /// Where to deliver signed webhook notifications.
    public struct Webhooks: Sendable {
        /// The receiver's URL: `http` or `https` on a loopback host (see ``LoopbackAddress``). A sandbox
        /// with another URL does not start, and deliveries never follow redirects.
        public var url: URL
        /// The secret that signs each delivery (`X-Hub-Signature: sha1=…`), the app's client secret.
        public var secret: String

        /// Creates webhook settings.
        public init(url: URL, secret: String) {
            self.url = url
            self.secret = secret
        }
    }

    /// The interface to listen on. Defaults to `127.0.0.1`.
    ///
    /// Anything but a loopback address (see ``LoopbackAddress``) needs ``allowRemote`` and tokens of your own.
    public var host: String
    /// Whether the sandbox may listen on a host other than loopback, such as `0.0.0.0`.
    ///
    /// Even then it starts only when every accepted token is your own: none may be
    /// ``defaultAccessToken``, which anyone can guess. Defaults to `false`.
    public var allowRemote: Bool = false
    /// The port; `0` picks a free one.
    public var port: Int
    /// The access tokens the sandbox accepts as `Authorization: Bearer …`.
    public var accessTokens: Set<String>
    /// The data the sandbox starts with.
    public var seed: Seed
    /// Per-window rate limiting.
    public var rateLimiting: RateLimiting
    /// The largest request body accepted, in bytes; larger bodies get `413`.
    public var maxBodyBytes: Int
    /// Signed webhook delivery, if any.
    public var webhooks: Webhooks?
    /// The OAuth app the sandbox answers `POST /auth/eagle/token` for.
    public var oauthClientID: String
    /// The OAuth app's client secret.
    public var oauthClientSecret: String
    /// The clock for timestamps, rate-limit windows and scroll expiry. Tests can pass a ``ManualClock``.
    public var clock: any IntercomClock
    /// A JSON file to load the store from at start and save it to at stop, to keep data across restarts.
    public var dataFile: URL?
    /// Faults injected into the first requests, in order; at most ``SandboxLimits/queuedFaults``.
    public var initialFaults: [SandboxFault] = []
    /// Bounds on what clients can make the sandbox keep, and what happens past each.
    public var limits = SandboxLimits()

    /// The access token a default sandbox accepts.
    public static let defaultAccessToken = "sandbox-token"

    /// A sandbox on an ephemeral `127.0.0.1` port with the sample workspace and the default token.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        accessTokens: Set<String> = [SandboxConfiguration.defaultAccessToken],
        seed: Seed = .sample,
        rateLimiting: RateLimiting = RateLimiting(),
        maxBodyBytes: Int = 1 << 20,
        webhooks: Webhooks? = nil,
        oauthClientID: String = "sandbox-client",
        oauthClientSecret: String = "sandbox-client-secret",
        clock: any IntercomClock = SystemClock(),
        dataFile: URL? = nil
    ) {
        self.host = host
        self.port = port
        self.accessTokens = accessTokens
        self.seed = seed
        self.rateLimiting = rateLimiting
        self.maxBodyBytes = maxBodyBytes
        self.webhooks = webhooks
        self.oauthClientID = oauthClientID
        self.oauthClientSecret = oauthClientSecret
        self.clock = clock
        self.dataFile = dataFile
    }
}

/// Why a ``SandboxConfiguration`` cannot be used to start a sandbox.
///
/// Descriptions name the offending host but never a URL's path, query or credentials, nor any token or secret.
public enum SandboxConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The webhook URL is not `http`/`https` on a loopback host; the associated value is its host, if any.
    case webhookURLNotLoopback(host: String?)
    /// The host to listen on is not loopback and ``SandboxConfiguration/allowRemote`` is off.
    case hostNotLoopback(host: String)
    /// Remote listening was allowed, but the accepted tokens are empty or include the well-known
    /// ``SandboxConfiguration/defaultAccessToken``.
    case remoteNeedsOwnTokens(host: String)
    /// More initial faults than ``SandboxLimits/queuedFaults`` allows.
    case tooManyInitialFaults(count: Int, limit: Int)
    /// A limit in ``SandboxConfiguration/limits`` is negative; the associated value is its name.
    case negativeLimit(String)

    /// A readable explanation.
    public var description: String {
        switch self {
        case .webhookURLNotLoopback(let host):
            let shown = host.map { "host \"" + $0 + "\"" } ?? "a URL without a host"
            return "The webhook URL must be http or https on a loopback host (127.0.0.0/8, ::1 or localhost), not "
                + shown
        case .hostNotLoopback(let host):
            return "The sandbox listens only on loopback unless remote access is allowed; \"\(host)\" is not loopback"
        case .remoteNeedsOwnTokens(let host):
            return "Listening on \"\(host)\" needs access tokens of your own, and not the default "
                + "\(SandboxConfiguration.defaultAccessToken)"
        case .tooManyInitialFaults(let count, let limit):
            return "\(count) initial faults is more than the limit of \(limit)"
        case .negativeLimit(let name):
            return "The limit \(name) must not be negative"
        }
    }
}

extension SandboxConfiguration {
    /// Whether `url` is an `http` or `https` URL on a loopback host; see ``LoopbackAddress/isLoopback(url:)``.
    public static func isLoopback(_ url: URL) -> Bool {
        LoopbackAddress.isLoopback(url: url)
    }

    /// Whether the accepted tokens are all the user's own: at least one, none empty, none the default token.
    public var hasOnlyOwnTokens: Bool {
        !accessTokens.isEmpty
            && accessTokens.allSatisfy {
                !$0.trimmingCharacters(in: .whitespaces).isEmpty && $0 != SandboxConfiguration.defaultAccessToken
            }
    }

    /// Checks what a sandbox needs before it starts: a loopback host (or ``allowRemote`` with tokens of
    /// your own), a loopback webhook URL, limits that are not negative, and initial faults within their limit.
    ///
    /// ``Sandbox/start(_:logger:)`` calls this; call it yourself when you serve the router another way.
    public func validate() throws(SandboxConfigurationError) {
        if !LoopbackAddress.isLoopback(host: host) {
            guard allowRemote else { throw SandboxConfigurationError.hostNotLoopback(host: host) }
            guard hasOnlyOwnTokens else { throw SandboxConfigurationError.remoteNeedsOwnTokens(host: host) }
        }
        if let webhooks, !LoopbackAddress.isLoopback(url: webhooks.url) {
            let host = URLComponents(url: webhooks.url, resolvingAgainstBaseURL: false)?.host
            throw SandboxConfigurationError.webhookURLNotLoopback(host: host)
        }
        if let name = limits.firstNegative { throw SandboxConfigurationError.negativeLimit(name) }
        if initialFaults.count > limits.queuedFaults {
            throw SandboxConfigurationError.tooManyInitialFaults(
                count: initialFaults.count,
                limit: limits.queuedFaults
            )
        }
    }
}
