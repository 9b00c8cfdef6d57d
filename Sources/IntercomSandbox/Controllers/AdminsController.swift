import Foundation
import Hummingbird
import Intercom

/// `/me`, `/admins` and `/teams`.
struct AdminsController {
    let store: SandboxStore

    func register(on router: Router<SandboxContext>) {
        router.get("me") { _, _ -> JSONValue in
            try await store.render { data in
                guard let owner = data.admins.first(where: { $0.id == SampleWorkspace.ownerID }) else {
                    throw SandboxError.notFound()
                }
                return AdminsController.json(owner, appID: data.appID)
            }
        }
    }

    static func json(_ admin: AdminRecord, appID: String) -> JSONValue {
        [
            "type": "admin",
            "id": .string(admin.id),
            "name": .string(admin.name),
            "email": .string(admin.email),
            "job_title": admin.jobTitle.map(JSONValue.string) ?? .null,
            "away_mode_enabled": .bool(admin.awayModeEnabled),
            "away_mode_reassign": .bool(admin.awayModeReassign),
            "has_inbox_seat": .bool(admin.hasInboxSeat),
            "team_ids": .array(admin.teamIDs.compactMap { Int($0) }.map(JSONValue.int)),
            "app": ["type": "app", "id_code": .string(appID), "name": "Sandbox", "region": "US", "timezone": "UTC"],
        ]
    }
}

extension SandboxStore {
    /// Runs `body` on the data and returns what it renders.
    func render<T: Sendable>(_ body: (WorkspaceData) throws -> T) throws -> T {
        try body(data)
    }
}

extension JSONValue: ResponseGenerator {
    /// Renders the value as a JSON response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try IntercomJSON.makeEncoder().encode(self)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: .init(bytes: data))
        )
    }
}
