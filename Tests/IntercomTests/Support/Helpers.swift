import Foundation
import HTTPTypes
import Intercom
import Logging
import Synchronization
import TestSupport

extension IntercomClient {
    /// A client for a loopback test server, with a recording clock and a short timeout.
    static func test(
        baseURL: URL,
        token: String = "test-token",
        clock: any IntercomClock = RecordingClock()
    ) -> IntercomClient {
        var configuration = Configuration(baseURL: baseURL)
        configuration.clock = clock
        configuration.timeout = .seconds(10)
        return IntercomClient(accessToken: token, configuration: configuration)
    }
}

/// Collects log records in memory.
final class LogCapture: Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let records = Mutex<[Record]>([])

    var all: [Record] { records.withLock { $0 } }

    func append(_ record: Record) { records.withLock { $0.append(record) } }

    func logger(level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: "capture", factory: { _ in Handler(capture: self) })
        logger.logLevel = level
        return logger
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var merged = metadata
            for (key, value) in event.metadata ?? [:] { merged[key] = value }
            capture.append(
                Record(level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" })
            )
        }
    }
}

/// Runs `operation` and returns the `IntercomError` it throws, or `nil` if it succeeds.
func intercomError(_ operation: () async throws -> Void) async -> IntercomError? {
    do {
        try await operation()
        return nil
    } catch let error as IntercomError {
        return error
    } catch {
        return nil
    }
}
