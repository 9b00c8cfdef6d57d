import Foundation
import Hummingbird
import Intercom

/// `/ticket_types` with their attributes, and `/ticket_states`.
struct TicketTypesController {
    let store: SandboxStore

    func register(on router: Router<SandboxContext>) {
        let store = self.store
        router.get("ticket_types") { _, _ in
            try await store.read { store in
                try Reply.plainList(store.data.documents(.ticketType).map { store.data.ticketTypeWire($0) })
            }
        }
        router.post("ticket_types") { request, _ in
            let body = try await request.jsonBody()
            let name = try Self.name(body, required: true) ?? ""
            let description = try body.string("description") ?? ""
            let category = try body.oneOf("category", TicketVocabulary.categories) ?? "Customer"
            let icon = try body.string("icon") ?? TicketVocabulary.defaultIcon
            let isInternal = try body.bool("is_internal") ?? false
            return try await store.perform { store in
                let type = try store.createTicketType(
                    name: name,
                    description: description,
                    category: category,
                    icon: icon,
                    isInternal: isInternal
                )
                return try Reply.object(store.data.ticketTypeWire(type))
            }
        }
        router.get("ticket_types/:id") { _, context in
            let id = try context.path("id")
            return try await store.read { store in
                try Reply.object(store.data.ticketTypeWire(try store.data.document(.ticketType, id)))
            }
        }
        router.put("ticket_types/:id") { request, context in
            let id = try context.path("id")
            let body = try await request.jsonBody()
            let name = try Self.name(body, required: false)
            let description = try body.string("description")
            let category = try body.oneOf("category", TicketVocabulary.categories)
            let icon = try body.string("icon")
            let archived = try body.bool("archived")
            let isInternal = try body.bool("is_internal")
            return try await store.perform { store in
                var type = try store.data.document(.ticketType, id)
                if let name {
                    try store.checkTicketTypeName(name, except: id)
                    type["name"] = .string(name)
                }
                if let description { type["description"] = .string(description) }
                if let category { type["category"] = .string(category) }
                if let icon { type["icon"] = .string(icon) }
                if let archived { type["archived"] = .bool(archived) }
                if let isInternal { type["is_internal"] = .bool(isInternal) }
                type["updated_at"] = .time(store.now)
                let updated = type
                try store.data.updateDocument(.ticketType, id) { object in object = updated }
                return try Reply.object(store.data.ticketTypeWire(updated))
            }
        }
        router.post("ticket_types/:id/attributes") { request, context in
            let id = try context.path("id")
            let body = try await request.jsonBody()
            let input = try TicketAttributeInput(body, creating: true)
            return try await store.perform { store in
                let attribute = try store.createTicketTypeAttribute(typeID: id, input)
                return try Reply.object(store.data.ticketTypeAttributeWire(attribute))
            }
        }
        router.put("ticket_types/:id/attributes/:attribute_id") { request, context in
            let id = try context.path("id")
            let attributeID = try context.path("attribute_id")
            let body = try await request.jsonBody()
            let input = try TicketAttributeInput(body, creating: false)
            return try await store.perform { store in
                let attribute = try store.updateTicketTypeAttribute(typeID: id, attributeID: attributeID, input)
                return try Reply.object(store.data.ticketTypeAttributeWire(attribute))
            }
        }
        router.get("ticket_states") { _, _ in
            try await store.read { store in
                try Reply.plainList(store.data.documents(.ticketState).map { store.data.ticketStateWire($0) })
            }
        }
    }

    /// A ticket type's name: not empty once trimmed, at most 255 characters.
    static func name(_ body: BodyFields, required: Bool) throws -> String? {
        let sent: String?
        if required {
            sent = try body.requireString("name")
        } else {
            sent = try body.string("name")
        }
        guard let name = sent else { return nil }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw SandboxError.parameterInvalid("name must not be empty", field: "name")
        }
        guard trimmed.count <= 255 else {
            throw SandboxError.parameterInvalid("name must be at most 255 characters", field: "name")
        }
        return trimmed
    }
}
