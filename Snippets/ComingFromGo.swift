// intercom-go's calls in this SDK: users and leads as views over contacts, tags, events, cursor pages and
// errors. It runs against a sandbox in this process.
//
// The Coming from intercom-go article copies its code blocks from this file, and a test checks that they
// still match.
import Foundation
import Intercom
import IntercomSandbox

// snippet.hide
let sandbox = try await Sandbox.start()
let client = sandbox.client()
_ = try await client.companies.save(CompanyAttributes(companyID: "5", name: "Go Gophers"))
// snippet.show

let user = try await client.users.save(
    UserAttributes(
        userID: "27",
        email: "gopher@example.com",
        name: "InterGopher",
        signedUpAt: Date(),
        customAttributes: ["is_cool": true],
        companies: [.add(companyID: "5")]
    )
)
let same = try await client.users.find(email: "gopher@example.com")

let lead = try await client.leads.create(LeadAttributes(email: "visitor@example.org", name: "Visitor"))
try await client.events.save(eventName: "bought_item", userID: "27", metadata: ["item_name": "PocketWatch"])
let vip = try await client.tags.tag("VIP", [.user(userID: "27"), .contact(id: lead.id), .companyID("5")])

for try await page in client.users.list(perPage: 50).pages {
    print(page.items.count, page.nextCursor?.description ?? "last page")
}

do {
    _ = try await client.users.find(email: "nobody@example.com")
} catch let error as IntercomError {
    print(error.statusCode ?? 0, error.code?.rawValue ?? "-", error.message)
}

// snippet.hide
print(user.id == same.id, vip.name ?? "-")
await sandbox.stop()
