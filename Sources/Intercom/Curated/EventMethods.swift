public import Foundation
import HTTPTypes

/// Event metadata rules Intercom applies, checked before sending.
extension IntercomClient.Events {
    /// The most metadata keys an event may carry.
    public static let maxMetadataKeys = 10

    /// Records that a contact did something.
    ///
    /// - Parameters:
    ///   - eventName: What happened, such as `bought_item`. Required.
    ///   - userID: Your id for the user; or
    ///   - id: the contact's Intercom id (use this for leads); or
    ///   - email: the contact's email. Exactly one is required.
    ///   - createdAt: When it happened; now (on the client's clock) when `nil`.
    ///   - metadata: At most 10 flat keys: strings, numbers, Booleans, and the two objects Intercom
    ///     accepts, rich links `{"url", "value"}` and money `{"amount", "currency"}`.
    /// - Throws: ``IntercomError/invalidRequest(_:)`` before any request when a rule is broken.
    public func save(
        eventName: String,
        userID: String? = nil,
        id: String? = nil,
        email: String? = nil,
        createdAt: Date? = nil,
        metadata: [String: JSONValue] = [:]
    ) async throws {
        guard !eventName.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw IntercomError.invalidRequest(field: "eventName", "An event needs a name.")
        }
        let identifiers = [userID, id, email].compactMap { $0 }.filter { !$0.isEmpty }
        guard identifiers.count == 1 else {
            throw IntercomError.invalidRequest(field: "userID", "An event needs exactly one of userID, id or email.")
        }
        guard metadata.count <= Self.maxMetadataKeys else {
            throw IntercomError.invalidRequest(
                field: "metadata",
                "An event carries at most \(Self.maxMetadataKeys) metadata keys; this one has \(metadata.count)."
            )
        }
        for (key, value) in metadata {
            switch value {
            case .array:
                throw IntercomError.invalidRequest(field: "metadata.\(key)", "Event metadata must be flat: no arrays.")
            case .object(let object):
                let richLink = Set(object.keys) == ["url", "value"]
                let money = Set(object.keys) == ["amount", "currency"]
                guard richLink || money else {
                    throw IntercomError.invalidRequest(
                        field: "metadata.\(key)",
                        "Event metadata must be flat; the only objects allowed are {url, value} and {amount, currency}."
                    )
                }
            default:
                continue
            }
        }
        try await create(
            CreateDataEventRequest(
                eventName: eventName,
                createdAt: createdAt ?? client.configuration.clock.now,
                userID: userID,
                id: id,
                email: email,
                metadata: metadata.isEmpty ? nil : metadata
            )
        )
    }
}
