/// The command line of `BenchmarkServer`: `[--contacts N]`.
enum ServerArguments {
    /// Contacts generated when the flag is absent.
    static let defaultContacts = 100
    /// The most contacts the flag accepts.
    static let maxContacts = 1_000_000

    /// What `--help` prints.
    static let usage = """
        usage: BenchmarkServer [--contacts N]

        Starts bare routes and a sandbox seeded with N generated contacts (default \(defaultContacts), \
        at most \(maxContacts)) on 127.0.0.1, prints one line of JSON naming their ports, and serves until \
        it is killed or its standard input closes.
        """

    /// The number of contacts `arguments` (without the program name) asks for.
    ///
    /// - Throws: ``ServerArgumentsError`` for an unknown argument, a missing value, or a count that is not a
    ///   whole number in `0...maxContacts`.
    static func contacts(from arguments: [String]) throws(ServerArgumentsError) -> Int {
        var contacts = defaultContacts
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--contacts":
                guard index + 1 < arguments.count else { throw .missingValue("--contacts") }
                let text = arguments[index + 1]
                guard let value = Int(text), (0...maxContacts).contains(value) else {
                    throw .outOfRange(text)
                }
                contacts = value
                index += 2
            case "-h", "--help":
                throw .helpRequested
            default:
                throw .unknown(arguments[index])
            }
        }
        return contacts
    }
}

/// A command line `BenchmarkServer` cannot run with.
enum ServerArgumentsError: Error, CustomStringConvertible {
    case missingValue(String)
    case outOfRange(String)
    case unknown(String)
    case helpRequested

    var description: String {
        switch self {
        case .missingValue(let flag):
            return "\(flag) needs a value\n\n\(ServerArguments.usage)"
        case .outOfRange(let text):
            return "--contacts takes a whole number from 0 to \(ServerArguments.maxContacts), "
                + "not \"\(text.prefix(40))\""
        case .unknown(let argument):
            return "unknown argument \"\(argument.prefix(40))\"\n\n\(ServerArguments.usage)"
        case .helpRequested:
            return ServerArguments.usage
        }
    }
}
