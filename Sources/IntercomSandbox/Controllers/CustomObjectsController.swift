import Foundation
import Hummingbird
import Intercom

/// `/custom_object_instances/{type}`: instances of the workspace's custom object types, created or
/// updated by their external id, found and deleted by Intercom's id or the external id.
struct CustomObjectsController {
    let store: SandboxStore

    func register(on router: Router<SandboxContext>) {
        let store = self.store
        router.post("custom_object_instances/:type_identifier") { request, context in
            let type = try Self.objectType(context)
            let input = try CustomObjectInstanceInput(try await request.jsonBody(), type: type)
            return try await store.perform { store in
                try Reply.object(try store.upsertCustomObjectInstance(type: type.identifier, input))
            }
        }
        router.get("custom_object_instances/:type_identifier") { request, context in
            let type = try Self.objectType(context)
            let externalID = try Self.externalID(request)
            return try await store.read { store in
                guard let instance = store.customObjectInstance(type: type.identifier, externalID: externalID) else {
                    throw CustomObjectType.instanceNotFound()
                }
                return try Reply.object(instance)
            }
        }
        router.delete("custom_object_instances/:type_identifier") { request, context in
            let type = try Self.objectType(context)
            let externalID = try Self.externalID(request)
            return try await store.perform { store in
                let id = try store.removeCustomObjectInstance(type: type.identifier, externalID: externalID)
                return try Reply.deleted(id: id, object: type.identifier)
            }
        }
        router.get("custom_object_instances/:type_identifier/:instance_id") { _, context in
            let type = try Self.objectType(context)
            let id = try context.path("instance_id")
            return try await store.read { store in
                // The path takes Intercom's id or, failing that, the external id.
                guard
                    let instance = store.customObjectInstance(type: type.identifier, id: id)
                        ?? store.customObjectInstance(type: type.identifier, externalID: id)
                else {
                    throw CustomObjectType.instanceNotFound()
                }
                return try Reply.object(instance)
            }
        }
        router.delete("custom_object_instances/:type_identifier/:instance_id") { _, context in
            let type = try Self.objectType(context)
            let id = try context.path("instance_id")
            return try await store.perform { store in
                let removed = try store.removeCustomObjectInstance(type: type.identifier, id: id)
                return try Reply.deleted(id: removed, object: type.identifier)
            }
        }
    }

    /// The custom object type the path names.
    static func objectType(_ context: SandboxContext) throws -> CustomObjectType {
        try CustomObjectType.named(context.path("type_identifier"))
    }

    /// The `external_id` query parameter the by-external-id routes require.
    static func externalID(_ request: Request) throws -> String {
        guard let externalID = request.query("external_id") else { throw BodyFields.missing("external_id") }
        return externalID
    }
}
