/// Writes the `intercom` CLI's command for every operation that no hand-written command covers,
/// mirroring the SDK's names (`intercom help-center collections list`), and a catalog that maps
/// every operation to its one command.
///
/// Path parameters become arguments; query parameters and scalar body fields become typed options;
/// any body can also come whole from `--data`. Each command calls the SDK's typed method.
struct CLIEmitter {
    let operations: [OperationDecl]
    let naming: NamingConfig
    let types: TypeBuilder

    /// Option names every generated command already has.
    static let reservedFlags: Set<String> = [
        "token", "profile", "region", "base-url", "api-version", "sandbox", "trace", "timeout", "output", "fields",
        "data", "limit", "all", "attribute", "help", "version", "h",
    ]
    /// Free-form attribute objects that `--attribute key=value` fills.
    static let attributeFields: Set<String> = ["custom_attributes", "ticket_attributes"]
    /// Property names a generated command already uses.
    static let reservedProperties: Set<String> = [
        "global", "input", "listing", "attributes", "configuration", "run", "payload", "client", "result", "data",
    ]

    /// One command: where it sits and what it calls.
    struct Command {
        var decl: OperationDecl
        /// `["help-center", "collections", "list"]`.
        var path: [String]
        var typeName: String
    }

    /// The command tree's top-level groups that hand-written commands own (from `naming.json`'s
    /// `cliCommands`): generated commands join them instead of declaring the group.
    var handWrittenGroups: Set<String> {
        Set(naming.cliCommands.values.compactMap { $0.split(separator: " ").first.map(String.init) })
    }

    func commands() throws -> [Command] {
        var commands: [Command] = []
        var byGroup: [[String]: [OperationDecl]] = [:]
        for decl in operations { byGroup[decl.operation.group, default: []].append(decl) }
        for decl in operations where naming.curated[decl.operation.key] != nil && naming.cliCommands[decl.operation.key] == nil {
            throw GeneratorError(
                "\(decl.operation.key) has hand-written SDK methods (naming.json curated), so it needs a hand-written "
                    + "command in cliCommands")
        }
        for (group, decls) in byGroup {
            // Names are decided over the whole group, hand-written commands included, so that a
            // command's name does not depend on which of its siblings are hand-written.
            let siblings = Dictionary(grouping: decls, by: { $0.operation.method })
            for decl in decls where naming.cliCommands[decl.operation.key] == nil {
                var verb = Self.kebab(decl.operation.method)
                // Methods that share a name (`find(id:)`, `find(externalID:)`) are told apart by the
                // first label the others lack; the one looked up by `id` keeps the plain verb.
                if let same = siblings[decl.operation.method], same.count > 1 {
                    let labels = decl.parameters.compactMap(\.label)
                    let shared = same.map { Set($0.parameters.compactMap(\.label)) }.reduce(Set(labels)) { $0.intersection($1) }
                    if let distinct = labels.first(where: { !shared.contains($0) }), distinct != "id" {
                        verb += "-by-" + Self.kebab(distinct)
                    }
                }
                let path = group.map(Self.kebab) + [verb]
                let typeName = path.map { Naming.pascalCase($0.replacingOccurrences(of: "-", with: "_")) }.joined()
                    + "Command"
                commands.append(Command(decl: decl, path: path, typeName: typeName))
            }
        }
        commands.sort { $0.path.lexicographicallyPrecedes($1.path) }
        // One name per command, and none that a hand-written command in the same group already takes.
        var taken: [String: OperationKey] = [:]
        for (key, path) in naming.cliCommands { taken[path] = key }
        for command in commands {
            let name = command.path.joined(separator: " ")
            if let other = taken[name] {
                throw GeneratorError("CLI command \"\(name)\" is claimed by both \(other) and \(command.decl.operation.key)")
            }
            taken[name] = command.decl.operation.key
        }
        return commands
    }

    /// Every operation's one command, generated or hand-written, such as `contacts find-by-external-id`.
    func catalog() throws -> [OperationKey: String] {
        var catalog = naming.cliCommands
        for command in try commands() { catalog[command.decl.operation.key] = command.path.joined(separator: " ") }
        return catalog
    }

    /// `listAttachedSegments` → `list-attached-segments`; `ticket_type_id` → `ticket-type-id`.
    static func kebab(_ text: String) -> String {
        Naming.words(text).map { $0.lowercased() }.joined(separator: "-")
    }

    // MARK: - Files

    func file() throws -> String {
        let commands = try commands()
        var writer = SwiftWriter()
        writer.line("import ArgumentParser")
        writer.line("import Foundation")
        writer.line("import Intercom")
        writer.line()
        // The group tree: every prefix of every command path.
        var groups: [[String]] = []
        for command in commands {
            for length in 1..<command.path.count {
                let prefix = Array(command.path.prefix(length))
                if !groups.contains(prefix) { groups.append(prefix) }
            }
        }
        groups.sort { $0.lexicographicallyPrecedes($1) }
        let handWritten = handWrittenGroups

        writer.doc("The generated commands, by top-level group, for the command tree in `IntercomCommand`.")
        writer.block("enum GeneratedCommands") { writer in
            let tops = Set(groups.filter { $0.count == 1 }.map { $0[0] }).union(handWritten).sorted()
            for top in tops.map({ [$0] }) {
                let children = childTypes(of: top, commands: commands, groups: groups)
                let property = Naming.identifier(Naming.camelCase(top[0].replacingOccurrences(of: "-", with: "_")))
                writer.doc("The generated `intercom \(top[0])` commands.")
                writer.line("static var \(property): [any ParsableCommand.Type] { [\(children.map { "\($0).self" }.joined(separator: ", "))] }")
            }
            writer.line()
            let owned = groups.filter { $0.count == 1 && !handWritten.contains($0[0]) }
            writer.doc("The top-level groups that only generated commands make up.")
            writer.line("static var groups: [any ParsableCommand.Type] { [\(owned.map { "\(groupTypeName($0)).self" }.joined(separator: ", "))] }")
            writer.line()
            writer.doc("Every operation with its one command, hand-written or generated, sorted by path and method.")
            writer.line("static let catalog: [(operation: String, command: String)] = [")
            var rows: [(OperationKey, String)] = commands.map { ($0.decl.operation.key, $0.path.joined(separator: " ")) }
            rows += naming.cliCommands.map { ($0.key, $0.value) }
            for (key, path) in rows.sorted(by: { $0.0 < $1.0 }) {
                writer.line("    (\"\(key.method) \(key.path)\", \"\(path)\"),")
            }
            writer.line("]")
        }
        // Group commands: nested ones, and top-level ones no hand-written command owns.
        for group in groups where group.count > 1 || !handWritten.contains(group[0]) {
            writer.line()
            let children = childTypes(of: group, commands: commands, groups: groups)
            let doc = naming.groupDocs[group.map { Naming.camelCase($0.replacingOccurrences(of: "-", with: "_")) }.joined(separator: ".")]
                ?? "The \(group.joined(separator: " ")) commands."
            writer.doc(doc)
            writer.block("struct \(groupTypeName(group)): AsyncParsableCommand") { writer in
                writer.line("static let configuration = CommandConfiguration(")
                writer.line("    commandName: \"\(group.last ?? "")\",")
                writer.line("    abstract: \(Self.literal(Self.firstSentence(doc))),")
                writer.line("    subcommands: [\(children.map { "\($0).self" }.joined(separator: ", "))]")
                writer.line(")")
            }
        }
        for command in commands {
            writer.line()
            try emit(command, into: &writer)
        }
        return FileHeader.swift("The `intercom` commands for every operation no hand-written command covers.") + writer.text
    }

    private func groupTypeName(_ group: [String]) -> String {
        group.map { Naming.pascalCase($0.replacingOccurrences(of: "-", with: "_")) }.joined() + "Commands"
    }

    /// The command and group types directly under `group`.
    private func childTypes(of group: [String], commands: [Command], groups: [[String]]) -> [String] {
        let nested = groups.filter { $0.count == group.count + 1 && Array($0.prefix(group.count)) == group }
            .map(groupTypeName)
        let leaves = commands.filter { $0.path.count == group.count + 1 && Array($0.path.prefix(group.count)) == group }
            .map(\.typeName)
        return leaves + nested
    }

    // MARK: - One command

    /// An option or argument of a command, and how its value reaches the SDK call.
    private struct Input {
        var property: String
        var declaration: String
        /// For body fields: the JSON key and the expression of its `JSONValue?`.
        var bodyField: (key: String, json: String)?
    }

    private func emit(_ command: Command, into writer: inout SwiftWriter) throws {
        let decl = command.decl
        let operation = decl.operation
        var used = Self.reservedProperties
        func property(_ base: String) -> String {
            var name = Naming.identifier(Naming.camelCase(base))
            while used.contains(name) { name += "Value" }
            used.insert(name)
            return name
        }
        var flags = Self.reservedFlags
        var inputs: [Input] = []
        var arguments: [String] = []
        var hasBody = false
        var attributesKey: String?
        var exampleArguments: [String] = []

        for parameter in decl.parameters {
            let label = parameter.label.map { "\($0): " } ?? ""
            switch parameter.location {
            case .path(let wire):
                let name = property(parameter.name)
                inputs.append(Input(property: name, declaration: "@Argument(help: \(Self.literal(Self.help(parameter.doc)))) var \(name): String"))
                arguments.append(label + name)
                exampleArguments.append("<\(Self.kebab(wire))>")
            case .query:
                var flag = Self.flagName(parameter.label ?? parameter.name)
                if flags.contains(flag) { flag = "param-" + flag }
                flags.insert(flag)
                let name = property(parameter.name)
                let (optionType, conversion) = Self.optionType(for: parameter.type, name: name, optional: parameter.isOptional)
                let declared = parameter.isOptional ? "\(optionType)?" : optionType
                inputs.append(Input(property: name, declaration: "@Option(name: .customLong(\"\(flag)\"), help: \(Self.literal(Self.help(parameter.doc)))) var \(name): \(declared)"))
                arguments.append(label + conversion)
                if !parameter.isOptional { exampleArguments.append("--\(flag) <\(flag)>") }
            case .bodyField(let wire):
                hasBody = true
                let spelled = Self.spell(parameter.type)
                if parameter.isOptional {
                    arguments.append(label + "try payload.value(\"\(wire)\", as: \(spelled).self)")
                } else {
                    let flag = Self.flagName(parameter.label ?? parameter.name)
                    arguments.append(label + "try payload.require(\"\(wire)\", flag: \"\(flag)\", as: \(spelled).self)")
                }
                let flag = Self.flagName(parameter.label ?? parameter.name)
                if let input = scalarFlag(wire: wire, flag: flag, type: parameter.type, doc: parameter.doc, flags: &flags, property: property) {
                    inputs.append(input)
                    if !parameter.isOptional { exampleArguments.append("--\(flag) <\(flag)>") }
                } else if case .dictionary = parameter.type, Self.attributeFields.contains(wire) {
                    attributesKey = wire
                }
            case .body:
                hasBody = true
                arguments.append(label + "try payload.decode(\(Self.spell(parameter.type)).self)")
                if case .named(let name) = parameter.type, let structure = findStruct(name) {
                    // A body field that repeats a path parameter (`contact_id`) gets no option of its own.
                    let pathNames = Set(decl.parameters.compactMap { parameter -> String? in
                        if case .path(let wire) = parameter.location { return wire }
                        return nil
                    })
                    for field in structure.properties where field.constant == nil && !pathNames.contains(field.wireName) {
                        if let input = scalarFlag(
                            wire: field.wireName, flag: Self.flagName(field.name), type: field.type, doc: field.doc,
                            flags: &flags, property: property)
                        {
                            inputs.append(input)
                        } else if case .dictionary = field.type, Self.attributeFields.contains(field.wireName) {
                            attributesKey = field.wireName
                        }
                    }
                }
            }
        }

        let call = "client." + (operation.group.map { Naming.identifier(Naming.camelCase($0)) } + [Naming.identifier(operation.method)]).joined(separator: ".")
            + "(\(arguments.joined(separator: ", ")))"
        let summary = Self.firstSentence(decl.doc)
        var discussion = "HTTP: \(operation.key.method) \(operation.key.path)"
        if let since = OperationEmitter.newerVersion(operation.since) { discussion += " (API \(since) and later)" }
        if hasBody { discussion += "\nThe body can come whole from --data '{…}', --data @file.json or --data - (stdin); options override its fields." }
        discussion += "\n\nExample: intercom " + (command.path + exampleArguments).joined(separator: " ")

        writer.doc("`intercom \(command.path.joined(separator: " "))`: \(summary)")
        writer.block("struct \(command.typeName): AsyncParsableCommand") { writer in
            writer.line("static let configuration = CommandConfiguration(")
            writer.line("    commandName: \"\(command.path.last ?? "")\",")
            writer.line("    abstract: \(Self.literal(summary)),")
            writer.line("    discussion: \(Self.literal(discussion))")
            writer.line(")")
            writer.line("@OptionGroup(title: \"Global Options\") var global: GlobalOptions")
            if hasBody { writer.line("@OptionGroup var input: BodyInput") }
            if case .paginated = decl.result { writer.line("@OptionGroup var listing: ListingOptions") }
            for input in inputs { writer.line(input.declaration) }
            if let attributesKey {
                writer.line("@Option(name: .customLong(\"attribute\"), help: \"One of the body's \(attributesKey), key=value; a value that parses as JSON is kept as JSON (repeatable).\") var attributes: [String] = []")
            }
            writer.line()
            writer.block("func run() async throws") { writer in
                writer.closure("try await global.withClient { client in") { writer in
                    if hasBody {
                        let mutated = inputs.contains { $0.bodyField != nil } || attributesKey != nil
                        writer.line("\(mutated ? "var" : "let") payload = try input.body()")
                        for input in inputs {
                            if let field = input.bodyField { writer.line("payload.set(\"\(field.key)\", \(field.json))") }
                        }
                        if let attributesKey { writer.line("try payload.setAttributes(\"\(attributesKey)\", attributes)") }
                    }
                    switch decl.result {
                    case .none:
                        writer.line("try await \(call)")
                    case .decoded:
                        writer.line("let result = try await \(call)")
                        writer.line("try global.printer.object(result)")
                    case .paginated:
                        writer.line("try await global.printer.stream(\(call), limit: listing.effectiveLimit)")
                    case .raw:
                        writer.line("let data = try await \(call)")
                        writer.line("FileHandle.standardOutput.write(data)")
                    }
                }
            }
        }
    }

    /// A typed option for a scalar body field, or `nil` when the field only comes from `--data`.
    private func scalarFlag(
        wire: String, flag: String, type: TypeRef, doc: String, flags: inout Set<String>, property: (String) -> String
    ) -> Input? {
        guard !flags.contains(flag) else { return nil }
        let swiftType: String
        let json: (String) -> String
        switch type {
        case .string: swiftType = "String"; json = { "\($0).map(JSONValue.string)" }
        case .int: swiftType = "Int"; json = { "\($0).map(JSONValue.int)" }
        case .double: swiftType = "Double"; json = { "\($0).map(JSONValue.double)" }
        case .bool: swiftType = "Bool"; json = { "\($0).map(JSONValue.bool)" }
        case .date: swiftType = "Int"; json = { "\($0).map(JSONValue.int)" }
        case .named(let name) where isEnum(name): swiftType = "String"; json = { "\($0).map(JSONValue.string)" }
        default: return nil
        }
        flags.insert(flag)
        let name = property(flag.replacingOccurrences(of: "-", with: "_"))
        var help = Self.help(doc)
        if help.isEmpty { help = "Sets \(wire) in the request body." }
        if case .date = type { help += " As Unix seconds." }
        return Input(
            property: name,
            declaration: "@Option(name: .customLong(\"\(flag)\"), help: \(Self.literal(help))) var \(name): \(swiftType)?",
            bodyField: (wire, json(name)))
    }

    /// The option's type and the expression that turns it into the SDK's argument.
    static func optionType(for type: TypeRef, name: String, optional: Bool) -> (String, String) {
        switch type {
        case .int: return ("Int", name)
        case .double: return ("Double", name)
        case .bool: return ("Bool", name)
        case .date:
            let convert = "Date(timeIntervalSince1970: TimeInterval($0))"
            return ("Int", optional ? "\(name).map { \(convert) }" : "Date(timeIntervalSince1970: TimeInterval(\(name)))")
        case .named(let typeName):
            let spelled = spell(.named(typeName))
            return ("String", optional ? "\(name).map(\(spelled).init(rawValue:))" : "\(spelled)(rawValue: \(name))")
        default: return ("String", name)
        }
    }

    /// A type as the CLI module spells it: generated types qualified with the module name.
    static func spell(_ type: TypeRef) -> String {
        switch type {
        case .named(let name): "Intercom.\(name)"
        case .array(let element): "[\(spell(element))]"
        case .dictionary(let value): "[String: \(spell(value))]"
        case .optional(let wrapped): "\(spell(wrapped))?"
        default: type.swift
        }
    }

    static func flagName(_ wire: String) -> String {
        let cleaned = wire.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
        return Naming.words(cleaned).map { $0.lowercased() }.joined(separator: "-")
    }

    private func isEnum(_ name: String) -> Bool {
        if case .openEnum? = findDecl(name) { return true }
        return false
    }

    private func findStruct(_ name: String) -> StructDecl? {
        if case .structure(let structure)? = findDecl(name) { return structure }
        return nil
    }

    private func findDecl(_ qualifiedName: String) -> Decl? {
        func search(_ decl: Decl) -> Decl? {
            switch decl {
            case .structure(let structure):
                if structure.qualifiedName == qualifiedName { return decl }
                for nested in structure.nested { if let found = search(nested) { return found } }
            case .union(let union):
                if union.qualifiedName == qualifiedName { return decl }
                for nested in union.nested { if let found = search(nested) { return found } }
            case .openEnum(let value):
                if value.qualifiedName == qualifiedName { return decl }
            }
            return nil
        }
        for entry in types.declarations { if let found = search(entry.decl) { return found } }
        for operation in operations { for decl in operation.nested { if let found = search(decl) { return found } } }
        return nil
    }

    /// A doc comment's first paragraph on one line, in a shell's terms, for `--help`.
    static func help(_ doc: String) -> String {
        let paragraph = doc.components(separatedBy: "\n\n").first ?? doc
        return paragraph.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            .replacingOccurrences(of: "; omitted when `nil`", with: "")
            .replacingOccurrences(of: "when `nil`", with: "when not given")
            .replacingOccurrences(of: "`", with: "")
    }

    static func firstSentence(_ doc: String) -> String {
        let line = help(doc)
        guard let end = line.range(of: ". ") else { return line }
        return String(line[..<end.lowerBound]) + "."
    }

    /// A Swift string literal.
    static func literal(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return "\"\(escaped)\""
    }
}
