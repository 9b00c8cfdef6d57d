// Testing against the sandbox: one in a closure, a manual clock and injected faults, the control API under
// /sandbox, and signed webhook deliveries to a local receiver. Everything listens on loopback only.
//
// The README's sandbox block, the Testing with the Sandbox article and the IntercomSandbox landing page
// copy their code blocks from this file, and a test checks that they still match.
import HTTPTypes
import Intercom
import IntercomSandbox

try await withSandbox { sandbox in
    let client = sandbox.client()  // a client for sandbox.baseURL that sends the sandbox's token
    let lead = try await client.contacts.create(CreateContactRequest(role: .lead, email: "ada@example.com"))
    print(lead.role == .lead)  // in a test: #expect(lead.role == .lead)
}

let clock = ManualClock()
var configuration = SandboxConfiguration(clock: clock)
configuration.initialFaults = [.serverError, .serviceUnavailable]
let sandbox = try await Sandbox.start(configuration)
let client = sandbox.client { $0.clock = clock }  // the client's retries wait on the same clock

let me = try await client.admins.identify()  // a 500 and a 503 first, both retried without real waiting
print(me.email ?? "-")
clock.advance(by: .seconds(61))  // long enough for an idle company scroll to expire

_ = try await client.send(.init(method: .post, path: "/sandbox/faults", body: .json(["fault": "rate_limit"])))
let status = try await client.send(.init(method: .get, path: "/sandbox/status"))
print(try status.json()["pending_faults"]?.arrayValue?.count ?? 0)  // 1
_ = try await client.admins.identify()  // a 429 first: the client waits for the window's reset, then retries
_ = try await client.send(.init(method: .post, path: "/sandbox/reset", body: .json(["seed": "empty"])))

// snippet.hide
await sandbox.stop()
// snippet.show

let receiver = try await WebhookReceiver.start(secret: "webhook-secret")
var withWebhooks = SandboxConfiguration()
withWebhooks.webhooks = .init(url: receiver.url, secret: "webhook-secret")
try await withSandbox(withWebhooks) { sandbox in
    let client = sandbox.client()
    _ = try await client.companies.createOrUpdate(CreateOrUpdateCompanyRequest(name: "Acme", companyID: "acme"))
    await sandbox.store.flushWebhooks()
}
for delivery in receiver.deliveries {
    print(delivery.signatureValid, delivery.notification?.topic ?? "-")  // true company.created
}
await receiver.stop()
