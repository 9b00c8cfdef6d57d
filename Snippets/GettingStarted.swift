// The first hour with Intercom for Swift, in the order the README's quick start and the Getting Started
// article tell it: create, find and update a contact, search, walk every contact, handle a missing one,
// verify a webhook notification, and last, reach an endpoint by hand. It runs against a sandbox in this
// process, so it needs no workspace and sends nothing beyond loopback.
//
// The documentation's code blocks are copied from this file, and a test checks that they still match.
import Foundation
import HTTPTypes
import Intercom
import IntercomSandbox
import Logging

/// Makes a client for a real workspace. Nothing here calls it: the story below talks to a sandbox.
func makeClient(token: String) -> IntercomClient {
    let client = IntercomClient(accessToken: token)  // an access token or an OAuth token
    return client
}

/// Makes a client for a workspace hosted in Europe.
func makeEuropeanClient(token: String) -> IntercomClient {
    let client = IntercomClient(accessToken: token, configuration: .init(region: .eu))
    return client
}

/// Where the rotating tokens of this example come from.
struct SecretStore: Sendable {
    func intercomToken(for workspace: String) async throws -> String { "token-for-\(workspace)" }
}

/// Makes a client that asks for a token before every request.
func makeRotatingClient(secrets: SecretStore, workspace: String) -> IntercomClient {
    let client = IntercomClient { try await secrets.intercomToken(for: workspace) }
    return client
}

/// Makes a client from INTERCOM_ACCESS_TOKEN, and INTERCOM_BASE_URL or INTERCOM_REGION.
func makeClientFromEnvironment() throws -> IntercomClient {
    let client = try IntercomClient.fromEnvironment()
    return client
}

// snippet.hide
// The story runs against a sandbox in this process, seeded with a small sample workspace.
let sandbox = try await Sandbox.start()
let client = sandbox.client()
// snippet.show

let ada = try await client.contacts.create(
    CreateContactRequest(role: .user, externalID: "ada-1815", email: "ada@example.com", name: "Ada Lovelace")
)
print(ada.id, ada.role?.rawValue ?? "-")

let found = try await client.contacts.find(id: ada.id)
let sameOne = try await client.contacts.find(externalID: "ada-1815")
print(found.email ?? "-", found.id == sameOne.id)

let updated = try await client.contacts.update(
    id: ada.id,
    UpdateContactRequest(name: "Augusta Ada King", customAttributes: ["plan": "pro"])
)
print(updated.name ?? "-", updated.customAttributes?["plan"]?.stringValue ?? "-")

let query: SearchQuery = .and([
    .field("role") == "user",
    .field("custom_attributes.plan").in(["pro", "team"]),
])
for try await contact in client.contacts.search(query, perPage: 50) {
    print(contact.email ?? "-", contact.customAttributes?["plan"]?.stringValue ?? "-")
}

let openConversations = try await client.conversations.search(.field("state") == "open").collect(limit: 20)
print(openConversations.count)

for try await contact in client.contacts.list() {
    print(contact.id, contact.email ?? "-")
}

let firstTen = try await client.contacts.list(perPage: 10).collect(limit: 10)
print(firstTen.map(\.id))
for try await page in client.contacts.list(perPage: 50).pages {
    print(page.items.count, "of", page.totalCount ?? 0, "next:", page.nextCursor?.description ?? "end")
}

do {
    _ = try await client.contacts.find(id: "no-such-contact")
} catch let error as IntercomError where error.code == .notFound {
    print(error.statusCode ?? 0, error.message, error.requestID ?? "-")
}

func handleWebhook(body: Data, signatureHeader: String?, clientSecret: String) throws {
    let notification = try WebhookNotification.verifyAndParse(
        body: body,
        signatureHeader: signatureHeader,
        secret: clientSecret
    )
    switch notification.item {
    case .contact(let contact):
        print(notification.topic, contact.id, contact.email ?? "-")
    case .conversation(let conversation):
        print(notification.topic, conversation.id)
    default:
        print("not handled:", notification.topic)
    }
}

let sample: JSONValue = [
    "type": "notification_event",
    "id": "notif_ada_created",
    "topic": "contact.user.created",
    "data": ["type": "notification_event_data", "item": ["type": "contact", "id": .string(ada.id)]],
]
let body = try IntercomJSON.makeEncoder().encode(sample)
let signature = WebhookSignature(secret: "client-secret").signature(for: body)
try handleWebhook(body: body, signatureHeader: signature, clientSecret: "client-secret")

do {
    try handleWebhook(body: body, signatureHeader: signature, clientSecret: "another-secret")
} catch let error as WebhookVerificationError {
    print(error)  // answer 401 and process nothing
}

let patient = client.with { $0.timeout = .seconds(120) }
let traced = client.with { $0.logger = Logger(label: "intercom") }

let me = try await client.send(.init(method: .get, path: "/me"))
print(try me.json()["email"]?.stringValue ?? "-")

let created = try await client.send(.init(method: .post, path: "/tags", body: .json(["name": "VIP"])))
print(try created.json()["id"]?.stringValue ?? "-")

print(client.latestRateLimit?.description ?? "no rate limit seen yet")

// snippet.hide
await sandbox.stop()
