/// Writes the Swift Testing suite that checks the generated types against every example in the spec.
///
/// The suite reads the spec at test time (from `../shared`, next to the package), so the examples
/// never enter the repository; the generated part is only the table from operation and status to
/// Swift type.
enum TestEmitter {
    static func file(
        responseTypes: [OperationKey: [String: TypeRef]], requestTypes: [OperationKey: TypeRef], typeNames: Set<String>,
        corrections: [Correction], exampleCounts: [String: (responses: Int, requests: Int)]
    ) -> String {
        // Models are spelled with the module name: Swift Testing has a `Tag` type too.
        func spell(_ type: TypeRef) -> String { type.swift(qualifying: typeNames) }
        var writer = SwiftWriter()
        writer.line("import Foundation")
        writer.line("import Intercom")
        writer.line("import Testing")
        writer.line()
        writer.line(staticPart)
        writer.block("extension SpecExamples") { writer in
            writer.doc("The JSON examples each version's spec documents, counted when the code was generated.")
            writer.line("static let expectedCounts: [String: (responses: Int, requests: Int)] = [")
            for (version, counts) in exampleCounts.sorted(by: { $0.key < $1.key }) {
                writer.line("    \"\(version)\": (\(counts.responses), \(counts.requests)),")
            }
            writer.line("]")
            writer.line()
            writer.doc("How to decode each documented response, keyed `\"METHOD /path status\"`.")
            writer.line("static let responseDecoders: [String: @Sendable (Data) throws -> Bool] = [")
            for key in responseTypes.keys.sorted() {
                for (status, type) in (responseTypes[key] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    writer.line("    \"\(key) \(status)\": { try decode(\(spell(type)).self, from: $0) },")
                }
            }
            writer.line("]")
            writer.line()
            writer.doc("How to round-trip each request body, keyed `\"METHOD /path\"`.")
            writer.line("static let requestRoundTrips: [String: @Sendable (Data) throws -> Void] = [")
            for key in requestTypes.keys.sorted() {
                if let type = requestTypes[key] {
                    writer.line("    \"\(key)\": { try roundTrip(\(spell(type)).self, from: $0) },")
                }
            }
            writer.line("]")
            writer.line()
            writer.doc("Examples that contradict the API's real shape, with the JSON merge patch from corrections.json that fixes each,\nkeyed `\"METHOD /path status-or-request example-name\"`.")
            writer.line("static let exampleCorrections: [String: String] = [")
            for correction in corrections {
                guard let operation = correction.operation else { continue }
                for (name, patch) in correction.examplePatches {
                    writer.line("    // \(correction.id): \(correction.why)")
                    writer.line("    \(swiftLiteral("\(operation) \(name)")): \(swiftLiteral(patch.serialized)),")
                }
            }
            writer.line("]")
        }
        return FileHeader.swift("Checks the generated types against every request and response example of the spec.")
            + writer.text
    }

    /// A Swift string literal for `text`.
    static func swiftLiteral(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static let staticPart = ##"""
        /// The request and response examples of every Intercom spec the SDK covers, read from
        /// `../shared/intercom-openapi/<version>/api.intercom.io.json` beside the package (or from
        /// `$INTERCOM_OPENAPI_DIR/<version>`). When a spec is absent the tests are skipped, except under
        /// `CI=true`, where that is a failure.
        enum SpecExamples {
            /// One example: where it is documented and its JSON.
            struct Example: Sendable, CustomTestStringConvertible {
                var version: String
                var operation: String
                var status: String?
                var name: String
                var json: Data

                var testDescription: String { "\(version) \(operation) \(status ?? "request") “\(name)”" }
            }

            /// The directory holding one subdirectory per version, if it can be found.
            static let specRoot: URL? = {
                let fileManager = FileManager.default
                if let directory = ProcessInfo.processInfo.environment["INTERCOM_OPENAPI_DIR"] {
                    return URL(fileURLWithPath: directory)
                }
                var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                while directory.path != "/" {
                    if fileManager.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                        return directory.deletingLastPathComponent().appendingPathComponent("shared/intercom-openapi")
                    }
                    directory.deleteLastPathComponent()
                }
                return nil
            }()

            /// The spec file of `version`, if present.
            static func specURL(_ version: String) -> URL? {
                guard let url = specRoot?.appendingPathComponent(version).appendingPathComponent("api.intercom.io.json"),
                    FileManager.default.fileExists(atPath: url.path)
                else { return nil }
                return url
            }

            static var isAvailable: Bool { expectedCounts.keys.allSatisfy { specURL($0) != nil } }

            static var isRequired: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

            private static let all: (responses: [Example], requests: [Example]) = {
                var responses: [Example] = []
                var requests: [Example] = []
                for version in expectedCounts.keys.sorted() {
                    let found = examples(of: version)
                    responses += found.responses
                    requests += found.requests
                }
                return (responses, requests)
            }()

            private static func examples(of version: String) -> (responses: [Example], requests: [Example]) {
                guard let url = specURL(version), let data = try? Data(contentsOf: url),
                    let spec = try? JSONDecoder().decode(JSONValue.self, from: data)
                else { return ([], []) }
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                func examples(_ media: JSONValue?, key: String) -> [(String, Data)] {
                    (media?["examples"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.compactMap { name, example in
                        guard var value = example["value"] else { return nil }
                        if let text = exampleCorrections["\(key) \(name)"],
                            let patch = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
                        {
                            value = mergePatch(value, patch)
                        }
                        guard let json = try? encoder.encode(value) else { return nil }
                        return (name, json)
                    }
                }
                var responses: [Example] = []
                var requests: [Example] = []
                for (path, item) in (spec["paths"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                    for (method, operation) in (item.objectValue ?? [:]).sorted(by: { $0.key < $1.key })
                    where ["get", "put", "post", "delete", "patch"].contains(method) {
                        let key = "\(method.uppercased()) \(path)"
                        for (name, json) in examples(operation["requestBody"]?["content"]?["application/json"], key: "\(key) request") {
                            requests.append(Example(version: version, operation: key, status: nil, name: name, json: json))
                        }
                        for (status, response) in (operation["responses"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                            for (contentType, media) in response["content"]?.objectValue ?? [:] where contentType == "application/json" {
                                for (name, json) in examples(media, key: "\(key) \(status)") {
                                    responses.append(Example(version: version, operation: key, status: status, name: name, json: json))
                                }
                            }
                        }
                    }
                }
                return (responses, requests)
            }

            /// Every JSON response example.
            static var responses: [Example] { all.responses }
            /// Every JSON request example.
            static var requests: [Example] { all.requests }

            /// Applies a JSON merge patch (RFC 7396): objects merge, `null` removes a member.
            static func mergePatch(_ target: JSONValue, _ patch: JSONValue) -> JSONValue {
                guard case .object(let changes) = patch else { return patch }
                var result: [String: JSONValue] = [:]
                if case .object(let members) = target { result = members }
                for (key, change) in changes {
                    if case .null = change {
                        result[key] = nil
                    } else {
                        result[key] = mergePatch(result[key] ?? .null, change)
                    }
                }
                return .object(result)
            }

            /// Decodes the body with `JSONDecoder`, and with the models' one-pass reader: where the reader
            /// gives a value it must be `JSONDecoder`'s, and where `JSONDecoder` refuses the body the reader
            /// must leave it (the fuzz tests pass mutated bodies through here too). Returns whether the reader
            /// read the body itself.
            @discardableResult
            static func decode<T: Decodable & Equatable>(_ type: T.Type, from data: Data) throws -> Bool {
                let read = WireReader.read(T.self, from: data)
                let decoded: T
                do {
                    decoded = try IntercomJSON.makeDecoder().decode(T.self, from: data)
                } catch {
                    #expect(read == nil, "the one-pass reader read what JSONDecoder refuses: \(excerpt(data))")
                    throw error
                }
                if let read {
                    #expect(read == decoded, "the one-pass reader and JSONDecoder disagree: \(excerpt(data))")
                }
                return read != nil
            }

            /// The start of a body, for a failure message.
            static func excerpt(_ data: Data) -> String {
                String(decoding: data.prefix(300), as: UTF8.self)
            }

            /// Decodes the example into its request type and encodes it again: the JSON written must be the
            /// example's JSON, key for key and value for value, compared as JSON and never through the SDK's
            /// own types. The only differences allowed are listed in ``allowedDifference(_:_:key:)``.
            static func roundTrip<T: Codable & Equatable>(_ type: T.Type, from data: Data) throws {
                let value = try IntercomJSON.makeDecoder().decode(T.self, from: data)
                if let read = WireReader.read(T.self, from: data) {
                    #expect(read == value, "the one-pass reader and JSONDecoder disagree: \(excerpt(data))")
                }
                let encoded = try IntercomJSON.makeEncoder().encode(value)
                let original = try JSONDecoder().decode(JSONValue.self, from: data)
                let written = try JSONDecoder().decode(JSONValue.self, from: encoded)
                let differences = jsonDifferences(original, written, path: "$", key: nil)
                #expect(
                    differences.isEmpty,
                    "the SDK would send something else than the example: \(differences.joined(separator: "; "))")
            }

            /// Where `written` differs from `original`, as readable paths.
            static func jsonDifferences(_ original: JSONValue, _ written: JSONValue, path: String, key: String?) -> [String] {
                if original == written || allowedDifference(original, written, key: key) { return [] }
                switch (original, written) {
                case (.object(let members), .object(let writtenMembers)):
                    var found: [String] = []
                    for name in Set(members.keys).union(writtenMembers.keys).sorted() {
                        switch (members[name], writtenMembers[name]) {
                        case (.null?, nil):
                            continue  // a null the SDK leaves out means the same to the API
                        case (let expected?, let actual?):
                            found += jsonDifferences(expected, actual, path: "\(path).\(name)", key: name)
                        case (_?, nil):
                            found.append("\(path).\(name) is missing")
                        case (nil, _?):
                            found.append("\(path).\(name) was added")
                        case (nil, nil):
                            continue
                        }
                    }
                    return found
                case (.array(let elements), .array(let writtenElements)):
                    guard elements.count == writtenElements.count else {
                        return ["\(path) has \(writtenElements.count) elements instead of \(elements.count)"]
                    }
                    return zip(elements, writtenElements).enumerated().flatMap { index, pair in
                        jsonDifferences(pair.0, pair.1, path: "\(path)[\(index)]", key: key)
                    }
                default:
                    return ["\(path) is \(written) instead of \(original)"]
                }
            }

            /// The documented choices where the SDK writes a value differently from an example, each with
            /// its reason:
            /// - ids (`id`, `*_id`, `*_ids`) are sent as strings: the API accepts both, and the SDK keeps
            ///   every id a `String` so that large numeric ids never lose precision;
            /// - an ISO-8601 date in an example is sent as the same instant in Unix seconds, the form the
            ///   API documents for every timestamp it accepts.
            static func allowedDifference(_ original: JSONValue, _ written: JSONValue, key: String?) -> Bool {
                if let key, key == "id" || key.hasSuffix("_id") || key.hasSuffix("_ids"),
                    case .string(let text) = written, original.intValue.map(String.init) == text
                {
                    return true
                }
                if case .string(let text) = original, case .int(let seconds) = written,
                    let date = try? Date(text, strategy: .iso8601), Int(date.timeIntervalSince1970) == seconds
                {
                    return true
                }
                return false
            }
        }

        @Suite("Spec examples")
        struct SpecExampleTests {
            @Test(
                "Every response example decodes into its operation's declared type",
                .enabled(if: SpecExamples.isAvailable || SpecExamples.isRequired, "../shared/intercom-openapi is absent: skipping the spec example tests"),
                arguments: SpecExamples.responses)
            func responseExampleDecodes(_ example: SpecExamples.Example) throws {
                let decode = try #require(
                    SpecExamples.responseDecoders["\(example.operation) \(example.status ?? "")"],
                    "no Swift type is declared for this response")
                _ = try decode(example.json)
            }

            @Test(
                "Every request example, decoded and encoded again, is the example's own JSON",
                .enabled(if: SpecExamples.isAvailable || SpecExamples.isRequired, "../shared/intercom-openapi is absent: skipping the spec example tests"),
                arguments: SpecExamples.requests)
            func requestExampleRoundTrips(_ example: SpecExamples.Example) throws {
                let roundTrip = try #require(
                    SpecExamples.requestRoundTrips[example.operation], "no Swift type is declared for this request body")
                try roundTrip(example.json)
            }

            @Test("Every version's spec is there, with the expected number of examples", .enabled(if: SpecExamples.isAvailable || SpecExamples.isRequired))
            func exampleCounts() {
                for (version, expected) in SpecExamples.expectedCounts.sorted(by: { $0.key < $1.key }) {
                    let responses = SpecExamples.responses.filter { $0.version == version }.count
                    let requests = SpecExamples.requests.filter { $0.version == version }.count
                    print("spec examples \(version): \(responses) responses decoded, \(requests) requests re-encoded")
                    #expect(SpecExamples.specURL(version) != nil, "../shared/intercom-openapi/\(version) is missing")
                    #expect(responses == expected.responses, "\(version) response examples")
                    #expect(requests == expected.requests, "\(version) request examples")
                }
            }
        }

        """##
}
