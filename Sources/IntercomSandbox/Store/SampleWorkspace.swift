import Foundation

/// The data a sandbox starts with.
enum SampleWorkspace {
    /// The admin every access token acts as.
    static let ownerID = "991267460"

    static func seed(into data: inout WorkspaceData, seed: SandboxConfiguration.Seed, now: Int64) {
        data.admins = [
            AdminRecord(
                id: ownerID,
                name: "Ada Lovelace",
                email: "ada@sandbox.example",
                jobTitle: "Support lead",
                teamIDs: seed == .sample ? ["814865"] : []
            )
        ]
        guard seed == .sample else { return }
        data.admins += [
            AdminRecord(
                id: "991267461",
                name: "Grace Hopper",
                email: "grace@sandbox.example",
                jobTitle: "Engineer",
                teamIDs: ["814865"]
            ),
            AdminRecord(
                id: "991267462",
                name: "Alan Turing",
                email: "alan@sandbox.example",
                jobTitle: "Success manager"
            ),
        ]
        data.teams = [TeamRecord(id: "814865", name: "Support", adminIDs: [ownerID, "991267461"])]
    }
}
