import Foundation
import HTTPTypes
import TestSupport
import Testing

@testable import Intercom

/// Mutated spec examples decoded by every generated model: each must give a value or a decoding
/// error, never a trap. A trap ends the test process, so the seed is printed first; rerun with
/// `INTERCOM_FUZZ_SEED=<seed> INTERCOM_FUZZ_VERBOSE=1` to see the case that was running.
@Suite("Fuzzing: hostile response bodies")
struct ResponseFuzzTests {
    /// Mutations per documented response example: the 1,474 examples of 2.14, 2.15 and 2.16 give over 10,000 bodies.
    static let mutationsPerExample = 8

    static var specRequired: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    @Test("Over 10,000 mutated response examples decode to a value or a DecodingError")
    func mutatedExamplesNeverTrap() throws {
        guard SpecExamples.isAvailable else {
            if Self.specRequired { Issue.record("CI=true but ../shared/intercom-openapi/2.14 is missing") }
            return
        }
        let seed = FuzzSettings.seed
        FuzzSettings.log("fuzz: response bodies, seed \(seed)")
        var generator = SeededGenerator(seed: seed)
        var decoded = 0
        var rejected = 0
        var unexpected: [String] = []
        for example in SpecExamples.responses {
            guard let decode = SpecExamples.responseDecoders["\(example.operation) \(example.status ?? "")"],
                let document = try? JSONDecoder().decode(JSONValue.self, from: example.json)
            else { continue }
            for round in 0..<Self.mutationsPerExample {
                let body = JSONMutator.mutate(document, using: &generator)
                if FuzzSettings.verbose {
                    FuzzSettings.log(
                        "case \(example.testDescription) #\(round): \(String(decoding: body.prefix(300), as: UTF8.self))"
                    )
                }
                do {
                    _ = try decode(body)
                    decoded += 1
                } catch is DecodingError {
                    rejected += 1
                } catch {
                    unexpected.append("\(example.testDescription) #\(round): \(type(of: error)) \(error)")
                }
            }
        }
        FuzzSettings.log(
            "fuzz: \(decoded + rejected) mutated response bodies: \(decoded) decoded, \(rejected) refused (seed \(seed))"
        )
        #expect(decoded + rejected >= 10_000)
        #expect(unexpected.isEmpty, "seed \(seed): \(unexpected.prefix(5).joined(separator: "; "))")
    }

    @Test("Through the client, a mutated contact or contact page is a value or IntercomError.decoding")
    func mutatedBodiesThroughTheClient() async throws {
        guard SpecExamples.isAvailable else {
            if Self.specRequired { Issue.record("CI=true but ../shared/intercom-openapi/2.14 is missing") }
            return
        }
        func document(_ operation: String) -> JSONValue? {
            SpecExamples.responses.first { $0.operation == operation && $0.status == "200" }
                .flatMap { try? JSONDecoder().decode(JSONValue.self, from: $0.json) }
        }
        let contact = try #require(document("GET /contacts/{contact_id}"))
        let page = try #require(document("GET /contacts"))
        let seed = FuzzSettings.seed
        var generator = SeededGenerator(seed: seed ^ 0xC11E_47)
        var outcomes = (values: 0, decodingErrors: 0)
        for index in 0..<600 {
            let isPage = index.isMultiple(of: 2)
            let body = JSONMutator.mutate(isPage ? page : contact, using: &generator)
            let transport = ClosureTransport { _, _ in
                IntercomResponse(
                    head: HTTPResponse(status: .ok, headerFields: [.contentType: "application/json"]),
                    body: body
                )
            }
            let client = IntercomClient.test(transport: transport) { $0.retryPolicy = .none }
            do {
                if isPage {
                    // One page is enough: the mutated body names no further page that differs.
                    _ = try await client.contacts.list().firstPage()
                } else {
                    _ = try await client.contacts.find(id: "1")
                }
                outcomes.values += 1
            } catch let error as IntercomError {
                guard case .decoding(let failure) = error else {
                    Issue.record("seed \(seed) case \(index): expected .decoding, got \(error)")
                    continue
                }
                #expect(!failure.type.isEmpty)
                outcomes.decodingErrors += 1
            } catch {
                Issue.record("seed \(seed) case \(index): a non-Intercom error \(error)")
            }
        }
        FuzzSettings.log(
            "fuzz: 600 mutated bodies through the client: \(outcomes.values) values, \(outcomes.decodingErrors) decoding errors (seed \(seed))"
        )
        #expect(outcomes.values + outcomes.decodingErrors == 600)
    }

    @Test("Dates outside years 1 to 9999 are refused by the decoder, and encoding a far date never traps")
    func dateRange() throws {
        struct Stamp: Codable { var at: Date }
        for text in ["1e19", "-1e300", "9223372036854775807", "253402300800", "-62135596801", "1e400"] {
            #expect(throws: DecodingError.self, "at: \(text)") {
                try IntercomJSON.makeDecoder().decode(Stamp.self, from: Data(#"{"at":\#(text)}"#.utf8))
            }
        }
        let edge = try IntercomJSON.makeDecoder().decode(Stamp.self, from: Data(#"{"at":253402300799}"#.utf8))
        #expect(IntercomJSON.unixSeconds(edge.at) == 253_402_300_799)
        #expect(
            IntercomJSON.unixSeconds(Date(timeIntervalSince1970: 1e300)) == IntercomJSON.unixSecondsRange.upperBound
        )
        #expect(
            IntercomJSON.unixSeconds(Date(timeIntervalSince1970: -.infinity))
                == IntercomJSON.unixSecondsRange.lowerBound
        )
        #expect(IntercomJSON.unixSeconds(Date(timeIntervalSince1970: .nan)) == IntercomJSON.unixSecondsRange.upperBound)
        let far = try IntercomJSON.makeEncoder().encode(Stamp(at: Date(timeIntervalSince1970: 1e300)))
        #expect(String(decoding: far, as: UTF8.self) == #"{"at":253402300799}"#)
        #expect(JSONValue.date(Date(timeIntervalSince1970: -1e300)) == .int(-62_135_596_800))
        #expect(JSONValue.double(1e19).dateValue == nil)
    }
}
