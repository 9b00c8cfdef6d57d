public import Foundation
public import Intercom
import Synchronization

/// A clock that moves only when told to: for tests of scroll expiry, rate-limit windows and retries.
///
/// Sleeping on it advances it instantly, so code that waits on it never waits for real.
public final class ManualClock: IntercomClock {
    private let current: Mutex<Date>

    /// Creates a clock reading `now`.
    ///
    /// A `now` outside the years 1 to 9999 is moved to the nearer end of that range.
    public init(now: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
        current = Mutex(Date(timeIntervalSince1970: TimeInterval(IntercomJSON.unixSeconds(now))))
    }

    /// The clock's current time.
    public var now: Date { current.withLock { $0 } }

    /// Moves the clock forward by `duration`.
    ///
    /// A zero or negative duration changes nothing, and the clock stops at the last second of year 9999:
    /// an advance that would pass it moves the clock only that far (and one that starts later stays put).
    public func advance(by duration: Duration) {
        let seconds = ClockLimit.seconds(in: duration)
        guard seconds > 0 else { return }
        current.withLock { $0 = max($0, min($0 + seconds, ClockLimit.latest)) }
    }

    /// Advances the clock by `duration` at once, without waiting.
    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        advance(by: duration)
    }
}
