import Foundation

// intercom-profile: one hot path in a loop, in one process and without a benchmark harness, for valgrind
// (callgrind) and perf.
//
//   intercom-profile sandbox-get N   N sequential GET /contacts/{id} to an in-process sandbox, raw AsyncHTTPClient
//   intercom-profile sdk-find N      N sequential client.contacts.find(id:) against in-process bare routes
//   intercom-profile bare-find N     the same with a bare AsyncHTTPClient GET and JSONSerialization

let usage = "usage: intercom-profile (sandbox-get | sdk-find | bare-find) N, with N a whole number from 1 to 10000000"
let arguments = ProcessInfo.processInfo.arguments
guard arguments.count == 3, let repetitions = Int(arguments[2]), (1...10_000_000).contains(repetitions) else {
    Profile.fail(usage, status: 64)
}

do {
    switch arguments[1] {
    case "sandbox-get":
        try await Profile.sandboxGet(count: repetitions)
    case "sdk-find":
        try await Profile.sdkFind(count: repetitions)
    case "bare-find":
        try await Profile.bareFind(count: repetitions)
    default:
        Profile.fail(usage, status: 64)
    }
} catch {
    Profile.fail("intercom-profile: \(error)", status: 1)
}
