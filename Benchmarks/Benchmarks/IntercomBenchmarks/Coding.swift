import Benchmark
import BenchmarkSupport
import Crypto
import Foundation
import HTTPTypes
import Intercom
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

// The SDK's JSON and webhook work against Foundation's JSONSerialization (and swift-crypto's HMAC) doing the
// same, timed in one process with no network.

private enum CodingMetric {
    static let decode = customMetric("typed decode cost % of JSONSerialization", prefersLarger: false)
    static let encode = customMetric("SDK encode cost % of JSONSerialization", prefersLarger: false)
    static let webhook = customMetric("verify+parse cost % of floor", prefersLarger: false)
}

/// `decode-150-contact-page`, `encode-large-request-body` and `webhook-verify-parse`.
func registerCoding() {
    Benchmark(
        "decode-150-contact-page",
        configuration: measuring(
            [
                (CodingMetric.decode, Tolerance.ratio),
                (.mallocCountTotal, Tolerance.allocations),
                (.wallClock, Tolerance.wallClock),
            ],
            iterations: 5
        )
    ) { benchmark, page in
        try await Coding.decode(benchmark, page: page)
    } setup: {
        try await Coding.contactPage()
    }

    Benchmark(
        "encode-large-request-body",
        configuration: measuring(
            [
                (CodingMetric.encode, Tolerance.ratio),
                (.mallocCountTotal, Tolerance.allocations),
                (.wallClock, Tolerance.wallClock),
            ],
            iterations: 5
        )
    ) { benchmark, body in
        try await Coding.encode(benchmark, body: body)
    } setup: {
        try await Coding.largeUpdate()
    }

    Benchmark(
        "webhook-verify-parse",
        configuration: measuring(
            [
                (CodingMetric.webhook, Tolerance.ratio),
                (.mallocCountTotal, Tolerance.allocations),
                (.wallClock, Tolerance.wallClock),
            ],
            iterations: 5
        )
    ) { benchmark, notification in
        try await Coding.verifyAndParse(benchmark, notification: notification)
    } setup: {
        try await Coding.signedNotification()
    }
}

/// An update-contact body with 200 custom attributes, as the SDK's request type and as the Foundation
/// dictionary that encodes to the same JSON.
struct LargeUpdate: Sendable {
    let request: UpdateContactRequest
    let foundation: [String: any Sendable]
}

/// A `contact.created` notification as Intercom delivers it, with its signature.
struct SignedNotification: Sendable {
    let body: Data
    let signature: String
    let secret: String
}

private enum Coding {
    /// Conversions per side per iteration.
    static let rounds = 50

    // MARK: Decoding a page of contacts

    /// `GET /contacts?per_page=150` as the sandbox answers it, fetched once with the SDK's raw request.
    static func contactPage() async throws -> Data {
        let server = try await ServerProcess(contacts: 200)
        do {
            let client = try SDK.client(port: server.info.sandbox, token: server.info.token)
            let answer = try await client.send(
                .init(method: .get, path: "/contacts", query: [URLQueryItem(name: "per_page", value: "150")])
            )
            let page = try IntercomJSON.makeDecoder().decode(ContactList.self, from: answer.body)
            guard page.data?.count == 150 else {
                throw MeasurementError("the page holds \(page.data?.count ?? 0) contacts, not 150")
            }
            await server.stop()
            return answer.body
        } catch {
            await server.stop()
            throw error
        }
    }

    static func decode(_ benchmark: Benchmark, page: Data) async throws {
        let decoder = IntercomJSON.makeDecoder()
        let floor = try await Load.timed {
            for _ in 0..<rounds {
                let object = try JSONSerialization.jsonObject(with: page)
                guard let list = object as? [String: Any], list["data"] is [Any] else {
                    throw MeasurementError("the page is not a list")
                }
            }
        }
        // What the client does with a response: the models' one-pass reader.
        let subject = try await Load.timed {
            for _ in 0..<rounds {
                let list = try IntercomJSON.decode(ContactList.self, from: page)
                blackHole(list)
            }
        }
        // JSONDecoder on its own, which the reader steps aside to for anything unusual: printed, not kept.
        let viaDecoder = try await Load.timed {
            for _ in 0..<rounds {
                let list = try decoder.decode(ContactList.self, from: page)
                blackHole(list)
            }
        }
        let cost = try Ratio.percent(subject, of: floor, "decode cost")
        benchmark.measurement(CodingMetric.decode, cost)
        print(
            "decode 150-contact page (\(page.count) bytes): typed \(fixed(subject / Double(rounds) * 1e6)) us vs "
                + "JSONSerialization \(fixed(floor / Double(rounds) * 1e6)) us per page = \(factor(cost)) "
                + "(JSONDecoder alone: \(fixed(viaDecoder / Double(rounds) * 1e6)) us)"
        )
    }

    // MARK: Encoding a large request body

    /// An update with a name, an email, two dates and 200 custom attributes of four kinds.
    static func largeUpdate() async throws -> LargeUpdate {
        var attributes: [String: JSONValue] = [:]
        var foundationAttributes: [String: any Sendable] = [:]
        for index in 0..<200 {
            let key = "attribute_\(index)"
            switch index % 4 {
            case 0:
                attributes[key] = .string("value \(index), some text of a realistic length")
                foundationAttributes[key] = "value \(index), some text of a realistic length"
            case 1:
                attributes[key] = .int(index * 1_000)
                foundationAttributes[key] = index * 1_000
            case 2:
                attributes[key] = .double(Double(index) + 0.5)
                foundationAttributes[key] = Double(index) + 0.5
            default:
                attributes[key] = .bool(index % 8 == 3)
                foundationAttributes[key] = index % 8 == 3
            }
        }
        let signedUp = 1_700_000_000
        let lastSeen = 1_710_000_000
        let update = LargeUpdate(
            request: UpdateContactRequest(
                email: "large@bench.example",
                name: "Large Update",
                signedUpAt: Date(timeIntervalSince1970: TimeInterval(signedUp)),
                lastSeenAt: Date(timeIntervalSince1970: TimeInterval(lastSeen)),
                customAttributes: attributes
            ),
            foundation: [
                "email": "large@bench.example",
                "name": "Large Update",
                "signed_up_at": signedUp,
                "last_seen_at": lastSeen,
                "custom_attributes": foundationAttributes,
            ]
        )
        // Both sides must write the same document, or the ratio compares different work.
        let typed = try JSONSerialization.jsonObject(with: IntercomJSON.makeEncoder().encode(update.request))
        let plain = try JSONSerialization.jsonObject(with: JSONSerialization.data(withJSONObject: update.foundation))
        guard let typedObject = typed as? [String: Any], let plainObject = plain as? [String: Any],
            Set(typedObject.keys) == Set(plainObject.keys),
            let typedAttributes = typedObject["custom_attributes"] as? [String: Any],
            let plainAttributes = plainObject["custom_attributes"] as? [String: Any],
            typedAttributes.count == 200, Set(typedAttributes.keys) == Set(plainAttributes.keys)
        else {
            throw MeasurementError("the SDK and JSONSerialization encode different update bodies")
        }
        return update
    }

    static func encode(_ benchmark: Benchmark, body: LargeUpdate) async throws {
        let encoder = IntercomJSON.makeEncoder()
        var floorBytes = 0
        var subjectBytes = 0
        let floor = try await Load.timed {
            for _ in 0..<rounds {
                floorBytes = try JSONSerialization.data(withJSONObject: body.foundation).count
            }
        }
        let subject = try await Load.timed {
            for _ in 0..<rounds {
                subjectBytes = try encoder.encode(body.request).count
            }
        }
        let cost = try Ratio.percent(subject, of: floor, "encode cost")
        benchmark.measurement(CodingMetric.encode, cost)
        print(
            "encode update with 200 custom attributes: SDK \(fixed(subject / Double(rounds) * 1e6)) us "
                + "(\(subjectBytes) bytes) vs JSONSerialization \(fixed(floor / Double(rounds) * 1e6)) us "
                + "(\(floorBytes) bytes) = \(factor(cost))"
        )
    }

    // MARK: Verifying and parsing a webhook

    /// A `contact.created` notification around a contact the sandbox rendered, shaped as the sandbox's
    /// webhook dispatcher shapes it, and signed with the SDK's signer.
    static func signedNotification() async throws -> SignedNotification {
        let server = try await ServerProcess(contacts: 100)
        let contact: ByteBuffer
        do {
            let http = LoopbackHTTP(port: server.info.sandbox, token: server.info.token)
            contact = try await http.expectSuccess(.GET, "/contacts/\(server.info.contactID)")
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
        let sentAt = 1_700_000_000
        var body = Data(
            (#"{"type":"notification_event","app_id":"benchmark","id":"notif_benchmark","#
                + #""topic":"contact.created","delivery_status":"pending","delivery_attempts":1,"#
                + #""delivered_at":0,"first_sent_at":\#(sentAt),"created_at":\#(sentAt),"self":null,"#
                + #""links":{},"data":{"type":"notification_event_data","item":"#).utf8
        )
        body.append(Data(buffer: contact))
        body.append(Data("}}".utf8))
        let secret = "benchmark-client-secret"
        let signature = WebhookSignature(secret: secret).signature(for: body)
        let parsed = try WebhookNotification.verifyAndParse(body: body, signatureHeader: signature, secret: secret)
        guard case .contact = parsed.item else {
            throw MeasurementError("the SDK did not parse the notification's contact")
        }
        try floorVerifyAndParse(body: body, signature: signature, key: SymmetricKey(data: Array(secret.utf8)))
        return SignedNotification(body: body, signature: signature, secret: secret)
    }

    static func verifyAndParse(_ benchmark: Benchmark, notification: SignedNotification) async throws {
        let key = SymmetricKey(data: Array(notification.secret.utf8))
        let floor = try await Load.timed {
            for _ in 0..<rounds * 4 {
                try floorVerifyAndParse(body: notification.body, signature: notification.signature, key: key)
            }
        }
        let subject = try await Load.timed {
            for _ in 0..<rounds * 4 {
                let parsed = try WebhookNotification.verifyAndParse(
                    body: notification.body,
                    signatureHeader: notification.signature,
                    secret: notification.secret
                )
                guard case .contact = parsed.item else {
                    throw MeasurementError("the SDK did not parse the notification's contact")
                }
            }
        }
        let cost = try Ratio.percent(subject, of: floor, "webhook cost")
        benchmark.measurement(CodingMetric.webhook, cost)
        print(
            "webhook verify+parse (\(notification.body.count) bytes): SDK "
                + "\(fixed(subject / Double(rounds * 4) * 1e6)) us vs HMAC-SHA1 + JSONSerialization "
                + "\(fixed(floor / Double(rounds * 4) * 1e6)) us = \(factor(cost))"
        )
    }

    /// What a handler does without the SDK: check `sha1=<hex>` with HMAC-SHA1 over the raw body, then parse
    /// the body with JSONSerialization and take out the contact.
    static func floorVerifyAndParse(body: Data, signature: String, key: SymmetricKey) throws {
        guard signature.hasPrefix("sha1="), let expected = bytes(hex: signature.dropFirst("sha1=".count)),
            HMAC<Insecure.SHA1>.isValidAuthenticationCode(expected, authenticating: body, using: key)
        else {
            throw MeasurementError("the floor rejected the notification's signature")
        }
        guard let notification = try JSONSerialization.jsonObject(with: body) as? [String: Any],
            let data = notification["data"] as? [String: Any],
            let item = data["item"] as? [String: Any], item["type"] as? String == "contact"
        else {
            throw MeasurementError("the floor found no contact in the notification")
        }
    }

    /// The 20 bytes 40 hex digits spell, or nil.
    private static func bytes(hex: Substring) -> [UInt8]? {
        guard hex.count == 40 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        var index = hex.startIndex
        while index < hex.endIndex {
            guard let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex),
                let byte = UInt8(hex[index..<next], radix: 16)
            else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
