import Foundation

/// Reads the spec, the naming overrides, the corrections and the naming configuration, applies the
/// corrections, and produces a ``Spec``.
struct SpecLoader {
    var specDirectory: URL
    var correctionsFile: URL
    var namingFile: URL

    static let httpMethods = ["get", "put", "post", "delete", "patch"]

    func load() throws -> Spec {
        var document = try readJSON(specDirectory.appendingPathComponent("api.intercom.io.json"))
        let overrides = try readJSON(specDirectory.appendingPathComponent("sdk-naming-overrides.json"))
        let naming = try NamingConfig(json: try readJSON(namingFile))
        let correctionsJSON = try readJSON(correctionsFile)
        let corrections = try correctionsJSON["corrections"].orThrow("corrections.json: expected a \"corrections\" array")
            .elements.enumerated().map { try Correction(json: $1, index: $0) }

        guard document["openapi"]?.stringValue?.hasPrefix("3.") == true else {
            throw GeneratorError("api.intercom.io.json: only OpenAPI 3 documents are supported")
        }
        document = try apply(corrections, to: document)
        document = foldResponseExtensions(document)

        let schemas = try (document["components"]?["schemas"]).orThrow("the spec has no components.schemas").members
        var overlayRequired: [String: Set<String>] = [:]
        for (name, overlay) in overrides["components"]?["schemas"]?.members ?? [] {
            if let required = overlay["required"] { overlayRequired[name] = Set(try required.stringArray(in: "overrides \(name).required")) }
        }
        let operations = try readOperations(document, overrides: overrides, naming: naming, corrections: corrections)
        return Spec(
            schemas: schemas, operations: operations, overlayRequired: overlayRequired, naming: naming,
            appliedCorrections: corrections)
    }

    private func readJSON(_ url: URL) throws -> JSON {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw GeneratorError("cannot read \(url.path): \(error.localizedDescription)")
        }
        do {
            return try JSON.parse(Array(data))
        } catch {
            throw GeneratorError("\(url.lastPathComponent): \(error)")
        }
    }

    /// Applies schema patches and operation patches to the raw document.
    private func apply(_ corrections: [Correction], to document: JSON) throws -> JSON {
        var document = document
        for correction in corrections {
            if let name = correction.schema, let patch = correction.patch {
                let path = ["components", "schemas", name]
                guard let schema = document.value(at: path) else {
                    throw GeneratorError("correction \(correction.id): the spec has no schema \"\(name)\"")
                }
                document = document.replacing(at: path, with: schema.merging(patch))
            }
            guard let key = correction.operation else { continue }
            let path = ["paths", key.path, key.method.lowercased()]
            guard var operation = document.value(at: path) else {
                throw GeneratorError("correction \(correction.id): the spec has no operation \(key)")
            }
            if !correction.addQueryParameters.isEmpty {
                let existing = operation["parameters"]?.elements ?? []
                let names = Set(existing.compactMap { $0["name"]?.stringValue })
                let added = correction.addQueryParameters.filter { !names.contains($0["name"]?.stringValue ?? "") }
                operation = operation.setting("parameters", to: .array(existing + added))
            }
            if let patch = correction.requestPatch {
                let schemaPath = ["requestBody", "content", "application/json", "schema"]
                guard let schema = operation.value(at: schemaPath) else {
                    throw GeneratorError("correction \(correction.id): \(key) has no JSON request body")
                }
                operation = operation.replacing(at: schemaPath, with: schema.merging(patch))
            }
            if let patch = correction.responsePatch {
                guard
                    let status = operation["responses"]?.members.first(where: {
                        $0.key.hasPrefix("2") && $0.value["content"]?["application/json"]?["schema"] != nil
                    })?.key
                else {
                    throw GeneratorError("correction \(correction.id): \(key) has no successful JSON response")
                }
                let schemaPath = ["responses", status, "content", "application/json", "schema"]
                if let schema = operation.value(at: schemaPath) {
                    operation = operation.replacing(at: schemaPath, with: schema.merging(patch))
                }
            }
            document = document.replacing(at: path, with: operation)
        }
        return document
    }

    /// Some responses are declared inline as "a component plus a field or two" (`allOf: [contact]`
    /// plus `enabled_push_messaging`). Every field is optional when decoding anyway, so the extra
    /// fields are added to the component and the response uses the component itself: callers get a
    /// plain `Contact` instead of a one-off type.
    private func foldResponseExtensions(_ document: JSON) -> JSON {
        var document = document
        for (path, item) in document["paths"]?.members ?? [] {
            for (method, operation) in item.members where Self.httpMethods.contains(method) {
                for (status, response) in operation["responses"]?.members ?? [] {
                    for (contentType, media) in response["content"]?.members ?? [] {
                        guard let schema = media["schema"], let members = schema["allOf"]?.elements, members.count == 1,
                            let target = members[0]["$ref"]?.stringValue,
                            let name = target.split(separator: "/").last.map(String.init),
                            let extra = schema["properties"]
                        else { continue }
                        let componentPath = ["components", "schemas", name, "properties"]
                        var properties = document.value(at: componentPath) ?? .object([])
                        for (key, value) in extra.members where properties[key] == nil {
                            properties = properties.setting(key, to: value)
                        }
                        document = document.replacing(at: componentPath, with: properties)
                        document = document.replacing(
                            at: ["paths", path, method, "responses", status, "content", contentType, "schema"],
                            with: .object([("$ref", .string(target))]))
                    }
                }
            }
        }
        return document
    }

    private func readOperations(
        _ document: JSON, overrides: JSON, naming: NamingConfig, corrections: [Correction]
    ) throws -> [Operation] {
        var operations: [Operation] = []
        for (path, item) in document["paths"]?.members ?? [] {
            let shared = item["parameters"]?.elements ?? []
            for (method, body) in item.members where Self.httpMethods.contains(method) {
                let key = OperationKey(method: method, path: path)
                let override = overrides["paths"]?[path]?[method]
                var parameters: [Parameter] = []
                let extra = override?["parameters"]?.elements ?? []
                for raw in shared + (body["parameters"]?.elements ?? []) + extra {
                    let parameter = try resolveParameter(raw, document: document, context: "\(key)")
                    if parameter.location == "header" { continue }
                    parameters.removeAll { $0.name == parameter.name && $0.location == parameter.location }
                    parameters.append(parameter)
                }

                var requestSchema: JSON?
                var requestExamples: [Example] = []
                if let content = body["requestBody"]?["content"] {
                    guard let json = content["application/json"] else {
                        throw GeneratorError("\(key): only application/json request bodies are supported")
                    }
                    requestSchema = json["schema"]
                    requestExamples = examples(json)
                }

                var responses: [Response] = []
                for (status, response) in body["responses"]?.members ?? [] {
                    let content = response["content"]?.members.first
                    responses.append(
                        Response(
                            status: status, contentType: content?.key, schema: content?.value["schema"],
                            examples: content.map { examples($0.value) } ?? []))
                }

                let group: [String]
                let methodName: String
                if let named = override?["x-fern-sdk-group-name"], let name = override?["x-fern-sdk-method-name"]?.stringValue {
                    group = try named.stringArray(in: "overrides \(key)")
                    methodName = name
                } else if let configured = naming.operations[key] {
                    (group, methodName) = configured
                } else {
                    throw GeneratorError(
                        "\(key) has no group and method name: add it to naming.json \"operations\"")
                }

                var pagination = try paginationHint(override?["x-fern-pagination"], key: key)
                for correction in corrections where correction.operation == key {
                    if let value = correction.pagination { pagination = value }
                }

                operations.append(
                    Operation(
                        key: key, operationID: body["operationId"]?.stringValue, summary: body["summary"]?.stringValue,
                        parameters: parameters, requestSchema: requestSchema, requestExamples: requestExamples,
                        responses: responses, group: group.map { naming.groupRenames[$0] ?? $0 }, method: methodName,
                        requestName: override?["x-fern-request-name"]?.stringValue, pagination: pagination))
            }
        }
        return operations
    }

    private func examples(_ media: JSON) -> [Example] {
        var result = (media["examples"]?.members ?? []).compactMap { name, example in
            example["value"].map { Example(name: name, value: $0) }
        }
        if let single = media["example"] { result.append(Example(name: "example", value: single)) }
        return result
    }

    private func resolveParameter(_ raw: JSON, document: JSON, context: String) throws -> Parameter {
        var parameter = raw
        if let ref = raw["$ref"]?.stringValue {
            let path = try Self.refPath(ref, context: context)
            parameter = try document.value(at: path).orThrow("\(context): unresolved parameter \(ref)")
        }
        let name = try parameter.requiredString("name", in: "\(context) parameter")
        let location = try parameter.requiredString("in", in: "\(context) parameter \(name)")
        return Parameter(
            name: name, location: location,
            isRequired: parameter["required"]?.boolValue ?? (location == "path"),
            schema: parameter["schema"] ?? .object([("type", .string("string"))]))
    }

    /// Translates a Fern `x-fern-pagination` hint into a ``Pagination``.
    private func paginationHint(_ hint: JSON?, key: OperationKey) throws -> Pagination? {
        guard let hint else { return nil }
        let results = hint["results"]?.stringValue ?? "$response.data"
        let itemsKey = results.replacingOccurrences(of: "$response.", with: "")
        if let offset = hint["offset"]?.stringValue {
            guard offset == "$request.page" else { throw GeneratorError("\(key): unsupported offset pagination \(offset)") }
            return Pagination(style: .pageNumber, itemsKey: itemsKey)
        }
        switch hint["cursor"]?.stringValue {
        case "$request.starting_after": return Pagination(style: .cursor, itemsKey: itemsKey)
        case "$request.pagination.starting_after": return Pagination(style: .searchCursor, itemsKey: itemsKey)
        case "$request.scroll_param": return Pagination(style: .scroll, itemsKey: itemsKey)
        default: throw GeneratorError("\(key): unsupported pagination hint")
        }
    }

    /// The path components of a local `#/a/b` reference.
    static func refPath(_ ref: String, context: String) throws -> [String] {
        guard ref.hasPrefix("#/") else { throw GeneratorError("\(context): only local references are supported, found \(ref)") }
        return ref.dropFirst(2).split(separator: "/").map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }
}

extension JSON {
    /// The value at a path of object keys.
    func value(at path: [String]) -> JSON? {
        var current: JSON? = self
        for key in path { current = current?[key] }
        return current
    }

    /// A copy with the value at `path` replaced; missing intermediate objects are created.
    func replacing(at path: [String], with value: JSON) -> JSON {
        guard let first = path.first else { return value }
        let child = self[first] ?? .object([])
        return setting(first, to: child.replacing(at: Array(path.dropFirst()), with: value))
    }
}
