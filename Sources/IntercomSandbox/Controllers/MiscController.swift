import Foundation
import Hummingbird
import Intercom

/// Data attributes, subscription types and the OAuth code exchange.
struct MiscController {
    let store: SandboxStore
    let state: SandboxState

    /// `POST /auth/eagle/token`.
    struct TokenBody: Decodable, Sendable {
        var code: String
        var clientID: String
        var clientSecret: String

        enum CodingKeys: String, CodingKey {
            case code
            case clientID = "client_id"
            case clientSecret = "client_secret"
        }
    }

    func register(on router: Router<SandboxContext>) {
        let store = self.store
        let state = self.state
        router.get("data_attributes") { request, _ in
            let model = request.query("model")
            let includeArchived = request.query("include_archived") == "true"
            if let model, !["contact", "company", "conversation"].contains(model) {
                throw SandboxError.parameterInvalid("model must be contact, company or conversation", field: "model")
            }
            return try await store.read { store in
                let attributes = store.data.dataAttributes.filter { attribute in
                    (model == nil || attribute.model == model) && (includeArchived || !attribute.archived)
                }
                return try Reply.list(items: attributes.map(store.data.dataAttribute))
            }
        }
        router.get("subscription_types") { _, _ in
            try await store.read { store in
                try Reply.list(items: store.data.subscriptionTypes.map(store.data.subscriptionType))
            }
        }
        router.post("auth/eagle/token") { request, _ in
            let body = try await request.decodeBody(as: TokenBody.self)
            guard body.clientID == state.configuration.oauthClientID,
                body.clientSecret == state.configuration.oauthClientSecret
            else {
                throw SandboxError(.unauthorized, .unauthorized, "The client_id or client_secret is wrong")
            }
            let token = try await store.perform { store in try store.redeemAuthorizationCode(body.code) }
            state.tokens.add(token)
            return try Reply.json(
                ["token_type": "Bearer", "access_token": .string(token), "token": .string(token)] as JSONValue
            )
        }
    }
}
