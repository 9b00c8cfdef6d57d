import Foundation
import Intercom

/// Range checks for numbers that come from requests, so that no arithmetic or conversion done on them
/// later can overflow. Every failed check is a `400 parameter_invalid` that names the field.
enum Checked {
    /// Every Unix second the SDK reads as a date: from the start of year 1 to the end of year 9999.
    static let unixSecondsRange: ClosedRange<Int64> = IntercomJSON.unixSecondsRange

    /// The message for a date outside ``unixSecondsRange``.
    static func dateMessage(_ field: String) -> String {
        let (first, last) = (unixSecondsRange.lowerBound, unixSecondsRange.upperBound)
        return "\(field) must be whole Unix seconds between \(first) and \(last) (years 1 to 9999)"
    }

    /// `value` if it lies in `range`, `nil` if absent.
    ///
    /// - Throws: `SandboxError` (400 `parameter_invalid`, naming `field`) when it lies outside.
    static func integer<T: BinaryInteger>(_ value: T?, field: String, in range: ClosedRange<T>) throws -> T? {
        guard let value else { return nil }
        guard range.contains(value) else {
            throw SandboxError.parameterInvalid(
                "\(field) must be between \(range.lowerBound) and \(range.upperBound)",
                field: field
            )
        }
        return value
    }

    /// A Unix-seconds date from a request, if it lies between years 1 and 9999; `nil` if absent.
    ///
    /// - Throws: `SandboxError` (400 `parameter_invalid`, naming `field`) for any other value.
    static func unixSeconds(_ value: Int64?, field: String) throws -> Int64? {
        guard let value else { return nil }
        guard unixSecondsRange.contains(value) else {
            throw SandboxError.parameterInvalid(dateMessage(field), field: field)
        }
        return value
    }

    /// `value` rounded toward zero, or `nil` when it is not finite or does not fit in an `Int`.
    static func int(_ value: Double) -> Int? {
        Int(exactly: value.rounded(.towardZero))
    }

    /// `a + b`, held at `Int.min` or `Int.max` instead of overflowing.
    static func adding(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard overflow else { return sum }
        return b > 0 ? .max : .min
    }
}
