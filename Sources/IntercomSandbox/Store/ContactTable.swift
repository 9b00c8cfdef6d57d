import Foundation
import Intercom

/// The sandbox's contacts, indexed so that what the routes do costs in proportion to the answer, not
/// to the store: lookups by id, external id and email, a page after a cursor, and the page's number
/// and the total in the listing all stay cheap with 100,000 contacts loaded.
///
/// Contacts keep their creation order (the listing order). A removed contact leaves a hole that a
/// later compaction closes; archived contacts stay in place but are not counted as listed.
struct ContactTable: Sendable {
    private(set) var records: [String: ContactRecord] = [:]
    /// Ids in listing order; `nil` where a contact was removed.
    private var order: [String?] = []
    private var position: [String: Int] = [:]
    /// Lowercased external id → ids, in the order they were added (a data file may repeat one).
    private var byExternalID: [String: [String]] = [:]
    /// Lowercased email → ids, in the order they were added.
    private var byEmail: [String: [String]] = [:]
    /// 1 at each position that holds a listed (present, not archived) contact.
    private var listed = PrefixSums()
    private var holes = 0

    init() {}

    /// How many contacts the table holds, archived ones included.
    var count: Int { records.count }

    /// How many contacts a listing shows (archived ones are left out).
    var listedCount: Int { listed.total }

    /// Every contact, in no particular order.
    var values: Dictionary<String, ContactRecord>.Values { records.values }

    /// Every id in listing order, archived contacts included.
    var orderedIDs: [String] { order.compactMap { $0 } }

    /// The contact with `id`; setting `nil` removes it, setting a record adds or replaces it.
    subscript(id: String) -> ContactRecord? {
        get { records[id] }
        set {
            if let newValue {
                upsert(newValue)
            } else {
                remove(id)
            }
        }
    }

    /// The id of the first contact, in listing order, whose external id is exactly `externalID`.
    func id(externalID: String) -> String? {
        ids(externalID: externalID).first { records[$0]?.externalID == externalID }
    }

    /// The ids of the contacts with this external id, compared case-insensitively, in listing order.
    func ids(externalID: String) -> [String] {
        inListingOrder(byExternalID[externalID.lowercased()] ?? [])
    }

    /// The ids of the contacts with this email, compared case-insensitively, in listing order.
    func ids(email: String) -> [String] {
        inListingOrder(byEmail[email.lowercased()] ?? [])
    }

    private func inListingOrder(_ ids: [String]) -> [String] {
        ids.sorted { (position[$0] ?? 0) < (position[$1] ?? 0) }
    }

    private static func add(_ id: String, under key: String?, to index: inout [String: [String]]) {
        guard let key = key?.lowercased() else { return }
        index[key, default: []].append(id)
    }

    private static func remove(_ id: String, from key: String?, in index: inout [String: [String]]) {
        guard let key = key?.lowercased() else { return }
        index[key]?.removeAll { $0 == id }
        if index[key]?.isEmpty == true { index[key] = nil }
    }

    private mutating func upsert(_ record: ContactRecord) {
        let id = record.id
        if let old = records[id] {
            if old.externalID?.lowercased() != record.externalID?.lowercased() {
                Self.remove(id, from: old.externalID, in: &byExternalID)
                Self.add(id, under: record.externalID, to: &byExternalID)
            }
            if old.email?.lowercased() != record.email?.lowercased() {
                Self.remove(id, from: old.email, in: &byEmail)
                Self.add(id, under: record.email, to: &byEmail)
            }
            if old.archived != record.archived, let index = position[id] {
                listed.add(record.archived ? -1 : 1, at: index)
            }
        } else {
            position[id] = order.count
            order.append(id)
            listed.append(record.archived ? 0 : 1)
            Self.add(id, under: record.externalID, to: &byExternalID)
            Self.add(id, under: record.email, to: &byEmail)
        }
        records[id] = record
    }

    private mutating func remove(_ id: String) {
        guard let record = records.removeValue(forKey: id) else { return }
        Self.remove(id, from: record.externalID, in: &byExternalID)
        Self.remove(id, from: record.email, in: &byEmail)
        if let index = position.removeValue(forKey: id) {
            order[index] = nil
            if !record.archived { listed.add(-1, at: index) }
            holes += 1
        }
        if holes > 1024, holes * 2 > order.count { compact() }
    }

    /// Closes the holes removed contacts left, keeping the order.
    private mutating func compact() {
        let ids = order.compactMap { $0 }
        order = ids
        position = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        listed = PrefixSums()
        for id in ids { listed.append(records[id]?.archived == false ? 1 : 0) }
        holes = 0
    }

    /// Puts the contacts in `ids`' order (a data file's listing order); others follow in their order.
    mutating func reorder(_ ids: [String]) {
        var seen: Set<String> = []
        var sorted: [String] = []
        for id in ids where records[id] != nil && seen.insert(id).inserted { sorted.append(id) }
        for id in order.compactMap({ $0 }) where seen.insert(id).inserted { sorted.append(id) }
        order = sorted
        holes = order.count
        compact()
    }

    /// One page of listed contacts after the contact a cursor names, with the page's number, the
    /// number of pages and the cursor of the next page.
    ///
    /// - Throws: `400 parameter_invalid` when the cursor is malformed or names no contact.
    func page(perPage: Int, startingAfter: String?) throws -> CursorPage {
        var start = 0
        if let startingAfter {
            let after = try Paging.id(fromCursor: startingAfter)
            guard let index = position[after] else {
                throw SandboxError.parameterInvalid("Invalid starting_after param", field: "starting_after")
            }
            start = index + 1
        }
        let total = listed.total
        let size = min(max(perPage, 1), total + 1)
        var ids: [String] = []
        var index = start
        while index < order.count, ids.count < size {
            if let id = order[index], records[id]?.archived == false { ids.append(id) }
            index += 1
        }
        let before = listed.prefix(through: start - 1)
        let next = before + ids.count < total ? ids.last.map(Paging.cursor(after:)) : nil
        return CursorPage(
            ids: ids,
            page: before / size + 1,
            perPage: perPage,
            totalPages: max(1, (total + size - 1) / size),
            totalCount: total,
            next: next
        )
    }
}

extension ContactTable: Codable {
    /// Written as the contacts in listing order. Read from that, or from the id-keyed object that
    /// earlier versions wrote (whose order `WorkspaceData.contactOrder` restores).
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init()
        // An array is this version's form; anything else must be the earlier id-keyed object. A bad
        // record in an array reports its own error rather than a complaint about the shape.
        if let list = try? container.decode([JSONValue].self) {
            for item in list {
                let record = try item.decode(as: ContactRecord.self)
                self[record.id] = record
            }
        } else {
            let byID = try container.decode([String: ContactRecord].self)
            for record in byID.values.sorted(by: { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }) {
                self[record.id] = record
            }
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(order.compactMap { $0 }.compactMap { records[$0] })
    }
}

/// Running sums over a growing list of small counts (a Fenwick tree): the sum of any prefix and a
/// change at one position each cost O(log n).
struct PrefixSums: Sendable {
    /// 1-based; `tree[0]` is unused.
    private var tree: [Int] = [0]
    private(set) var total = 0

    /// Adds a value at the next position.
    mutating func append(_ value: Int) {
        let index = tree.count
        let lowest = index & -index
        tree.append(value + prefix(through: index - 2) - prefix(through: index - lowest - 1))
        total += value
    }

    /// Adds `delta` to the value at 0-based `position`.
    mutating func add(_ delta: Int, at position: Int) {
        guard position >= 0 else { return }
        var index = position + 1
        while index < tree.count {
            tree[index] += delta
            index += index & -index
        }
        total += delta
    }

    /// The sum of the values at 0-based positions `0...position` (0 when `position` is negative).
    func prefix(through position: Int) -> Int {
        var index = min(position + 1, tree.count - 1)
        var sum = 0
        while index > 0 {
            sum += tree[index]
            index -= index & -index
        }
        return sum
    }
}
