import Foundation
import Testing

/// The Swift in the README and the DocC articles is compiled: every ```swift block must appear, line
/// for line, in a file under `Snippets/`, which SwiftPM builds with the package (and CI runs).
@Suite("Code in the documentation")
struct DocumentationCodeTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The Markdown files whose Swift blocks must come from snippets.
    static func documents() throws -> [URL] {
        var files = [root.appendingPathComponent("README.md")]
        for catalog in ["Sources/Intercom/Documentation.docc", "Sources/IntercomSandbox/Documentation.docc"] {
            let directory = root.appendingPathComponent(catalog)
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            files += names.filter { $0.hasSuffix(".md") }.sorted().map { directory.appendingPathComponent($0) }
        }
        return files
    }

    /// The ```swift blocks of a Markdown text, each with its common indentation removed.
    static func swiftBlocks(in text: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if current == nil, trimmed.hasPrefix("```swift") {
                current = []
            } else if current != nil, trimmed.hasPrefix("```") {
                blocks.append(dedent(current ?? []))
                current = nil
            } else if current != nil {
                current?.append(line)
            }
        }
        return blocks
    }

    static func dedent(_ lines: [Substring]) -> String {
        let indent = lines.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return lines.map { $0.allSatisfy(\.isWhitespace) ? "" : String($0.dropFirst(indent)) }.joined(separator: "\n")
    }

    /// Each snippet's lines with their indentation removed, so a block shown at the top level
    /// matches the same lines nested in a snippet's function.
    static func snippets() throws -> [String] {
        let directory = root.appendingPathComponent("Snippets")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasSuffix(".swift")
        }
        return try names.sorted().map { name in
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            return text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
        }
    }

    @Test("Every Swift block of the README and the DocC articles is part of a snippet that the build compiles")
    func blocksComeFromSnippets() throws {
        let snippets = try Self.snippets()
        #expect(!snippets.isEmpty)
        var checked = 0
        for document in try Self.documents() {
            let text = try String(contentsOf: document, encoding: .utf8)
            for block in Self.swiftBlocks(in: text) {
                checked += 1
                let flattened = block.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
                #expect(
                    snippets.contains { $0.contains(flattened) },
                    "\(document.lastPathComponent): this block is in no file under Snippets/:\n\(block)"
                )
            }
        }
        #expect(checked > 20, "found only \(checked) Swift blocks; is the Markdown parsing right?")
    }

    @Test("The block parser finds indented blocks and only Swift ones")
    func parser() {
        let text = "a\n```swift\nlet x = 1\n```\n```bash\nls\n```\n  ```swift\n    f()\n  ```\n"
        #expect(Self.swiftBlocks(in: text) == ["let x = 1", "f()"])
    }
}
