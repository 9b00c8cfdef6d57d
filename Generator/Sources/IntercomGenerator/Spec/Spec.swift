/// An HTTP method and path template, written `GET /contacts/{contact_id}`.
struct OperationKey: Hashable, Comparable, CustomStringConvertible {
    var method: String
    var path: String

    var description: String { "\(method) \(path)" }

    static func < (lhs: OperationKey, rhs: OperationKey) -> Bool {
        (lhs.path, lhs.method) < (rhs.path, rhs.method)
    }

    /// Parses `GET /contacts`.
    init(parsing text: String) throws {
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[1].hasPrefix("/") else {
            throw GeneratorError("\"\(text)\" is not an operation key like \"GET /contacts\"")
        }
        self.method = parts[0].uppercased()
        self.path = parts[1]
    }

    init(method: String, path: String) {
        self.method = method.uppercased()
        self.path = path
    }
}

/// How a list endpoint hands out its pages, mirroring the runtime's `PaginationStyle`.
enum PaginationStyle: String {
    /// A `starting_after` query item, with the next cursor in `pages.next.starting_after`.
    case cursor
    /// A `pagination.starting_after` member of the request body.
    case searchCursor
    /// A `page` query item, stopping at `pages.total_pages`.
    case pageNumber
    /// A `scroll_param` query item echoed back by every response.
    case scroll

    /// The query parameter the runtime fills in for every page after the first, if any.
    var driverParameter: String? {
        switch self {
        case .cursor: "starting_after"
        case .searchCursor: nil
        case .pageNumber: "page"
        case .scroll: "scroll_param"
        }
    }
}

/// The pagination of one operation: its style and the response member that holds the items.
struct Pagination {
    var style: PaginationStyle
    var itemsKey: String
}

/// One parameter of an operation, after path-level parameters have been merged in.
struct Parameter {
    var name: String
    var location: String
    var isRequired: Bool
    var schema: JSON
    /// The first API version with this parameter, when it is newer than its operation.
    var since: String? = nil
}

/// A named example from the spec.
struct Example {
    var name: String
    var value: JSON
}

/// One documented response of an operation.
struct Response {
    var status: String
    var contentType: String?
    var schema: JSON?
    var examples: [Example]

    var isSuccess: Bool { status.hasPrefix("2") || status.hasPrefix("3") }
}

/// One operation of the spec, with the SDK naming and pagination already decided.
struct Operation {
    var key: OperationKey
    var operationID: String?
    /// The operation's first tag (`Help Center`), which names its section of the API reference.
    var tag: String?
    var summary: String?
    var parameters: [Parameter]
    var requestSchema: JSON?
    var requestExamples: [Example]
    var responses: [Response]
    /// The resource group path, such as `["helpCenter", "collections"]`.
    var group: [String]
    /// The method name inside the group, such as `list`.
    var method: String
    /// A name for the request body type when the body is declared inline.
    var requestName: String?
    var pagination: Pagination?
    /// The first API version that has this operation.
    var since: String?

    /// The successful response that carries the result, if any.
    var successResponse: Response? {
        responses.first { $0.isSuccess && $0.schema != nil } ?? responses.first { $0.isSuccess }
    }

    /// A stable name for logs and errors, such as `contacts.create`.
    var operationName: String { (group + [method]).joined(separator: ".") }

    /// The operation's page in Intercom's API reference for the version that introduced it, such
    /// as `https://developers.intercom.com/docs/references/2.14/rest-api/api.intercom.io/contacts/createcontact`.
    func referenceURL(baseVersion: String) -> String? {
        guard let operationID, let tag else { return nil }
        let section = tag.lowercased().split(separator: " ").joined(separator: "-")
        return "https://developers.intercom.com/docs/references/\(since ?? baseVersion)/rest-api/api.intercom.io/"
            + "\(section)/\(operationID.lowercased())"
    }
}

/// The spec after corrections, split into the parts the generator needs.
struct Spec {
    /// Component schemas in document order.
    var schemas: [(name: String, schema: JSON)]
    /// Operations in document order.
    var operations: [Operation]
    /// `required` lists from the naming overrides' schema overlays, used to decide identity fields.
    var overlayRequired: [String: Set<String>]
    /// The naming configuration.
    var naming: NamingConfig
    /// Names and reasons of the corrections that were applied.
    var appliedCorrections: [Correction]
    /// The API versions merged into this spec, oldest first.
    var versions: [String] = []
    /// Type changes between versions and how the merge resolved them.
    var mergeConflicts: [String] = []
    /// How many JSON response and request examples each version's document has.
    var exampleCounts: [String: (responses: Int, requests: Int)] = [:]

    /// The oldest version: operations and parameters it has need no version check.
    var baseVersion: String { versions.first ?? "2.14" }

    func schema(named name: String) -> JSON? {
        schemas.first { $0.name == name }?.schema
    }
}
