/// Read-only questions about JSON Schema nodes, with `$ref`s resolved against the spec's components.
struct SchemaResolver {
    let components: [String: JSON]

    init(spec: Spec) {
        var components: [String: JSON] = [:]
        for (name, schema) in spec.schemas { components[name] = schema }
        self.components = components
    }

    /// The component name a `$ref` points at.
    static func refName(_ schema: JSON) -> String? {
        guard let ref = schema["$ref"]?.stringValue else { return nil }
        return ref.split(separator: "/").last.map(String.init)
    }

    /// Follows `$ref`s (and single-member `allOf` wrappers without properties) to the schema they name.
    func resolve(_ schema: JSON) -> JSON {
        var current = schema
        var hops = 0
        while hops < 32 {
            hops += 1
            if let name = Self.refName(current), let target = components[name] {
                current = target
            } else if let members = current["allOf"]?.elements ?? current["oneOf"]?.elements ?? current["anyOf"]?.elements,
                members.count == 1, current["properties"] == nil,
                [current["allOf"], current["oneOf"], current["anyOf"]].compactMap({ $0 }).count == 1
            {
                current = members[0]
            } else {
                break
            }
        }
        return current
    }

    /// The alternatives of a oneOf/anyOf, if the schema has them.
    func variants(_ schema: JSON) -> [JSON]? {
        let schema = resolve(schema)
        return schema["oneOf"]?.elements ?? schema["anyOf"]?.elements
    }

    /// A oneOf/anyOf whose every alternative is an array, rewritten as one array of the alternatives'
    /// items (`[A] | [B]` → `[A | B]`): the shape the API actually sends, and one Swift can model. `nil`
    /// for any other schema.
    func arrayUnion(_ schema: JSON) -> JSON? {
        let resolved = resolve(schema)
        guard resolved["properties"] == nil, let variants = resolved["oneOf"]?.elements ?? resolved["anyOf"]?.elements,
            variants.count > 1
        else { return nil }
        var items: [JSON] = []
        for variant in variants {
            let array = resolve(variant)
            guard array["type"]?.stringValue == "array", let item = array["items"] else { return nil }
            if !items.contains(item) { items.append(item) }
        }
        let element: JSON = items.count == 1 ? items[0] : .object([(key: "oneOf", value: .array(items))])
        var rewritten: [(key: String, value: JSON)] = [(key: "type", value: .string("array")), (key: "items", value: element)]
        if let nullable = resolved["nullable"] { rewritten.append((key: "nullable", value: nullable)) }
        if let description = resolved["description"] { rewritten.append((key: "description", value: description)) }
        return .object(rewritten)
    }

    /// The non-null values of a string enum.
    func enumValues(_ schema: JSON) -> [String]? {
        let schema = resolve(schema)
        guard let values = schema["enum"]?.elements else { return nil }
        let strings = values.compactMap(\.stringValue)
        return strings.isEmpty ? nil : strings
    }

    /// Whether a schema describes an object with named properties, directly or through `allOf`.
    func hasProperties(_ schema: JSON) -> Bool {
        var schema = schema
        var hops = 0
        while hops < 32, let name = Self.refName(schema), let target = components[name] {
            schema = target
            hops += 1
        }
        if !(schema["properties"]?.members.isEmpty ?? true) { return true }
        return (schema["allOf"]?.elements ?? []).contains { hasProperties($0) }
    }

    /// The properties and required keys of an object schema, flattening `allOf` members and, when
    /// `includeVariants` is set, the inline alternatives of a oneOf/anyOf (which only narrow which
    /// properties are required). Later definitions of a property win, except that string enums are
    /// merged.
    func flatten(_ schema: JSON, includeVariants: Bool = true) -> (properties: [(String, JSON)], required: [String]) {
        var properties: [(String, JSON)] = []
        var required: [String] = []
        func add(_ name: String, _ value: JSON) {
            if let index = properties.firstIndex(where: { $0.0 == name }) {
                let old = properties[index].1
                if let oldValues = old["enum"]?.elements, let newValues = value["enum"]?.elements {
                    var merged = oldValues
                    for item in newValues where !merged.contains(item) { merged.append(item) }
                    properties[index].1 = old.merging(value).setting("enum", to: .array(merged))
                } else if case .null = value {
                    properties.remove(at: index)
                } else {
                    properties[index].1 = value
                }
            } else if value != .null {
                properties.append((name, value))
            }
        }
        var visited = 0
        func visit(_ node: JSON, variantsToo: Bool) {
            visited += 1
            guard visited < 256 else { return }
            let node = Self.refName(node).flatMap { components[$0] } ?? node
            for member in node["allOf"]?.elements ?? [] { visit(member, variantsToo: true) }
            for (name, value) in node["properties"]?.members ?? [] { add(name, value) }
            for name in node["required"]?.elements.compactMap(\.stringValue) ?? [] where !required.contains(name) {
                required.append(name)
            }
            if variantsToo, includeVariants, let variants = node["oneOf"]?.elements ?? node["anyOf"]?.elements,
                variants.allSatisfy({ Self.refName($0) == nil })
            {
                for variant in variants {
                    for (name, value) in variant["properties"]?.members ?? [] { add(name, value) }
                }
            }
        }
        visit(schema, variantsToo: true)
        return (properties, required)
    }

    /// Required keys of an object, including those every inline alternative requires.
    func requiredKeys(_ schema: JSON) -> [String] {
        let resolved = resolve(schema)
        if let variants = variants(resolved), !hasProperties(resolved) {
            let sets = variants.map { Set(requiredKeys($0)) }
            guard let first = sets.first else { return [] }
            return Array(sets.dropFirst().reduce(first) { $0.intersection($1) }).sorted()
        }
        return flatten(schema, includeVariants: false).required
    }

    /// Values of `key` that identify this alternative: a single-valued (or small) string enum on the
    /// object, or the union of those of every alternative of a nested oneOf.
    func discriminatorValues(_ schema: JSON, key: String) -> [String]? {
        let resolved = resolve(schema)
        if let variants = variants(resolved), !hasProperties(resolved) {
            var values: [String] = []
            for variant in variants {
                guard let own = discriminatorValues(variant, key: key) else { return nil }
                values += own
            }
            return values
        }
        guard let property = flatten(schema).properties.first(where: { $0.0 == key })?.1 else { return nil }
        return enumValues(property)
    }

    /// Whether a schema is a JSON scalar (or the spec's string-or-integer `datetime`).
    func isScalar(_ schema: JSON) -> Bool {
        let resolved = resolve(schema)
        if let variants = variants(resolved) { return variants.allSatisfy(isScalar) }
        // `{enum: [...]}` without a `type` is a string enum when its values are strings.
        guard let type = resolved["type"]?.stringValue else { return enumValues(resolved) != nil }
        return ["string", "integer", "number", "boolean"].contains(type)
    }

    /// Whether a scalar schema holds a point in time (Unix seconds or the `datetime` union).
    func isTimestamp(_ schema: JSON, propertyName: String?) -> Bool {
        let resolved = resolve(schema)
        if let variants = variants(resolved) {
            // A date-time string or an integer (the spec's `datetime`) is a point in time whatever the
            // property is called.
            if variants.contains(where: isISODate),
                variants.allSatisfy({ isISODate($0) || resolve($0)["type"]?.stringValue == "integer" })
            {
                return true
            }
            return !variants.isEmpty && variants.allSatisfy { isTimestamp($0, propertyName: nil) || isISODate($0) }
                && variants.contains { isTimestamp($0, propertyName: nil) }
        }
        guard resolved["type"]?.stringValue == "integer" else { return false }
        let format = resolved["format"]?.stringValue
        if format == "date-time" || format == "timestamp" { return true }
        return propertyName?.hasSuffix("_at") == true
    }

    private func isISODate(_ schema: JSON) -> Bool {
        let resolved = resolve(schema)
        return resolved["type"]?.stringValue == "string" && resolved["format"]?.stringValue == "date-time"
    }
}
