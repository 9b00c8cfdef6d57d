public import Foundation
public import Intercom
import Synchronization

/// A clock that the sandbox's control API can move forward, to expire scrolls or rate-limit windows.
public protocol AdjustableClock: IntercomClock {
    /// Moves the clock forward by `duration`.
    func advance(by duration: Duration)
}

extension ManualClock: AdjustableClock {}

/// The system clock plus an offset that only grows: real time that tests can skip ahead.
public final class OffsetClock: AdjustableClock {
    private let offset = Mutex<TimeInterval>(0)

    /// Creates a clock that reads the system time.
    public init() {}

    /// The system time plus every advance so far.
    public var now: Date { Date() + offset.withLock { $0 } }

    /// Skips the clock ahead by `duration`.
    public func advance(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        offset.withLock { $0 += Double(seconds) + Double(attoseconds) / 1e18 }
    }

    /// Sleeps for real.
    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
