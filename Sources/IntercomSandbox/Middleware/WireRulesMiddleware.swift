import Foundation
import HTTPTypes
import Hummingbird
import Intercom
import NIOCore

/// Checks what Intercom checks before any route runs, in Intercom's order: the bearer token (401),
/// the `Accept` header (406), the `Intercom-Version` (400), then the body's size (413, for every method) and,
/// for `POST`, `PUT`, `PATCH` and `DELETE`, its JSON (400).
struct WireRulesMiddleware: RouterMiddleware {
    typealias Context = SandboxContext

    let tokens: TokenRegistry
    let maxBodyBytes: Int

    /// Every version Intercom accepts in `Intercom-Version`.
    static let supportedVersions: Set<String> = Set(
        ["1.0", "1.1", "1.2", "1.3", "1.4"] + (0...16).map { "2.\($0)" } + ["Unstable", "Preview"]
    )

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        var request = request
        if !Self.isUnauthenticatedRoute(request) {
            guard let token = Self.bearerToken(request), tokens.accepts(token) else {
                throw SandboxError(.unauthorized, .unauthorized, "Access Token Invalid")
            }
            context.accessToken = token
        }
        guard Self.acceptsJSON(request.headers[.accept]) || Self.acceptsFile(request) else {
            throw SandboxError(.notAcceptable, "not_acceptable", "The Accept header must allow application/json")
        }
        if let version = request.headers[.intercomVersion] {
            guard Self.supportedVersions.contains(version) else {
                throw SandboxError(
                    .badRequest,
                    .intercomVersionInvalid,
                    "The requested version \(version) is not valid; this sandbox supports 1.0 to 2.16, Preview and Unstable"
                )
            }
            context.apiVersion = version
        }
        // Every body is collected here, whatever the method, so no route ever reads more than `maxBodyBytes`:
        // `Request.decodeBody(as:)` then only sees this already-collected buffer.
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBodyBytes)
        } catch {
            throw SandboxError(
                .contentTooLarge,
                "request_entity_too_large",
                "The request body is larger than \(maxBodyBytes) bytes"
            )
        }
        if Self.methodsWithJSONBodies.contains(request.method) {
            if buffer.readableBytes > 0 {
                let parsed = buffer.readableBytesView.withUnsafeBytes { try? JSONParser.parse(buffer: $0) }
                guard let parsed else {
                    throw SandboxError.parameterInvalid("There was a problem in the JSON you submitted")
                }
                guard parsed.objectValue != nil || parsed.isNull else {
                    throw SandboxError.parameterInvalid("The body must be a JSON object")
                }
            }
        }
        return try await next(request, context)
    }

    /// The methods whose bodies must be JSON objects (or empty).
    static let methodsWithJSONBodies: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]

    static func isUnauthenticatedRoute(_ request: Request) -> Bool {
        request.method == .post && request.uri.path == "/auth/eagle/token"
    }

    static func bearerToken(_ request: Request) -> String? {
        guard let value = request.headers[.authorization] else { return nil }
        // The common form, `Bearer <token>` with no stray spaces, without splitting and lowercasing.
        if value.hasPrefix("Bearer "), !value.hasSuffix(" ") {
            let token = value.dropFirst("Bearer ".count)
            if let first = token.first, let last = token.last, !first.isWhitespace, !last.isWhitespace {
                return String(token)
            }
        }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// Whether a request for a file (an export download, a call's recording or transcript) accepts the
    /// file's own type, as clients ask for these.
    static func acceptsFile(_ request: Request) -> Bool {
        guard request.method == .get, let header = request.headers[.accept] else { return false }
        let path = request.uri.path
        let isFile =
            path.hasPrefix("/download/")
            || (path.hasPrefix("/calls/")
                && (path.hasSuffix("/recording") || path.hasSuffix("/recording/file") || path.hasSuffix("/transcript")))
        guard isFile else { return false }
        return header.split(separator: ",").contains { item in
            let type =
                item.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            return ["application/octet-stream", "text/plain", "audio/wav", "audio/*", "*/*"].contains(type)
        }
    }

    /// Whether an `Accept` header allows JSON. A missing header does not: Intercom answers 406.
    static func acceptsJSON(_ header: String?) -> Bool {
        guard let header else { return false }
        if header == "application/json" { return true }
        return header.split(separator: ",").contains { item in
            let type =
                item.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            return type == "application/json" || type == "application/*" || type == "*/*"
        }
    }
}
