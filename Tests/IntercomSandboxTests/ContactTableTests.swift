import Foundation
import Intercom
import TestSupport
import Testing

@testable import IntercomSandbox

/// The indexed contact table answers exactly what a plain scan of the listing answers.
@Suite("Sandbox contact table")
struct ContactTableTests {
    /// The reference: the listed ids in order, paged the simple way.
    static func expectedPage(_ table: ContactTable, perPage: Int, after: String?) throws -> CursorPage {
        let listed = table.orderedIDs.filter { table[$0]?.archived == false }
        return try Paging.cursorPage(listed, perPage: perPage, startingAfter: after)
    }

    @Test("Random adds, updates, archives and removes: lookups and every page match a full scan (seeded)")
    func matchesFullScan() throws {
        let seed = FuzzSettings.seed
        FuzzSettings.log("contact table: seed \(seed) (INTERCOM_FUZZ_SEED=\(seed) repeats this run)")
        var random = SeededGenerator(seed: seed)
        var table = ContactTable()
        var next = 0
        for step in 0..<3_000 {
            let ids = Array(table.records.keys).sorted()
            let choice = ids.isEmpty ? 0 : Int.random(in: 0..<10, using: &random)
            switch choice {
            case 0...4:
                next += 1
                var record = ContactRecord(id: "c\(next)", role: "user", createdAt: 1, updatedAt: 1)
                record.externalID = "ext-\(next % 700)"
                record.email = "Person\(next % 500)@example.com"
                table[record.id] = record
            case 5, 6:
                let id = ids[Int.random(in: 0..<ids.count, using: &random)]
                var record = try #require(table[id])
                record.archived.toggle()
                record.email = Bool.random(using: &random) ? "moved\(step)@example.com" : nil
                table[id] = record
            default:
                let id = ids[Int.random(in: 0..<ids.count, using: &random)]
                table[id] = nil
            }
            if step % 250 == 0 || step == 2_999 {
                try check(table, seed: seed)
            }
        }
    }

    func check(_ table: ContactTable, seed: UInt64) throws {
        let all = table.orderedIDs
        #expect(Set(all) == Set(table.records.keys), "seed \(seed)")
        #expect(table.listedCount == all.filter { table[$0]?.archived == false }.count, "seed \(seed)")
        for record in table.values {
            if let external = record.externalID, let found = table.id(externalID: external) {
                #expect(table[found]?.externalID == external, "seed \(seed)")
            }
            if let email = record.email {
                #expect(table.ids(email: email.uppercased()).contains(record.id), "seed \(seed)")
            }
        }
        for perPage in [1, 7, 150] {
            var cursor: String?
            var pages = 0
            repeat {
                let expected = try Self.expectedPage(table, perPage: perPage, after: cursor)
                let actual = try table.page(perPage: perPage, startingAfter: cursor)
                #expect(actual.ids == expected.ids, "seed \(seed), per page \(perPage)")
                #expect(actual.page == expected.page, "seed \(seed), per page \(perPage)")
                #expect(actual.totalPages == expected.totalPages, "seed \(seed)")
                #expect(actual.totalCount == expected.totalCount, "seed \(seed)")
                #expect(actual.next == expected.next, "seed \(seed)")
                cursor = actual.next
                pages += 1
            } while cursor != nil && pages < 5_000
        }
    }

    @Test("A data file of an earlier version (contacts keyed by id, plus contactOrder) loads in its order")
    func legacyDataFile() throws {
        let first = ContactRecord(id: "b", role: "user", createdAt: 1, updatedAt: 1)
        let second = ContactRecord(id: "a", role: "lead", createdAt: 2, updatedAt: 2)
        guard case .object(var file) = try JSONValue(encoding: WorkspaceData()) else {
            Issue.record("WorkspaceData does not encode as an object")
            return
        }
        file["contacts"] = try JSONValue(encoding: ["b": first, "a": second])
        file["contactOrder"] = ["a", "b"]
        var data = try IntercomJSON.makeDecoder().decode(
            WorkspaceData.self,
            from: IntercomJSON.makeEncoder().encode(JSONValue.object(file))
        )
        try data.validate(limits: SandboxLimits())
        #expect(data.contacts.orderedIDs == ["a", "b"], "the file's order, not creation order")
        #expect(data.contactOrder == nil)
        let again = try IntercomJSON.makeDecoder().decode(
            WorkspaceData.self,
            from: IntercomJSON.makeEncoder().encode(data)
        )
        #expect(again.contacts.orderedIDs == ["a", "b"])
    }

    @Test("External ids and emails are found case-insensitively, and a repeated external id keeps every contact")
    func caseAndDuplicates() {
        var table = ContactTable()
        for (id, external) in [("c1", "ABC"), ("c2", "abc"), ("c3", "other")] {
            var record = ContactRecord(id: id, role: "user", createdAt: 1, updatedAt: 1)
            record.externalID = external
            record.email = "\(id)@Example.com"
            table[id] = record
        }
        #expect(table.ids(externalID: "abc") == ["c1", "c2"])
        #expect(table.id(externalID: "abc") == "c2", "an exact lookup takes the exact match")
        #expect(table.ids(email: "C1@EXAMPLE.COM") == ["c1"])
        table["c1"] = nil
        #expect(table.ids(externalID: "ABC") == ["c2"], "removing one contact keeps the other reachable")
        let query: SearchQuery = .and([.field("external_id") == "ABC", .field("role") == "user"])
        #expect(SandboxStore.indexedCandidates(for: query, in: table) == ["c2"])
        #expect(SandboxStore.indexedCandidates(for: .or([.field("external_id") == "ABC"]), in: table) == nil)
    }
}
