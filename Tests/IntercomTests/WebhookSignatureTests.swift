import Foundation
import TestSupport
import Testing

@testable import Intercom

@Suite("Webhook signatures")
struct WebhookSignatureTests {
    let body = Data(#"{"type":"notification_event","topic":"ping","id":"notif_1"}"#.utf8)

    @Test("Signatures are HMAC-SHA1 of the raw body, hex, with the sha1= prefix")
    func knownVector() {
        // RFC 2202 test case 2: key "Jefe", data "what do ya want for nothing?".
        let signer = WebhookSignature(secret: "Jefe")
        #expect(
            signer.signature(for: Data("what do ya want for nothing?".utf8))
                == "sha1=effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        )
    }

    @Test("A correct signature verifies, in either letter case")
    func verifies() throws {
        let signer = WebhookSignature(secret: "client-secret")
        let header = signer.signature(for: body)
        try signer.verify(body: body, signatureHeader: header)
        try signer.verify(
            body: body,
            signatureHeader: header.uppercased().replacingOccurrences(of: "SHA1=", with: "sha1=")
        )
        #expect(signer.isValid(body: body, signatureHeader: header))
    }

    @Test("A wrong secret, an altered body, or a bad header is rejected with a clear error")
    func rejects() {
        let header = WebhookSignature(secret: "client-secret").signature(for: body)
        let verifier = WebhookSignature(secret: "client-secret")
        #expect(throws: WebhookVerificationError.signatureMismatch) {
            try WebhookSignature(secret: "other").verify(body: body, signatureHeader: header)
        }
        var altered = body
        altered.append(contentsOf: Array(" ".utf8))
        #expect(throws: WebhookVerificationError.signatureMismatch) {
            try verifier.verify(body: altered, signatureHeader: header)
        }
        #expect(throws: WebhookVerificationError.missingSignature) {
            try verifier.verify(body: body, signatureHeader: nil)
        }
        #expect(throws: WebhookVerificationError.missingSignature) {
            try verifier.verify(body: body, signatureHeader: " ")
        }
        for bad in [
            "sha256=" + String(repeating: "0", count: 64), "sha1=xyz", "sha1=" + String(repeating: "g", count: 40),
            String(header.dropFirst(5)),
        ] {
            #expect(throws: WebhookVerificationError.malformedSignature(bad)) {
                try verifier.verify(body: body, signatureHeader: bad)
            }
        }
    }
}
