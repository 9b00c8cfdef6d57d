import HTTPTypes

// Methods whose names or shapes changed when the SDK moved to API 2.16, kept as deprecated forwarders
// for one release so that existing code keeps compiling with a fix-it.

extension IntercomClient.Contacts {
    /// Finds a contact by your own id for it.
    @available(*, deprecated, renamed: "find(externalID:)")
    public func findByExternalID(externalID: String) async throws -> Contact {
        try await find(externalID: externalID)
    }

    /// Searches contacts with the search body shared by conversations and tickets.
    ///
    /// From API 2.16 contact search takes ``ContactSearchRequest``, the same query plus sorting; this
    /// converts. Prefer ``search(_:perPage:)`` with a ``SearchQuery``.
    @available(*, deprecated, message: "Pass a ContactSearchRequest, or a SearchQuery to search(_:perPage:).")
    public func search(_ body: SearchRequest) -> PaginatedSequence<Contact> {
        let query: ContactSearchRequest.Query
        switch body.query {
        case .single(let filter)?: query = .single(filter)
        case .multiple(let filters)?: query = .multiple(filters)
        case .unknown(let raw)?: query = .unknown(raw)
        case nil: query = .unknown(.object([:]))
        }
        return search(ContactSearchRequest(query: query, pagination: body.pagination))
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
