/// Writes the resource namespaces (`client.contacts`, `client.helpCenter.collections`) and one
/// method per operation.
enum OperationEmitter {
    /// A node of the group tree, such as `helpCenter` with its child `collections`.
    struct Group {
        var path: [String]
        var operations: [OperationDecl] = []

        var typeName: String { Naming.pascalCase(path.last ?? "") }
        var qualifiedName: String { "IntercomClient." + path.map(Naming.pascalCase).joined(separator: ".") }
        var fileName: String { path.map(Naming.pascalCase).joined() }
    }

    /// Every group and parent group, in order of first appearance.
    static func groups(_ operations: [OperationDecl]) -> [Group] {
        var groups: [Group] = []
        for operation in operations {
            let path = operation.operation.group
            for length in 1...path.count {
                let prefix = Array(path.prefix(length))
                if !groups.contains(where: { $0.path == prefix }) { groups.append(Group(path: prefix)) }
            }
            if let index = groups.firstIndex(where: { $0.path == path }) { groups[index].operations.append(operation) }
        }
        return groups
    }

    /// The source of one group's file.
    static func file(for group: Group, children: [Group], naming: NamingConfig, qualifying clashes: Set<String>) throws -> String {
        var writer = SwiftWriter()
        let parent = group.path.count == 1
            ? "IntercomClient" : "IntercomClient." + group.path.dropLast().map(Naming.pascalCase).joined(separator: ".")
        let doc = naming.groupDocs[group.path.joined(separator: ".")]
            ?? "The \(Naming.prose(group.path.last ?? "")) endpoints."
        writer.block("extension \(parent)") { writer in
            writer.doc(doc)
            writer.block("public struct \(group.typeName): Sendable") { writer in
                writer.line("let client: IntercomClient")
            }
            writer.line()
            writer.doc(doc)
            let clientExpression = group.path.count == 1 ? "self" : "client"
            writer.line("public var \(Naming.identifier(Naming.camelCase(group.path.last ?? ""))): \(group.typeName) { \(group.typeName)(client: \(clientExpression)) }")
        }
        let nested = group.operations.flatMap(\.nested)
        if !nested.isEmpty {
            writer.line()
            try writer.block("extension \(group.qualifiedName)") { writer in
                for (index, decl) in nested.enumerated() {
                    if index > 0 { writer.line() }
                    if case .openEnum(let value) = decl { ModelEmitter.emitEnum(value, into: &writer) }
                    else { throw GeneratorError("\(group.qualifiedName): only enums may be declared for query parameters") }
                }
            }
        }
        // Operations that hand-written methods cover get no generated method (see naming.json).
        let emitted = group.operations.filter { naming.curated[$0.operation.key] == nil }
        if !emitted.isEmpty {
            writer.line()
            writer.block("extension \(group.qualifiedName)") { writer in
                for (index, operation) in emitted.enumerated() {
                    if index > 0 { writer.line() }
                    emitMethod(operation, qualifying: clashes, into: &writer)
                }
            }
        }
        let childList = children.map { "`\(Naming.camelCase($0.path.last ?? ""))`" }.joined(separator: ", ")
        let summary = "The `\(group.path.map { Naming.camelCase($0) }.joined(separator: "."))` endpoints"
            + (childList.isEmpty ? "." : "; see also \(childList).")
        return FileHeader.swift(summary) + FileHeader.foundationImport(for: writer.text) + "\nimport HTTPTypes\n\n"
            + writer.text
    }

    private static func emitMethod(_ decl: OperationDecl, qualifying clashes: Set<String>, into writer: inout SwiftWriter) {
        func spell(_ type: TypeRef) -> String { type.swift(qualifying: clashes) }
        let operation = decl.operation
        var doc = decl.doc
        if let since = newerVersion(operation.since) {
            doc += "\n\nAvailable from API \(since): a client on an older ``IntercomAPIVersion`` refuses it before sending."
        }
        let newerParameters = decl.query.compactMap { item -> (String, String)? in
            guard let parameter = operation.parameters.first(where: { $0.name == item.wireName && $0.location == "query" }),
                let since = newerVersion(parameter.since), since != newerVersion(operation.since)
            else { return nil }
            return (item.wireName, since)
        }
        if !newerParameters.isEmpty {
            let list = newerParameters.map { "`\($0.0)` from \($0.1)" }.joined(separator: ", ")
            doc += "\n\nNewer parameters: \(list); a client on an older version refuses them when they are set."
        }
        if case .paginated(let pagination, let item, _) = decl.result {
            let how: String
            switch pagination.style {
            case .cursor: how = "following `starting_after` cursors"
            case .searchCursor: how = "following the cursor in the request body's `pagination`"
            case .pageNumber: how = "by page number"
            case .scroll: how = "with `scroll_param`; the API allows one scroll at a time per workspace"
            }
            doc += "\n\nThe sequence is lazy: it sends the first request when iterated and fetches further pages \(how), yielding each \(Naming.prose(item.swift.split(separator: ".").last.map(String.init) ?? item.swift)). Use `.pages` for whole pages."
        }
        if let url = operation.referenceURL(baseVersion: SpecLoader.versions[0]), let id = operation.operationID {
            doc += "\n\nIntercom's reference: [\(id)](\(url))."
        }
        doc += "\n\n- HTTP: `\(operation.key.method) \(operation.key.path)`"
        if !decl.parameters.isEmpty {
            doc += "\n- Parameters:"
            for parameter in decl.parameters { doc += "\n  - \(parameter.name): \(parameter.doc)" }
        }
        switch decl.result {
        case .none: break
        case .decoded(let type): doc += "\n- Returns: The decoded `\(type.swift)`."
        case .paginated(_, let item, _): doc += "\n- Returns: A sequence of `\(item.swift)` values across all pages."
        case .raw(let accept): doc += "\n- Returns: The response body, unparsed (requested as `\(accept)`)."
        }
        writer.doc(doc)

        let arguments = decl.parameters.map { $0.declaration(spelling: spell($0.type)) }.joined(separator: ", ")
        let returnClause: String
        switch decl.result {
        case .none: returnClause = " async throws"
        case .decoded(let type): returnClause = " async throws -> \(spell(type))"
        case .paginated(_, let item, _): returnClause = " -> PaginatedSequence<\(spell(item))>"
        case .raw: returnClause = " async throws -> Data"
        }
        let signature = "public func \(Naming.identifier(operation.method))(\(arguments))\(returnClause)"
        writer.block(signature) { writer in
            let request = requestExpression(decl, qualifying: clashes)
            switch decl.result {
            case .none:
                writer.line("try await client.execute(\(request))")
            case .decoded(let type):
                writer.line("try await client.execute(\(request), as: \(spell(type)).self)")
            case .paginated(let pagination, let item, _):
                writer.line("client.paginate(")
                writer.line("    \(request),")
                writer.line("    style: .\(pagination.style.rawValue), itemsKey: \"\(pagination.itemsKey)\", of: \(spell(item)).self)")
            case .raw(let accept):
                writer.line("try await client.perform(\(request), extraHeaders: [.accept: \"\(accept)\"]).body")
            }
        }
    }

    /// `APIRequest(.get, "/contacts/\(id)", query: [...], body: body, operation: "contacts.find")`.
    private static func requestExpression(_ decl: OperationDecl, qualifying clashes: Set<String>) -> String {
        var parts = [".\(decl.operation.key.method.lowercased())", "\"\(decl.pathExpression)\""]
        if !decl.query.isEmpty {
            let items = decl.query.map { "(\"\($0.wireName)\", \($0.expression))" }.joined(separator: ", ")
            parts.append("query: [\(items)]")
        }
        if let body = decl.bodyExpression {
            // A flattened body is built with its type's initialiser, which may need qualifying.
            let head = body.prefix { $0 != "(" }
            let spelled = body.contains("(") && clashes.contains(String(head)) ? "\(TypeRef.moduleName)." + body : body
            parts.append("body: \(spelled)")
        }
        parts.append("operation: \"\(decl.operation.operationName)\"")
        if let since = newerVersion(decl.operation.since) { parts.append("since: \(versionLiteral(since))") }
        let newerParameters = decl.query.compactMap { item -> String? in
            guard let parameter = decl.operation.parameters.first(where: { $0.name == item.wireName && $0.location == "query" }),
                let since = newerVersion(parameter.since), since != newerVersion(decl.operation.since)
            else { return nil }
            return "\"\(item.wireName)\": \(versionLiteral(since))"
        }
        if !newerParameters.isEmpty { parts.append("parameterSince: [\(newerParameters.joined(separator: ", "))]") }
        return "APIRequest(\(parts.joined(separator: ", ")))"
    }

    /// `version` when it is newer than the oldest version the SDK covers (which needs no check).
    static func newerVersion(_ version: String?) -> String? {
        guard let version, version != SpecLoader.versions.first else { return nil }
        return version
    }

    /// `.v2_16` for a version the runtime names, else a string literal.
    static func versionLiteral(_ version: String) -> String {
        SpecLoader.versions.contains(version) ? ".v" + version.replacingOccurrences(of: ".", with: "_") : "\"\(version)\""
    }

    /// A table of every operation: method, path template, the SDK's name and the first version, for
    /// the sandbox (which answers `501` for the ones it does not simulate) and for coverage checks.
    static func catalog(_ operations: [OperationDecl]) -> String {
        var writer = SwiftWriter()
        writer.doc("Every operation of the Intercom REST API that the SDK covers, with its first version.")
        writer.block("package enum IntercomOperationCatalog") { writer in
            writer.doc("One operation: `GET /contacts/{contact_id}` is `contacts.find`, in the API since 2.14.")
            writer.block("package struct Entry: Sendable, Hashable") { writer in
                writer.line("package var method: String")
                writer.line("package var path: String")
                writer.line("package var name: String")
                writer.line("package var since: String")
            }
            writer.line()
            writer.doc("All of them, sorted by path and method.")
            writer.line("package static let all: [Entry] = [")
            for decl in operations.sorted(by: { $0.operation.key < $1.operation.key }) {
                let operation = decl.operation
                writer.line(
                    "    Entry(method: \"\(operation.key.method)\", path: \"\(operation.key.path)\", name: \"\(operation.operationName)\", since: \"\(operation.since ?? SpecLoader.versions[0])\"),")
            }
            writer.line("]")
        }
        return FileHeader.swift("A table of every operation, for the sandbox and coverage checks.") + writer.text
    }
}
