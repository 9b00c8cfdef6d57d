public import Foundation
import HTTPTypes

/// The two steps of Intercom's OAuth flow for apps that other workspaces install.
///
/// 1. Send the installing user to ``authorizationURL(state:redirectURI:)``.
/// 2. Intercom redirects back with a `code`; trade it for a token with ``exchange(code:configuration:)``
///    within a few minutes. The token then works like an access token:
///    `IntercomClient(accessToken: token.accessToken)`.
public struct IntercomOAuth: Sendable {
    /// Where Intercom asks the user to approve the app.
    public static let authorizeEndpoint = URL(string: "https://app.intercom.com/oauth")!  // A constant, valid URL.

    /// Your app's client id.
    public var clientID: String
    /// Your app's client secret.
    public var clientSecret: String

    /// Creates the flow for an app.
    public init(clientID: String, clientSecret: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    /// The URL to send the installing user to.
    ///
    /// - Parameters:
    ///   - state: A value you check when the user comes back, against request forgery.
    ///   - redirectURI: Where Intercom sends the user back; it must be registered for the app.
    public func authorizationURL(state: String? = nil, redirectURI: URL? = nil) -> URL {
        var components = URLComponents(url: Self.authorizeEndpoint, resolvingAgainstBaseURL: false)
        var items = [URLQueryItem(name: "client_id", value: clientID)]
        if let state { items.append(URLQueryItem(name: "state", value: state)) }
        if let redirectURI { items.append(URLQueryItem(name: "redirect_uri", value: redirectURI.absoluteString)) }
        components?.queryItems = items
        return components?.url ?? Self.authorizeEndpoint
    }

    /// A token from the exchange.
    public struct Token: Sendable, Hashable, Decodable {
        /// The bearer token.
        public var accessToken: String
        /// The token type, `Bearer`.
        public var tokenType: String?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case token
            case tokenType = "token_type"
        }

        /// Decodes `access_token`, or the older `token`.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let value = try container.decodeIfPresent(String.self, forKey: .accessToken) {
                accessToken = value
            } else {
                accessToken = try container.decode(String.self, forKey: .token)
            }
            tokenType = try container.decodeIfPresent(String.self, forKey: .tokenType)
        }
    }

    /// Trades the `code` Intercom sent back for a token.
    ///
    /// - HTTP: `POST /auth/eagle/token` (no bearer token)
    /// - Parameters:
    ///   - code: The `code` query parameter of the redirect to your app; single use, and short-lived.
    ///   - configuration: Where to send it; the US region by default, or a sandbox.
    public func exchange(code: String, configuration: IntercomClient.Configuration = .init()) async throws -> Token {
        guard !code.isEmpty else {
            throw IntercomError.invalidRequest(field: "code", "The authorization code is empty.")
        }
        let client = IntercomClient(
            credentials: .anonymous,
            configuration: configuration,
            state: IntercomClient.SharedState()
        )
        let body: JSONValue = [
            "code": .string(code), "client_id": .string(clientID), "client_secret": .string(clientSecret),
        ]
        return try await client.execute(
            APIRequest(.post, "/auth/eagle/token", body: body, operation: "oauth.exchange"),
            as: Token.self
        )
    }
}
