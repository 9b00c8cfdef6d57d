// A client's settings: region, time-out, retries, tracing and the API version. Nothing here reaches the
// network: making a client sends no request, and a client pinned to an older API version refuses a newer
// operation before sending anything.
//
// The README's code blocks about settings are copied from this file, and a test checks that they still match.
import Intercom
import Logging

// snippet.hide
let token = "<token>"

/// Makes a client from the environment. Nothing here calls it.
func makeClientFromEnvironment() throws -> IntercomClient {
    let client = try IntercomClient.fromEnvironment()
    return client
}
// snippet.show

var configuration = IntercomClient.Configuration(region: .eu)  // .us, .eu, .au; or init(baseURL:) for any URL
configuration.timeout = .seconds(10)  // per attempt
configuration.retryPolicy = RetryPolicy(maxAttempts: 5)
configuration.logger = Logger(label: "intercom")  // one trace line per attempt, never the token
let client = IntercomClient(accessToken: token, configuration: configuration)

// Other settings for some calls, the way intercom-go's ic.Option(...) works:
let patient = client.with { $0.timeout = .seconds(120) }

let pinned = client.with { $0.apiVersion = .v2_14 }
do {
    _ = try await pinned.macros.list().collect()
} catch IntercomError.invalidRequest(let failure) {
    print(failure.message)  // macros.list is available from Intercom API 2.16 and this client uses 2.14: …
}
