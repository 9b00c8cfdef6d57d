// Walking listings item by item and page by page, resuming from a saved cursor, and collecting a few
// items. It runs against a sandbox in this process.
//
// The Pagination article's code blocks are copied from this file, and a test checks that they still match.
import Intercom
import IntercomSandbox

// snippet.hide
let sandbox = try await Sandbox.start()
let client = sandbox.client()

/// Stands in for wherever an application keeps what it fetched.
func store(_ contacts: [Contact]) async throws {
    print("stored", contacts.count, "contacts")
}

var checkpoint: PageCursor?
// snippet.show

for try await contact in client.contacts.list() {
    print(contact.id)
}

for try await page in client.contacts.list().pages {
    try await store(page.items)
    checkpoint = page.nextCursor
}

if let checkpoint {
    for try await contact in client.contacts.list().resuming(from: checkpoint) {
        print(contact.id)
    }
}

let newest = try await client.contacts.list(perPage: 20).collect(limit: 20)

let leads = client.contacts.search(.field("role") == "lead", perPage: 50)
for try await page in leads.pages {
    print(page.totalCount ?? 0, page.items.map(\.id))
}

for try await company in client.companies.scroll() {
    print(company.name ?? company.id)
}

// snippet.hide
print(newest.count)
await sandbox.stop()
