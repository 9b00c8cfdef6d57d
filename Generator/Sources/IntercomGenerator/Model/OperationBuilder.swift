/// A parameter of a generated method.
struct MethodParameter {
    /// Where a parameter's value goes in the request.
    enum Location: Equatable {
        /// A path segment, named as in the path template.
        case path(String)
        /// A query item.
        case query(String)
        /// One field of a flattened JSON body.
        case bodyField(String)
        /// The whole JSON body.
        case body
    }

    /// The argument label; `nil` for an unlabeled argument.
    var label: String?
    /// The local name.
    var name: String
    var type: TypeRef
    var isOptional: Bool
    var doc: String
    var location: Location = .body

    /// `label name: Type = nil`, with the type spelled as given.
    func declaration(spelling: String) -> String {
        let head = label == nil ? "_ \(name)" : (label == name ? name : "\(label ?? name) \(name)")
        return "\(head): \(spelling)\(isOptional ? "? = nil" : "")"
    }
}

/// One query item of a generated request.
struct QueryItem {
    var wireName: String
    /// The Swift expression for the value (a `String?`).
    var expression: String
}

/// What a generated method returns.
enum ResultKind {
    /// Nothing useful: the body is empty or ignored.
    case none
    /// A decoded JSON body.
    case decoded(TypeRef)
    /// A lazily fetched sequence of items across pages.
    case paginated(Pagination, item: TypeRef, page: TypeRef)
    /// The raw bytes of a non-JSON body (downloads, transcripts, recordings), asked for with this
    /// `Accept` value.
    case raw(accept: String)
}

/// Everything needed to emit one operation's method.
struct OperationDecl {
    var operation: Operation
    var doc: String
    var parameters: [MethodParameter]
    /// The Swift path template, such as `/contacts/\(id)`.
    var pathExpression: String
    var query: [QueryItem]
    /// The Swift expression for the body, if any.
    var bodyExpression: String?
    var result: ResultKind
    /// Query parameter enums declared in the group namespace.
    var nested: [Decl]
}

/// Decides method signatures, bodies and results for every operation.
struct OperationBuilder {
    let spec: Spec
    let types: TypeBuilder

    /// Response types per operation and status, for the example tests.
    private(set) var responseTypes: [OperationKey: [String: TypeRef]] = [:]
    /// Request body types per operation, for the example tests.
    private(set) var requestTypes: [OperationKey: TypeRef] = [:]

    init(spec: Spec, types: TypeBuilder) {
        self.spec = spec
        self.types = types
    }

    mutating func build() throws -> [OperationDecl] {
        var result: [OperationDecl] = []
        var seen: [String: OperationKey] = [:]
        for operation in spec.operations {
            let decl = try build(operation)
            let signature = operation.group.joined(separator: ".") + "." + operation.method + "("
                + decl.parameters.map { ($0.label ?? "_") + ":" }.joined() + ")"
            if let other = seen[signature] {
                throw GeneratorError("\(operation.key) and \(other) would both be \(signature): rename one in naming.json")
            }
            seen[signature] = operation.key
            result.append(decl)
        }
        return result
    }

    /// The models file for types declared inline in `operation`.
    private func groupFile(_ operation: Operation) -> String {
        spec.naming.modelFileForGroup(operation.group)
    }

    private mutating func build(_ operation: Operation) throws -> OperationDecl {
        let key = operation.key
        let labels = spec.naming.parameterLabels[key] ?? [:]
        let namespace = "IntercomClient." + operation.group.map(Naming.pascalCase).joined(separator: ".")
        let scope = Scope(qualifiedName: namespace, avoid: types.allTopLevelNames)
        var parameters: [MethodParameter] = []
        var query: [QueryItem] = []

        // Path parameters, in path order.
        let pathNames = Self.pathParameterNames(key.path)
        let groupStem = Naming.words(Naming.singular(operation.group.last ?? "")).joined(separator: "_")
        var pathExpression = key.path
        for name in pathNames {
            guard operation.parameters.contains(where: { $0.name == name && $0.location == "path" }) else {
                throw GeneratorError("\(key): the path parameter {\(name)} is not declared")
            }
            var label = labels[name] ?? Naming.camelCase(name)
            if labels[name] == nil, pathNames.count == 1 {
                let stem = Naming.words(name).filter { $0 != "id" }.joined(separator: "_")
                if key.path.hasSuffix("{\(name)}") || stem == groupStem || groupStem.hasSuffix(stem) { label = "id" }
            }
            parameters.append(
                MethodParameter(label: label, name: label, type: .string, isOptional: false,
                                doc: Docs.pathParameterSummary(name), location: .path(name)))
            pathExpression = pathExpression.replacingOccurrences(of: "{\(name)}", with: "\\(\(label))")
        }

        // The body: a whole value, or a few flattened fields.
        var bodyExpression: String?
        if let schema = operation.requestSchema {
            let type = try requestType(for: schema, operation: operation)
            requestTypes[key] = type
            let taken = Set(parameters.compactMap(\.label))
            if let fields = flattenableFields(type),
                fields.allSatisfy({ !taken.contains(labels[$0.wireName] ?? $0.name) })
            {
                func optional(_ field: Property) -> Bool { field.isOptional && !field.isRequiredParameter }
                for field in fields.sorted(by: { !optional($0) && optional($1) }) {
                    let label = labels[field.wireName] ?? field.name
                    parameters.append(
                        MethodParameter(label: label, name: label, type: field.type, isOptional: optional(field),
                                        doc: Docs.bodyFieldSummary(field), location: .bodyField(field.wireName)))
                }
                // The initialiser takes its arguments in property order.
                let arguments = fields.map { "\($0.name): \(labels[$0.wireName] ?? $0.name)" }
                bodyExpression = "\(type.swift)(\(arguments.joined(separator: ", ")))"
            } else {
                parameters.append(
                    MethodParameter(label: nil, name: "body", type: type, isOptional: false,
                                    doc: "The request body.", location: .body))
                bodyExpression = "body"
            }
        }

        // Query parameters, minus the one the paginator drives.
        let driver = operation.pagination?.style.driverParameter
        var seenQuery = Set(pathNames)
        for parameter in operation.parameters where parameter.location == "query" && parameter.name != driver {
            let exploded = explodedQueryParameters(parameter)
            for (wireName, schema, isRequired) in exploded where !seenQuery.contains(wireName) {
                seenQuery.insert(wireName)
                let label = labels[wireName] ?? Naming.camelCase(wireName)
                if let constant = types.resolver.enumValues(schema), constant.count == 1, isRequired {
                    query.append(QueryItem(wireName: wireName, expression: "\"\(constant[0])\""))
                    continue
                }
                var type = try types.typeRef(
                    for: schema, suggestedName: Naming.pascalCase(wireName), scope: scope, role: .request,
                    propertyName: wireName)
                if case .named = type {
                    // A query enum, declared in the group's namespace.
                } else if !type.isScalar {
                    type = .string
                }
                parameters.append(
                    MethodParameter(label: label, name: label, type: type, isOptional: !isRequired,
                                    doc: Docs.queryParameterSummary(wireName), location: .query(wireName)))
                query.append(QueryItem(wireName: wireName, expression: Self.queryExpression(label, type: type, optional: !isRequired)))
            }
        }

        // The result.
        let result = try resultKind(for: operation)
        try recordResponseTypes(operation)

        return OperationDecl(
            operation: operation, doc: Docs.operationSummary(operation, naming: spec.naming), parameters: parameters,
            pathExpression: pathExpression, query: query, bodyExpression: bodyExpression, result: result,
            nested: scope.nested)
    }

    /// `{contact_id}` names in the order they appear.
    static func pathParameterNames(_ path: String) -> [String] {
        var names: [String] = []
        var current: String?
        for character in path {
            if character == "{" {
                current = ""
            } else if character == "}" {
                if let name = current { names.append(name) }
                current = nil
            } else if current != nil {
                current?.append(character)
            }
        }
        return names
    }

    /// Query parameters declared as objects (such as `GET /events`' `filter`) are sent as their
    /// individual members, so each member becomes its own argument.
    private func explodedQueryParameters(_ parameter: Parameter) -> [(String, JSON, Bool)] {
        let schema = types.resolver.resolve(parameter.schema)
        if types.resolver.isScalar(schema) {
            // A scalar that also lists `properties` (as `external_id` does) is still a scalar.
            return [(parameter.name, schema.setting("properties", to: nil).setting("required", to: nil), parameter.isRequired)]
        }
        guard types.resolver.hasProperties(schema) || types.resolver.variants(schema) != nil else {
            return [(parameter.name, parameter.schema, parameter.isRequired)]
        }
        return types.resolver.flatten(schema).properties.map { ($0.0, $0.1, false) }
    }

    /// `perPage.map { String($0) }` and friends: the query value as an optional string.
    static func queryExpression(_ name: String, type: TypeRef, optional: Bool) -> String {
        let transform: String
        switch type {
        case .string: return name
        case .int, .double, .bool: transform = "String($0)"
        case .date: transform = "String(IntercomJSON.unixSeconds($0))"
        default: transform = "$0.rawValue"
        }
        if optional {
            if transform == "$0.rawValue" { return "\(name)?.rawValue" }
            return "\(name).map { \(transform) }"
        }
        return transform.replacingOccurrences(of: "$0", with: name)
    }

    /// The type of a request body, building an inline one if needed.
    private func requestType(for schema: JSON, operation: Operation) throws -> TypeRef {
        if let name = SchemaResolver.refName(schema) { return try types.componentType(name) }
        let key = operation.key
        let name = spec.naming.inlineTypeNames["\(key) request"]
            ?? operation.requestName.map { $0.hasSuffix("Request") ? $0 : $0 + "Request" }
            ?? Naming.pascalCase((operation.group.suffix(1) + [operation.method, "request"]).joined(separator: "_"))
        return try types.buildInline(schema, name: name, role: .request, file: groupFile(operation),
                                     context: "\(key) request body")
    }

    /// The fields to take as arguments when a body has one to three scalar fields.
    private func flattenableFields(_ type: TypeRef) -> [Property]? {
        guard case .named(let name) = type, let decl = types.structDecl(named: name) else { return nil }
        let fields = decl.properties.filter { $0.constant == nil }
        guard (1...3).contains(fields.count), decl.nested.isEmpty,
            fields.allSatisfy({ $0.type.isScalar })
        else { return nil }
        return fields
    }

    private mutating func resultKind(for operation: Operation) throws -> ResultKind {
        guard let response = operation.successResponse else { return .none }
        guard let contentType = response.contentType, let schema = response.schema else {
            // No declared body: downloads and redirects carry bytes, everything else nothing.
            return operation.key.method == "GET" ? .raw(accept: "application/octet-stream") : .none
        }
        guard contentType == "application/json" else { return .raw(accept: contentType) }
        let type = try responseType(for: schema, operation: operation, status: response.status)
        guard let pagination = operation.pagination else { return .decoded(type) }
        guard case .named(let pageName) = type, let page = types.structDecl(named: pageName),
            // `data|companies`: alternatives the runtime tries in order; the first names the item type.
            let firstKey = pagination.itemsKey.split(separator: "|").first.map(String.init),
            let itemsProperty = page.properties.first(where: { $0.wireName == firstKey }),
            case .array(let item) = itemsProperty.type
        else {
            throw GeneratorError(
                "\(operation.key): pagination reads items from \"\(pagination.itemsKey)\", which \(type.swift) does not list as an array")
        }
        return .paginated(pagination, item: item, page: type)
    }

    private mutating func recordResponseTypes(_ operation: Operation) throws {
        for response in operation.responses {
            guard let schema = response.schema, response.contentType == "application/json" else { continue }
            responseTypes[operation.key, default: [:]][response.status] =
                try responseType(for: schema, operation: operation, status: response.status)
        }
    }

    private var inlineResponses: [String: TypeRef] = [:]

    private mutating func responseType(for schema: JSON, operation: Operation, status: String) throws -> TypeRef {
        if let name = SchemaResolver.refName(schema) { return try types.componentType(name) }
        if let alias = types.aliasType(for: schema, propertyName: nil) { return alias }
        let key = "\(operation.key) response" + (status.hasPrefix("2") ? "" : " \(status)")
        if let known = inlineResponses[key] { return known }
        let suffix = status.hasPrefix("2") ? "Response" : "Error\(status)"
        let name = spec.naming.inlineTypeNames[key]
            ?? Naming.pascalCase((operation.group.suffix(1) + [operation.method]).joined(separator: "_")) + suffix
        let type = try types.buildInline(schema, name: name, role: .response, file: groupFile(operation),
                                         context: "\(operation.key) response \(status)")
        inlineResponses[key] = type
        return type
    }
}

extension TypeBuilder {
    /// The struct declaration with a top-level name, if there is one.
    func structDecl(named name: String) -> StructDecl? {
        for entry in declarations {
            if case .structure(let decl) = entry.decl, decl.qualifiedName == name { return decl }
        }
        return nil
    }
}

extension NamingConfig {
    /// The models file for types declared inline in an operation of `group`.
    func modelFileForGroup(_ group: [String]) -> String {
        group.map(Naming.pascalCase).joined()
    }
}
