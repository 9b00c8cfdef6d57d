// The short example on the Intercom module's landing page. It only declares a function, which nothing
// calls, so it never reaches the network.
//
// The landing page copies its code block from this file, and a test checks that it still matches.
import Intercom

func welcome(email: String, token: String) async throws -> Contact {
    let client = IntercomClient(accessToken: token)
    let lead = try await client.contacts.create(CreateContactRequest(role: .lead, email: email))
    for try await user in client.contacts.search(.field("email") == .string(email)) where user.id != lead.id {
        print("\(email) is already the contact \(user.id)")
    }
    return try await client.contacts.update(id: lead.id, UpdateContactRequest(customAttributes: ["source": "signup"]))
}
