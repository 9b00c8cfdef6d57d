/// Whether a schema is sent, received, or both.
struct Role: OptionSet, Hashable {
    let rawValue: Int
    static let request = Role(rawValue: 1)
    static let response = Role(rawValue: 2)

    /// Request-only types keep the spec's required fields non-optional; anything the API sends back
    /// is decoded leniently.
    var isRequestOnly: Bool { self == .request }
}

/// A top-level generated type and the models file it belongs in.
struct TopLevelDecl {
    var decl: Decl
    /// The component schema it comes from, if any.
    var schemaName: String?
    /// The models file (without extension).
    var file: String
}

/// Where nested types are collected while a declaration is built.
final class Scope {
    let qualifiedName: String
    var nested: [Decl] = []
    private var used: Set<String>
    private let avoid: Set<String>

    init(qualifiedName: String, avoid: Set<String>) {
        self.qualifiedName = qualifiedName
        self.avoid = avoid
        self.used = []
    }

    /// A nested type name based on `base` that is unique in this scope and shadows no top-level type.
    func claim(_ base: String) -> String {
        var candidate = base.isEmpty ? "Value" : base
        if Naming.reservedTypeNames.contains(candidate) || avoid.contains(candidate) {
            candidate = Naming.pascalCase(Naming.words(qualifiedName).last ?? "") + candidate
            if Naming.reservedTypeNames.contains(candidate) || avoid.contains(candidate) { candidate += "Value" }
        }
        var unique = candidate
        var counter = 2
        while used.contains(unique) {
            unique = "\(candidate)\(counter)"
            counter += 1
        }
        used.insert(unique)
        return unique
    }
}

/// Builds Swift declarations from the spec's schemas.
final class TypeBuilder {
    let spec: Spec
    let resolver: SchemaResolver
    private(set) var declarations: [TopLevelDecl] = []
    /// The Swift name of every component schema that becomes a declaration.
    private(set) var componentNames: [String: String] = [:]
    private var roles: [String: Role] = [:]
    private var topLevelNames: Set<String> = []
    private var componentTypes: [String: TypeRef] = [:]
    private var aliasGuard: Set<String> = []

    init(spec: Spec) throws {
        self.spec = spec
        self.resolver = SchemaResolver(spec: spec)
        computeRoles()
        try nameComponents()
    }

    // MARK: - Roles

    private func computeRoles() {
        var visited: Set<String> = []
        func visit(_ schema: JSON, _ role: Role, depth: Int = 0) {
            guard depth < 64 else { return }
            if let name = SchemaResolver.refName(schema) {
                let key = "\(name)#\(role.rawValue)"
                guard !visited.contains(key) else { return }
                visited.insert(key)
                roles[name, default: []].insert(role)
                if let target = resolver.components[name] { visit(target, role, depth: depth + 1) }
                return
            }
            for (_, value) in schema["properties"]?.members ?? [] { visit(value, role, depth: depth + 1) }
            for key in ["items", "additionalProperties"] {
                if let value = schema[key], value.isObject { visit(value, role, depth: depth + 1) }
            }
            for key in ["allOf", "oneOf", "anyOf"] {
                for value in schema[key]?.elements ?? [] { visit(value, role, depth: depth + 1) }
            }
        }
        for operation in spec.operations {
            if let schema = operation.requestSchema { visit(schema, .request) }
            for response in operation.responses { if let schema = response.schema { visit(schema, .response) } }
        }
    }

    private func role(ofComponent name: String) -> Role {
        roles[name] ?? .response
    }

    // MARK: - Names

    /// Decides the Swift name of every component that becomes a declaration, before anything is
    /// built, so nested types can avoid shadowing them.
    private func nameComponents() throws {
        var owners: [String: String] = [:]
        for (name, schema) in spec.schemas where !spec.naming.skipSchemas.contains(name) {
            guard aliasType(for: schema, propertyName: nil) == nil else { continue }
            let swiftName = spec.naming.typeNames[name] ?? Naming.pascalCase(name)
            if let other = owners[swiftName] {
                throw GeneratorError(
                    "schemas \"\(other)\" and \"\(name)\" would both be named \(swiftName): add a rename to naming.json \"typeNames\"")
            }
            if Naming.reservedTypeNames.contains(swiftName) {
                throw GeneratorError(
                    "schema \"\(name)\" would be named \(swiftName), which Swift or the SDK already uses: add a rename to naming.json \"typeNames\"")
            }
            owners[swiftName] = name
            componentNames[name] = swiftName
            topLevelNames.insert(swiftName)
        }
    }

    /// Reserves a top-level name for an inline request or response body.
    func claimTopLevel(_ name: String, context: String) throws -> String {
        guard !topLevelNames.contains(name), !Naming.reservedTypeNames.contains(name) else {
            throw GeneratorError("\(context): the type name \(name) is already taken; set one in naming.json \"inlineTypeNames\"")
        }
        topLevelNames.insert(name)
        return name
    }

    var allTopLevelNames: Set<String> { topLevelNames }

    // MARK: - Building

    /// Builds a declaration for every named component schema.
    func buildComponents() throws {
        for (name, schema) in spec.schemas {
            guard let swiftName = componentNames[name] else { continue }
            let role = role(ofComponent: name)
            let decl = try buildDecl(
                for: schema, name: swiftName, qualifiedName: swiftName, role: role, schemaName: name)
            declarations.append(TopLevelDecl(decl: decl, schemaName: name, file: modelFile(forSchema: name)))
        }
    }

    /// Builds a top-level declaration for an inline body of an operation and returns its type.
    func buildInline(_ schema: JSON, name: String, role: Role, file: String, context: String) throws -> TypeRef {
        if let alias = aliasType(for: schema, propertyName: nil) { return alias }
        let swiftName = try claimTopLevel(name, context: context)
        let decl = try buildDecl(for: schema, name: swiftName, qualifiedName: swiftName, role: role, schemaName: nil)
        declarations.append(TopLevelDecl(decl: decl, schemaName: nil, file: file))
        return .named(swiftName)
    }

    /// The Swift type of a schema used in a property, parameter or body, creating nested
    /// declarations in `scope` for inline objects, enums and unions.
    func typeRef(for schema: JSON, suggestedName: String, scope: Scope?, role: Role, propertyName: String?) throws -> TypeRef {
        if let name = SchemaResolver.refName(schema) {
            return try componentType(name)
        }
        if let rewritten = resolver.arrayUnion(schema) {
            return try typeRef(
                for: rewritten, suggestedName: suggestedName, scope: scope, role: role, propertyName: propertyName)
        }
        if let alias = aliasType(for: schema, propertyName: propertyName) { return alias }
        if let items = schema["items"], schema["type"]?.stringValue == "array" {
            let element = try typeRef(
                for: items, suggestedName: Naming.singularName(suggestedName), scope: scope, role: role, propertyName: nil)
            return .array(items["nullable"]?.boolValue == true ? .optional(element) : element)
        }
        guard let scope else {
            throw GeneratorError("an inline type \(suggestedName) appeared where no enclosing type can hold it")
        }
        let name = scope.claim(Naming.pascalCase(suggestedName))
        let qualified = "\(scope.qualifiedName).\(name)"
        let decl = try buildDecl(for: schema, name: name, qualifiedName: qualified, role: role, schemaName: nil)
        scope.nested.append(decl)
        return .named(qualified)
    }

    /// The type a component schema maps to: its declaration, or what it is an alias of.
    func componentType(_ name: String) throws -> TypeRef {
        if let known = componentTypes[name] { return known }
        guard let schema = resolver.components[name] else {
            throw GeneratorError("reference to the unknown schema \"\(name)\"")
        }
        let type: TypeRef
        if let swiftName = componentNames[name] {
            type = .named(swiftName)
        } else {
            guard !aliasGuard.contains(name) else { return .json }
            aliasGuard.insert(name)
            defer { aliasGuard.remove(name) }
            type = try aliasType(for: schema, propertyName: nil) ?? typeRef(
                for: schema, suggestedName: name, scope: nil, role: role(ofComponent: name), propertyName: nil)
        }
        componentTypes[name] = type
        return type
    }

    /// The type of a schema that needs no declaration of its own (scalars, free-form objects,
    /// dictionaries, arrays of those, and aliases of other components), or `nil` when it needs one.
    func aliasType(for schema: JSON, propertyName: String?) -> TypeRef? {
        if let name = SchemaResolver.refName(schema) {
            if componentNames[name] != nil { return .named(componentNames[name] ?? name) }
            guard let target = resolver.components[name], !aliasGuard.contains(name) else { return nil }
            aliasGuard.insert(name)
            defer { aliasGuard.remove(name) }
            return aliasType(for: target, propertyName: propertyName)
        }
        if let members = schema["allOf"]?.elements, members.count == 1, schema["properties"] == nil,
            schema["oneOf"] == nil, schema["anyOf"] == nil
        {
            return aliasType(for: members[0], propertyName: propertyName)
        }
        if let variants = schema["oneOf"]?.elements ?? schema["anyOf"]?.elements, !resolver.hasProperties(schema) {
            if variants.count == 1 { return aliasType(for: variants[0], propertyName: propertyName) }
            if variants.allSatisfy(resolver.isScalar) {
                return resolver.isTimestamp(schema, propertyName: propertyName) ? .date : .json
            }
            return nil
        }
        if resolver.hasProperties(schema) { return nil }
        // `{enum: [...]}` without a `type` (as variants that narrow one property write it) is a string enum.
        let type = schema["type"]?.stringValue ?? (resolver.enumValues(schema) != nil ? "string" : nil)
        switch type {
        case "string":
            if let values = resolver.enumValues(schema), values.count > 1 { return nil }
            return .string
        case "integer":
            return resolver.isTimestamp(schema, propertyName: propertyName) ? .date : .int
        case "number":
            return .double
        case "boolean":
            return .bool
        case "array":
            guard let items = schema["items"] else { return .array(.json) }
            let nullable = items["nullable"]?.boolValue == true
            return aliasType(for: items, propertyName: nil).map { .array(nullable ? .optional($0) : $0) }
        case "object", nil:
            // Free-form objects and maps: any JSON, as the API fills them with whatever it has.
            // Declared objects become dictionaries so callers can index and build them directly;
            // undeclared values stay any JSON.
            if type == "object" || schema["additionalProperties"] != nil { return .dictionary(.json) }
            return .json
        default:
            return .json
        }
    }

    /// Builds the declaration for a schema that needs one.
    private func buildDecl(for schema: JSON, name: String, qualifiedName: String, role: Role, schemaName: String?)
        throws -> Decl
    {
        let resolved = resolver.resolve(schema)
        let doc = Docs.typeSummary(name: name, schemaName: schemaName, naming: spec.naming)
        if let variants = resolver.variants(resolved), !resolver.hasProperties(schema),
            !variants.allSatisfy({ SchemaResolver.refName($0) == nil && !resolver.hasProperties($0) && !resolver.isScalar($0) })
        {
            return .union(try buildUnion(variants, discriminatorHint: resolved["discriminator"]?["propertyName"]?.stringValue,
                                          name: name, qualifiedName: qualifiedName, role: role, doc: doc))
        }
        if !resolver.hasProperties(schema), let values = resolver.enumValues(schema) {
            return .openEnum(buildEnum(values, name: name, qualifiedName: qualifiedName, doc: doc))
        }
        return .structure(try buildStruct(schema, name: name, qualifiedName: qualifiedName, role: role,
                                          schemaName: schemaName, doc: doc))
    }

    private func buildEnum(_ values: [String], name: String, qualifiedName: String, doc: String) -> OpenEnumDecl {
        var cases: [EnumCase] = []
        var used: Set<String> = ["unknown", "allCases", "rawValue"]
        for value in values where !cases.contains(where: { $0.rawValue == value }) {
            var caseName = Naming.caseName(forRawValue: value)
            if used.contains(caseName) { caseName += "Value" }
            var unique = caseName
            var counter = 2
            while used.contains(unique) {
                unique = "\(caseName)\(counter)"
                counter += 1
            }
            used.insert(unique)
            cases.append(EnumCase(name: unique, rawValue: value))
        }
        return OpenEnumDecl(name: name, qualifiedName: qualifiedName, doc: doc, cases: cases)
    }

    private func buildStruct(
        _ schema: JSON, name: String, qualifiedName: String, role: Role, schemaName: String?, doc: String
    ) throws -> StructDecl {
        let (properties, required) = resolver.flatten(schema)
        let identityRequired = Set(required).union(schemaName.flatMap { spec.overlayRequired[$0] } ?? [])
        let scope = Scope(qualifiedName: qualifiedName, avoid: topLevelNames)
        var built: [Property] = []
        var usedNames: Set<String> = []
        let owner = Naming.prose(name)
        for (wireName, propertySchema) in properties {
            var swiftName = Naming.camelCase(wireName)
            while usedNames.contains(swiftName) { swiftName += "Value" }
            usedNames.insert(swiftName)
            let resolvedProperty = resolver.resolve(propertySchema)
            var constant: String?
            let type: TypeRef
            if let values = resolver.enumValues(propertySchema), values.count == 1,
                !resolver.hasProperties(propertySchema)
            {
                constant = values[0]
                type = .string
            } else {
                let suggested = resolvedProperty["type"]?.stringValue == "array"
                    ? Naming.singularName(wireName) : Naming.pascalCase(wireName)
                type = try typeRef(for: propertySchema, suggestedName: suggested, scope: scope, role: role,
                                   propertyName: wireName)
            }
            // Everything decodes leniently. Response identity fields the spec requires stay
            // non-optional; request bodies' required fields are optional when decoding but
            // required by the initialiser.
            let isOptional: Bool
            var isRequiredParameter = false
            if role.isRequestOnly {
                isOptional = true
                isRequiredParameter = required.contains(wireName) && constant == nil
            } else {
                isOptional = !((wireName == "id" || wireName == "type") && identityRequired.contains(wireName))
            }
            // Ids arrive as strings or numbers depending on the endpoint (the field notes and the
            // spec's own examples show both), so every id-like string decodes leniently.
            let idLike = wireName == "id" || wireName.hasSuffix("_id")
            let lenient = type == .string && ((propertySchema["x-lenient-string"]?.boolValue ?? false) || idLike)
            built.append(
                Property(
                    wireName: wireName, name: swiftName, type: type, isOptional: isOptional,
                    isRequiredParameter: isRequiredParameter, isLenientString: lenient,
                    constant: role.isRequestOnly ? constant : nil,
                    doc: Self.withVersionNote(
                        Docs.propertySummary(wireName: wireName, type: type, owner: owner, constant: constant),
                        since: propertySchema["x-since"]?.stringValue),
                    specEnumValues: (resolver.enumValues(propertySchema)
                        ?? resolvedProperty["items"].flatMap { resolver.enumValues($0) })?.count ?? 0,
                    since: propertySchema["x-since"]?.stringValue.flatMap {
                        $0 == SpecLoader.versions.first ? nil : $0
                    }))
        }
        guard !built.isEmpty else {
            // An empty type would encode every value as `{}`: refuse instead of emitting one.
            throw GeneratorError(
                "\(qualifiedName): the schema declares no properties the generator can model; "
                    + "teach the generator its shape or describe it in corrections.json")
        }
        var bareArray: String?
        if let property = resolver.resolve(schema)["x-accepts-bare-array"]?.stringValue {
            guard built.contains(where: { $0.wireName == property }) else {
                throw GeneratorError("\(qualifiedName): x-accepts-bare-array names the missing property \(property)")
            }
            guard built.allSatisfy({ $0.isOptional }) else {
                throw GeneratorError("\(qualifiedName): x-accepts-bare-array needs every property to be optional")
            }
            bareArray = property
        }
        return StructDecl(
            name: name, qualifiedName: qualifiedName, doc: doc, properties: built, nested: scope.nested,
            isRequestOnly: role.isRequestOnly, bareArrayProperty: bareArray)
    }

    /// `doc` plus which version added the property, when it is newer than the oldest version covered.
    static func withVersionNote(_ doc: String, since: String?) -> String {
        guard let since, since != SpecLoader.versions.first else { return doc }
        let note = "Sent from API \(since) on; `nil` on older versions."
        return doc.isEmpty ? note : doc + "\n\n" + note
    }

    // MARK: - Unions

    private func buildUnion(
        _ variants: [JSON], discriminatorHint: String?, name: String, qualifiedName: String, role: Role, doc: String
    ) throws -> UnionDecl {
        // Pick a discriminator: a key whose string values tell every alternative apart.
        var candidates = ["type", "message_type", "model", "data_type"]
        if let discriminatorHint { candidates.insert(discriminatorHint, at: 0) }
        var discriminator: String?
        var values: [[String]] = []
        for key in candidates {
            let found = variants.map { resolver.discriminatorValues($0, key: key) }
            let sets = found.compactMap { $0 }
            guard sets.count == variants.count else { continue }
            let all = sets.flatMap { $0 }
            if Set(all).count == all.count {
                discriminator = key
                values = sets
                break
            }
        }

        // Case names: the discriminator value, else the alternative's name without what all share.
        var baseNames: [String] = variants.enumerated().map { index, variant in
            if let title = variant["title"]?.stringValue, SchemaResolver.refName(variant) == nil {
                return Naming.pascalCase(title)
            }
            if let ref = SchemaResolver.refName(variant) { return componentNames[ref] ?? Naming.pascalCase(ref) }
            return "Variant\(index + 1)"
        }
        baseNames = Self.strippingCommonAffixes(baseNames)
        var used: Set<String> = ["unknown"]
        var cases: [UnionCase] = []
        let scope = Scope(qualifiedName: qualifiedName, avoid: topLevelNames)
        for (index, variant) in variants.enumerated() {
            var caseName: String
            if discriminator != nil, values[index].count == 1 {
                caseName = Naming.caseName(forRawValue: values[index][0])
            } else if let scalar = scalarCaseName(variant) {
                caseName = scalar
            } else {
                caseName = Naming.camelCase(baseNames[index])
            }
            if caseName.isEmpty || used.contains(caseName) { caseName = "variant\(index + 1)" }
            used.insert(caseName)
            let type = try typeRef(
                for: variant, suggestedName: caseName, scope: scope, role: role, propertyName: nil)
            cases.append(
                UnionCase(
                    name: caseName, type: type, discriminatorValues: discriminator == nil ? [] : values[index],
                    requiredKeys: resolver.requiredKeys(variant),
                    doc: Docs.unionCaseSummary(type: type, discriminator: discriminator,
                                               values: discriminator == nil ? [] : values[index])))
        }
        if discriminator == nil {
            // Alternatives that require nothing are recognised by keys no other alternative has.
            let keySets = variants.map { Set(resolver.flatten($0).properties.map(\.0)) }
            for index in cases.indices where cases[index].requiredKeys.isEmpty {
                let others = keySets.enumerated().filter { $0.offset != index }.reduce(into: Set<String>()) { $0.formUnion($1.element) }
                cases[index].distinctiveKeys = keySets[index].subtracting(others).sorted()
            }
            // Try the most specific alternatives first: most required keys, then distinctive keys,
            // then the rest in the spec's order.
            func rank(_ item: UnionCase) -> Int {
                item.requiredKeys.isEmpty ? (item.distinctiveKeys.isEmpty ? 0 : 1) : 2 + item.requiredKeys.count
            }
            cases = cases.enumerated().sorted { lhs, rhs in
                rank(lhs.element) != rank(rhs.element) ? rank(lhs.element) > rank(rhs.element) : lhs.offset < rhs.offset
            }.map(\.element)
        }
        return UnionDecl(
            name: name, qualifiedName: qualifiedName, doc: doc, discriminator: discriminator, cases: cases,
            nested: scope.nested)
    }

    /// `string`, `int`, `strings`… for an alternative that is a scalar or an array of scalars.
    private func scalarCaseName(_ variant: JSON) -> String? {
        guard SchemaResolver.refName(variant) == nil else { return nil }
        let name: [String: String] = ["string": "string", "integer": "int", "number": "double", "boolean": "bool"]
        if let type = variant["type"]?.stringValue, let scalar = name[type] { return scalar }
        if variant["type"]?.stringValue == "array", let element = variant["items"]?["type"]?.stringValue,
            let scalar = name[element]
        {
            return scalar + "s"
        }
        if variant["type"]?.stringValue == "array" { return "array" }
        if variant["type"]?.stringValue == "object", !resolver.hasProperties(variant) { return "object" }
        return nil
    }

    /// Drops the words every name starts or ends with: `ContactReplyEmailRequest`,
    /// `ContactReplyUserIDRequest` → `Email`, `UserID`.
    static func strippingCommonAffixes(_ names: [String]) -> [String] {
        guard names.count > 1 else { return names }
        let split = names.map { splitPascal($0) }
        var prefix = 0
        while split.allSatisfy({ $0.count > prefix + 1 }), Set(split.map { $0[prefix] }).count == 1 { prefix += 1 }
        var suffix = 0
        while split.allSatisfy({ $0.count > prefix + suffix + 1 }),
            Set(split.map { $0[$0.count - 1 - suffix] }).count == 1
        {
            suffix += 1
        }
        return split.map { $0[prefix..<($0.count - suffix)].joined() }
    }

    /// `ContactReplyUserIDRequest` → `["Contact", "Reply", "User", "ID", "Request"]`.
    static func splitPascal(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        let characters = Array(name)
        for (index, character) in characters.enumerated() {
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character.isUppercase, !current.isEmpty,
                current.last?.isLowercase == true || (next?.isLowercase == true && current.last?.isUppercase == true
                    && !(character == "s" ))
            {
                words.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    // MARK: - Files

    /// The models file a component schema belongs in, from the ordered keyword list in naming.json.
    func modelFile(forSchema name: String) -> String {
        let words = "_" + Naming.words(name).joined(separator: "_") + "_"
        for (file, keywords) in spec.naming.modelFiles {
            for keyword in keywords where words.contains("_" + keyword + "_") {
                return file
            }
        }
        return spec.naming.defaultModelFile
    }
}
