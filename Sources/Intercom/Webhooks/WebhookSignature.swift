import Crypto
public import Foundation

/// Signs and verifies Intercom webhook deliveries.
///
/// Intercom signs each notification with HMAC-SHA1 over the raw request body, keyed with your app's
/// client secret, and sends it as `X-Hub-Signature: sha1=<40 hex digits>`. Verify the bytes exactly
/// as they arrived: re-encoding the JSON changes them and the signature no longer matches.
///
/// ```swift
/// let verifier = WebhookSignature(secret: clientSecret)
/// try verifier.verify(body: rawBody, signatureHeader: request.headers["X-Hub-Signature"])
/// ```
public struct WebhookSignature: Sendable {
    /// The name of the header that carries the signature.
    public static let headerName = "X-Hub-Signature"

    private let secret: [UInt8]

    /// Creates a signer and verifier for the app's client secret.
    public init(secret: String) {
        self.secret = Array(secret.utf8)
    }

    private var key: SymmetricKey { SymmetricKey(data: secret) }

    /// The header value for `body`: `sha1=` followed by 40 lowercase hex digits.
    public func signature(for body: some DataProtocol) -> String {
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: body, using: key)
        return "sha1=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `signatureHeader` is the right signature for `body`, compared in constant time.
    public func isValid(body: some DataProtocol, signatureHeader: String?) -> Bool {
        (try? verify(body: body, signatureHeader: signatureHeader)) != nil
    }

    /// Checks that `signatureHeader` is the right signature for `body`, in constant time.
    ///
    /// - Throws: ``WebhookVerificationError`` when the header is missing, malformed or wrong.
    public func verify(body: some DataProtocol, signatureHeader: String?) throws {
        guard let header = signatureHeader?.trimmingCharacters(in: .whitespaces), !header.isEmpty else {
            throw WebhookVerificationError.missingSignature
        }
        guard header.lowercased().hasPrefix("sha1=") else {
            throw WebhookVerificationError.malformedSignature(header)
        }
        let hex = header.dropFirst("sha1=".count)
        guard hex.count == 40, let expected = Self.bytes(fromHex: hex) else {
            throw WebhookVerificationError.malformedSignature(header)
        }
        guard HMAC<Insecure.SHA1>.isValidAuthenticationCode(expected, authenticating: body, using: key) else {
            throw WebhookVerificationError.signatureMismatch
        }
    }

    private static func bytes(fromHex hex: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) ?? hex.endIndex
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}

/// Why a webhook delivery failed verification.
public enum WebhookVerificationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request had no `X-Hub-Signature` header.
    case missingSignature
    /// The header is not `sha1=` followed by 40 hex digits.
    case malformedSignature(String)
    /// The signature does not match the body: wrong secret, or the body was altered.
    case signatureMismatch

    /// A readable description.
    public var description: String {
        switch self {
        case .missingSignature:
            return "The webhook request has no X-Hub-Signature header."
        case .malformedSignature(let value):
            return "The X-Hub-Signature header \"\(value.prefix(60))\" is not sha1= followed by 40 hex digits."
        case .signatureMismatch:
            return
                "The X-Hub-Signature does not match the body: check the client secret, and verify the raw bytes as received."
        }
    }
}
