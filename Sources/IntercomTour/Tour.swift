import Foundation
public import Intercom

/// The story of intercom-go's README, told with this SDK against any Intercom API (usually a sandbox),
/// checking each step's result.
///
/// The example executable and the tests run it; `intercom demo` runs it on an embedded sandbox.
public struct Tour: Sendable {
    /// One finished step: what was done and what came back.
    public struct Step: Sendable {
        /// The chapter, such as `Users`.
        public var chapter: String
        /// What the step did, such as `Save a user with a company`.
        public var title: String
        /// A short account of the result.
        public var detail: String
    }

    /// A step whose result was not what the story expects.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The step.
        public var step: String
        /// What was wrong.
        public var problem: String

        /// Creates a failure.
        public init(step: String, problem: String) {
            self.step = step
            self.problem = problem
        }

        /// A readable description.
        public var description: String { "\(step): \(problem)" }
    }

    let client: IntercomClient
    let webhookSecret: String
    let report: @Sendable (Step) -> Void

    /// Creates a tour.
    ///
    /// - Parameters:
    ///   - client: The client to run it with.
    ///   - webhookSecret: The client secret used to sign and verify the sample notification.
    ///   - report: Called after each step succeeds.
    public init(
        client: IntercomClient,
        webhookSecret: String = "tour-secret",
        report: @escaping @Sendable (Step) -> Void = { _ in }
    ) {
        self.client = client
        self.webhookSecret = webhookSecret
        self.report = report
    }

    /// Runs every chapter in order, stopping at the first failure.
    ///
    /// - Returns: The steps, in order.
    /// - Throws: ``Failure`` when a result is wrong, or the ``IntercomError`` of a failed call.
    @discardableResult
    public func run() async throws -> [Step] {
        let log = StepLog(report: report)
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let userID = "27-\(suffix)"
        let email = "gopher-\(suffix)@example.com"

        // Companies first: a user can only join a company that exists.
        let company = try await client.companies.save(
            CompanyAttributes(
                companyID: "co-\(suffix)",
                name: "My Co \(suffix)",
                plan: "MyPlan",
                customAttributes: ["is_cool": true]
            )
        )
        try check(
            "Save a company",
            company.companyID == "co-\(suffix)" && company.plan?.name == "MyPlan",
            "company_id or plan differ"
        )
        log.add(
            "Companies",
            "Save a company",
            "\(company.name ?? "") (\(company.id)) on plan \(company.plan?.name ?? "-")"
        )

        // Users.
        let user = try await client.users.save(
            UserAttributes(
                userID: userID,
                email: email,
                name: "InterGopher",
                signedUpAt: Date(),
                customAttributes: ["is_cool": true],
                companies: [.add(companyID: "co-\(suffix)")]
            )
        )
        try check("Save a user", user.role == .user && user.externalID == userID, "role or user id differ")
        try check(
            "Save a user",
            user.companies?.data?.contains { $0.id == company.id } == true,
            "the company was not attached"
        )
        log.add("Users", "Save a user with a company", "\(user.name ?? "") \(user.id), member of \(company.name ?? "")")

        let resaved = try await client.users.save(UserAttributes(userID: userID, name: "InterGopher II"))
        try check(
            "Save again",
            resaved.id == user.id && resaved.name == "InterGopher II",
            "saving again did not update the same user"
        )
        log.add("Users", "Save again (update)", "same id, name now \(resaved.name ?? "")")

        try check("Find by id", try await client.users.find(id: user.id).id == user.id, "wrong user")
        try check("Find by user id", try await client.users.find(userID: userID).id == user.id, "wrong user")
        try check("Find by email", try await client.users.find(email: email).id == user.id, "wrong user")
        log.add("Users", "Find by id, user id and email", "all three found \(user.id)")

        let firstPage = try await client.users.list(perPage: 2).firstPage()
        try check(
            "List users",
            !firstPage.items.isEmpty && firstPage.items.allSatisfy { $0.role == .user },
            "the page is empty or has leads"
        )
        var scrolled = 0
        for try await _ in client.users.scroll() { scrolled += 1 }
        try check("Scroll users", scrolled >= firstPage.items.count, "scrolling saw fewer users than a page")
        log.add(
            "Users",
            "List a page and scroll all",
            "\(firstPage.items.count) on the first page, \(scrolled) in all; next cursor \(firstPage.nextCursor?.description ?? "none")"
        )

        let segments = try await client.segments.list()
        if let segment = segments.segments?.first {
            let members = try await client.users.list(segmentID: segment.id).collect(limit: 50)
            log.add("Users", "List by segment", "\(members.count) user(s) in \(segment.name ?? segment.id)")
        }

        // Leads.
        let lead = try await client.leads.create(
            LeadAttributes(
                email: "lead-\(suffix)@example.com",
                name: "SomeContact",
                customAttributes: ["is_cool": true]
            )
        )
        try check("Create a lead", lead.role == .lead, "not a lead")
        let updatedLead = try await client.leads.update(id: lead.id, LeadAttributes(name: "SomeContact (updated)"))
        try check("Update a lead", updatedLead.name == "SomeContact (updated)", "the name did not change")
        let byEmail = try await client.leads.list(email: "lead-\(suffix)@example.com").collect()
        try check("List leads by email", byEmail.map(\.id) == [lead.id], "expected exactly the new lead")
        try check("Find a lead", try await client.leads.find(id: lead.id).id == lead.id, "wrong lead")
        var leadCount = 0
        for try await _ in client.leads.scroll() { leadCount += 1 }
        try check("Scroll leads", leadCount >= 1, "no leads")
        log.add(
            "Leads",
            "Create, update, find by id and email, scroll",
            "\(lead.id) is now \(updatedLead.name ?? ""); \(leadCount) lead(s)"
        )

        let converted = try await client.leads.convert(
            id: lead.id,
            to: UserAttributes(email: "converted-\(suffix)@example.com")
        )
        try check(
            "Convert a lead",
            converted.role == .user && converted.id == lead.id,
            "the lead did not become a user"
        )
        let mergeLead = try await client.leads.create(LeadAttributes(email: "merge-\(suffix)@example.com"))
        let merged = try await client.leads.convert(id: mergeLead.id, to: UserAttributes(userID: userID))
        try check("Convert into an existing user", merged.id == user.id, "the lead was not merged into the user")
        log.add(
            "Leads",
            "Convert to a new user, and into an existing one",
            "\(converted.id) became a user; \(mergeLead.id) merged into \(merged.id)"
        )

        // Companies.
        try check(
            "Find a company by id",
            try await client.companies.find(id: company.id).id == company.id,
            "wrong company"
        )
        try check(
            "Find a company by company_id",
            try await client.companies.find(companyID: "co-\(suffix)").id == company.id,
            "wrong company"
        )
        try check(
            "Find a company by name",
            try await client.companies.find(name: "My Co \(suffix)").id == company.id,
            "wrong company"
        )
        let members = try await client.companies.listContacts(id: company.id).collect()
        try check("List a company's users", members.contains { $0.id == user.id }, "the user is missing")
        var companyCount = 0
        for try await _ in client.companies.scroll() { companyCount += 1 }
        try check("Scroll companies", companyCount >= 1, "the scroll was empty")
        log.add(
            "Companies",
            "Find three ways, list its users, scroll all",
            "\(members.count) member(s); \(companyCount) companies scrolled"
        )

        // Events.
        try await client.events.save(eventName: "bought_item", userID: userID, metadata: ["item_name": "PocketWatch"])
        log.add("Events", "Send an event", "bought_item for \(userID)")

        // Admins and segments.
        let admins = try await client.admins.list().admins ?? []
        try check("List admins", !admins.isEmpty, "no admins")
        let me = try await client.admins.identify()
        guard let adminID = me.id else { throw Failure(step: "Identify", problem: "the admin has no id") }
        log.add("Admins", "List admins", "\(admins.count) admin(s); acting as \(me.name ?? adminID)")
        if let segment = segments.segments?.first {
            try check(
                "Find a segment",
                try await client.segments.find(id: segment.id).id == segment.id,
                "wrong segment"
            )
        }
        log.add("Segments", "List and find", "\(segments.segments?.count ?? 0) segment(s)")

        // Tags.
        let tag = try await client.tags.tag("GoTag-\(suffix)", [.user(userID: userID), .companyID("co-\(suffix)")])
        let tagged = try await client.users.list(tagID: tag.id).collect()
        try check("Tag a user", tagged.contains { $0.id == user.id }, "the user is not tagged")
        let taggedCompanies = try await client.companies.list(tagID: tag.id).collect()
        try check("Tag a company", taggedCompanies.contains { $0.id == company.id }, "the company is not tagged")
        _ = try await client.tags.tag("GoTag-\(suffix)", [.user(userID: userID)], untag: true)
        let untagged = try await client.users.list(tagID: tag.id).collect()
        try check("Untag a user", !untagged.contains { $0.id == user.id }, "the user is still tagged")
        let renamed = try await client.tags.save(name: "GoTag-\(suffix)-renamed", id: tag.id)
        let allTags = try await client.tags.list().data ?? []
        try check(
            "List tags",
            allTags.contains { $0.id == tag.id && $0.name == renamed.name },
            "the renamed tag is missing"
        )
        try await client.tags.delete(id: tag.id)
        log.add("Tags", "Tag and untag a user and a company, rename, delete", "\(renamed.name ?? "") removed")

        // Messages.
        let mail = try await client.messages.sendEmail(
            template: .personal,
            fromAdmin: adminID,
            to: .userID(userID),
            subject: "Hey",
            body: "Ho"
        )
        let plain = try await client.messages.sendEmail(
            template: .plain,
            fromAdmin: adminID,
            to: .email(email),
            subject: "Plain",
            body: "Text"
        )
        let inApp = try await client.messages.sendInApp(
            fromAdmin: adminID,
            to: .user(id: user.id),
            body: "Welcome aboard"
        )
        let started = try await client.messages.sendAsContact(user.id, body: "Hello, I have a question")
        try check(
            "Send messages",
            [mail, plain, inApp].allSatisfy { $0.conversationID != nil },
            "a message opened no conversation"
        )
        guard let conversationID = started.conversationID else {
            throw Failure(step: "User message", problem: "no conversation")
        }
        log.add(
            "Messages",
            "Email (personal, plain), in-app, and user-initiated",
            "conversation \(conversationID) started by the user"
        )

        // Conversations.
        _ = try await client.conversations.reply(id: conversationID, as: .user(id: user.id), body: "my message")
        _ = try await client.conversations.reply(
            id: conversationID,
            as: .userID(userID),
            body: "with a file",
            attachmentURLs: ["http://www.example.com/attachment.jpg"]
        )
        _ = try await client.conversations.reply(id: conversationID, asAdmin: adminID, .comment, body: "Hi there")
        _ = try await client.conversations.reply(id: conversationID, asAdmin: adminID, .note, body: "just for admins")
        let closed = try await client.conversations.close(id: conversationID, byAdmin: adminID)
        try check("Close", closed.state == .closed, "not closed")
        let reopened = try await client.conversations.reply(
            id: conversationID,
            as: .user(id: user.id),
            body: "one more thing"
        )
        try check("User reply reopens", reopened.state == .open, "a user reply did not reopen it")
        _ = try await client.conversations.close(id: conversationID, byAdmin: adminID)
        let opened = try await client.conversations.open(id: conversationID, byAdmin: adminID)
        try check("Open", opened.state == .open, "not open")
        let assigned = try await client.conversations.assign(id: conversationID, byAdmin: adminID, to: adminID)
        try check("Assign", assigned.adminAssigneeID == adminID, "not assigned")
        let found = try await client.conversations.find(id: conversationID)
        let parts = found.conversationParts?.conversationParts?.count ?? 0
        try check("Find a conversation", parts >= 8, "expected every reply and action as a part, found \(parts)")
        let mine = try await client.conversations.list(contactID: user.id).collect()
        let unread = try await client.conversations.list(contactID: user.id, unreadOnly: true).collect()
        let assignedOpen = try await client.conversations.list(adminID: adminID, .open).collect()
        let assignedAll = try await client.conversations.list(adminID: adminID).collect()
        let assignedClosed = try await client.conversations.list(adminID: adminID, .closed).collect()
        try check(
            "List by admin",
            assignedAll.count == assignedOpen.count + assignedClosed.count,
            "open and closed do not add up"
        )
        let all = try await client.conversations.list(perPage: 20).collect(limit: 200)
        try check(
            "List conversations",
            mine.contains { $0.id == conversationID } && all.contains { $0.id == conversationID },
            "missing"
        )
        try check(
            "List by admin",
            assignedOpen.contains { $0.id == conversationID },
            "the assigned conversation is missing"
        )
        log.add(
            "Conversations",
            "Reply as user and admin, note, close, reopen, assign, list",
            "\(parts) parts; \(mine.count) for the user (\(unread.count) unread); \(assignedOpen.count) open for the admin"
        )

        // Webhook notifications.
        let payload: JSONValue = [
            "type": "notification_event", "id": .string("notif_\(suffix)"), "topic": "conversation.user.created",
            "app_id": "tour", "created_at": .int(Int(Date().timeIntervalSince1970)), "delivery_attempts": 1,
            "data": ["type": "notification_event_data", "item": try JSONValue(encoding: found)],
        ]
        let body = try IntercomJSON.makeEncoder().encode(payload)
        let signature = WebhookSignature(secret: webhookSecret).signature(for: body)
        let notification = try WebhookNotification.verifyAndParse(
            body: body,
            signatureHeader: signature,
            secret: webhookSecret
        )
        guard case .conversation(let item) = notification.item, item.id == conversationID else {
            throw Failure(step: "Parse a notification", problem: "expected the conversation")
        }
        do {
            _ = try WebhookNotification.verifyAndParse(body: body, signatureHeader: signature, secret: "wrong-secret")
            throw Failure(step: "Reject a bad signature", problem: "a wrong secret verified")
        } catch is WebhookVerificationError {}
        log.add(
            "Notifications",
            "Verify and parse a signed webhook",
            "\(notification.topic) about conversation \(item.id)"
        )

        // Errors.
        do {
            _ = try await client.users.find(email: "nobody-\(suffix)@example.com")
            throw Failure(step: "Errors", problem: "a missing user was found")
        } catch let error as IntercomError where error.code == .notFound {
            log.add("Errors", "A missing user is not_found", error.message)
        }

        _ = try await client.users.delete(id: user.id)
        log.add("Users", "Delete the user", user.id)
        return log.steps
    }

    private func check(_ step: String, _ condition: Bool, _ problem: String) throws {
        guard condition else { throw Failure(step: step, problem: problem) }
    }
}

/// Collects the steps and reports each as it completes.
private final class StepLog: @unchecked Sendable {
    private(set) var steps: [Tour.Step] = []
    let report: @Sendable (Tour.Step) -> Void

    init(report: @escaping @Sendable (Tour.Step) -> Void) {
        self.report = report
    }

    func add(_ chapter: String, _ title: String, _ detail: String) {
        let step = Tour.Step(chapter: chapter, title: title, detail: detail)
        steps.append(step)
        report(step)
    }
}
