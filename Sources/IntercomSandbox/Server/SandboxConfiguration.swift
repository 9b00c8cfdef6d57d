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
        /// The receiver's URL; only loopback hosts are accepted.
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
    public var host: String
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
    /// Faults injected into the first requests, in order.
    public var initialFaults: [SandboxFault] = []

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
