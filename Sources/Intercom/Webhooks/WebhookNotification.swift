public import Foundation
public import NIOCore

/// A webhook notification from Intercom: the envelope and its one typed item.
///
/// ```swift
/// let notification = try WebhookNotification.verifyAndParse(body: rawBody, signatureHeader: signature, secret: clientSecret)
/// switch notification.item {
/// case .conversation(let conversation): ...
/// case .contact(let contact): ...
/// default: break
/// }
/// ```
///
/// Intercom delivers at least once: deduplicate on ``id``.
public struct WebhookNotification: Sendable {
    /// The item a notification is about.
    public enum Item: Sendable {
        /// A user or lead (topics `contact.*`, `user.*`, `visitor.*`).
        case contact(Contact)
        /// A company (`company.*`).
        case company(Company)
        /// A conversation, possibly partial (`conversation.*`).
        case conversation(Conversation)
        /// An event (`event.*`).
        case event(DataEvent)
        /// A tag (`tag.*`).
        case tag(Tag)
        /// A ticket (`ticket.*`).
        case ticket(Ticket)
        /// A tag applied to or removed from a contact (`contact.tag.*`, `user.tag.*`).
        case contactTag(contact: Contact?, tag: Tag?)
        /// A topic this SDK does not type, such as `ping`, or an item that did not decode; the JSON is kept.
        case unknown(topic: String, item: JSONValue)
    }

    /// The notification's id; the same across redeliveries.
    public var id: String
    /// The topic, such as `conversation.user.created`.
    public var topic: String
    /// The workspace the event happened in.
    public var appID: String?
    /// When the event happened.
    public var createdAt: Date?
    /// When Intercom first tried to deliver it.
    public var firstSentAt: Date?
    /// How many delivery attempts have been made, this one included.
    public var deliveryAttempts: Int?
    /// The typed item.
    public var item: Item
    /// The whole notification as JSON.
    public var raw: JSONValue

    /// The most bytes a `parse(_:maxBytes:)` that reads a streamed body accepts by default.
    public static let defaultMaxBytes = 1 << 20

    /// Parses a notification from its raw body.
    ///
    /// - Throws: ``IntercomError/decoding(_:)`` when the body is not a notification.
    public static func parse(_ body: some DataProtocol) throws -> WebhookNotification {
        let data = Data(body)
        let raw: JSONValue
        do {
            raw = try JSONParser.parse(data)
        } catch {
            throw IntercomError.decoding(
                .init(
                    type: "WebhookNotification",
                    codingPath: "",
                    reason: "the body is not JSON",
                    bodyExcerpt: IntercomError.excerpt(data),
                    status: nil
                )
            )
        }
        guard let id = raw["id"]?.stringValue, let topic = raw["topic"]?.stringValue else {
            throw IntercomError.decoding(
                .init(
                    type: "WebhookNotification",
                    codingPath: raw["id"] == nil ? "id" : "topic",
                    reason: "a notification needs an id and a topic",
                    bodyExcerpt: IntercomError.excerpt(data),
                    status: nil
                )
            )
        }
        let itemJSON = raw["data"]?["item"] ?? .null
        return WebhookNotification(
            id: id,
            topic: topic,
            appID: raw["app_id"]?.stringValue,
            createdAt: raw["created_at"]?.dateValue,
            firstSentAt: raw["first_sent_at"]?.dateValue,
            deliveryAttempts: raw["delivery_attempts"]?.intValue,
            item: Self.item(topic: topic, json: itemJSON),
            raw: raw
        )
    }

    /// Parses a notification from a streamed body of bytes, reading at most `maxBytes`.
    public static func parse<Bytes: AsyncSequence>(
        _ body: Bytes,
        maxBytes: Int = defaultMaxBytes
    ) async throws -> WebhookNotification
    where Bytes.Element == UInt8 {
        var data = Data()
        for try await byte in body {
            data.append(byte)
            guard data.count <= maxBytes else { throw Self.tooLarge(maxBytes) }
        }
        return try parse(data)
    }

    /// Parses a notification from a streamed body of buffers (such as a Hummingbird request body),
    /// reading at most `maxBytes`.
    public static func parse<Buffers: AsyncSequence>(
        _ body: Buffers,
        maxBytes: Int = defaultMaxBytes
    ) async throws -> WebhookNotification
    where Buffers.Element == ByteBuffer {
        var data = Data()
        for try await buffer in body {
            data.append(contentsOf: buffer.readableBytesView)
            guard data.count <= maxBytes else { throw Self.tooLarge(maxBytes) }
        }
        return try parse(data)
    }

    /// Verifies the `X-Hub-Signature` over the raw body with your app's client secret, then parses it.
    ///
    /// - Throws: ``WebhookVerificationError`` when the signature is missing or wrong (nothing is
    ///   parsed), else ``IntercomError/decoding(_:)`` for a body that is not a notification.
    public static func verifyAndParse(
        body: some DataProtocol,
        signatureHeader: String?,
        secret: String
    ) throws -> WebhookNotification {
        try WebhookSignature(secret: secret).verify(body: body, signatureHeader: signatureHeader)
        return try parse(body)
    }

    private static func tooLarge(_ limit: Int) -> IntercomError {
        .invalidRequest(field: "body", "The notification is larger than \(limit) bytes.")
    }

    private static func item(topic: String, json: JSONValue) -> Item {
        let family = topic.split(separator: ".").first.map(String.init) ?? topic
        let type = json["type"]?.stringValue ?? ""
        func decode<T: Decodable>(_ type: T.Type) -> T? { try? json.decode(as: type) }
        if type == "contact_tag" || type == "user_tag" || topic.hasSuffix(".tag.created")
            || topic.hasSuffix(".tag.deleted")
        {
            let contact = (json["contact"] ?? json["user"]).flatMap { try? $0.decode(as: Contact.self) }
            let tag = json["tag"].flatMap { try? $0.decode(as: Tag.self) }
            if contact != nil || tag != nil { return .contactTag(contact: contact, tag: tag) }
        }
        let typed: Item?
        switch family {
        case "contact", "user", "visitor": typed = decode(Contact.self).map(Item.contact)
        case "company": typed = decode(Company.self).map(Item.company)
        case "conversation": typed = decode(Conversation.self).map(Item.conversation)
        case "event": typed = decode(DataEvent.self).map(Item.event)
        case "tag": typed = decode(Tag.self).map(Item.tag)
        case "ticket": typed = decode(Ticket.self).map(Item.ticket)
        default: typed = nil
        }
        return typed ?? .unknown(topic: topic, item: json)
    }
}
