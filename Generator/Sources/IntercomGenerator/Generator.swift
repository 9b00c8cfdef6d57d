import Foundation

/// Runs the whole pipeline: load and correct the spec, build declarations, emit files.
struct Generator {
    var specDirectory: URL
    var outputDirectory: URL
    var configDirectory: URL
    var testsDirectory: URL?
    var coverageFile: URL?
    /// Where the `intercom` CLI's generated commands go, if anywhere.
    var cliDirectory: URL?

    /// The generated files, by path relative to their root directory.
    struct Output {
        var sources: [(path: String, contents: String)] = []
        var tests: [(path: String, contents: String)] = []
        var cli: [(path: String, contents: String)] = []
        var coverage: String = ""
        /// Generated property comments that only restate the name, and `String` properties the spec
        /// declares as an enum.
        var quality: (restatingComments: Int, enumStrings: Int) = (0, 0)
        var operationCount = 0
        var specOperationCount = 0
        var typeCount = 0
    }

    func generate() throws -> Output {
        let spec = try SpecLoader(
            specDirectory: specDirectory,
            correctionsFile: configDirectory.appendingPathComponent("corrections.json"),
            namingFile: configDirectory.appendingPathComponent("naming.json")
        ).load()

        let types = try TypeBuilder(spec: spec)
        try types.buildComponents()
        var operationBuilder = OperationBuilder(spec: spec, types: types)
        let operations = try operationBuilder.build()

        let clashes = namespaceClashes(operations: operations, types: types)

        var output = Output()
        output.operationCount = operations.count
        output.specOperationCount = spec.operations.count
        output.typeCount = types.declarations.count

        for (name, contents) in SupportEmitter.files {
            output.sources.append(("Support/\(name)", contents))
        }

        // Models, grouped into files in the order files are first used.
        var fileOrder: [String] = []
        var byFile: [String: [TopLevelDecl]] = [:]
        for entry in types.declarations {
            if byFile[entry.file] == nil { fileOrder.append(entry.file) }
            byFile[entry.file, default: []].append(entry)
        }
        for file in fileOrder.sorted() {
            var writer = SwiftWriter()
            for entry in byFile[file] ?? [] { try ModelEmitter.emit(entry.decl, into: &writer) }
            let names = (byFile[file] ?? []).map(\.decl.name)
            let summary = "Models: " + names.prefix(6).joined(separator: ", ") + (names.count > 6 ? ", …" : "") + "."
            output.sources.append(
                ("Models/\(file)Models.swift",
                 FileHeader.swift(summary) + FileHeader.foundationImport(for: writer.text) + "\n" + writer.text))
        }

        // Operations, one file per resource group.
        let groups = OperationEmitter.groups(operations)
        for group in groups {
            let children = groups.filter { $0.path.count == group.path.count + 1 && Array($0.path.prefix(group.path.count)) == group.path }
            output.sources.append(
                ("Operations/IntercomClient+\(group.fileName).swift", try OperationEmitter.file(for: group, children: children, naming: spec.naming, qualifying: clashes)))
        }

        output.sources.append(("Support/OperationCatalog.swift", OperationEmitter.catalog(operations)))
        let cli = CLIEmitter(operations: operations, naming: spec.naming, types: types)
        output.cli.append(("GeneratedCommands.swift", try cli.file()))
        let commands = try cli.catalog()

        output.tests.append(
            ("SpecExampleTests.swift",
             TestEmitter.file(
                responseTypes: operationBuilder.responseTypes, requestTypes: operationBuilder.requestTypes,
                typeNames: types.allTopLevelNames, corrections: spec.appliedCorrections,
                exampleCounts: spec.exampleCounts)))
        output.coverage = ReportEmitter.coverage(
            operations, spec: spec, declarations: types.declarations.map(\.decl), commands: commands)
        output.quality = ReportEmitter.qualityCounts(types.declarations.map(\.decl))
        return output
    }

    /// Resource namespaces are nested in `IntercomClient`, so inside them an unqualified model name
    /// equal to a namespace name (`HelpCenter`) would mean the namespace. Operation files spell such
    /// models with the module name (`Intercom.HelpCenter`).
    private func namespaceClashes(operations: [OperationDecl], types: TypeBuilder) -> Set<String> {
        let namespaces = Set(operations.flatMap { $0.operation.group.map(Naming.pascalCase) })
        return types.allTopLevelNames.intersection(namespaces)
    }

    /// Writes the output, replacing earlier generated files.
    func write(_ output: Output) throws {
        for folder in ["Support", "Models", "Operations"] {
            try removeGeneratedFiles(in: outputDirectory.appendingPathComponent(folder))
        }
        for (path, contents) in output.sources {
            try writeFile(contents, to: outputDirectory.appendingPathComponent(path))
        }
        if let testsDirectory {
            try removeGeneratedFiles(in: testsDirectory)
            for (path, contents) in output.tests {
                try writeFile(contents, to: testsDirectory.appendingPathComponent(path))
            }
        }
        if let coverageFile {
            try writeFile(output.coverage, to: coverageFile)
        }
        if let cliDirectory {
            try removeGeneratedFiles(in: cliDirectory)
            for (path, contents) in output.cli {
                try writeFile(contents, to: cliDirectory.appendingPathComponent(path))
            }
        }
    }

    private func writeFile(_ contents: String, to url: URL) throws {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url, options: .atomic)
        } catch {
            throw GeneratorError("cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    /// Deletes the `.swift` files in `directory` that carry the generated header; leaves others alone.
    private func removeGeneratedFiles(in directory: URL) throws {
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasSuffix(".swift") {
            let url = directory.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: url),
                String(decoding: data.prefix(200), as: UTF8.self).contains("generated by Generator/")
            else { continue }
            try fileManager.removeItem(at: url)
        }
    }
}
