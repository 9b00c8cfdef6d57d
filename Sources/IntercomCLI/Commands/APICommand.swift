import ArgumentParser
import Foundation
import HTTPTypes
import Intercom

struct API: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Call any endpoint with the SDK's auth, retries and errors.",
        discussion: "Example: intercom api POST /tags --data '{\"name\": \"VIP\"}'"
    )
    @OptionGroup(title: "Global Options") var global: GlobalOptions
    @Argument(help: "GET, POST, PUT, PATCH or DELETE.") var method: String
    @Argument(help: "The path, such as /me.") var path: String
    @Option(help: "A JSON body.") var data: String?
    @Option(name: .customLong("query"), help: "name=value (repeatable).") var query: [String] = []

    func validate() throws {
        guard ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"].contains(method.uppercased()) else {
            throw ValidationError("unsupported method \(method)")
        }
        guard path.hasPrefix("/") else { throw ValidationError("the path must begin with /") }
    }

    func run() async throws {
        let items = try query.map { pair -> URLQueryItem in
            guard let equals = pair.firstIndex(of: "=") else { throw ValidationError("'\(pair)' is not name=value") }
            return URLQueryItem(name: String(pair[..<equals]), value: String(pair[pair.index(after: equals)...]))
        }
        var body: IntercomRawRequest.Body?
        if let data {
            guard let json = try? IntercomJSON.makeDecoder().decode(JSONValue.self, from: Data(data.utf8)) else {
                throw ValidationError("--data is not valid JSON")
            }
            body = .json(json)
        }
        try await global.withClient { client in
            let request = IntercomRawRequest(
                method: .init(method.uppercased()) ?? .get,
                path: path,
                query: items,
                body: body
            )
            let response = try await client.send(request)
            let json = try response.json()
            global.printer.write(global.format == .jsonl ? json.description : try Printer.pretty(json))
        }
    }
}
