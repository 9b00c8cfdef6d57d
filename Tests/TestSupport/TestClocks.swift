public import Foundation
public import Intercom
import Synchronization

/// A clock that never waits: it records each requested sleep and moves its time forward by it.
public final class RecordingClock: IntercomClock {
    private let state: Mutex<(now: Date, sleeps: [Duration])>

    /// Creates a clock reading `now`.
    public init(now: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
        state = Mutex((now, []))
    }

    /// The clock's time, moved forward by every sleep.
    public var now: Date { state.withLock { $0.now } }
    /// Every sleep requested, in order.
    public var sleeps: [Duration] { state.withLock { $0.sleeps } }

    /// Records the sleep and returns at once.
    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.sleeps.append(duration)
            $0.now += Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }
}

/// A clock whose sleeps last until the task is cancelled, and that reports when a sleep begins.
public final class BlockingClock: IntercomClock {
    /// Yields each time a sleep begins.
    public let sleepStarted: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    /// Creates the clock.
    public init() {
        (sleepStarted, continuation) = AsyncStream.makeStream(of: Void.self)
    }

    /// A fixed time.
    public var now: Date { Date(timeIntervalSince1970: 1_700_000_000) }

    /// Reports the sleep, then waits until the task is cancelled.
    public func sleep(for duration: Duration) async throws {
        continuation.yield()
        // Suspends until cancelled; Task.sleep throws CancellationError at once on cancellation.
        try await Task.sleep(for: .seconds(86_400))
    }
}
