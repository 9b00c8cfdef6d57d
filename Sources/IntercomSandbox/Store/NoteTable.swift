import Foundation

/// The sandbox's notes in creation order, indexed by id and by contact, so that rendering a contact
/// (which lists its notes) costs in proportion to that contact's notes, not to every note stored.
struct NoteTable: Sendable {
    /// Every note, oldest first.
    private(set) var records: [NoteRecord] = []
    private var positionByID: [String: Int] = [:]
    private var positionsByContact: [String: [Int]] = [:]

    init() {}

    init(_ notes: [NoteRecord]) {
        for note in notes { append(note) }
    }

    /// How many notes there are.
    var count: Int { records.count }

    /// The note with `id`.
    func note(id: String) -> NoteRecord? {
        positionByID[id].map { records[$0] }
    }

    /// A contact's notes, oldest first.
    func notes(ofContact contactID: String) -> [NoteRecord] {
        (positionsByContact[contactID] ?? []).map { records[$0] }
    }

    /// How many notes a contact has.
    func count(ofContact contactID: String) -> Int {
        positionsByContact[contactID]?.count ?? 0
    }

    /// Adds a note at the end (a repeated id points the id index at the newest).
    mutating func append(_ note: NoteRecord) {
        let position = records.count
        records.append(note)
        positionByID[note.id] = position
        positionsByContact[note.contactID, default: []].append(position)
    }

    /// Gives every note of one contact to another (when a lead is merged into a user).
    mutating func moveNotes(from sourceID: String, to targetID: String) {
        guard sourceID != targetID, let moved = positionsByContact.removeValue(forKey: sourceID) else { return }
        for position in moved { records[position].contactID = targetID }
        positionsByContact[targetID] = (positionsByContact[targetID, default: []] + moved).sorted()
    }
}

extension NoteTable: ExpressibleByArrayLiteral {
    init(arrayLiteral notes: NoteRecord...) {
        self.init(notes)
    }
}

extension NoteTable: Codable {
    /// Written and read as the list of notes, as earlier versions wrote them.
    init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([NoteRecord].self))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(records)
    }
}
