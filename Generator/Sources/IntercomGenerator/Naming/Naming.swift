/// Turns wire names (`admin_assignee_id`, `conversation.list`, `Back-office`) into Swift names.
///
/// Acronyms stay uniformly cased, as the Swift API guidelines ask: `adminAssigneeID`, `imageURL`,
/// `IPAllowlist`, `idCode`.
enum Naming {
    /// Words that are written in capitals when they are not the first word of a lowerCamel name.
    static let acronyms: [String: String] = [
        "id": "ID", "ids": "IDs", "url": "URL", "urls": "URLs", "ip": "IP", "ips": "IPs", "sla": "SLA",
        "ai": "AI", "csv": "CSV", "html": "HTML", "uuid": "UUID", "api": "API", "csat": "CSAT", "json": "JSON",
        "sso": "SSO", "sms": "SMS", "pdf": "PDF", "gif": "GIF", "gifs": "GIFs",
    ]

    /// Swift keywords that must be escaped with backticks when used as identifiers.
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
        "throw", "switch", "where", "while", "as", "false", "is", "nil", "self", "super", "throws", "true",
        "try", "Any", "Self", "Type", "Protocol", "await", "async",
    ]

    /// Names that a nested type may not take, because Swift reserves them or the generated code uses
    /// them to mean something else.
    static let reservedTypeNames: Set<String> = [
        "Type", "Protocol", "Self", "Any", "CodingKeys", "String", "Int", "Double", "Bool", "Date", "Data",
        "Error", "Array", "Dictionary", "Optional", "Set", "JSONValue", "Collection", "Sequence", "URL",
        "Element", "Index", "Decoder", "Encoder", "Codable", "Hashable", "Sendable", "OpenEnum",
    ]

    /// Splits a wire name into lowercase words at separators and lower-to-upper case changes.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previous: Character?
        for character in text {
            if character.isLetter || character.isNumber {
                if let previous, character.isUppercase, previous.isLowercase || previous.isNumber {
                    words.append(current)
                    current = ""
                }
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
            previous = character
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.lowercased() }
    }

    private static func capitalized(_ word: String) -> String {
        if let acronym = acronyms[word] { return acronym }
        return word.prefix(1).uppercased() + word.dropFirst()
    }

    /// `admin_assignee_id` → `AdminAssigneeID`.
    static func pascalCase(_ text: String) -> String {
        let result = words(text).map(capitalized).joined()
        return result.first?.isNumber == true ? "V" + result : result
    }

    /// `admin_assignee_id` → `adminAssigneeID`; `id` → `id`; `ai_agent` → `aiAgent`.
    static func camelCase(_ text: String) -> String {
        let parts = words(text)
        guard let first = parts.first else { return "value" }
        let result = first + parts.dropFirst().map(capitalized).joined()
        return result.first?.isNumber == true ? "v" + result : result
    }

    /// Escapes `name` with backticks when it is a keyword.
    static func identifier(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    /// A crude English singular, good enough for property names such as `tags`, `companies`,
    /// `addresses` and `statuses`.
    static func singular(_ word: String) -> String {
        let lower = word.lowercased()
        if lower.hasSuffix("ies"), lower.count > 4 { return String(word.dropLast(3)) + "y" }
        if lower.hasSuffix("sses") || lower.hasSuffix("uses") || lower.hasSuffix("xes") || lower.hasSuffix("ches") {
            return String(word.dropLast(2))
        }
        if lower.hasSuffix("ss") || lower.hasSuffix("us") || lower.hasSuffix("is") { return word }
        if lower.hasSuffix("s"), lower.count > 2 { return String(word.dropLast()) }
        return word
    }

    /// The singular of the last word of `text`, for naming the element type of an array property.
    static func singularName(_ text: String) -> String {
        var parts = words(text)
        guard let last = parts.popLast() else { return "Item" }
        let single = singular(last)
        if single == last && ["data", "items", "metadata", "info"].contains(last) {
            return pascalCase((parts + [last, "item"]).joined(separator: "_"))
        }
        return pascalCase((parts + [single]).joined(separator: "_"))
    }

    /// Lowercase words for use in prose: `ConversationPart` → `conversation part`.
    static func prose(_ text: String) -> String {
        words(text).map { acronyms[$0] ?? $0 }.joined(separator: " ")
    }

    /// A case name for an enum raw value: `conversation.list` → `conversationList`, `!=` →
    /// `notEquals`.
    static func caseName(forRawValue raw: String) -> String {
        let symbols: [String: String] = [
            "=": "equals", "!=": "notEquals", ">": "greaterThan", "<": "lessThan", ">=": "greaterThanOrEqual",
            "<=": "lessThanOrEqual", "~": "contains", "!~": "doesNotContain", "^": "startsWith", "$": "endsWith",
            "IN": "in", "NIN": "notIn", "AND": "and", "OR": "or",
        ]
        if let name = symbols[raw] { return name }
        let name = camelCase(raw)
        return name.isEmpty ? "empty" : name
    }
}
