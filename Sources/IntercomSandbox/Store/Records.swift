import Foundation
import HTTPTypes
import Intercom

// The store's own records. They hold what the sandbox needs to behave like Intercom (memberships,
// archive flags, scroll positions) and are rendered into the SDK's wire models at the edge.

/// A user or lead.
struct ContactRecord: Codable, Sendable, Hashable {
    var id: String
    var role: String
    var externalID: String?
    var email: String?
    var phone: String?
    var name: String?
    var avatar: String?
    var ownerID: Int?
    var createdAt: Int64
    var updatedAt: Int64
    var signedUpAt: Int64?
    var lastSeenAt: Int64?
    var lastRepliedAt: Int64?
    var lastContactedAt: Int64?
    var unsubscribedFromEmails = false
    var archived = false
    var blocked = false
    var language: String?
    var browser: String?
    var os: String?
    var customAttributes: [String: JSONValue] = [:]
    var companyIDs: [String] = []
    var tagIDs: [String] = []
    var subscriptionTypeIDs: [String] = []
    /// The subscription types the contact opted out of (the others in `subscriptionTypeIDs` are opted in);
    /// absent in data files of earlier versions.
    var optedOutSubscriptionTypeIDs: [String]?

    var emailDomain: String? {
        guard let email, let at = email.lastIndex(of: "@") else { return nil }
        return String(email[email.index(after: at)...])
    }
}

/// A company.
struct CompanyRecord: Codable, Sendable, Hashable {
    var id: String
    var companyID: String
    var name: String?
    var plan: String?
    var size: Int?
    var website: String?
    var industry: String?
    var monthlySpend: Double?
    var sessionCount: Int = 0
    var createdAt: Int64
    var updatedAt: Int64
    var remoteCreatedAt: Int64?
    var lastRequestAt: Int64?
    var customAttributes: [String: JSONValue] = [:]
    var tagIDs: [String] = []
    var segmentIDs: [String] = []
}

/// A tag.
struct TagRecord: Codable, Sendable, Hashable {
    var id: String
    var name: String
    var createdAt: Int64
}

/// A segment and its members.
struct SegmentRecord: Codable, Sendable, Hashable {
    var id: String
    var name: String
    var personType: String
    var createdAt: Int64
    var updatedAt: Int64
    var contactIDs: [String] = []
}

/// A note an admin left on a contact.
struct NoteRecord: Codable, Sendable, Hashable {
    var id: String
    var contactID: String
    var authorID: String
    var body: String
    var createdAt: Int64
}

/// A data event submitted for a contact.
struct EventRecord: Codable, Sendable, Hashable {
    var id: String
    var eventName: String
    var createdAt: Int64
    var contactID: String
    var userID: String?
    var email: String?
    var metadata: [String: JSONValue]
}

/// Someone or something that wrote a conversation part.
struct AuthorRecord: Codable, Sendable, Hashable {
    var type: String
    var id: String
    var name: String?
    var email: String?
}

/// One part of a conversation: a message, note or action.
struct PartRecord: Codable, Sendable, Hashable {
    var id: String
    var partType: String
    var body: String?
    var createdAt: Int64
    var author: AuthorRecord
    var attachmentURLs: [String] = []
    var assignedToAdminID: String?
    /// The conversation's state once this part was added; absent in data files of earlier versions.
    var state: String?
    /// Whether `POST /conversations/redact` removed its body.
    var redacted: Bool?
}

/// A conversation between contacts and the workspace.
struct ConversationRecord: Codable, Sendable, Hashable {
    var id: String
    var title: String?
    var createdAt: Int64
    var updatedAt: Int64
    var state: String
    var read: Bool
    var priority: String
    var snoozedUntil: Int64?
    var adminAssigneeID: Int?
    var teamAssigneeID: Int?
    var contactIDs: [String]
    var tagIDs: [String] = []
    var sourceType: String
    var sourceDeliveredAs: String
    var sourceSubject: String?
    var sourceBody: String
    var sourceAuthor: AuthorRecord
    var sourceAttachmentURLs: [String] = []
    var parts: [PartRecord] = []
    var customAttributes: [String: JSONValue] = [:]
    var messageID: String?
    /// Whether `POST /conversations/redact` removed the opening message's body.
    var sourceRedacted: Bool?

    var isOpen: Bool { state == "open" }
}

/// A data attribute a workspace defines.
struct DataAttributeRecord: Codable, Sendable, Hashable {
    var id: Int?
    var name: String
    var fullName: String
    var label: String
    var description: String
    var dataType: String
    var model: String
    var custom: Bool
    var archived = false
    /// The choices of a `options` attribute, in order.
    var options: [String]?
    var messengerWritable: Bool?
    /// The admin who created a custom attribute through the API.
    var adminID: String?
    var createdAt: Int64?
    var updatedAt: Int64?
}

/// A subscription type contacts can opt in or out of.
struct SubscriptionTypeRecord: Codable, Sendable, Hashable {
    var id: String
    var name: String
    var description: String
    var consentType: String
    var defaultTranslation: String
}

/// The single open company scroll of the app.
struct ScrollRecord: Codable, Sendable, Hashable {
    var parameter: String
    var companyIDs: [String]
    var position: Int
    var lastUsedAt: Double
}
