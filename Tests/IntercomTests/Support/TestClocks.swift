import Foundation
import Intercom
import Synchronization

/// A clock that never waits: it records each requested sleep and moves its time forward by it.
final class RecordingClock: IntercomClock {
    private let state: Mutex<(now: Date, sleeps: [Duration])>

    init(now: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
        state = Mutex((now, []))
    }

    var now: Date { state.withLock { $0.now } }
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.sleeps.append(duration)
            $0.now += Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }
}

/// A clock whose sleeps last until the task is cancelled, and that reports when a sleep begins.
final class BlockingClock: IntercomClock {
    let sleepStarted: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (sleepStarted, continuation) = AsyncStream.makeStream(of: Void.self)
    }

    var now: Date { Date(timeIntervalSince1970: 1_700_000_000) }

    func sleep(for duration: Duration) async throws {
        continuation.yield()
        // Suspends until cancelled; Task.sleep throws CancellationError at once on cancellation.
        try await Task.sleep(for: .seconds(86_400))
    }
}
