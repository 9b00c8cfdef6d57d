public import Foundation
public import Intercom
import Synchronization

/// A clock that the sandbox's control API can move forward, to expire scrolls or rate-limit windows.
public protocol AdjustableClock: IntercomClock {
    /// Moves the clock forward by `duration`.
    func advance(by duration: Duration)
}

extension ManualClock: AdjustableClock {}

/// The limits that keep an adjustable clock's time a date every part of the sandbox can convert.
enum ClockLimit {
    /// The latest time an adjustable clock reaches: the last second of year 9999.
    static let latest = Date(timeIntervalSince1970: TimeInterval(IntercomJSON.unixSecondsRange.upperBound))

    /// The most one `POST /sandbox/clock/advance` may move the clock: ten years of 365 days.
    static let maxAdvanceSeconds: Int64 = 315_360_000

    /// `duration` in seconds; converting a `Duration`'s components to `Double` cannot trap.
    static func seconds(in duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// The system clock plus an offset that only grows: real time that tests can skip ahead.
public final class OffsetClock: AdjustableClock {
    private let offset = Mutex<TimeInterval>(0)

    /// Creates a clock that reads the system time.
    public init() {}

    /// The system time plus every advance so far, never later than the last second of year 9999.
    public var now: Date { min(Date() + offset.withLock { $0 }, ClockLimit.latest) }

    /// Skips the clock ahead by `duration`.
    ///
    /// A zero or negative duration changes nothing, and the clock stops at the last second of year 9999:
    /// an advance that would pass it moves the clock only that far.
    public func advance(by duration: Duration) {
        let seconds = ClockLimit.seconds(in: duration)
        guard seconds > 0 else { return }
        let room = ClockLimit.latest.timeIntervalSince(Date())
        offset.withLock { $0 = max($0, min($0 + seconds, room)) }
    }

    /// Sleeps for real.
    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
