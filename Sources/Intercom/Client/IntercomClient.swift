public import Foundation
import HTTPTypes
import Logging
import Synchronization

/// A client for the Intercom REST API.
///
/// Creating a client is cheap and it needs no shutdown: make one per workspace (per token) and share
/// it freely across tasks.
///
/// ```swift
/// let client = IntercomClient(accessToken: "dG9rOmFi...")
/// let me = try await client.send(.init(method: .get, path: "/me"))
/// ```
///
/// Use ``with(_:)`` to derive a client with other settings for some calls, the way intercom-go's
/// `ic.Option(...)` does.
public struct IntercomClient: Sendable {
    /// The version of this SDK, sent in the `User-Agent`.
    public static let sdkVersion = "0.1.0"

    /// The settings this client sends requests with.
    public let configuration: Configuration

    let credentials: Credentials
    let state: SharedState
    /// The middleware chain and transport, built once per client rather than per request.
    let pipeline: MiddlewarePipeline
    /// The base URL's parts, read once.
    let endpoint: Result<Endpoint, IntercomError>

    /// Creates a client that authenticates with an access token or an OAuth token.
    ///
    /// Both kinds of token are sent as `Authorization: Bearer <token>`. An empty token is rejected
    /// when the first request is made, before anything is sent.
    public init(accessToken: String, configuration: Configuration = Configuration()) {
        self.init(credentials: .token(accessToken), configuration: configuration, state: SharedState())
    }

    /// Creates a client that asks `tokenProvider` for a token before every request, for rotating
    /// tokens or tokens fetched from a secret store.
    public init(
        configuration: Configuration = Configuration(),
        tokenProvider: @escaping @Sendable () async throws -> String
    ) {
        self.init(credentials: .provider(tokenProvider), configuration: configuration, state: SharedState())
    }

    init(credentials: Credentials, configuration: Configuration, state: SharedState) {
        self.credentials = credentials
        self.configuration = configuration
        self.state = state
        self.endpoint = Endpoint.parse(configuration.baseURL)
        self.pipeline = MiddlewarePipeline(
            middleware: configuration.middleware + [
                HeadersMiddleware(
                    credentials: credentials,
                    apiVersion: configuration.apiVersion,
                    userAgent: configuration.userAgent,
                    additionalHeaders: configuration.additionalHeaders
                ),
                RetryMiddleware(policy: configuration.retryPolicy, clock: configuration.clock),
                ErrorDecodingMiddleware(),
                TracingMiddleware(level: configuration.traceLevel, state: state),
            ],
            transport: configuration.transport
        )
    }

    /// Creates a client from environment variables.
    ///
    /// - `INTERCOM_ACCESS_TOKEN` (required): the access token.
    /// - `INTERCOM_BASE_URL` (optional): a base URL, for example a local sandbox's.
    /// - `INTERCOM_REGION` (optional): `us`, `eu` or `au`, when no base URL is given.
    ///
    /// - Throws: ``IntercomError/invalidRequest(_:)`` when the token is missing or a value is malformed.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        configuration: Configuration = Configuration()
    ) throws -> IntercomClient {
        guard let token = environment["INTERCOM_ACCESS_TOKEN"], !token.isEmpty else {
            throw IntercomError.invalidRequest(field: "INTERCOM_ACCESS_TOKEN", "The variable is not set.")
        }
        var configuration = configuration
        if let base = environment["INTERCOM_BASE_URL"], !base.isEmpty {
            guard let url = URL(string: base), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw IntercomError.invalidRequest(field: "INTERCOM_BASE_URL", "\"\(base)\" is not an http(s) URL.")
            }
            configuration.baseURL = url
        } else if let name = environment["INTERCOM_REGION"], !name.isEmpty {
            guard let region = Region(rawValue: name.lowercased()) else {
                throw IntercomError.invalidRequest(
                    field: "INTERCOM_REGION",
                    "Expected us, eu or au, found \"\(name)\"."
                )
            }
            configuration.use(region)
        }
        return IntercomClient(accessToken: token, configuration: configuration)
    }

    /// A client with changed settings that shares this one's token and rate-limit state.
    ///
    /// ```swift
    /// let traced = client.with { $0.logger = Logger(label: "intercom") }
    /// let me = try await client.with { $0.apiVersion = .v2_14 }.admins.identify()
    /// ```
    public func with(_ change: (inout Configuration) -> Void) -> IntercomClient {
        var configuration = self.configuration
        change(&configuration)
        return IntercomClient(credentials: credentials, configuration: configuration, state: state)
    }

    /// The rate-limit state from the most recent response that reported one, errors included.
    public var latestRateLimit: RateLimit? { state.latestRateLimit }
}

extension IntercomClient {
    /// Where the bearer token comes from.
    enum Credentials: Sendable {
        case token(String)
        case provider(@Sendable () async throws -> String)
        /// No `Authorization` header, for the OAuth code exchange.
        case anonymous

        func token() async throws -> String? {
            let token: String
            switch self {
            case .anonymous:
                return nil
            case .token(let value):
                token = value
            case .provider(let provider):
                do {
                    token = try await provider()
                } catch let error as IntercomError {
                    throw error
                } catch {
                    throw IntercomError.invalidRequest(field: "accessToken", "The token provider failed: \(error)")
                }
            }
            return try Self.validated(token)
        }

        /// `token` trimmed, or the error a header could not carry it with.
        static func validated(_ token: String) throws -> String {
            let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else {
                throw IntercomError.invalidRequest(field: "accessToken", "The access token is empty.")
            }
            guard trimmed.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x21 && $0.value != 0x7F }) else {
                throw IntercomError.invalidRequest(
                    field: "accessToken",
                    "The access token contains characters a header cannot carry."
                )
            }
            return trimmed
        }
    }

    /// State shared by a client and every client derived from it with ``with(_:)``.
    final class SharedState: Sendable {
        private let rateLimit = Mutex<RateLimit?>(nil)

        var latestRateLimit: RateLimit? { rateLimit.withLock { $0 } }

        func record(_ value: RateLimit) {
            rateLimit.withLock { $0 = value }
        }
    }
}
