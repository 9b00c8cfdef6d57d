// A transport that answers from a closure, for tests without a network.
//
// The Transport and Middleware article copies its transport block from this file, and a test checks that
// it still matches.
import Foundation
import HTTPTypes
import Intercom

let transport = ClosureTransport { request, _ in
    IntercomResponse(head: .init(status: .ok), body: Data(#"{"type":"admin","id":"1"}"#.utf8))
}
let client = IntercomClient(accessToken: "test").with { $0.transport = transport }
let me = try await client.admins.identify()
print(me.id ?? "-")  // 1
