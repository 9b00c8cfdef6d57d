// Handling the SDK's errors: Intercom's error codes, the error items of an API error, a switch over every
// case, rate limits and retry policies. It runs against a sandbox in this process.
//
// The Handling Errors article's code blocks are copied from this file, and a test checks that they still match.
import HTTPTypes
import Intercom
import IntercomSandbox
import Logging

// snippet.hide
let sandbox = try await Sandbox.start()
let client = sandbox.client()
let logger = Logger(label: "app")
let contactID = "6560c0a15f4d1a000000dead"
// snippet.show

do {
    _ = try await client.contacts.delete(id: contactID)
} catch let error as IntercomError where error.code == .notFound {
    // already gone
} catch let error as IntercomError {
    logger.error("Intercom failed: \(error) [request \(error.requestID ?? "-")]")
    throw error
}

do {
    _ = try await client.contacts.create(CreateContactRequest(email: "margaret@acme.example"))
} catch IntercomError.api(let apiError) {
    print(apiError.status.code, apiError.requestID ?? "-")
    for item in apiError.errors {
        print(item.code, item.message ?? "", item.field ?? "")
    }
}

func exitCode(for error: IntercomError) -> Int32 {
    switch error {
    case .api, .http: return 3
    case .transport, .timeout: return 4
    case .cancelled: return 130
    case .invalidRequest: return 64
    case .decoding, .responseTooLarge: return 1
    @unknown default: return 1
    }
}

// snippet.hide
print(exitCode(for: .cancelled))
// snippet.show

if let rateLimit = client.latestRateLimit {
    print(rateLimit.remaining, "of", rateLimit.limit, "left until", rateLimit.resetAt)
}

let persistent = client.with { $0.retryPolicy = RetryPolicy(maxAttempts: 5, maxRateLimitWait: .seconds(30)) }
let once = client.with { $0.retryPolicy = .none }

// snippet.hide
await sandbox.stop()
