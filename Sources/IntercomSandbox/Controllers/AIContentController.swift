import Foundation
import HTTPTypes
import Hummingbird
import Intercom

/// `/ai`: Fin's content library, made of content import sources and the external pages imported from them.
struct AIContentController {
    let store: SandboxStore

    /// The page size of both listings when the request names none.
    static let listPageSize = 50

    func register(on router: Router<SandboxContext>) {
        registerSources(on: router)
        registerPages(on: router)
    }

    private func registerSources(on router: Router<SandboxContext>) {
        let store = self.store
        router.get("ai/content_import_sources") { request, _ in
            let sources = await store.read { store in
                store.data.documents(.contentImportSource).map(FinContent.publicSource)
            }
            return try Reply.numberedList(sources, request: request, defaultPerPage: Self.listPageSize)
        }
        router.post("ai/content_import_sources") { request, _ in
            let body = try await request.jsonBody()
            guard let syncBehavior = try body.oneOf("sync_behavior", FinContent.createSyncBehaviors) else {
                throw BodyFields.missing("sync_behavior")
            }
            let url = try ContentFieldRules.webURL(try body.requireString("url"), field: "url")
            let status = try body.oneOf("status", FinContent.statuses)
            return try await store.perform { store in
                let source = try store.createContentImportSource(url: url, syncBehavior: syncBehavior, status: status)
                return try Reply.object(FinContent.publicSource(source))
            }
        }
        router.get("ai/content_import_sources/:source_id") { _, context in
            let id = try context.path("source_id")
            return try await store.read { store in
                try Reply.object(FinContent.publicSource(try store.data.document(.contentImportSource, id)))
            }
        }
        router.put("ai/content_import_sources/:source_id") { request, context in
            let id = try context.path("source_id")
            let body = try await request.jsonBody()
            guard let syncBehavior = try body.oneOf("sync_behavior", FinContent.updateSyncBehaviors) else {
                throw BodyFields.missing("sync_behavior")
            }
            let url = try ContentFieldRules.webURL(try body.requireString("url"), field: "url")
            let status = try body.oneOf("status", FinContent.statuses)
            return try await store.perform { store in
                let source = try store.updateContentImportSource(
                    id,
                    url: url,
                    syncBehavior: syncBehavior,
                    status: status
                )
                return try Reply.object(FinContent.publicSource(source))
            }
        }
        router.delete("ai/content_import_sources/:source_id") { _, context in
            let id = try context.path("source_id")
            try await store.perform { store in try store.deleteContentImportSource(id) }
            return Response(status: .noContent)
        }
    }

    private func registerPages(on router: Router<SandboxContext>) {
        let store = self.store
        router.get("ai/external_pages") { request, _ in
            // Newest first, as Intercom lists them.
            let pages = await store.read { store in Array(store.data.documents(.externalPage).reversed()) }
            return try Reply.numberedList(pages, request: request, defaultPerPage: Self.listPageSize)
        }
        router.post("ai/external_pages") { request, _ in
            let input = try ExternalPageInput(try await request.jsonBody(), creating: true)
            return try await store.perform { store in
                try Reply.object(try store.upsertExternalPage(input))
            }
        }
        router.get("ai/external_pages/:page_id") { _, context in
            let id = try context.path("page_id")
            return try await store.read { store in
                try Reply.object(try store.data.document(.externalPage, id))
            }
        }
        router.put("ai/external_pages/:page_id") { request, context in
            let id = try context.path("page_id")
            let input = try ExternalPageInput(try await request.jsonBody(), creating: false)
            return try await store.perform { store in
                try Reply.object(try store.updateExternalPage(id, input))
            }
        }
        router.delete("ai/external_pages/:page_id") { _, context in
            let id = try context.path("page_id")
            return try await store.perform { store in
                try Reply.object(try store.deleteExternalPage(id))
            }
        }
    }
}
