import Foundation
import Hummingbird
import Intercom

/// Workspace settings: the away status reasons teammates pick from and the IP allowlist.
struct WorkspaceSettingsController {
    let store: SandboxStore

    /// The id of the workspace's one IP allowlist object.
    static let allowlistID = "ip_allowlist"

    func register(on router: Router<SandboxContext>) {
        let store = self.store
        router.get("away_status_reasons") { _, _ in
            try await store.read { store in
                try Reply.plainList(store.data.documents(.awayStatusReason))
            }
        }
        router.get("ip_allowlist") { _, _ in
            try await store.read { store in
                try Reply.object(Self.publicAllowlist(Self.allowlist(store.data)))
            }
        }
        router.put("ip_allowlist") { request, _ in
            let body = try await request.jsonBody()
            let enabled = try body.bool("enabled")
            let entries = try body.strings("ip_allowlist")
            for entry in entries ?? [] where !Self.isAddressOrRange(entry) {
                throw SandboxError.parameterInvalid(
                    "\(entry) is not an IPv4 or IPv6 address or CIDR range",
                    field: "ip_allowlist"
                )
            }
            return try await store.perform { store in
                var allowlist = Self.allowlist(store.data)
                if let enabled { allowlist["enabled"] = .bool(enabled) }
                if let entries { allowlist["ip_allowlist"] = .array(entries.map(JSONValue.string)) }
                // Like Intercom, refuse a list that would shut out the caller (always a loopback address here).
                if allowlist["enabled"]?.boolValue == true,
                    !(allowlist["ip_allowlist"]?.arrayValue ?? []).contains(where: {
                        Self.coversLoopback($0.stringValue)
                    })
                {
                    throw SandboxError(
                        .unprocessableContent,
                        .parameterInvalid,
                        "Your IP (127.0.0.1) is not on the allowlist. Saving would lock you out of this workspace."
                    )
                }
                store.data.documentCollections[.ipAllowlist] = DocumentCollection(
                    order: [Self.allowlistID],
                    objects: [Self.allowlistID: allowlist]
                )
                return try Reply.object(Self.publicAllowlist(allowlist))
            }
        }
    }

    /// The stored allowlist, or the disabled, empty one a workspace starts with.
    static func allowlist(_ data: WorkspaceData) -> [String: JSONValue] {
        (try? data.document(.ipAllowlist, allowlistID))
            ?? ["id": .string(allowlistID), "type": "ip_allowlist", "enabled": false, "ip_allowlist": []]
    }

    /// The allowlist as Intercom answers it: without the store's own id.
    static func publicAllowlist(_ stored: [String: JSONValue]) -> [String: JSONValue] {
        var object = stored
        object["id"] = nil
        return object
    }

    /// Whether `entry` is an IPv4 or IPv6 address, optionally with a `/prefix` length that fits it.
    static func isAddressOrRange(_ entry: String) -> Bool {
        let parts = entry.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let address = parts.first else { return false }
        let isV4 = LoopbackAddress.ipv4Octets(address) != nil
        let isV6 = !isV4 && LoopbackAddress.ipv6Groups(address) != nil
        guard isV4 || isV6 else { return false }
        guard parts.count == 2 else { return true }
        guard let length = Int(parts[1]) else { return false }
        return (0...(isV4 ? 32 : 128)).contains(length)
    }

    /// Whether an allowlist entry lets a loopback caller in.
    static func coversLoopback(_ entry: String?) -> Bool {
        guard let entry else { return false }
        return entry == "::1" || entry == "::1/128" || entry.hasPrefix("127.") || entry == "0.0.0.0/0"
            || entry == "::/0"
    }
}

extension SampleWorkspace {
    /// The away status reasons every workspace starts with.
    static func seedWorkspaceSettings(into data: inout WorkspaceData, now: Int64) {
        let reasons: [(String, String)] = [("On a break", "☕"), ("In a meeting", "📅"), ("Out sick", "🤒")]
        for (index, reason) in reasons.enumerated() {
            _ = try? data.insertDocument(
                .awayStatusReason,
                [
                    "type": "away_status_reason", "id": .string(String(800 + index)), "label": .string(reason.0),
                    "emoji": .string(reason.1), "order": .int(index + 1), "deleted": false,
                    "created_at": .time(now - 90 * 86_400), "updated_at": .time(now - 90 * 86_400),
                ]
            )
        }
    }
}

extension SampleWorkspace {
    /// A few entries in the admins' activity log.
    static func seedActivity(into data: inout WorkspaceData, now: Int64) {
        let entries: [(String, Int64, [String: JSONValue])] = [
            ("admin_login_success", 3 * 86_400, ["sign_in_method": "email_password"]),
            ("app_name_change", 2 * 86_400, ["before": "Sandbox", "after": "Sandbox Workspace"]),
            ("admin_away_mode_change", 86_400, ["away_mode": false, "reassign_conversations": false]),
        ]
        for (index, entry) in entries.enumerated() {
            _ = try? data.insertDocument(
                .activityLog,
                [
                    "id": .string("5a0c7e52-0000-4000-8000-00000000000\(index + 1)"),
                    "performed_by": [
                        "type": "admin", "id": .string(ownerID), "email": "ada@sandbox.example", "ip": "127.0.0.1",
                    ],
                    "metadata": .object(entry.2),
                    "created_at": .time(now - entry.1),
                    "activity_type": .string(entry.0),
                    "activity_description": .string("Ada Lovelace made a change: \(entry.0)"),
                ]
            )
        }
    }
}
