import Foundation

/// Reads the specs of every supported API version, merges them into one, reads the naming overrides
/// (which only the oldest version has), the corrections and the naming configuration, applies the
/// corrections, and produces a ``Spec``.
struct SpecLoader {
    /// A directory with one subdirectory per version (`2.14/`, `2.15/`, …), or a single version's
    /// directory.
    var specDirectory: URL
    var correctionsFile: URL
    var namingFile: URL

    static let httpMethods = ["get", "put", "post", "delete", "patch"]

    /// The versions the SDK covers, oldest first. The oldest has the naming overrides.
    static let versions = ["2.14", "2.15", "2.16"]

    /// The directory of each version to read, oldest first.
    func versionDirectories() -> [(version: String, directory: URL)] {
        let single = specDirectory.appendingPathComponent("api.intercom.io.json")
        if FileManager.default.fileExists(atPath: single.path) {
            return [(specDirectory.lastPathComponent, specDirectory)]
        }
        return Self.versions.map { ($0, specDirectory.appendingPathComponent($0)) }
    }

    func load() throws -> Spec {
        let directories = versionDirectories()
        guard let base = directories.first else { throw GeneratorError("no spec version to read") }
        var documents: [(version: String, document: JSON)] = []
        for (version, directory) in directories {
            documents.append((version, try readJSON(directory.appendingPathComponent("api.intercom.io.json"))))
        }
        var merger = SpecMerger()
        var document = try merger.merge(documents)
        let overrides = try readJSON(base.directory.appendingPathComponent("sdk-naming-overrides.json"))
        let naming = try NamingConfig(json: try readJSON(namingFile))
        let correctionsJSON = try readJSON(correctionsFile)
        let corrections = try correctionsJSON["corrections"].orThrow("corrections.json: expected a \"corrections\" array")
            .elements.enumerated().map { try Correction(json: $1, index: $0) }

        guard document["openapi"]?.stringValue?.hasPrefix("3.") == true else {
            throw GeneratorError("api.intercom.io.json: only OpenAPI 3 documents are supported")
        }
        document = try apply(corrections, to: document)
        document = foldBodyExtensions(document)

        let schemas = try (document["components"]?["schemas"]).orThrow("the spec has no components.schemas").members
        var overlayRequired: [String: Set<String>] = [:]
        for (name, overlay) in overrides["components"]?["schemas"]?.members ?? [] {
            if let required = overlay["required"] { overlayRequired[name] = Set(try required.stringArray(in: "overrides \(name).required")) }
        }
        let operations = try readOperations(document, overrides: overrides, naming: naming, corrections: corrections)
        return Spec(
            schemas: schemas.map { (name: $0.key, schema: $0.value) }, operations: operations, overlayRequired: overlayRequired, naming: naming,
            appliedCorrections: corrections, versions: directories.map(\.version), mergeConflicts: merger.conflicts,
            exampleCounts: Dictionary(uniqueKeysWithValues: documents.map { ($0.version, Self.countExamples($0.document)) }))
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
            if let name = correction.schema, let definition = correction.define {
                guard document.value(at: ["components", "schemas", name]) == nil else {
                    throw GeneratorError("correction \(correction.id): the spec already has a schema \"\(name)\"")
                }
                document = document.replacing(at: ["components", "schemas", name], with: definition)
            }
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
            for (status, schema) in correction.responseSchemas {
                if operation["responses"]?[status] == nil {
                    // A status the spec forgot: the correction declares it.
                    operation = operation.replacing(
                        at: ["responses", status, "description"], with: .string("Declared by correction \(correction.id)"))
                }
                operation = operation.replacing(
                    at: ["responses", status, "content", "application/json", "schema"], with: schema)
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

    /// Some bodies are declared inline as "a component plus a field or two" (`allOf: [contact]` plus
    /// `enabled_push_messaging`; `oneOf: [...]` plus `skip_notifications`). The extra fields are
    /// added to the component(s) and the body uses the component itself, so callers get a plain
    /// `Contact` or `CreateTicketRequest` instead of a one-off type. (Response fields are optional
    /// when decoding anyway; request fields added this way are optional.)
    private func foldBodyExtensions(_ document: JSON) -> JSON {
        var document = document
        func componentName(_ schema: JSON) -> String? {
            schema["$ref"]?.stringValue?.split(separator: "/").last.map(String.init)
        }
        func addProperties(_ extra: JSON, toComponent name: String, depth: Int = 0) {
            guard depth < 8, let component = document.value(at: ["components", "schemas", name]) else { return }
            if component["properties"] == nil, let variants = component["oneOf"]?.elements ?? component["anyOf"]?.elements {
                for variant in variants {
                    if let inner = componentName(variant) { addProperties(extra, toComponent: inner, depth: depth + 1) }
                }
                return
            }
            var properties = component["properties"] ?? .object([])
            for (key, value) in extra.members where properties[key] == nil {
                properties = properties.setting(key, to: value)
            }
            document = document.replacing(at: ["components", "schemas", name, "properties"], with: properties)
        }
        for (path, item) in document["paths"]?.members ?? [] {
            for (method, operation) in item.members where Self.httpMethods.contains(method) {
                var places: [[String]] = [["requestBody", "content", "application/json", "schema"]]
                for (status, response) in operation["responses"]?.members ?? [] {
                    for (contentType, _) in response["content"]?.members ?? [] {
                        places.append(["responses", status, "content", contentType, "schema"])
                    }
                }
                for place in places where place.count > 1 && place[1].hasPrefix("4") {
                    // Error responses declared without a schema (or with an empty one) carry the usual
                    // error envelope, as their examples show.
                    let schema = operation.value(at: place)
                    if schema == nil || schema == .object([]), place[3] == "application/json",
                        document.value(at: ["components", "schemas", "error"]) != nil
                    {
                        document = document.replacing(
                            at: ["paths", path, method] + place, with: .object([("$ref", .string("#/components/schemas/error"))]))
                    }
                }
                for place in places {
                    guard let schema = operation.value(at: place), let extra = schema["properties"],
                        schema["$ref"] == nil
                    else { continue }
                    let members = schema["allOf"]?.elements ?? schema["oneOf"]?.elements ?? schema["anyOf"]?.elements ?? []
                    let targets = members.compactMap(componentName)
                    guard !targets.isEmpty, targets.count == members.count else { continue }
                    for target in targets { addProperties(extra, toComponent: target) }
                    let replacement: JSON = schema["allOf"] != nil && targets.count == 1
                        ? .object([("$ref", .string("#/components/schemas/\(targets[0])"))])
                        : schema.setting("properties", to: nil).setting("required", to: nil)
                    document = document.replacing(at: ["paths", path, method] + place, with: replacement)
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
                if let configured = naming.operations[key] {
                    // naming.json decides first, so it can rename what the overrides name too.
                    (group, methodName) = configured
                } else if let named = override?["x-fern-sdk-group-name"], let name = override?["x-fern-sdk-method-name"]?.stringValue {
                    group = try named.stringArray(in: "overrides \(key)")
                    methodName = name
                } else {
                    throw GeneratorError(
                        "\(key) has no group and method name: add it to naming.json \"operations\"")
                }

                let removed = Set(corrections.filter { $0.operation == key }.flatMap(\.removeQueryParameters))
                parameters.removeAll { $0.location == "query" && removed.contains($0.name) }

                var pagination = try paginationHint(override?["x-fern-pagination"], key: key)
                for correction in corrections where correction.operation == key {
                    if let value = correction.pagination { pagination = value }
                }

                operations.append(
                    Operation(
                        key: key, operationID: body["operationId"]?.stringValue,
                        tag: body["tags"]?.elements.first?.stringValue, summary: body["summary"]?.stringValue,
                        parameters: parameters, requestSchema: requestSchema, requestExamples: requestExamples,
                        responses: responses, group: group.map { naming.groupRenames[$0] ?? $0 }, method: methodName,
                        requestName: override?["x-fern-request-name"]?.stringValue, pagination: pagination,
                        since: body["x-since"]?.stringValue))
            }
        }
        return operations
    }

    /// The JSON examples of a document, counted the way the spec example tests read them.
    static func countExamples(_ document: JSON) -> (responses: Int, requests: Int) {
        var responses = 0
        var requests = 0
        for (_, item) in document["paths"]?.members ?? [] {
            for (method, operation) in item.members where httpMethods.contains(method) {
                let requestExamples = operation["requestBody"]?["content"]?["application/json"]?["examples"]?.members ?? []
                requests += requestExamples.filter { $0.value["value"] != nil }.count
                for (_, response) in operation["responses"]?.members ?? [] {
                    let examples = response["content"]?["application/json"]?["examples"]?.members ?? []
                    responses += examples.filter { $0.value["value"] != nil }.count
                }
            }
        }
        return (responses, requests)
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
            schema: parameter["schema"] ?? .object([("type", .string("string"))]),
            since: parameter["x-since"]?.stringValue)
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
