/// Naming decisions that the spec and the naming overrides leave open, read from `naming.json`.
struct NamingConfig {
    /// Group names to replace wherever they appear in a group path (`helpCenters` → `helpCenter`).
    var groupRenames: [String: String] = [:]
    /// Group and method for operations the naming overrides do not name.
    var operations: [OperationKey: (group: [String], method: String)] = [:]
    /// Swift names for component schemas whose default name reads badly or clashes.
    var typeNames: [String: String] = [:]
    /// Swift names for inline request and response bodies, keyed `"POST /path request"` or
    /// `"POST /path response"`.
    var inlineTypeNames: [String: String] = [:]
    /// Argument labels for path and query parameters, per operation.
    var parameterLabels: [OperationKey: [String: String]] = [:]
    /// One-line summaries for types, keyed by schema name.
    var typeDocs: [String: String] = [:]
    /// One-line summaries for resource groups, keyed by the group path joined with dots.
    var groupDocs: [String: String] = [:]
    /// One-line summaries for operations, keyed by operation key.
    var operationDocs: [OperationKey: String] = [:]
    /// Component schemas that get no Swift type (such as the `Intercom-Version` header's enum).
    var skipSchemas: Set<String> = []
    /// Models files in priority order, each with the schema-name words that send a schema there.
    var modelFiles: [(file: String, keywords: [String])] = []
    /// The models file for schemas no keyword matches.
    var defaultModelFile = "Common"
    /// Operations that hand-written methods cover instead of a generated one (so that one idea has
    /// one name), with those methods as the coverage table shows them (`companies.find(name:)`).
    var curated: [OperationKey: [String]] = [:]
    /// Operations a hand-written `intercom` command covers, with that command (`contacts search`).
    var cliCommands: [OperationKey: String] = [:]

    init() {}

    init(json: JSON) throws {
        let context = "naming.json"
        for (key, value) in json["groupRenames"]?.members ?? [] {
            groupRenames[key] = try value.stringValue.orThrow("\(context): groupRenames.\(key) must be a string")
        }
        for (key, value) in json["operations"]?.members ?? [] {
            let group = try (value["group"] ?? .null).stringArray(in: "\(context): operations[\(key)].group")
            let method = try value.requiredString("method", in: "\(context): operations[\(key)]")
            guard !group.isEmpty else { throw GeneratorError("\(context): operations[\(key)] has an empty group") }
            operations[try OperationKey(parsing: key)] = (group, method)
        }
        for (key, value) in json["typeNames"]?.members ?? [] {
            typeNames[key] = try value.stringValue.orThrow("\(context): typeNames.\(key) must be a string")
        }
        for (key, value) in json["inlineTypeNames"]?.members ?? [] {
            inlineTypeNames[key] = try value.stringValue.orThrow("\(context): inlineTypeNames.\(key) must be a string")
        }
        for (key, value) in json["parameterLabels"]?.members ?? [] {
            var labels: [String: String] = [:]
            for (name, label) in value.members {
                labels[name] = try label.stringValue.orThrow("\(context): parameterLabels[\(key)].\(name) must be a string")
            }
            parameterLabels[try OperationKey(parsing: key)] = labels
        }
        for (key, value) in json["typeDocs"]?.members ?? [] {
            typeDocs[key] = try value.stringValue.orThrow("\(context): typeDocs.\(key) must be a string")
        }
        for (key, value) in json["groupDocs"]?.members ?? [] {
            groupDocs[key] = try value.stringValue.orThrow("\(context): groupDocs.\(key) must be a string")
        }
        skipSchemas = Set(try (json["skipSchemas"] ?? .array([])).stringArray(in: "\(context): skipSchemas"))
        for (file, keywords) in json["modelFiles"]?.members ?? [] {
            modelFiles.append((file, try keywords.stringArray(in: "\(context): modelFiles.\(file)")))
        }
        if let name = json["defaultModelFile"]?.stringValue { defaultModelFile = name }
        for (key, value) in json["curated"]?.members ?? [] where key != "about" {
            let methods = try value.stringArray(in: "\(context): curated[\(key)]")
            guard !methods.isEmpty else { throw GeneratorError("\(context): curated[\(key)] names no method") }
            curated[try OperationKey(parsing: key)] = methods
        }
        for (key, value) in json["cliCommands"]?.members ?? [] where key != "about" {
            cliCommands[try OperationKey(parsing: key)] =
                try value.stringValue.orThrow("\(context): cliCommands[\(key)] must be a string")
        }
        for (key, value) in json["operationDocs"]?.members ?? [] {
            operationDocs[try OperationKey(parsing: key)] =
                try value.stringValue.orThrow("\(context): operationDocs[\(key)] must be a string")
        }
    }
}

/// One entry of `corrections.json`: a place where the spec and the live API disagree, and what the
/// generator does about it.
///
/// A correction targets either a component schema (`schema`) or an operation (`operation`), and
/// carries JSON merge patches (RFC 7396: objects merge, `null` deletes) plus a few operation-level
/// actions. Patches may use two extension keywords the generator understands:
/// - `x-lenient-string: true` on a string property: the value may arrive as a JSON number, so it is
///   decoded with `decodeLenientString(IfPresent)`;
/// - `x-accepts-bare-array: "<property>"` on a list object: the response may also arrive as a bare
///   JSON array, which is then read as that property.
struct Correction {
    var id: String
    var why: String
    var schema: String?
    var operation: OperationKey?
    /// A merge patch for the component schema named by `schema`.
    var patch: JSON?
    /// A merge patch for the operation's JSON request body schema.
    var requestPatch: JSON?
    /// A merge patch for the operation's successful JSON response schema.
    var responsePatch: JSON?
    /// Query parameters the operation accepts although the spec does not list them.
    var addQueryParameters: [JSON] = []
    /// Query parameters the spec or the overrides list but the endpoint does not use.
    var removeQueryParameters: [String] = []
    /// The pagination the operation really uses, replacing the overrides' hint.
    var pagination: Pagination?
    /// A schema the spec lacks, added under the name in `schema`.
    var define: JSON?
    /// Schemas for responses (by status) that the spec leaves undeclared or gets wrong.
    var responseSchemas: [(status: String, schema: JSON)] = []
    /// A merge patch for one named example, for examples that contradict the API's real shape.
    var examplePatches: [(name: String, patch: JSON)] = []

    init(json: JSON, index: Int) throws {
        let context = "corrections.json entry \(index)"
        id = try json.requiredString("id", in: context)
        why = try json.requiredString("why", in: context)
        schema = json["schema"]?.stringValue
        if let text = json["operation"]?.stringValue { operation = try OperationKey(parsing: text) }
        guard (schema == nil) != (operation == nil) else {
            throw GeneratorError("\(context) (\(id)): give exactly one of \"schema\" or \"operation\"")
        }
        patch = json["patch"]
        define = json["define"]
        for (status, schema) in json["responseSchemas"]?.members ?? [] { responseSchemas.append((status, schema)) }
        requestPatch = json["requestPatch"]
        responsePatch = json["responsePatch"]
        addQueryParameters = json["addQueryParameters"]?.elements ?? []
        removeQueryParameters = try (json["removeQueryParameters"] ?? .array([])).stringArray(in: "\(context) (\(id)).removeQueryParameters")
        if let value = json["pagination"] {
            let styleName = try value.requiredString("style", in: "\(context) (\(id)).pagination")
            guard let style = PaginationStyle(rawValue: styleName) else {
                throw GeneratorError("\(context) (\(id)): unknown pagination style \"\(styleName)\"")
            }
            pagination = Pagination(style: style, itemsKey: value["itemsKey"]?.stringValue ?? "data")
        }
        for (name, patch) in json["examplePatches"]?.members ?? [] {
            examplePatches.append((name, patch))
        }
        if schema != nil, (patch == nil) == (define == nil) {
            throw GeneratorError("\(context) (\(id)): a schema correction needs either a \"patch\" or a \"define\"")
        }
    }
}

extension Optional {
    /// The wrapped value, or a ``GeneratorError`` with `message`.
    func orThrow(_ message: @autoclosure () -> String) throws -> Wrapped {
        guard let self else { throw GeneratorError(message()) }
        return self
    }
}
