public import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1

/// Sends webhook notifications the way the sandbox delivers them: only to loopback URLs, and never following
/// a redirect, so a receiver cannot bounce a signed notification to another host.
///
/// The sandbox's own deliveries use it, and so can tools that replay a notification to a local handler:
///
/// ```swift
/// let status = try await WebhookHTTP.post(
///     body,
///     to: URL(string: "http://127.0.0.1:8080/hooks")!,
///     headers: ["X-Hub-Signature": WebhookSignature(secret: secret).signature(for: body)]
/// )
/// ```
public enum WebhookHTTP {
    /// The user agent sent when the caller names none.
    public static let defaultUserAgent = "intercom-sandbox-webhooks"

    /// The largest response body read back from a receiver; the rest is ignored.
    static let maxResponseBytes = 1 << 20

    /// A process-wide HTTP client whose redirect setting is `.disallow`: a `3xx` answer is returned as it is.
    ///
    /// It is made on first use and lives until the process exits, like AsyncHTTPClient's `HTTPClient.shared`,
    /// and is never shut down. Being held by a global, it is never deinitialised, so AsyncHTTPClient's debug
    /// check that a client is shut down before it goes away does not apply. Do not call `shutdown()` on it.
    public static var client: HTTPClient { sharedClient }

    private static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// POSTs `body` to `url` with ``client`` and answers the receiver's HTTP status code.
    ///
    /// `Content-Type: application/json` and `User-Agent: intercom-sandbox-webhooks` are sent unless `headers`
    /// names them. A redirect is not followed; its `3xx` status is returned.
    ///
    /// - Throws: ``SandboxConfigurationError/webhookURLNotLoopback(host:)`` when `url` is not `http` or `https`
    ///   on a loopback host (see ``LoopbackAddress``), before anything is sent; AsyncHTTPClient's errors when
    ///   the request fails or takes longer than `timeout`.
    public static func post(
        _ body: Data,
        to url: URL,
        headers: [String: String] = [:],
        timeout: Duration = .seconds(10)
    ) async throws -> Int {
        try checkLoopback(url)
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        var fields = HTTPHeaders()
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { fields.add(name: name, value: value) }
        if !fields.contains(name: "Content-Type") { fields.add(name: "Content-Type", value: "application/json") }
        if !fields.contains(name: "User-Agent") { fields.add(name: "User-Agent", value: defaultUserAgent) }
        request.headers = fields
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: TimeAmount(timeout))
        _ = try? await response.body.collect(upTo: maxResponseBytes)
        return Int(clamping: response.status.code)
    }

    /// Sends `HEAD url`, as Intercom does to check a receiver before it delivers, and answers the status code.
    ///
    /// - Throws: As ``post(_:to:headers:timeout:)``.
    static func head(_ url: URL, timeout: Duration = .seconds(5)) async throws -> Int {
        try checkLoopback(url)
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .HEAD
        request.headers.add(name: "User-Agent", value: defaultUserAgent)
        let response = try await client.execute(request, timeout: TimeAmount(timeout))
        _ = try? await response.body.collect(upTo: maxResponseBytes)
        return Int(clamping: response.status.code)
    }

    private static func checkLoopback(_ url: URL) throws {
        guard LoopbackAddress.isLoopback(url: url) else {
            let host = URLComponents(url: url, resolvingAgainstBaseURL: false)?.host
            throw SandboxConfigurationError.webhookURLNotLoopback(host: host)
        }
    }
}
