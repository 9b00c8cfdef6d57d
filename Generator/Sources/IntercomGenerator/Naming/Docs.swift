import Foundation

/// Short doc comments written from names and types, never from the spec's descriptions.
enum Docs {
    /// A summary for a generated type.
    static func typeSummary(name: String, schemaName: String?, naming: NamingConfig) -> String {
        if let schemaName, let doc = naming.typeDocs[schemaName] { return doc }
        let words = Naming.prose(name)
        if name.hasSuffix("Request") {
            return "The body of a request: \(Naming.prose(String(name.dropLast("Request".count))))."
        }
        if name.hasSuffix("List") || name.hasSuffix("Response") {
            return "A page or list returned by the API: \(words)."
        }
        return "\(article(for: words).capitalizedFirst) \(words)."
    }

    /// A summary for a stored property.
    static func propertySummary(wireName: String, type: TypeRef, owner: String, constant: String?) -> String {
        let words = Naming.words(wireName)
        let phrase = words.map { Naming.acronyms[$0] ?? $0 }.joined(separator: " ")
        if let constant { return "Always `\(constant)`." }
        switch wireName {
        case "id": return "The identifier of this \(owner)."
        case "type": return "The object's type name."
        default: break
        }
        if type == .date, words.last == "at" {
            let event = words.dropLast().joined(separator: " ")
            switch event {
            case "created": return "When the \(owner) was created."
            case "updated": return "When the \(owner) was last updated."
            case "deleted": return "When the \(owner) was deleted."
            default: return "When “\(event)” happened."
            }
        }
        if wireName == "total_count" { return "The total number of items." }
        if wireName == "external_id" { return "The identifier in your own system." }
        // A comment that would only restate the name says nothing: leave it out.
        if words.last == "id" { return "" }
        if words.last == "ids" { return "" }
        if type == .bool {
            if let first = words.first, ["is", "has", "can", "was", "should", "allow", "enabled"].contains(first) {
                return "Whether the \(owner) \(phrase)."
            }
            return "Whether “\(phrase)” applies."
        }
        if words.last == "count", words.count > 1 { return "How many \(words.dropLast().joined(separator: " ")) there are." }
        if words.last == "count" { return "" }
        if case .dictionary = type { return "The \(phrase), as arbitrary JSON values." }
        if type == .json { return "Any JSON: the spec gives it no shape." }
        return ""
    }

    /// A summary for a case of a oneOf enum.
    static func unionCaseSummary(type: TypeRef, discriminator: String?, values: [String]) -> String {
        if let discriminator, !values.isEmpty {
            let list = values.map { "`\($0)`" }.joined(separator: ", ")
            return "A value whose `\(discriminator)` is \(list)."
        }
        return "A \(Naming.prose(type.swift.split(separator: ".").last.map(String.init) ?? type.swift)) value."
    }

    static func article(for words: String) -> String {
        guard let first = words.first else { return "a" }
        if words.hasPrefix("AI") || words.hasPrefix("SLA") || words.hasPrefix("IP") || words.hasPrefix("SMS")
            || words.hasPrefix("HTML")
        {
            return "an"
        }
        if words.hasPrefix("URL") || words.hasPrefix("UUID") || words.hasPrefix("user") || words.hasPrefix("unique") {
            return "a"
        }
        return "aeiou".contains(first) ? "an" : "a"
    }
}

extension String {
    /// The string with its first character upper-cased.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

extension Docs {
    /// A summary for a path parameter.
    static func pathParameterSummary(_ name: String) -> String {
        if name == "external_id" { return "Your own identifier for it (its external id)." }
        let words = Naming.words(name).filter { $0 != "id" }
        let subject = words.map { Naming.acronyms[$0] ?? $0 }.joined(separator: " ")
        if name == "id" || subject.isEmpty { return "Its Intercom id." }
        if name.hasSuffix("_id") { return "The \(subject)'s Intercom id." }
        return "The \(Naming.prose(name))."
    }

    /// A summary for a query parameter.
    static func queryParameterSummary(_ name: String) -> String {
        switch name {
        case "per_page": return "How many items each page holds; the API's default when `nil`."
        case "page": return "The page number to fetch, starting at 1."
        case "starting_after": return "The cursor of the page to start after."
        default: return "The `\(name)` filter; omitted when `nil`."
        }
    }

    /// A summary for a body field taken as an argument.
    /// A flattened body field's parameter doc: its property comment on one line (a parameter list
    /// item cannot hold paragraphs), or where the field goes when the property has none.
    static func bodyFieldSummary(_ property: Property) -> String {
        let text = property.doc.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        return text.isEmpty ? "Sent as `\(property.wireName)` in the request body." : text
    }

    /// The first line of an operation's doc comment.
    static func operationSummary(_ operation: Operation, naming: NamingConfig) -> String {
        if let doc = naming.operationDocs[operation.key] { return doc }
        let group = operation.group.last ?? ""
        let plural = Naming.prose(group)
        let single = Naming.prose(Naming.singular(group))
        let words = Naming.words(operation.method)
        switch operation.method {
        case "list": return "Lists \(plural)."
        case "find", "get", "retrieve": return "Fetches \(article(for: single)) \(single)."
        case "create": return "Creates \(article(for: single)) \(single)."
        case "update": return "Updates \(article(for: single)) \(single)."
        case "delete": return "Deletes \(article(for: single)) \(single)."
        case "search": return "Searches \(plural)."
        default:
            guard let verb = words.first else { return "Calls the API." }
            let rest = words.dropFirst().map { Naming.acronyms[$0] ?? $0 }.joined(separator: " ")
            let conjugated = thirdPerson(verb).capitalizedFirst
            return rest.isEmpty ? "\(conjugated) \(article(for: single)) \(single)." : "\(conjugated) \(rest)."
        }
    }

    /// `attach` → `attaches`, `reply` → `replies`, `list` → `lists`.
    static func thirdPerson(_ verb: String) -> String {
        if verb.hasSuffix("y"), let before = verb.dropLast().last, !"aeiou".contains(before) {
            return verb.dropLast() + "ies"
        }
        if ["s", "sh", "ch", "x", "z"].contains(where: { verb.hasSuffix($0) }) { return verb + "es" }
        return verb + "s"
    }
}
