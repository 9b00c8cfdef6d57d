/// The one line of JSON `BenchmarkServer` prints once both of its servers listen, such as
/// `{"bare":41234,"contactID":"…","contacts":106,"email":"…","sandbox":41235,"token":"…"}`.
///
/// The benchmarks read it from another process, so ``validated()`` checks every field before use.
public struct ServerInfo: Codable, Sendable, Hashable {
    /// The port of the bare routes that answer fixed bytes, on 127.0.0.1.
    public var bare: Int
    /// The port of the sandbox, on 127.0.0.1.
    public var sandbox: Int
    /// A contact the sandbox holds.
    public var contactID: String
    /// That contact's email.
    public var email: String
    /// The access token the sandbox accepts.
    public var token: String
    /// How many contacts the sandbox listed at start.
    public var contacts: Int

    /// The most contacts a child is asked to hold, plus room for the ones the load benchmarks create.
    public static let maxContacts = 2_000_000

    /// Creates the line's contents.
    public init(bare: Int, sandbox: Int, contactID: String, email: String, token: String, contacts: Int) {
        self.bare = bare
        self.sandbox = sandbox
        self.contactID = contactID
        self.email = email
        self.token = token
        self.contacts = contacts
    }

    /// This value, once every field is known to be usable: ports in 1...65535, an id of letters, digits,
    /// `-` and `_`, an email and a token of printable ASCII without spaces or quotes, and a contact count
    /// in range.
    ///
    /// - Throws: ``ServerInfoError`` naming the first field that is not.
    public func validated() throws(ServerInfoError) -> ServerInfo {
        for (name, port) in [("bare", bare), ("sandbox", sandbox)] where !(1...65_535).contains(port) {
            throw ServerInfoError(field: name, problem: "\(port) is not a port")
        }
        guard (1...64).contains(contactID.utf8.count), contactID.utf8.allSatisfy(Self.isIdentifierByte) else {
            throw ServerInfoError(field: "contactID", problem: "not 1 to 64 letters, digits, - or _")
        }
        guard (3...254).contains(email.utf8.count), email.contains("@"), email.utf8.allSatisfy(Self.isPlainByte)
        else {
            throw ServerInfoError(field: "email", problem: "not an address of printable ASCII")
        }
        guard (1...256).contains(token.utf8.count), token.utf8.allSatisfy(Self.isPlainByte) else {
            throw ServerInfoError(field: "token", problem: "not 1 to 256 printable ASCII characters")
        }
        guard (0...Self.maxContacts).contains(contacts) else {
            throw ServerInfoError(field: "contacts", problem: "\(contacts) is outside 0...\(Self.maxContacts)")
        }
        return self
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    /// Printable ASCII other than space, quotes and backslash, so the value can go into JSON and headers as is.
    private static func isPlainByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "'")
            && byte != UInt8(ascii: "\\")
    }
}

/// A field of a ``ServerInfo`` line that cannot be used.
public struct ServerInfoError: Error, Sendable, CustomStringConvertible {
    /// The field's name.
    public var field: String
    /// What is wrong with it.
    public var problem: String

    /// A readable description.
    public var description: String { "BenchmarkServer's start-up line has an unusable \(field): \(problem)" }
}
