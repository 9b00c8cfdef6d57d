import Foundation
import Hummingbird
import Intercom

/// `/visitors`: anonymous people the Messenger has seen, found by their `user_id`, renamed, and converted
/// into leads or users.
struct VisitorsController {
    let store: SandboxStore

    /// The roles a visitor can be converted into.
    static let conversionRoles = ["user", "lead"]

    func register(on router: Router<SandboxContext>) {
        let store = self.store
        router.get("visitors") { request, _ in
            guard let userID = request.query("user_id") else { throw BodyFields.missing("user_id") }
            return try await store.read { store in
                try Reply.object(try store.visitor(VisitorReference(userID: userID)))
            }
        }
        router.put("visitors") { request, _ in
            let body = try await request.jsonBody()
            let reference = VisitorReference(
                id: try body.id("id"),
                userID: try body.string("user_id").flatMap { $0.isEmpty ? nil : $0 }
            )
            guard !reference.isEmpty else {
                throw SandboxError.parameterNotFound("Provide the visitor's id or user_id", field: "id")
            }
            var name: JSONValue?
            if body.has("name") {
                name = try body.string("name").map(JSONValue.string) ?? .null
            }
            let attributes = try ContentFieldRules.customAttributes(body)
            let change = name
            return try await store.perform { store in
                try Reply.object(try store.updateVisitor(reference, name: change, customAttributes: attributes))
            }
        }
        router.post("visitors/convert") { request, _ in
            let (reference, conversion) = try Self.conversion(try await request.jsonBody())
            return try await store.perform { store in
                let contact = try store.convertVisitor(reference, conversion)
                return try Reply.json(store.rendered(contact) { $0.contact($1) })
            }
        }
    }

    /// Reads `POST /visitors/convert`: the role, the visitor (by id, `user_id` or email) and the contact
    /// it becomes (by id, `user_id` as the external id, or email; a user needs one of them).
    static func conversion(_ body: BodyFields) throws -> (VisitorReference, VisitorConversion) {
        guard let role = try body.oneOf("type", conversionRoles) else { throw BodyFields.missing("type") }
        guard let user = try body.fields("user") else { throw BodyFields.missing("user") }
        guard let visitor = try body.fields("visitor") else { throw BodyFields.missing("visitor") }
        let reference = VisitorReference(
            id: try ContentFieldRules.nestedString(visitor, "id", in: "visitor"),
            userID: try ContentFieldRules.nestedString(visitor, "user_id", in: "visitor"),
            email: try ContentFieldRules.nestedString(visitor, "email", in: "visitor")
        )
        guard !reference.isEmpty else {
            throw SandboxError.parameterNotFound("visitor needs an id, user_id or email", field: "visitor")
        }
        let conversion = VisitorConversion(
            role: role,
            contactID: try ContentFieldRules.nestedString(user, "id", in: "user"),
            externalID: try ContentFieldRules.nestedString(user, "user_id", in: "user"),
            email: try ContentFieldRules.nestedString(user, "email", in: "user")
        )
        if role == "user", conversion.contactID == nil, conversion.externalID == nil, conversion.email == nil {
            throw SandboxError.parameterNotFound("user needs an id, user_id or email", field: "user")
        }
        return (reference, conversion)
    }
}
