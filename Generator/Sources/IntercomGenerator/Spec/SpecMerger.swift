/// Merges the OpenAPI documents of several API versions into one document that describes them all:
/// every operation of any version, every property of any version, the values of every enum.
///
/// - Operations and schemas that a later version adds carry `x-since` with that version; so do query
///   parameters added to an operation that already existed.
/// - An operation present in several versions takes the newest definition (new optional parameters,
///   new response shapes), keeping parameters and response statuses that only older versions have.
/// - Schemas are merged property by property: properties are unioned, `required` is intersected (a
///   field one version requires and another omits is optional), enum values are unioned.
/// - A property whose type changes between versions is resolved by ``resolveTypeConflict(_:_:path:)``;
///   every such resolution is recorded in ``conflicts`` for the coverage report.
struct SpecMerger {
    /// Type changes between versions and how each was resolved, as readable lines.
    private(set) var conflicts: [String] = []
    /// The component schemas merged so far, to compare the schemas two `$ref`s name.
    private var schemas: [String: JSON] = [:]

    /// Merges `documents`, given oldest first.
    mutating func merge(_ documents: [(version: String, document: JSON)]) throws -> JSON {
        guard var result = documents.first?.document, let first = documents.first?.version else {
            throw GeneratorError("no spec to merge")
        }
        result = Self.tagOperations(result, since: first)
        for (version, document) in documents.dropFirst() {
            for (name, schema) in result["components"]?["schemas"]?.members ?? [] { schemas[name] = schema }
            for (name, schema) in document["components"]?["schemas"]?.members ?? [] where schemas[name] == nil {
                schemas[name] = schema
            }
            // Components: schemas are merged; other kinds (parameters, responses…) are added when new.
            for (kind, entries) in document["components"]?.members ?? [] {
                for (name, value) in entries.members {
                    let path = ["components", kind, name]
                    if let old = result.value(at: path) {
                        if kind == "schemas" {
                            result = result.replacing(at: path, with: mergeSchema(old, value, path: "schema \(name)", since: version))
                        }
                    } else {
                        let tagged = kind == "schemas" ? value.setting("x-since", to: .string(version)) : value
                        result = result.replacing(at: path, with: tagged)
                    }
                }
            }
            for (path, item) in document["paths"]?.members ?? [] {
                for (method, operation) in item.members {
                    let location = ["paths", path, method]
                    guard SpecLoader.httpMethods.contains(method) else {
                        if result.value(at: location) == nil { result = result.replacing(at: location, with: operation) }
                        continue
                    }
                    if let old = result.value(at: location) {
                        result = result.replacing(
                            at: location, with: mergeOperation(old, operation, newDocument: document, since: version))
                    } else {
                        result = result.replacing(
                            at: location, with: operation.setting("x-since", to: .string(version)))
                    }
                }
            }
        }
        return result
    }

    /// Marks every operation of the oldest document with its version.
    private static func tagOperations(_ document: JSON, since version: String) -> JSON {
        var document = document
        for (path, item) in document["paths"]?.members ?? [] {
            for (method, operation) in item.members where SpecLoader.httpMethods.contains(method) {
                document = document.replacing(at: ["paths", path, method], with: operation.setting("x-since", to: .string(version)))
            }
        }
        return document
    }

    /// The newest definition of an operation, keeping what only the older one has.
    private mutating func mergeOperation(_ old: JSON, _ new: JSON, newDocument: JSON, since version: String) -> JSON {
        var merged = new.setting("x-since", to: old["x-since"])
        // Parameters: the newest list, plus any the old one had that it dropped. New query parameters
        // are resolved inline so they can carry `x-since`.
        func key(_ parameter: JSON) -> String {
            parameter["$ref"]?.stringValue ?? "\(parameter["in"]?.stringValue ?? "")/\(parameter["name"]?.stringValue ?? "")"
        }
        func resolved(_ parameter: JSON, in document: JSON) -> JSON {
            guard let ref = parameter["$ref"]?.stringValue, let path = try? SpecLoader.refPath(ref, context: "merge"),
                let target = document.value(at: path)
            else { return parameter }
            return target
        }
        let oldParameters = old["parameters"]?.elements ?? []
        var oldByKey: [String: JSON] = [:]
        for parameter in oldParameters {
            let inline = resolved(parameter, in: newDocument)
            oldByKey[key(inline)] = inline
        }
        var parameters: [JSON] = []
        for parameter in new["parameters"]?.elements ?? [] {
            let inline = resolved(parameter, in: newDocument)
            if let previous = oldByKey[key(inline)] {
                // The same parameter in both: one schema accepting both versions' values (2.14's
                // `model=conversation` stays), required only when both require it, and its first version.
                var merged = inline
                if let oldSchema = previous["schema"], let newSchema = inline["schema"] {
                    merged = merged.setting(
                        "schema",
                        to: mergeSchema(oldSchema, newSchema, path: "parameter \(key(inline))", since: version))
                }
                let required = (previous["required"]?.boolValue ?? false) && (inline["required"]?.boolValue ?? false)
                if inline["in"]?.stringValue != "path" { merged = merged.setting("required", to: .bool(required)) }
                merged = merged.setting("x-since", to: previous["x-since"])
                parameters.append(merged)
            } else if inline["in"]?.stringValue == "query" {
                parameters.append(inline.setting("x-since", to: .string(version)))
            } else {
                parameters.append(parameter)
            }
        }
        let newKeys = Set(parameters.map { key(resolved($0, in: newDocument)) })
        for parameter in oldParameters where !newKeys.contains(key(resolved(parameter, in: newDocument))) {
            parameters.append(parameter)
        }
        if !parameters.isEmpty { merged = merged.setting("parameters", to: .array(parameters)) }
        // Responses: every status of either version; a status both have takes the newest.
        var responses = new["responses"] ?? .object([])
        for (status, response) in old["responses"]?.members ?? [] where responses[status] == nil {
            responses = responses.setting(status, to: response)
        }
        merged = merged.setting("responses", to: responses)
        return merged
    }

    /// One schema that accepts what either version sends.
    mutating func mergeSchema(_ old: JSON, _ new: JSON, path: String, since version: String) -> JSON {
        if old == new { return old }
        let oldRef = old["$ref"]?.stringValue
        let newRef = new["$ref"]?.stringValue
        if oldRef != nil || newRef != nil {
            if oldRef == newRef { return old }
            // Two schemas by reference: keep the one whose properties include all of the other's, so
            // that what either version sends still decodes.
            if let oldRef, let newRef {
                let oldKeys = Set(propertyNames(oldRef)), newKeys = Set(propertyNames(newRef))
                if !oldKeys.isEmpty, oldKeys.isSuperset(of: newKeys) {
                    conflicts.append("\(path): $ref \(Self.shortName(oldRef)) → \(Self.shortName(newRef)); kept \(Self.shortName(oldRef)), which has every property of both")
                    return old
                }
                if !newKeys.isEmpty, newKeys.isSuperset(of: oldKeys) { return new }
            }
            return resolveTypeConflict(old, new, path: path)
        }
        let oldType = old["type"]?.stringValue
        let newType = new["type"]?.stringValue
        if let oldType, let newType, oldType != newType {
            return resolveTypeConflict(old, new, path: path)
        }
        var merged = new
        if let oldProperties = old["properties"], let newProperties = new["properties"] {
            var properties = newProperties
            for (name, newValue) in newProperties.members {
                if let oldValue = oldProperties[name] {
                    properties = properties.setting(name, to: mergeSchema(oldValue, newValue, path: "\(path).\(name)", since: version))
                } else {
                    properties = properties.setting(name, to: newValue.setting("x-since", to: .string(version)))
                }
            }
            for (name, oldValue) in oldProperties.members where newProperties[name] == nil {
                properties = properties.setting(name, to: oldValue)
            }
            merged = merged.setting("properties", to: properties)
            let oldRequired = Set(old["required"]?.elements.compactMap(\.stringValue) ?? [])
            let newRequired = new["required"]?.elements.compactMap(\.stringValue) ?? []
            let required = newRequired.filter { oldRequired.contains($0) }
            merged = merged.setting("required", to: required.isEmpty ? nil : .array(required.map { .string($0) }))
        } else if let oldProperties = old["properties"], new["properties"] == nil, new["allOf"] == nil,
            new["oneOf"] == nil, new["anyOf"] == nil
        {
            merged = merged.setting("properties", to: oldProperties)
        }
        if let oldValues = old["enum"]?.elements, let newValues = new["enum"]?.elements {
            var values = oldValues
            for value in newValues where !values.contains(value) { values.append(value) }
            merged = merged.setting("enum", to: .array(values))
        } else if let oldValues = old["enum"], new["enum"] == nil {
            // A later version stopped listing the values. The SDK's enums are open (they keep values
            // they do not know), so keeping the known ones loses nothing and keeps the names.
            merged = merged.setting("enum", to: oldValues)
        }
        if let oldItems = old["items"], let newItems = new["items"] {
            merged = merged.setting("items", to: mergeSchema(oldItems, newItems, path: "\(path)[]", since: version))
        }
        if old["nullable"]?.boolValue == true { merged = merged.setting("nullable", to: .bool(true)) }
        // A property or schema keeps the version it first appeared in.
        if let since = old["x-since"] { merged = merged.setting("x-since", to: since) }
        return merged
    }

    private static func shortName(_ ref: String) -> String { String(ref.split(separator: "/").last ?? "") }

    /// The property names of the component a `$ref` names, through `allOf`.
    private func propertyNames(_ ref: String, depth: Int = 0) -> [String] {
        guard depth < 8, let schema = schemas[Self.shortName(ref)] else { return [] }
        var names = schema["properties"]?.members.map(\.key) ?? []
        for member in schema["allOf"]?.elements ?? [] {
            if let inner = member["$ref"]?.stringValue { names += propertyNames(inner, depth: depth + 1) }
            names += member["properties"]?.members.map(\.key) ?? []
        }
        return names
    }

    /// A property whose type or referenced schema differs between versions. A string/integer pair
    /// becomes a string (the SDK decodes ids and numbers-as-text leniently, so both versions' answers
    /// decode); anything else takes the newer definition. Either way the change is recorded.
    private mutating func resolveTypeConflict(_ old: JSON, _ new: JSON, path: String) -> JSON {
        func describe(_ schema: JSON) -> String {
            schema["$ref"]?.stringValue.map { "$ref \($0.split(separator: "/").last ?? "")" } ?? schema["type"]?.stringValue
                ?? "a composite schema"
        }
        let types = Set([old["type"]?.stringValue, new["type"]?.stringValue].compactMap { $0 })
        if types == ["string", "integer"] {
            conflicts.append("\(path): \(describe(old)) → \(describe(new)); kept as a string that also reads numbers")
            let string = old["type"]?.stringValue == "string" ? old : new
            return string.setting("x-lenient-string", to: .bool(true))
        }
        conflicts.append("\(path): \(describe(old)) → \(describe(new)); the newer definition is used")
        return new
    }
}
