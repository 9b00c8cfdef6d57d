import HTTPTypes

// Methods whose names or shapes changed (the move to API 2.16, and one name per idea), kept as
// deprecated forwarders for one release so that existing code keeps compiling with a fix-it.

extension IntercomClient.Contacts {
    /// Finds a contact by your own id for it.
    @available(*, deprecated, renamed: "find(externalID:)")
    public func findByExternalID(externalID: String) async throws -> Contact {
        try await find(externalID: externalID)
    }

    /// Searches contacts with the search body shared by conversations and tickets.
    @available(*, deprecated, message: "Pass a SearchQuery to search(_:perPage:sort:includeMergeHistory:).")
    public func search(_ body: SearchRequest) -> PaginatedSequence<Contact> {
        client.paginate(
            APIRequest(.post, "/contacts/search", body: body, operation: "contacts.search"),
            style: .searchCursor,
            itemsKey: "data",
            of: Contact.self
        )
    }

    /// Searches contacts with the generated request body.
    @available(*, deprecated, message: "Pass a SearchQuery to search(_:perPage:sort:includeMergeHistory:).")
    public func search(_ body: ContactSearchRequest, includeMergeHistory: Bool? = nil) -> PaginatedSequence<Contact> {
        client.paginate(
            APIRequest(
                .post,
                "/contacts/search",
                query: [("include_merge_history", includeMergeHistory.map { String($0) })],
                body: body,
                operation: "contacts.search",
                parameterSince: ["include_merge_history": .v2_16]
            ),
            style: .searchCursor,
            itemsKey: "data",
            of: Contact.self
        )
    }
}

extension IntercomClient.Conversations {
    /// Every conversation, newest first.
    @available(*, deprecated, renamed: "list(perPage:)")
    public func listAll(perPage: Int? = nil) -> PaginatedSequence<ConversationListItem> {
        list(perPage: perPage)
    }

    /// Searches conversations with the generated request body.
    @available(*, deprecated, message: "Pass a SearchQuery to search(_:perPage:includeMonitors:includeScorecards:).")
    public func search(
        _ body: SearchRequest,
        includeMonitors: Bool? = nil,
        includeScorecards: Bool? = nil
    ) -> PaginatedSequence<ConversationListItem> {
        client.paginate(
            APIRequest(
                .post,
                "/conversations/search",
                query: [
                    ("include_monitors", includeMonitors.map { String($0) }),
                    ("include_scorecards", includeScorecards.map { String($0) }),
                ],
                body: body,
                operation: "conversations.search",
                parameterSince: ["include_monitors": .v2_16, "include_scorecards": .v2_16]
            ),
            style: .searchCursor,
            itemsKey: "conversations",
            of: ConversationListItem.self
        )
    }
}

extension IntercomClient.Tickets {
    /// Searches tickets with the generated request body.
    @available(*, deprecated, message: "Pass a SearchQuery to search(_:perPage:).")
    public func search(_ body: SearchRequest) -> PaginatedSequence<Ticket> {
        client.paginate(
            APIRequest(.post, "/tickets/search", body: body, operation: "tickets.search"),
            style: .searchCursor,
            itemsKey: "tickets",
            of: Ticket.self
        )
    }
}

extension IntercomClient.Companies {
    /// Looks companies up by any of the `GET /companies` filters at once.
    @available(
        *,
        deprecated,
        message: "Use find(companyID:), find(name:), list(tagID:perPage:) or list(segmentID:perPage:)."
    )
    public func retrieve(
        name: String? = nil,
        companyID: String? = nil,
        tagID: String? = nil,
        segmentID: String? = nil,
        page: Int? = nil,
        perPage: Int? = nil
    ) async throws -> CompanyList {
        try await client.execute(
            APIRequest(
                .get,
                "/companies",
                query: [
                    ("name", name), ("company_id", companyID), ("tag_id", tagID), ("segment_id", segmentID),
                    ("page", page.map { String($0) }), ("per_page", perPage.map { String($0) }),
                ],
                operation: "companies.retrieve"
            ),
            as: CompanyList.self
        )
    }

    /// The first page of a company's contacts.
    @available(*, deprecated, message: "Use listContacts(id:perPage:), which pages through all of them.")
    public func listAttachedContacts(id: String) async throws -> CompanyAttachedContacts {
        try await client.execute(
            APIRequest(.get, "/companies/\(id)/contacts", operation: "companies.listAttachedContacts"),
            as: CompanyAttachedContacts.self
        )
    }

    /// The contacts of the company with your `company_id`; looks the company up first.
    @available(*, deprecated, message: "Call find(companyID:), then listContacts(id:perPage:) with its id.")
    public func listContacts(companyID: String, perPage: Int? = nil) async throws -> PaginatedSequence<Contact> {
        listContacts(id: try await find(companyID: companyID).id, perPage: perPage)
    }
}

extension IntercomClient.CustomObjectInstances {
    /// Finds the instance with your own id for it, on any API version: 2.14 answers the instance, 2.16
    /// a page that holds it.
    ///
    /// - Throws: ``IntercomError/api(_:)`` with status 404 and code `not_found` when a 2.16 page is
    ///   empty.
    public func find(typeIdentifier: String, externalID: String) async throws -> CustomObjectInstance {
        switch try await list(typeIdentifier: typeIdentifier, externalID: externalID) {
        case .instance(let instance):
            return instance
        case .instancesPaginatedList(let page):
            guard let first = page.data?.first else {
                throw IntercomError.api(
                    IntercomAPIError(
                        status: .notFound,
                        errors: [
                            .init(code: .notFound, message: "No \(typeIdentifier) has the external id \(externalID)")
                        ]
                    )
                )
            }
            return first
        case .unknown(let raw):
            do {
                return try raw.decode(as: CustomObjectInstance.self)
            } catch {
                throw IntercomError.decoding(
                    .init(
                        type: "CustomObjectInstance",
                        codingPath: "",
                        reason: "the answer is neither an instance nor a page of instances",
                        bodyExcerpt: String(describing: raw).prefix(512).description,
                        status: .ok
                    )
                )
            }
        }
    }

    /// Finds the instance with your own id for it.
    @available(*, deprecated, renamed: "find(typeIdentifier:externalID:)")
    public func findByExternalID(typeIdentifier: String, externalID: String) async throws -> CustomObjectInstance {
        try await find(typeIdentifier: typeIdentifier, externalID: externalID)
    }

    /// Deletes the instance with your own id for it.
    @available(*, deprecated, renamed: "delete(typeIdentifier:externalID:)")
    public func deleteByExternalID(
        typeIdentifier: String,
        externalID: String
    ) async throws
        -> CustomObjectInstanceDeleted
    {
        try await delete(typeIdentifier: typeIdentifier, externalID: externalID)
    }
}
