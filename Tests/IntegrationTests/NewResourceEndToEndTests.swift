import Foundation
import Intercom
import IntercomSandbox
import Testing

/// The resources the sandbox gained last (tickets and their types, help center content, news, visitors,
/// custom objects, Fin content, calls, exports, jobs and workspace settings), each driven through the
/// typed SDK against an in-process sandbox over real loopback HTTP, one user story per test.
///
/// Time only moves when a test advances the sandbox's ``ManualClock``; nothing here sleeps.
@Suite("New resources end to end")
struct NewResourceEndToEndTests {
    /// A sandbox with the sample workspace, no rate limit and a clock the test controls.
    static func configuration(clock: ManualClock = ManualClock()) -> SandboxConfiguration {
        SandboxConfiguration(rateLimiting: .init(limit: nil), clock: clock)
    }

    /// The API error `operation` throws; records an issue (and answers `nil`) when it throws nothing
    /// or something else.
    static func apiError(
        sourceLocation: SourceLocation = #_sourceLocation,
        _ operation: () async throws -> Void
    ) async -> IntercomError? {
        do {
            try await operation()
            Issue.record("expected an API error, but the call succeeded", sourceLocation: sourceLocation)
            return nil
        } catch let error as IntercomError {
            return error
        } catch {
            Issue.record("expected an IntercomError, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// The news items of a news listing.
    static func newsItems(_ response: PaginatedResponse) -> [NewsItem] {
        (response.data ?? []).compactMap { entry -> NewsItem? in
            guard case .newsItem(let item) = entry else { return nil }
            return item
        }
    }

    /// The newsfeeds of a newsfeed listing.
    static func newsfeeds(_ response: PaginatedResponse) -> [Newsfeed] {
        (response.data ?? []).compactMap { entry -> Newsfeed? in
            guard case .newsfeed(let feed) = entry else { return nil }
            return feed
        }
    }

    // MARK: - Tickets

    @Test("Tickets: open one for a contact, find it, move it along and assign it, reply, search, tag, delete")
    func ticketLifecycle() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let me = try await client.admins.identify()
            let ownerID = try #require(me.id)
            let admins = try await client.admins.list()
            let grace = try #require(admins.admins?.first { $0.name == "Grace Hopper" })
            let katherine = try await client.contacts.find(externalID: "user-1002")
            let types = try await client.ticketTypes.list()
            let bugReport = try #require(types.data?.first { $0.name == "Bug report" })
            let bugTypeID = try #require(bugReport.id)

            let created = try await client.tickets.create(
                CreateTicketRequest(
                    ticketTypeID: bugTypeID,
                    contacts: [.id(.init(id: katherine.id))],
                    ticketAttributes: [
                        "_default_title_": "Invoices page is blank",
                        "_default_description_": "Nothing renders after the last release.",
                    ]
                )
            )
            #expect(created.type == "ticket")
            #expect(created.category == .customer)
            #expect(created.open == true)
            #expect(created.ticketType?.id == bugTypeID)
            #expect(created.ticketState?.category == .submitted)
            #expect(created.contacts?.contacts?.count == 1)
            #expect(created.contacts?.contacts?.first?.id == katherine.id)
            #expect(created.ticketAttributes?["_default_title_"] == "Invoices page is blank")
            #expect(created.ticketID != nil && created.ticketID != created.id, "the inbox number is not the id")

            let found = try await client.tickets.get(id: created.id)
            #expect(found.ticketAttributes?["_default_description_"] == "Nothing renders after the last release.")
            #expect(found.ticketID == created.ticketID)

            // Move it to "In progress" and hand it to Grace, as the owner.
            let states = bugReport.ticketStates?.data ?? []
            let inProgress = try #require(
                states.first { $0.category == .inProgress && $0.internalLabel == "In progress" }
            )
            let stateID = try #require(inProgress.id)
            let updated = try await client.tickets.update(
                id: created.id,
                UpdateTicketRequest(ticketStateID: stateID, adminID: Int(ownerID), assigneeID: grace.id)
            )
            #expect(updated.ticketState?.id == stateID)
            #expect(updated.ticketState?.category == .inProgress)
            #expect(updated.adminAssigneeID == grace.id)
            let parts = updated.ticketParts?.ticketParts ?? []
            let stateChange = "ticket_state_updated_by_admin"
            let expectedKinds: [String?] = [stateChange, stateChange, "assignment"]
            #expect(parts.map(\.partType) == expectedKinds)
            #expect(parts.last?.assignedTo?.id == grace.id)
            #expect(parts.last?.author?.id == ownerID)
            #expect(parts.dropLast().last?.previousTicketState == .submitted)
            #expect(parts.dropLast().last?.ticketState == .inProgress)

            // A note from the owner, then the customer answers.
            let note = try await client.tickets.reply(
                id: created.id,
                .admin(AdminReplyTicketRequest(messageType: .note, body: "A font fails to load.", adminID: ownerID))
            )
            #expect(note.partType == .note)
            #expect(note.body == "A font fails to load.")
            #expect(note.author?.type == .admin)
            #expect(note.author?.id == ownerID)
            let answer = try await client.tickets.reply(
                id: created.id,
                .contact(
                    .intercomUserID(
                        ContactReplyTicketIntercomUserIDRequest(
                            body: "Still blank for me",
                            intercomUserID: katherine.id
                        )
                    )
                )
            )
            #expect(answer.partType == .comment)
            #expect(answer.author?.type == .user)
            #expect(answer.author?.id == katherine.id)
            let withReplies = try await client.tickets.get(id: created.id)
            #expect(withReplies.ticketParts?.totalCount == 5)
            let bodies = (withReplies.ticketParts?.ticketParts ?? []).compactMap(\.body)
            #expect(bodies == ["A font fails to load.", "Still blank for me"])

            // Search by words of the title, and by type and state together.
            let byTitle = try await client.tickets.search(.field("title").contains("invoices page")).collect()
            #expect(byTitle.map(\.id) == [created.id])
            let escalated = try await client.tickets.search(
                .and([.field("ticket_type_id") == .string(bugTypeID), .field("state") == "in_progress"])
            ).collect()
            #expect(escalated.contains { $0.id == created.id })
            #expect(escalated.allSatisfy { $0.ticketState?.category == .inProgress && $0.ticketType?.id == bugTypeID })
            #expect(escalated.count == 2, "this ticket and the sample's escalated bug report")

            // Tag and untag it.
            let tags = try await client.tags.list()
            let beta = try #require(tags.data?.first { $0.name == "Beta" })
            let tagged = try await client.tags.tagTicket(ticketID: created.id, tagID: beta.id, adminID: ownerID)
            #expect(tagged.id == beta.id)
            #expect(tagged.name == "Beta")
            #expect(tagged.appliedBy?.id == ownerID)
            let untagged = try await client.tags.untagTicket(ticketID: created.id, tagID: beta.id, adminID: ownerID)
            #expect(untagged.id == beta.id)
            let untagAgain = await Self.apiError {
                _ = try await client.tags.untagTicket(ticketID: created.id, tagID: beta.id, adminID: ownerID)
            }
            #expect(untagAgain?.statusCode == 404)
            #expect(untagAgain?.code == .tagNotFound)

            let deleted = try await client.tickets.delete(id: created.id)
            #expect(deleted.deleted == true)
            #expect(deleted.id == created.id)
            let gone = await Self.apiError { _ = try await client.tickets.get(id: created.id) }
            #expect(gone?.statusCode == 404)
            #expect(gone?.code == "ticket_not_found")
            let afterDelete = try await client.tickets.search(.field("title").contains("invoices page")).collect()
            #expect(afterDelete.isEmpty, "a deleted ticket is no longer found")
        }
    }

    @Test("Queued ticket creation: the job stays pending until the clock moves, then names the new ticket")
    func ticketJob() async throws {
        let clock = ManualClock()
        try await withSandbox(Self.configuration(clock: clock)) { sandbox in
            let client = sandbox.client()
            let types = try await client.ticketTypes.list()
            let bugTypeID = try #require(types.data?.first { $0.name == "Bug report" }?.id)
            let job = try await client.tickets.enqueueCreate(
                CreateTicketRequest(
                    ticketTypeID: bugTypeID,
                    contacts: [.externalID(.init(externalID: "user-1003"))],
                    ticketAttributes: ["_default_title_": "Search ignores accents"]
                )
            )
            #expect(job.status == .pending)
            #expect(job.resourceID == nil)
            #expect(job.url?.hasSuffix("/jobs/status/\(job.id)") == true)
            #expect(try await client.jobs.status(id: job.id).status == .pending, "nothing runs until time passes")

            clock.advance(by: .seconds(1))
            let finished = try await client.jobs.status(id: job.id)
            #expect(finished.status == .success)
            #expect(finished.resourceType == "ticket")
            let ticketID = try #require(finished.resourceID)
            #expect(finished.resourceURL?.hasSuffix("/tickets/\(ticketID)") == true)
            let ticket = try await client.tickets.get(id: ticketID)
            #expect(ticket.ticketAttributes?["_default_title_"] == "Search ignores accents")
            let edsger = try await client.contacts.find(externalID: "user-1003")
            #expect(ticket.contacts?.contacts?.first?.id == edsger.id)

            let missing = await Self.apiError { _ = try await client.jobs.status(id: "no-such-job") }
            #expect(missing?.statusCode == 404)
        }
    }

    @Test("Ticket types: create one with attributes, rename it, archive it; ticket states list the types they serve")
    func ticketTypesAndStates() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let before = try await client.ticketTypes.list()
            #expect(Set((before.data ?? []).compactMap(\.name)) == ["Bug report", "Billing follow-up"])

            let created = try await client.ticketTypes.create(
                CreateTicketTypeRequest(
                    name: "Hardware return",
                    description: "A device comes back for repair",
                    category: .backOffice,
                    icon: "📦"
                )
            )
            let typeID = try #require(created.id)
            #expect(created.category == .backOffice)
            #expect(created.archived == false)
            #expect(created.icon == "📦")
            let defaults = (created.ticketTypeAttributes?.data ?? []).compactMap(\.name)
            #expect(defaults == ["_default_title_", "_default_description_"], "every type has a title and a body")
            let stateCategories = (created.ticketStates?.data ?? []).compactMap(\.category)
            let standardStates: [TicketState.Category] = [.submitted, .inProgress, .waitingOnCustomer, .resolved]
            #expect(stateCategories == standardStates, "a new type gets the workspace's standard states")

            let serial = try await client.ticketTypes.attributes.create(
                ticketTypeID: typeID,
                CreateTicketTypeAttributeRequest(
                    name: "Serial number",
                    description: "Printed under the device",
                    dataType: .string,
                    requiredToCreate: true
                )
            )
            let serialID = try #require(serial.id)
            #expect(serial.dataType == .string)
            #expect(serial.requiredToCreate == true)
            #expect(serial.ticketTypeID == Int(typeID))
            let condition = try await client.ticketTypes.attributes.create(
                ticketTypeID: typeID,
                CreateTicketTypeAttributeRequest(
                    name: "Condition",
                    description: "How the device arrived",
                    dataType: .list,
                    listItems: "Like new, Scratched, Broken"
                )
            )
            #expect(condition.dataType == .list)
            let options = condition.inputOptions?["list_options"]?.arrayValue ?? []
            #expect(options.compactMap { $0["label"]?.stringValue } == ["Like new", "Scratched", "Broken"])
            let scratched = try #require(options.first { $0["label"] == "Scratched" }?["id"]?.stringValue)

            let renamed = try await client.ticketTypes.attributes.update(
                ticketTypeID: typeID,
                attributeID: serialID,
                UpdateTicketTypeAttributeRequest(name: "Serial no.", description: "On the back of the device")
            )
            #expect(renamed.name == "Serial no.")
            #expect(renamed.description == "On the back of the device")
            let fetched = try await client.ticketTypes.get(id: typeID)
            let names = (fetched.ticketTypeAttributes?.data ?? []).compactMap(\.name)
            #expect(names == ["_default_title_", "_default_description_", "Serial no.", "Condition"])

            // A ticket of the new type needs its required attribute, and takes a list item by id.
            let withoutSerial = await Self.apiError {
                _ = try await client.tickets.create(
                    CreateTicketRequest(
                        ticketTypeID: typeID,
                        contacts: [.externalID(.init(externalID: "user-1001"))],
                        ticketAttributes: ["_default_title_": "Laptop return"]
                    )
                )
            }
            #expect(withoutSerial?.statusCode == 400)
            #expect(withoutSerial?.code == .parameterInvalid)
            let ticket = try await client.tickets.create(
                CreateTicketRequest(
                    ticketTypeID: typeID,
                    contacts: [.externalID(.init(externalID: "user-1001"))],
                    ticketAttributes: [
                        "_default_title_": "Laptop return", "Serial no.": "SN-4471", "Condition": .string(scratched),
                    ]
                )
            )
            #expect(ticket.category == .backOffice)
            #expect(ticket.ticketAttributes?["Serial no."] == "SN-4471")
            #expect(ticket.ticketAttributes?["Condition"] == .string(scratched))

            let archived = try await client.ticketTypes.update(
                id: typeID,
                UpdateTicketTypeRequest(name: "Device return", archived: true)
            )
            #expect(archived.name == "Device return")
            #expect(archived.archived == true)
            #expect(try await client.ticketTypes.get(id: typeID).archived == true)
            let onArchived = await Self.apiError {
                _ = try await client.tickets.create(
                    CreateTicketRequest(
                        ticketTypeID: typeID,
                        contacts: [.externalID(.init(externalID: "user-1001"))],
                        ticketAttributes: ["_default_title_": "Phone return", "Serial no.": "SN-1"]
                    )
                )
            }
            #expect(onArchived?.statusCode == 400, "an archived type takes no new tickets")

            let states = try await client.ticketStates.list().data ?? []
            #expect(states.count == 5)
            let withEngineering = try #require(states.first { $0.internalLabel == "With engineering" })
            #expect(withEngineering.category == .inProgress)
            #expect(withEngineering.ticketTypes?.data?.compactMap(\.name) == ["Bug report"])
            let submitted = try #require(states.first { $0.category == .submitted })
            #expect(submitted.externalLabel == "Submitted")
            #expect(submitted.ticketTypes?.data?.compactMap(\.name).contains("Device return") == true)
        }
    }

    // MARK: - Help center

    @Test("Articles: publish one in a collection, find, redraft, list every page, search with highlights, delete")
    func articles() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let me = try await client.admins.identify()
            let authorID = try #require(me.id.flatMap { Int($0) })
            let collections = try await client.helpCenter.collections.list().collect()
            let gettingStarted = try #require(collections.first { $0.name == "Getting started" })
            let parentID = try #require(Int(gettingStarted.id))
            let seeded = try await client.articles.list().collect()

            let created = try await client.articles.create(
                CreateArticleRequest(
                    title: "Resetting your password",
                    description: "What to do when you cannot sign in",
                    body: "<p>Choose Forgot password on the sign-in page.</p>",
                    authorID: authorID,
                    state: .published,
                    parentID: parentID,
                    parentType: "collection"
                )
            )
            let articleID = try #require(created.id)
            #expect(created.type == "article")
            #expect(created.state == .published)
            #expect(created.authorID == authorID)
            #expect(created.parentID == parentID)
            #expect(created.body?.contains("Forgot password") == true)
            #expect(created.url?.contains("/articles/\(articleID)") == true, "a published article has an address")

            let found = try await client.articles.find(id: articleID)
            #expect(found.title == "Resetting your password")
            #expect(found.parentType == "collection")

            let redrafted = try await client.articles.update(
                id: articleID,
                UpdateArticleRequest(title: "Reset your password", state: .draft)
            )
            #expect(redrafted.title == "Reset your password")
            #expect(redrafted.state == .draft)
            #expect(redrafted.url == nil, "a draft has no public address")
            #expect(redrafted.parentID == parentID, "fields the update leaves out stay")

            var pageCount = 0
            var listed: [String] = []
            for try await page in client.articles.list(perPage: 2).pages {
                pageCount += 1
                listed += page.items.map(\.id)
            }
            #expect(listed.count == seeded.count + 1)
            #expect(Set(listed).count == listed.count, "no article listed twice")
            #expect(listed.contains(articleID))
            #expect(pageCount == (listed.count + 1) / 2)

            let drafts = try await client.articles.search(phrase: "password", state: "draft", highlight: true)
            #expect(drafts.totalCount == 1)
            #expect(drafts.data?.articles?.compactMap(\.id) == [articleID])
            let highlight = try #require(drafts.data?.highlights?.first)
            #expect(highlight.articleID == articleID)
            let highlightedWords = (highlight.highlightedTitle ?? []).filter { $0.type == .highlight }
            #expect(highlightedWords.compactMap { $0.text?.lowercased() } == ["password"])
            let published = try await client.articles.search(phrase: "password", state: "published")
            #expect(published.totalCount == 0)

            let deleted = try await client.articles.delete(id: articleID)
            #expect(deleted.deleted == true)
            #expect(deleted.id == articleID)
            let gone = await Self.apiError { _ = try await client.articles.find(id: articleID) }
            #expect(gone?.statusCode == 404)
        }
    }

    @Test("Help center: find the help center, create nested collections, rename one, delete the parent with its child")
    func helpCenterCollections() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let helpCenters = try await client.helpCenter.list().collect()
            #expect(helpCenters.count == 1)
            let listedCenter = try #require(helpCenters.first)
            let helpCenter = try await client.helpCenter.find(id: listedCenter.id)
            #expect(helpCenter.displayName == "Sandbox Help Center")
            #expect(helpCenter.identifier == "sandbox-help")
            #expect(helpCenter.websiteTurnedOn == true)
            let helpCenterNumber = try #require(Int(helpCenter.id))

            let billing = try await client.helpCenter.collections.create(
                CreateCollectionRequest(
                    name: "Billing",
                    description: "Invoices, refunds and plans",
                    helpCenterID: helpCenterNumber
                )
            )
            #expect(billing.name == "Billing")
            #expect(billing.helpCenterID == helpCenterNumber)
            #expect(billing.parentID == nil)
            let refunds = try await client.helpCenter.collections.create(
                CreateCollectionRequest(name: "Refunds", parentID: billing.id)
            )
            #expect(refunds.parentID == billing.id)
            #expect(refunds.helpCenterID == helpCenterNumber, "a nested collection lives in its parent's help center")

            let renamed = try await client.helpCenter.collections.update(
                id: billing.id,
                UpdateCollectionRequest(name: "Billing and plans", description: "Everything about paying")
            )
            #expect(renamed.name == "Billing and plans")
            #expect(renamed.description == "Everything about paying")
            #expect(try await client.helpCenter.collections.find(id: billing.id).name == "Billing and plans")

            let listed = try await client.helpCenter.collections.list(perPage: 1).collect()
            #expect(Set(listed.map(\.id)).isSuperset(of: [billing.id, refunds.id]))
            #expect(Set(listed.map(\.id)).count == listed.count)

            let deleted = try await client.helpCenter.collections.delete(id: billing.id)
            #expect(deleted.deleted == true)
            #expect(deleted.id == billing.id)
            let parentGone = await Self.apiError { _ = try await client.helpCenter.collections.find(id: billing.id) }
            #expect(parentGone?.statusCode == 404)
            let childGone = await Self.apiError { _ = try await client.helpCenter.collections.find(id: refunds.id) }
            #expect(childGone?.statusCode == 404, "deleting a collection deletes the collections nested in it")
        }
    }

    @Test("Internal articles: create with an owner, find, change owner and title, list, search a folder, delete")
    func internalArticles() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let me = try await client.admins.identify()
            let ownerID = try #require(me.id.flatMap { Int($0) })
            let admins = try await client.admins.list().admins ?? []
            let grace = try #require(admins.first { $0.name == "Grace Hopper" }.flatMap { Int($0.id) })
            let alan = try #require(admins.first { $0.name == "Alan Turing" }.flatMap { Int($0.id) })

            let created = try await client.internalArticles.create(
                CreateInternalArticleRequest(
                    title: "Handling chargebacks",
                    body: "<p>Reply within seven days with the receipt.</p>",
                    authorID: ownerID,
                    ownerID: grace
                )
            )
            let articleID = try #require(created.id)
            #expect(created.type == "internal_article")
            #expect(created.authorID == ownerID)
            #expect(created.ownerID == grace)
            #expect(created.locale == "en")
            #expect(try await client.internalArticles.find(id: articleID).title == "Handling chargebacks")

            let updated = try await client.internalArticles.update(
                id: articleID,
                UpdateInternalArticleRequest(title: "Handling chargebacks and disputes", ownerID: alan)
            )
            #expect(updated.title == "Handling chargebacks and disputes")
            #expect(updated.ownerID == alan)
            #expect(updated.authorID == ownerID, "the author stays")

            let list = try await client.internalArticles.list()
            #expect(list.data?.contains { $0.id == articleID } == true)
            #expect(list.totalCount == list.data?.count)

            // Only the sample's refund policy sits in folder 31.
            let inFolder = try await client.internalArticles.search(folderID: "31")
            let folderTitles = (inFolder.data?.internalArticles ?? []).compactMap(\.title)
            #expect(folderTitles == ["Refund policy for support"])
            #expect(inFolder.totalCount == 1)

            let deleted = try await client.internalArticles.delete(id: articleID)
            #expect(deleted.deleted == true)
            let gone = await Self.apiError { _ = try await client.internalArticles.find(id: articleID) }
            #expect(gone?.statusCode == 404)
        }
    }

    // MARK: - News

    @Test("News: publish an item live in a newsfeed, see it first in that feed, take it back to draft, delete it")
    func news() async throws {
        let clock = ManualClock()
        try await withSandbox(Self.configuration(clock: clock)) { sandbox in
            let client = sandbox.client()
            let me = try await client.admins.identify()
            let senderID = try #require(me.id.flatMap { Int($0) })

            let feeds = Self.newsfeeds(try await client.news.feeds.list())
            #expect(Set(feeds.compactMap(\.name)) == ["Signed-in customers", "Public website"])
            let signedIn = try #require(feeds.first { $0.name == "Signed-in customers" })
            let website = try #require(feeds.first { $0.name == "Public website" })
            #expect(try await client.news.feeds.find(id: signedIn.id).name == "Signed-in customers")
            let feedNumber = try #require(Int(signedIn.id))

            let item = try await client.news.items.create(
                NewsItemRequest(
                    title: "Scheduled exports are here",
                    body: "<p>Pick a weekly or monthly schedule.</p>",
                    senderID: senderID,
                    state: .live,
                    labels: ["Product"],
                    newsfeedAssignments: [NewsfeedAssignment(newsfeedID: feedNumber)]
                )
            )
            #expect(item.type == "news-item")
            #expect(item.state == .live)
            #expect(item.senderID == senderID)
            #expect(item.newsfeedAssignments?.first?.newsfeedID == feedNumber)
            #expect(item.newsfeedAssignments?.first?.publishedAt == clock.now, "a live item is published now")
            #expect(try await client.news.items.find(id: item.id).title == "Scheduled exports are here")
            let allItems = Self.newsItems(try await client.news.items.list())
            #expect(allItems.contains { $0.id == item.id })
            #expect(allItems.contains { $0.state == .draft }, "drafts are listed too")

            let liveInFeed = Self.newsItems(try await client.news.feeds.listItems(newsfeedID: signedIn.id))
            #expect(liveInFeed.first?.id == item.id, "the most recently published item comes first")
            #expect(liveInFeed.allSatisfy { $0.state == .live })
            let liveOnWebsite = Self.newsItems(try await client.news.feeds.listItems(newsfeedID: website.id))
            #expect(!liveOnWebsite.contains { $0.id == item.id }, "an item shows only in the feeds it is assigned to")

            let draft = try await client.news.items.update(
                id: item.id,
                NewsItemRequest(title: "Scheduled exports (coming soon)", senderID: senderID, state: .draft)
            )
            #expect(draft.state == .draft)
            #expect(draft.title == "Scheduled exports (coming soon)")
            let afterDraft = Self.newsItems(try await client.news.feeds.listItems(newsfeedID: signedIn.id))
            #expect(!afterDraft.contains { $0.id == item.id }, "a draft leaves the feed")

            let unknownSender = await Self.apiError {
                _ = try await client.news.items.create(NewsItemRequest(title: "Who sent this?", senderID: 42))
            }
            #expect(unknownSender?.statusCode == 404)

            let deleted = try await client.news.items.delete(id: item.id)
            #expect(deleted.deleted == true)
            #expect(deleted.id == item.id)
            let gone = await Self.apiError { _ = try await client.news.items.find(id: item.id) }
            #expect(gone?.statusCode == 404)
        }
    }

    // MARK: - Visitors and custom objects

    @Test("Visitors: find one by user_id, name it, then convert it into a lead that keeps its attributes")
    func visitors() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let userID = "5e2f7c1a-8d4b-4b7e-9a61-0c3d2b1a9f10"
            let visitor = try await client.visitors.find(userID: userID)
            #expect(visitor.type == "visitor")
            #expect(visitor.userID == userID)
            #expect(visitor.anonymous == true)
            #expect(visitor.pseudonym == "Teal Lantern")
            #expect(visitor.locationData?.cityName == "Lisbon")
            #expect(visitor.customAttributes?["landing_page"] == "/pricing")

            let named = try await client.visitors.update(
                UpdateVisitorRequest(
                    userID: userID,
                    name: "Pricing page visitor",
                    customAttributes: ["interest": "team"]
                )
            )
            #expect(named.id == visitor.id)
            #expect(named.name == "Pricing page visitor")
            #expect(named.customAttributes?["interest"] == "team")
            #expect(named.customAttributes?["landing_page"] == "/pricing", "new attributes merge with the old")

            let lead = try await client.visitors.mergeToContact(
                ConvertVisitorRequest(
                    type: "lead",
                    user: .init(email: "teal.lantern@example.org"),
                    visitor: .init(userID: userID)
                )
            )
            #expect(lead.role == .lead)
            #expect(lead.email == "teal.lantern@example.org")
            #expect(lead.name == "Pricing page visitor")
            #expect(lead.customAttributes?["interest"] == "team")
            #expect(try await client.contacts.find(id: lead.id).role == .lead)

            let gone = await Self.apiError { _ = try await client.visitors.find(userID: userID) }
            #expect(gone?.statusCode == 404, "a converted visitor is no longer a visitor")
        }
    }

    @Test("Custom object instances: upsert by external id, find by id and by external id, delete both ways")
    func customObjectInstances() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let created = try await client.customObjectInstances.createOrUpdate(
                typeIdentifier: "Order",
                CreateOrUpdateCustomObjectInstanceRequest(
                    externalID: "ord-9001",
                    customAttributes: ["order_number": "SBX-9001", "total_amount": 75.5, "status": "pending"]
                )
            )
            let instanceID = try #require(created.id)
            #expect(created.type == "Order")
            #expect(created.externalID == "ord-9001")
            #expect(created.customAttributes?["total_amount"] == 75.5)

            let upserted = try await client.customObjectInstances.createOrUpdate(
                typeIdentifier: "Order",
                CreateOrUpdateCustomObjectInstanceRequest(
                    externalID: "ord-9001",
                    customAttributes: ["status": "shipped"]
                )
            )
            #expect(upserted.id == instanceID, "the same external id updates, it does not create")
            #expect(upserted.customAttributes?["status"] == "shipped")
            #expect(upserted.customAttributes?["order_number"] == "SBX-9001", "attributes left out stay")

            let byID = try await client.customObjectInstances.find(typeIdentifier: "Order", id: instanceID)
            #expect(byID.externalID == "ord-9001")
            let byExternalID = try await client.customObjectInstances.find(
                typeIdentifier: "Order",
                externalID: "ord-9001"
            )
            #expect(byExternalID.id == instanceID)
            #expect(byExternalID.customAttributes?["status"] == "shipped")

            let deletedByExternalID = try await client.customObjectInstances.delete(
                typeIdentifier: "Order",
                externalID: "ord-9001"
            )
            #expect(deletedByExternalID.deleted == true)
            #expect(deletedByExternalID.id == instanceID)
            let gone = await Self.apiError {
                _ = try await client.customObjectInstances.find(typeIdentifier: "Order", id: instanceID)
            }
            #expect(gone?.statusCode == 404)

            // A sample order, found by its external id and deleted by Intercom's id.
            let sample = try await client.customObjectInstances.find(typeIdentifier: "Order", externalID: "ord-5001")
            #expect(sample.customAttributes?["order_number"] == "SBX-5001")
            let sampleID = try #require(sample.id)
            let deletedByID = try await client.customObjectInstances.delete(typeIdentifier: "Order", id: sampleID)
            #expect(deletedByID.deleted == true)
            let sampleGone = await Self.apiError {
                _ = try await client.customObjectInstances.find(typeIdentifier: "Order", externalID: "ord-5001")
            }
            #expect(sampleGone?.statusCode == 404)

            let unknownType = await Self.apiError {
                _ = try await client.customObjectInstances.find(typeIdentifier: "Invoice", id: sampleID)
            }
            #expect(unknownType?.statusCode == 404)
        }
    }

    // MARK: - Fin content

    @Test("AI content: a content import source and its external pages, created, changed, and deleted together")
    func aiContent() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let before = try await client.aiContent.listImportSources()
            let sampleSource = before.data?.first { $0.url == "https://docs.sandbox.example" }
            #expect(sampleSource?.syncBehavior == .api)

            let source = try await client.aiContent.createImportSource(
                CreateContentImportSourceRequest(url: "https://help.example.org")
            )
            let sourceID = String(source.id)
            #expect(source.type == "content_import_source")
            #expect(source.syncBehavior == .api)
            #expect(source.status == .active)
            #expect(try await client.aiContent.findImportSource(id: sourceID).url == "https://help.example.org")

            let moved = try await client.aiContent.updateImportSource(
                id: sourceID,
                UpdateContentImportSourceRequest(
                    syncBehavior: .api,
                    status: .deactivated,
                    url: "https://help.example.org/v2"
                )
            )
            #expect(moved.id == source.id)
            #expect(moved.url == "https://help.example.org/v2")
            #expect(moved.status == .deactivated)

            let refunds = try await client.aiContent.createExternalPage(
                CreateExternalPageRequest(
                    title: "Refund policy",
                    html: "<p>Refunds are issued within 14 days.</p>",
                    url: "https://help.example.org/v2/refunds",
                    aiAgentAvailability: true,
                    aiCopilotAvailability: false,
                    sourceID: source.id,
                    externalID: "refunds-1"
                )
            )
            #expect(refunds.type == "external_page")
            #expect(refunds.sourceID == source.id)
            #expect(refunds.externalID == "refunds-1")
            #expect(refunds.locale == "en")
            #expect(refunds.aiAgentAvailability == true)
            #expect(refunds.finAvailability == true)
            #expect(refunds.aiCopilotAvailability == false)
            let shipping = try await client.aiContent.createExternalPage(
                CreateExternalPageRequest(
                    title: "Shipping times",
                    html: "<p>Orders ship in two days.</p>",
                    url: "https://help.example.org/v2/shipping",
                    sourceID: source.id,
                    externalID: "shipping-1"
                )
            )
            #expect(try await client.aiContent.findExternalPage(id: refunds.id).title == "Refund policy")

            let rewritten = try await client.aiContent.updateExternalPage(
                id: refunds.id,
                UpdateExternalPageRequest(
                    title: "Refunds",
                    html: "<p>Refunds are issued within 10 days.</p>",
                    url: "https://help.example.org/v2/refunds",
                    finAvailability: false,
                    sourceID: source.id
                )
            )
            #expect(rewritten.title == "Refunds")
            #expect(rewritten.finAvailability == false)
            #expect(rewritten.externalID == "refunds-1", "an update without an external id keeps it")

            let pages = try await client.aiContent.listExternalPages()
            let pageIDs = Set((pages.data ?? []).map(\.id))
            #expect(pageIDs.isSuperset(of: [refunds.id, shipping.id]))

            let removed = try await client.aiContent.deleteExternalPage(id: refunds.id)
            #expect(removed.id == refunds.id)
            #expect(removed.html == "", "a deleted page comes back without its HTML")
            let refundsGone = await Self.apiError { _ = try await client.aiContent.findExternalPage(id: refunds.id) }
            #expect(refundsGone?.statusCode == 404)

            // Deleting the source takes the pages imported from it along.
            try await client.aiContent.deleteImportSource(id: sourceID)
            let sourceGone = await Self.apiError { _ = try await client.aiContent.findImportSource(id: sourceID) }
            #expect(sourceGone?.statusCode == 404)
            let shippingGone = await Self.apiError { _ = try await client.aiContent.findExternalPage(id: shipping.id) }
            #expect(shippingGone?.statusCode == 404)
            let after = try await client.aiContent.listExternalPages()
            #expect(after.data?.contains { $0.sourceID == source.id } == false)
        }
    }

    // MARK: - Calls

    @Test("Calls: list them, open one, read its transcript, fetch a conversation's calls with transcripts")
    func calls() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let calls = try await client.calls.list().collect()
            #expect(calls.count == 3)
            #expect(calls.allSatisfy { $0.type == "call" })
            let answered = try #require(calls.first { $0.direction == "inbound" && $0.adminID != nil })
            let callID = try #require(answered.id)
            let conversationID = try #require(answered.conversationID)

            let call = try await client.calls.find(id: callID)
            #expect(call.state == "completed")
            #expect(call.callType == "phone")
            #expect(call.recordingURL?.hasSuffix("/calls/\(callID)/recording") == true)
            #expect(call.transcriptionURL?.hasSuffix("/calls/\(callID)/transcript") == true)
            #expect(call.finTranscriptionURL != nil, "the call Fin handed over has a transcript of its own")

            let transcript = String(decoding: try await client.calls.transcript(id: callID), as: UTF8.self)
            #expect(transcript.hasPrefix("[00:00:02] Teammate 1: \"Hi, this is Ada from support."))
            #expect(transcript.split(separator: "\n").count == 4)

            let unanswered = try #require(calls.first { $0.endedReason == "no_answer" })
            #expect(unanswered.transcriptionURL == nil)
            let unansweredID = try #require(unanswered.id)
            let noTranscript = await Self.apiError { _ = try await client.calls.transcript(id: unansweredID) }
            #expect(noTranscript?.statusCode == 404)

            let withTranscripts = try await client.calls.listWithTranscripts(
                ListCallsWithTranscriptsRequest(conversationIDs: [conversationID])
            )
            let found = withTranscripts.data ?? []
            #expect(found.count == 2, "the teammate's call and the Fin leg before it")
            #expect(found.allSatisfy { $0.conversationID == conversationID })
            #expect(found.allSatisfy { $0.transcriptStatus == "completed" && $0.transcript?.isEmpty == false })
            let teammateLeg = try #require(found.first { $0.id == callID })
            #expect(teammateLeg.transcript?.first?["speaker"] == "Teammate 1")

            let tooMany = await Self.apiError {
                _ = try await client.calls.listWithTranscripts(
                    ListCallsWithTranscriptsRequest(conversationIDs: (1...21).map { String($0) })
                )
            }
            #expect(tooMany?.statusCode == 400)
        }
    }

    // MARK: - Exports

    @Test("Content data export: pending, then running, then completed as the clock moves; the download is gzip")
    func contentDataExport() async throws {
        let clock = ManualClock()
        try await withSandbox(Self.configuration(clock: clock)) { sandbox in
            let client = sandbox.client()
            let now = Int(clock.now.timeIntervalSince1970)
            let job = try await client.dataExport.create(createdAtAfter: now - 30 * 86_400, createdAtBefore: now)
            let jobID = try #require(job.jobIdentifier)
            #expect(job.status == .pending)
            #expect(job.downloadURL?.isEmpty == true, "no file yet")
            let tooEarly = await Self.apiError { _ = try await client.dataExport.download(id: jobID) }
            #expect(tooEarly?.statusCode == 404)

            clock.advance(by: .seconds(5))
            #expect(try await client.dataExport.find(id: jobID).status == .inProgress)

            clock.advance(by: .seconds(10))
            let finished = try await client.dataExport.find(id: jobID)
            #expect(finished.status == .completed)
            #expect(finished.downloadURL?.hasSuffix("/download/content/data/\(jobID)") == true)
            #expect(finished.downloadExpiresAt?.isEmpty == false)

            let file = try await client.dataExport.download(id: jobID)
            #expect(Array(file.prefix(2)) == [0x1F, 0x8B], "the file is gzip")

            // With the first one done, another can start; canceled, it has no file.
            let second = try await client.dataExport.create(createdAtAfter: now - 86_400, createdAtBefore: now)
            let secondID = try #require(second.jobIdentifier)
            #expect(secondID != jobID)
            let canceled = try await client.dataExport.cancel(id: secondID)
            #expect(canceled.status == .canceled)
            clock.advance(by: .seconds(30))
            #expect(try await client.dataExport.find(id: secondID).status == .canceled)
            let noFile = await Self.apiError { _ = try await client.dataExport.download(id: secondID) }
            #expect(noFile?.statusCode == 404)
        }
    }

    @Test("Reporting export: list the datasets, enqueue a call report, and see it complete with a gzip file")
    func reportingDataExport() async throws {
        let clock = ManualClock()
        try await withSandbox(Self.configuration(clock: clock)) { sandbox in
            let client = sandbox.client()
            let me = try await client.admins.identify()
            let appID = try #require(me.app?.idCode)
            let datasets = try await client.dataExport.listReportingDatasets().data ?? []
            #expect(datasets.compactMap(\.id) == ["conversation", "call"])
            let callDataset = try #require(datasets.first { $0.id == "call" })
            #expect(callDataset.defaultTimeAttributeID == "call_started_at")
            let attributeIDs = (callDataset.attributes ?? []).compactMap(\.id)
            #expect(attributeIDs.contains("call_id") && attributeIDs.contains("call_direction"))

            let now = Int(clock.now.timeIntervalSince1970)
            let job = try await client.dataExport.enqueueReportingData(
                EnqueueReportingDataExportRequest(
                    datasetID: "call",
                    attributeIDs: ["call_id", "call_direction"],
                    startTime: now - 30 * 86_400,
                    endTime: now
                )
            )
            let jobID = try #require(job.jobIdentifier)
            #expect(job.status == "pending")
            let pending = try await client.dataExport.exportReportingData(
                id: jobID,
                appID: appID,
                clientID: "sandbox-client"
            )
            #expect(pending.status == "pending")
            #expect(pending.downloadURL?.isEmpty == true)

            clock.advance(by: .seconds(10))
            let complete = try await client.dataExport.exportReportingData(
                id: jobID,
                appID: appID,
                clientID: "sandbox-client"
            )
            #expect(complete.status == "complete")
            #expect(complete.downloadURL?.hasSuffix("/download/reporting_data/\(jobID)") == true)
            let file = try await client.dataExport.downloadReportingDataExport(id: jobID, appID: appID)
            #expect(Array(file.prefix(2)) == [0x1F, 0x8B], "the file is gzip")

            let wrongAttribute = await Self.apiError {
                _ = try await client.dataExport.enqueueReportingData(
                    EnqueueReportingDataExportRequest(
                        datasetID: "call",
                        attributeIDs: ["conversation_title"],
                        startTime: now - 86_400,
                        endTime: now
                    )
                )
            }
            #expect(wrongAttribute?.statusCode == 400)
        }
    }

    // MARK: - Workspace settings and admins

    @Test("IP allowlist: starts off and empty, turns on with the caller's range, refuses a list that locks it out")
    func ipAllowlist() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let initial = try await client.ipAllowlist.get()
            #expect(initial.enabled == false)
            #expect(initial.ipAllowlist?.isEmpty == true)

            let ranges = ["127.0.0.1/32", "203.0.113.0/24"]
            let enabled = try await client.ipAllowlist.update(IPAllowlist(enabled: true, ipAllowlist: ranges))
            #expect(enabled.type == "ip_allowlist")
            #expect(enabled.enabled == true)
            #expect(enabled.ipAllowlist == ranges)
            let reread = try await client.ipAllowlist.get()
            #expect(reread.enabled == true)
            #expect(reread.ipAllowlist == ranges)

            let lockout = await Self.apiError {
                _ = try await client.ipAllowlist.update(IPAllowlist(enabled: true, ipAllowlist: ["203.0.113.0/24"]))
            }
            #expect(lockout?.statusCode == 422)
            let notAnAddress = await Self.apiError {
                _ = try await client.ipAllowlist.update(IPAllowlist(ipAllowlist: ["127.0.0.1", "not-an-address"]))
            }
            #expect(notAnAddress?.statusCode == 400)
            #expect(try await client.ipAllowlist.get().ipAllowlist == ranges, "a refused update changes nothing")

            let disabled = try await client.ipAllowlist.update(IPAllowlist(enabled: false))
            #expect(disabled.enabled == false)
            #expect(disabled.ipAllowlist == ranges, "turning it off keeps the list")
        }
    }

    @Test("Away status reasons: list them, set a teammate away with one, and back again")
    func awayStatusReasons() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let reasons = try await client.awayStatusReasons.list().data ?? []
            #expect(reasons.compactMap(\.label) == ["On a break", "In a meeting", "Out sick"])
            #expect(reasons.allSatisfy { $0.type == "away_status_reason" && $0.deleted == false })
            let meeting = try #require(reasons.first { $0.label == "In a meeting" })
            let reasonID = try #require(meeting.id)
            #expect(meeting.emoji == "📅")

            let me = try await client.admins.identify()
            let adminID = try #require(me.id)
            let away = try await client.admins.away(
                id: adminID,
                awayModeEnabled: true,
                awayModeReassign: true,
                awayStatusReasonID: Int(reasonID)
            )
            #expect(away.id == adminID)
            #expect(away.awayModeEnabled == true)
            #expect(away.awayModeReassign == true)
            #expect(away.awayStatusReasonID == reasonID)
            let found = try await client.admins.find(id: adminID)
            #expect(found.awayModeEnabled == true)
            #expect(found.awayStatusReasonID == reasonID)

            let back = try await client.admins.away(id: adminID, awayModeEnabled: false, awayModeReassign: false)
            #expect(back.awayModeEnabled == false)
            #expect(back.awayStatusReasonID == nil, "coming back clears the reason")

            let unknownReason = await Self.apiError {
                _ = try await client.admins.away(
                    id: adminID,
                    awayModeEnabled: true,
                    awayModeReassign: false,
                    awayStatusReasonID: 999_999
                )
            }
            #expect(unknownReason?.statusCode == 400)
        }
    }

    @Test("Activity logs: an away-mode change shows up first, by whom and with what it changed")
    func activityLogs() async throws {
        let clock = ManualClock()
        try await withSandbox(Self.configuration(clock: clock)) { sandbox in
            let client = sandbox.client()
            let me = try await client.admins.identify()
            let adminID = try #require(me.id)
            let weekAgo = String(Int(clock.now.timeIntervalSince1970) - 7 * 86_400)
            let before = try await client.admins.listAllActivityLogs(createdAtAfter: weekAgo).activityLogs ?? []

            clock.advance(by: .seconds(60))
            let changedAt = clock.now
            _ = try await client.admins.away(id: adminID, awayModeEnabled: true, awayModeReassign: false)

            let logs = try await client.admins.listAllActivityLogs(createdAtAfter: weekAgo).activityLogs ?? []
            #expect(logs.count == before.count + 1)
            let latest = try #require(logs.first)
            #expect(latest.activityType == .adminAwayModeChange)
            #expect(latest.performedBy?.id == adminID)
            #expect(latest.performedBy?.email == me.email)
            #expect(latest.metadata?.awayMode == true)
            #expect(latest.metadata?.reassignConversations == false)
            #expect(latest.createdAt == changedAt)

            let since = String(Int(changedAt.timeIntervalSince1970))
            let onlyNew = try await client.admins.listAllActivityLogs(createdAtAfter: since).activityLogs ?? []
            #expect(onlyNew.map(\.id) == [latest.id], "created_at_after leaves the older entries out")
            let untilBefore = String(Int(changedAt.timeIntervalSince1970) - 1)
            let older = try await client.admins.listAllActivityLogs(
                createdAtAfter: weekAgo,
                createdAtBefore: untilBefore
            )
            #expect(older.activityLogs?.count == before.count, "created_at_before leaves the new entry out")
        }
    }

    @Test("Data attributes: create a list attribute, change its options, archive it out of the default listing")
    func dataAttributes() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let created = try await client.dataAttributes.create(
                CreateDataAttributeRequest(
                    name: "onboarding_stage",
                    model: .contact,
                    description: "Where the contact is in onboarding",
                    dataType: .options,
                    options: [.init(value: "invited"), .init(value: "activated"), .init(value: "churned")]
                )
            )
            let attributeID = try #require(created.id)
            #expect(created.type == "data_attribute")
            #expect(created.model == .contact)
            #expect(created.fullName == "custom_attributes.onboarding_stage")
            #expect(created.custom == true)
            #expect(created.archived == false)
            #expect(created.options == ["invited", "activated", "churned"])

            let updated = try await client.dataAttributes.update(
                id: String(attributeID),
                UpdateDataAttributeRequest(
                    description: "Onboarding stage, from the product",
                    options: [.init(value: "invited"), .init(value: "activated"), .init(value: "paying")]
                )
            )
            #expect(updated.description == "Onboarding stage, from the product")
            #expect(updated.options == ["invited", "activated", "paying"])
            #expect(updated.archived == false)

            let listed = try await client.dataAttributes.list(model: .contact).data ?? []
            #expect(listed.contains { $0.id == attributeID })

            let archived = try await client.dataAttributes.update(
                id: String(attributeID),
                UpdateDataAttributeRequest(archived: true)
            )
            #expect(archived.archived == true)
            let active = try await client.dataAttributes.list(model: .contact).data ?? []
            #expect(!active.contains { $0.id == attributeID }, "archived attributes are left out by default")
            let everything = try await client.dataAttributes.list(model: .contact, includeArchived: true).data ?? []
            #expect(everything.first { $0.id == attributeID }?.archived == true)

            let duplicate = await Self.apiError {
                _ = try await client.dataAttributes.create(
                    CreateDataAttributeRequest(name: "Onboarding_Stage", model: .contact, dataType: .string)
                )
            }
            #expect(duplicate?.statusCode == 400, "custom attribute names are unique, ignoring case")
        }
    }

    // MARK: - Conversations and messages

    @Test("Conversations: retitle one and set a custom attribute, redact a part and the first message, delete it")
    func conversationChanges() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let listed = try await client.conversations.list().collect()
            let summary = try #require(listed.first { $0.title == "Export is slow" })

            let updated = try await client.conversations.update(
                id: summary.id,
                UpdateConversationRequest(title: "CSV export is slow", customAttributes: ["escalation": "engineering"])
            )
            #expect(updated.id == summary.id)
            #expect(updated.title == "CSV export is slow")
            #expect(updated.customAttributes?["escalation"] == "engineering")
            let conversation = try await client.conversations.find(id: summary.id)
            #expect(conversation.title == "CSV export is slow")
            #expect(conversation.customAttributes?["escalation"] == "engineering")

            let part = try #require(conversation.conversationParts?.conversationParts?.first)
            #expect(part.redacted == false)
            let partRedacted = try await client.conversations.redactConversationPart(
                .conversationPart(.init(conversationID: summary.id, conversationPartID: part.id))
            )
            let partsAfter = partRedacted.conversationParts?.conversationParts ?? []
            let redactedPart = try #require(partsAfter.first { $0.id == part.id })
            #expect(redactedPart.redacted == true)
            #expect(redactedPart.body?.contains("This message was deleted") == true)
            #expect(redactedPart.body?.contains("Looking into it") == false)

            let sourceID = try #require(conversation.source?.id)
            let sourceRedacted = try await client.conversations.redactConversationPart(
                .source(.init(conversationID: summary.id, sourceID: sourceID))
            )
            #expect(sourceRedacted.source?.redacted == true)
            #expect(sourceRedacted.source?.body?.contains("This message was deleted") == true)

            let missingPart = await Self.apiError {
                _ = try await client.conversations.redactConversationPart(
                    .conversationPart(.init(conversationID: summary.id, conversationPartID: "no-such-part"))
                )
            }
            #expect(missingPart?.statusCode == 404)

            let deleted = try await client.conversations.delete(id: summary.id)
            #expect(deleted.deleted == true)
            #expect(deleted.id == summary.id)
            let gone = await Self.apiError { _ = try await client.conversations.find(id: summary.id) }
            #expect(gone?.statusCode == 404)
            #expect(try await client.conversations.list().collect().contains { $0.id == summary.id } == false)
        }
    }

    @Test("Messages: an admin's email answers an admin_message with its owner, and starts a conversation")
    func adminMessage() async throws {
        try await withSandbox(Self.configuration()) { sandbox in
            let client = sandbox.client()
            let me = try await client.admins.identify()
            let adminID = try #require(me.id)
            let katherine = try await client.contacts.find(externalID: "user-1002")

            let message = try await client.messages.create(
                CreateMessageRequest(
                    messageType: .email,
                    subject: "Your refund",
                    body: "Your refund is on its way.",
                    template: .plain,
                    from: .init(id: adminID),
                    to: .recipient(Recipient(type: .user, id: katherine.id))
                )
            )
            #expect(message.type == "admin_message")
            #expect(message.messageType == .email)
            #expect(message.subject == "Your refund")
            #expect(message.body == "Your refund is on its way.")
            #expect(message.owner?["type"] == "admin")
            #expect(message.owner?["id"] == .string(adminID))
            #expect(message.owner?["email"] == me.email.map(JSONValue.string))
            let conversationID = try #require(message.conversationID)

            let conversation = try await client.conversations.find(id: conversationID)
            #expect(conversation.source?.deliveredAs == "admin_initiated")
            #expect(conversation.source?.author?.id == adminID)
            #expect(conversation.contacts?.contacts?.count == 1)
            #expect(conversation.contacts?.contacts?.first?.id == katherine.id)

            let noSubject = await Self.apiError {
                _ = try await client.messages.create(
                    CreateMessageRequest(
                        messageType: .email,
                        body: "No subject here.",
                        from: .init(id: adminID),
                        to: .recipient(Recipient(type: .user, id: katherine.id))
                    )
                )
            }
            #expect(noSubject?.statusCode == 422)
        }
    }
}
