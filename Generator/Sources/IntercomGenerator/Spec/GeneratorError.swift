/// A reason the generator cannot go on, phrased for the person running it.
struct GeneratorError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

extension JSON {
    /// The string under `key`, or an error naming `context` when it is missing or not a string.
    func requiredString(_ key: String, in context: String) throws -> String {
        guard let value = self[key]?.stringValue else {
            throw GeneratorError("\(context): expected a string at \"\(key)\"")
        }
        return value
    }

    /// The strings of an array, or an error naming `context` when it holds something else.
    func stringArray(in context: String) throws -> [String] {
        try elements.map {
            guard let text = $0.stringValue else { throw GeneratorError("\(context): expected an array of strings") }
            return text
        }
    }
}
