import Foundation
import Hummingbird
import Intercom

/// `/me`, `/admins` and `/teams`.
struct AdminsController {
    let store: SandboxStore

    func register(on router: Router<SandboxContext>) {
        let store = self.store
        router.get("me") { _, _ in
            try await store.read { store in
                try Reply.json(store.rendered(try store.admin(SampleWorkspace.ownerID)) { $0.adminWithApp($1) })
            }
        }
        router.get("admins") { _, _ in
            try await store.read { store in
                try Reply.list(type: "admin.list", key: "admins", items: store.data.admins.map(store.data.admin))
            }
        }
        router.get("admins/:id") { _, context in
            let id = try context.path("id")
            return try await store.read { store in try Reply.json(store.rendered(try store.admin(id)) { $0.admin($1) })
            }
        }
        router.put("admins/:id/away") { request, context in
            let id = try context.path("id")
            let body = try await request.decodeBody(as: ConfigureAwayAdminRequest.self)
            let enabled = try required(body.awayModeEnabled, "away_mode_enabled")
            let reassign = try required(body.awayModeReassign, "away_mode_reassign")
            return try await store.perform { store in
                try Reply.json(
                    store.rendered(
                        try store.setAway(
                            adminID: id,
                            enabled: enabled,
                            reassign: reassign,
                            reasonID: body.awayStatusReasonID.map(String.init)
                        )
                    ) {
                        $0.admin($1)
                    }
                )
            }
        }
        router.get("teams") { _, _ in
            try await store.read { store in
                try Reply.list(type: "team.list", key: "teams", items: store.data.teams.map(store.data.team))
            }
        }
        router.get("teams/:id") { _, context in
            let id = try context.path("id")
            return try await store.read { store in try Reply.json(store.rendered(try store.team(id)) { $0.team($1) }) }
        }
    }
}
