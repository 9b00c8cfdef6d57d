import Foundation

/// Command-line entry point.
///
///     intercom-generator <spec-directory> <output-directory>
///         [--tests <directory>] [--coverage <file>] [--config <directory>]
///
/// - `spec-directory` holds `api.intercom.io.json` and `sdk-naming-overrides.json`.
/// - `output-directory` receives `Support/`, `Models/` and `Operations/`.
/// - `--tests` receives the spec example test suite; `--coverage` the coverage report.
/// - `--cli` receives the `intercom` CLI's generated commands.
/// - `--config` holds `corrections.json` and `naming.json` (default: the generator package).
enum Main {
    static let usage = """
        usage: intercom-generator <spec-directory> <output-directory> [--tests <directory>] [--coverage <file>] [--config <directory>] [--cli <directory>]
        """

    static func run(_ arguments: [String]) throws {
        var positional: [String] = []
        var options: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--help" || argument == "-h" {
                print(usage)
                return
            }
            if argument.hasPrefix("--") {
                guard ["--tests", "--coverage", "--config", "--cli"].contains(argument) else {
                    throw GeneratorError("unknown option \(argument)\n\(usage)")
                }
                guard index + 1 < arguments.count else { throw GeneratorError("\(argument) needs a value\n\(usage)") }
                options[argument] = arguments[index + 1]
                index += 2
            } else {
                positional.append(argument)
                index += 1
            }
        }
        guard positional.count == 2 else { throw GeneratorError(usage) }

        // By default the configuration sits at the root of this package, two levels above this file.
        let defaultConfig = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let generator = Generator(
            specDirectory: URL(fileURLWithPath: positional[0]),
            outputDirectory: URL(fileURLWithPath: positional[1]),
            configDirectory: options["--config"].map { URL(fileURLWithPath: $0) } ?? defaultConfig,
            testsDirectory: options["--tests"].map { URL(fileURLWithPath: $0) },
            coverageFile: options["--coverage"].map { URL(fileURLWithPath: $0) },
            cliDirectory: options["--cli"].map { URL(fileURLWithPath: $0) })
        let output = try generator.generate()
        try generator.write(output)
        print(
            "intercom-generator: \(output.operationCount) of \(output.specOperationCount) operations, \(output.typeCount) top-level types, \(output.sources.count) source files; "
                + "\(output.quality.restatingComments) property comments that only restate the name, "
                + "\(output.quality.enumStrings) String properties the spec declares as an enum")
    }
}

do {
    try Main.run(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("intercom-generator: error: \(error)\n".utf8))
    exit(1)
}
