public import Foundation

/// The time source the client waits on between retries.
///
/// The default, ``SystemClock``, reads the wall clock and sleeps for real. Tests can supply a clock
/// that records waits and returns at once, so retry timing is checked without real waiting.
public protocol IntercomClock: Sendable {
    /// The current wall-clock time, compared with `X-RateLimit-Reset`.
    var now: Date { get }

    /// Suspends for `duration`, throwing `CancellationError` as soon as the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The real clock: `Date()` and `Task.sleep(for:)`.
public struct SystemClock: IntercomClock {
    /// Creates the system clock.
    public init() {}

    /// The current wall-clock time.
    public var now: Date { Date() }

    /// Sleeps for `duration`, or until the task is cancelled.
    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
