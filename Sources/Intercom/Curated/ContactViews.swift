public import Foundation
import HTTPTypes

/// Someone's company membership to add or remove when saving a user.
public struct UserCompany: Sendable, Hashable {
    /// The company's Intercom id, if known.
    public var id: String?
    /// Your own id for the company (`company_id`), if known.
    public var companyID: String?
    /// Whether to remove the user from the company instead of adding it.
    public var remove: Bool

    /// Names a company by Intercom id or by your `company_id`.
    public init(id: String? = nil, companyID: String? = nil, remove: Bool = false) {
        self.id = id
        self.companyID = companyID
        self.remove = remove
    }

    /// Adds the user to the company with your `company_id`.
    public static func add(companyID: String) -> UserCompany { UserCompany(companyID: companyID) }
    /// Removes the user from the company with your `company_id`.
    public static func remove(companyID: String) -> UserCompany { UserCompany(companyID: companyID, remove: true) }
}

/// The fields of a user to create or update with ``IntercomClient/Users/save(_:)``.
public struct UserAttributes: Sendable, Hashable {
    /// Your id for the user (Intercom's `external_id`). One of this or ``email`` is required.
    public var userID: String?
    /// The user's email. One of this or ``userID`` is required.
    public var email: String?
    /// The user's name.
    public var name: String?
    /// The user's phone number.
    public var phone: String?
    /// When the user signed up; sent as Unix seconds.
    public var signedUpAt: Date?
    /// When the user was last seen.
    public var lastSeenAt: Date?
    /// Whether the user opted out of email.
    public var unsubscribedFromEmails: Bool?
    /// Custom attributes; a `nil` value (`.null`) clears one.
    public var customAttributes: [String: JSONValue]?
    /// Companies to add the user to, or remove it from.
    public var companies: [UserCompany]

    /// Creates user attributes; everything is optional except one of `userID` and `email`.
    public init(
        userID: String? = nil,
        email: String? = nil,
        name: String? = nil,
        phone: String? = nil,
        signedUpAt: Date? = nil,
        lastSeenAt: Date? = nil,
        unsubscribedFromEmails: Bool? = nil,
        customAttributes: [String: JSONValue]? = nil,
        companies: [UserCompany] = []
    ) {
        self.userID = userID
        self.email = email
        self.name = name
        self.phone = phone
        self.signedUpAt = signedUpAt
        self.lastSeenAt = lastSeenAt
        self.unsubscribedFromEmails = unsubscribedFromEmails
        self.customAttributes = customAttributes
        self.companies = companies
    }

    func validate() throws {
        guard userID?.isEmpty == false || email?.isEmpty == false else {
            throw IntercomError.invalidRequest(field: "userID", "A user needs a userID or an email.")
        }
        for company in companies where company.id?.isEmpty != false && company.companyID?.isEmpty != false {
            throw IntercomError.invalidRequest(field: "companies", "Each company needs an id or a companyID.")
        }
    }

    var updateRequest: UpdateContactRequest {
        UpdateContactRequest(
            externalID: userID,
            email: email,
            phone: phone,
            name: name,
            signedUpAt: signedUpAt,
            lastSeenAt: lastSeenAt,
            unsubscribedFromEmails: unsubscribedFromEmails,
            customAttributes: customAttributes
        )
    }
}

/// The fields of a lead to create or update.
public struct LeadAttributes: Sendable, Hashable {
    /// The lead's email.
    public var email: String?
    /// The lead's name.
    public var name: String?
    /// The lead's phone number.
    public var phone: String?
    /// When the lead was last seen.
    public var lastSeenAt: Date?
    /// Whether the lead opted out of email.
    public var unsubscribedFromEmails: Bool?
    /// Custom attributes; a `nil` value (`.null`) clears one.
    public var customAttributes: [String: JSONValue]?

    /// Creates lead attributes; all are optional.
    public init(
        email: String? = nil,
        name: String? = nil,
        phone: String? = nil,
        lastSeenAt: Date? = nil,
        unsubscribedFromEmails: Bool? = nil,
        customAttributes: [String: JSONValue]? = nil
    ) {
        self.email = email
        self.name = name
        self.phone = phone
        self.lastSeenAt = lastSeenAt
        self.unsubscribedFromEmails = unsubscribedFromEmails
        self.customAttributes = customAttributes
    }
}

extension IntercomError {
    /// A not-found error for a lookup the SDK answered itself, such as an email with no user.
    static func notFound(_ message: String) -> IntercomError {
        .api(IntercomAPIError(status: .notFound, errors: [.init(code: .notFound, message: message)]))
    }

    var isNotFound: Bool { code == .notFound || statusCode == 404 }
}

extension IntercomClient {
    /// Users: contacts whose role is `user`. A view over ``contacts`` in the shape of intercom-go's `Users`.
    public var users: Users { Users(client: self) }
    /// Leads: contacts whose role is `lead`. A view over ``contacts`` in the shape of intercom-go's `Contacts`.
    public var leads: Leads { Leads(client: self) }

    /// Users: contacts whose role is `user`.
    public struct Users: Sendable {
        let client: IntercomClient

        /// Creates the user, or updates the one with the same `userID` (else the same email).
        ///
        /// API 2.14 has no single upsert: this looks the user up (by external id, else by an email
        /// search), then updates it or creates it; if a concurrent create wins (409), it updates that
        /// one. Company changes then attach or detach the user, one call each.
        ///
        /// - Throws: ``IntercomError/invalidRequest(_:)`` before any request when neither `userID`
        ///   nor `email` is given, or a company names neither id.
        public func save(_ user: UserAttributes) async throws -> Contact {
            try user.validate()
            var contact: Contact
            if let existing = try await existing(user) {
                contact = try await client.contacts.update(id: existing.id, user.updateRequest)
            } else {
                do {
                    var create = CreateContactRequest(role: .user, externalID: user.userID, email: user.email)
                    create.name = user.name
                    create.phone = user.phone
                    create.signedUpAt = user.signedUpAt
                    create.lastSeenAt = user.lastSeenAt
                    create.unsubscribedFromEmails = user.unsubscribedFromEmails
                    create.customAttributes = user.customAttributes
                    contact = try await client.contacts.create(create)
                } catch let error as IntercomError where error.statusCode == 409 {
                    guard let winner = try await existing(user) else { throw error }
                    contact = try await client.contacts.update(id: winner.id, user.updateRequest)
                }
            }
            guard !user.companies.isEmpty else { return contact }
            for company in user.companies {
                let companyID = try await client.companies.resolveID(id: company.id, companyID: company.companyID)
                if company.remove {
                    _ = try await client.companies.detachContact(contactID: contact.id, companyID: companyID)
                } else {
                    _ = try await client.companies.attachContact(contactID: contact.id, companyID: companyID)
                }
            }
            return try await client.contacts.find(id: contact.id)
        }

        /// The user `user` names: by user id when it has one, else by email; `nil` when there is none
        /// (a lead with that user id does not count).
        func existing(_ user: UserAttributes) async throws -> Contact? {
            if let userID = user.userID, !userID.isEmpty {
                do {
                    let contact = try await client.contacts.find(externalID: userID)
                    return contact.role == .user ? contact : nil
                } catch let error as IntercomError where error.isNotFound {
                    return nil
                }
            }
            guard let email = user.email else { return nil }
            return try await first(.field("email") == .string(email))
        }

        private func first(_ query: SearchQuery) async throws -> Contact? {
            try await search(query, perPage: 1).firstPage().items.first
        }

        private func search(_ query: SearchQuery, perPage: Int? = nil) -> PaginatedSequence<Contact> {
            client.contacts.search(.and([.field("role") == "user", query]), perPage: perPage)
        }

        /// The user with this Intercom id.
        ///
        /// - Throws: an API error with code `not_found` when there is none, or it is a lead.
        public func find(id: String) async throws -> Contact {
            let contact = try await client.contacts.find(id: id)
            guard contact.role == .user else { throw IntercomError.notFound("Contact \(id) is a lead, not a user.") }
            return contact
        }

        /// The user with your id for it (Intercom's `external_id`).
        public func find(userID: String) async throws -> Contact {
            let contact = try await client.contacts.find(externalID: userID)
            guard contact.role == .user else { throw IntercomError.notFound("No user has user_id \(userID).") }
            return contact
        }

        /// The user with this email; the oldest one if several share it. Uses a contact search.
        ///
        /// - Throws: an API error with code `not_found` when no user has it.
        public func find(email: String) async throws -> Contact {
            guard let contact = try await first(.field("email") == .string(email)) else {
                throw IntercomError.notFound("No user has the email \(email).")
            }
            return contact
        }

        /// Every user, page by page on a cursor (API 2.14 has no page numbers for contacts).
        public func list(perPage: Int? = nil) -> PaginatedSequence<Contact> {
            search(.field("role") == "user", perPage: perPage)
        }

        /// Every user, like intercom-go's `Scroll`: resume from a page's ``Page/nextCursor`` with
        /// ``PaginatedSequence/resuming(from:)``.
        public func scroll(perPage: Int? = 150) -> PaginatedSequence<Contact> {
            list(perPage: perPage)
        }

        /// The users in a segment.
        public func list(segmentID: String, perPage: Int? = nil) -> PaginatedSequence<Contact> {
            search(.field("segment_id") == .string(segmentID), perPage: perPage)
        }

        /// The users with a tag.
        public func list(tagID: String, perPage: Int? = nil) -> PaginatedSequence<Contact> {
            search(.field("tag_id") == .string(tagID), perPage: perPage)
        }

        /// Deletes the user with this Intercom id.
        public func delete(id: String) async throws -> ContactDeleted {
            _ = try await find(id: id)
            return try await client.contacts.delete(id: id)
        }
    }

    /// Leads: contacts whose role is `lead`.
    public struct Leads: Sendable {
        let client: IntercomClient

        private func search(_ query: SearchQuery, perPage: Int? = nil) -> PaginatedSequence<Contact> {
            client.contacts.search(.and([.field("role") == "lead", query]), perPage: perPage)
        }

        /// Creates a lead. No identifier is required.
        public func create(_ lead: LeadAttributes) async throws -> Contact {
            var request = CreateContactRequest(role: .lead, email: lead.email)
            request.name = lead.name
            request.phone = lead.phone
            request.lastSeenAt = lead.lastSeenAt
            request.unsubscribedFromEmails = lead.unsubscribedFromEmails
            request.customAttributes = lead.customAttributes
            return try await client.contacts.create(request)
        }

        /// Updates the lead with this Intercom id or `userID` (external id); never creates one.
        ///
        /// - Throws: ``IntercomError/invalidRequest(_:)`` before any request when neither is given;
        ///   an API error with code `not_found` when no lead matches.
        public func update(id: String? = nil, userID: String? = nil, _ lead: LeadAttributes) async throws -> Contact {
            let existing = try await find(id: id, userID: userID)
            var request = UpdateContactRequest()
            request.email = lead.email
            request.name = lead.name
            request.phone = lead.phone
            request.lastSeenAt = lead.lastSeenAt
            request.unsubscribedFromEmails = lead.unsubscribedFromEmails
            request.customAttributes = lead.customAttributes
            return try await client.contacts.update(id: existing.id, request)
        }

        /// The lead with this Intercom id.
        public func find(id: String) async throws -> Contact {
            let contact = try await client.contacts.find(id: id)
            guard contact.role == .lead else { throw IntercomError.notFound("Contact \(id) is a user, not a lead.") }
            return contact
        }

        /// The lead with this external id.
        public func find(userID: String) async throws -> Contact {
            let contact = try await client.contacts.find(externalID: userID)
            guard contact.role == .lead else { throw IntercomError.notFound("No lead has user_id \(userID).") }
            return contact
        }

        func find(id: String?, userID: String?) async throws -> Contact {
            if let id, !id.isEmpty { return try await find(id: id) }
            if let userID, !userID.isEmpty { return try await find(userID: userID) }
            throw IntercomError.invalidRequest(field: "id", "A lead needs an id or a userID.")
        }

        /// Every lead, page by page.
        public func list(perPage: Int? = nil) -> PaginatedSequence<Contact> {
            search(.field("role") == "lead", perPage: perPage)
        }

        /// Every lead, resumable from a page's cursor.
        public func scroll(perPage: Int? = 150) -> PaginatedSequence<Contact> {
            list(perPage: perPage)
        }

        /// The leads with this email.
        public func list(email: String, perPage: Int? = nil) -> PaginatedSequence<Contact> {
            search(.field("email") == .string(email), perPage: perPage)
        }

        /// Turns a lead into a user and returns the user.
        ///
        /// When no user matches `user` (by `userID`, else email), the lead itself becomes that user.
        /// When one does, the lead is merged into it (`POST /contacts/merge`) and the existing user,
        /// now holding the lead's data, is returned.
        ///
        /// - Parameters:
        ///   - id: The lead's Intercom id; or
        ///   - userID: the lead's external id.
        ///   - user: Who the lead becomes. One of `userID` or `email` is required.
        public func convert(id: String? = nil, userID: String? = nil, to user: UserAttributes) async throws -> Contact {
            try user.validate()
            let lead = try await find(id: id, userID: userID)
            if let existing = try await client.users.existing(user) {
                return try await client.contacts.mergeLeadInUser(from: lead.id, into: existing.id)
            }
            var request = user.updateRequest
            request.role = .user
            return try await client.contacts.update(id: lead.id, request)
        }
    }
}
