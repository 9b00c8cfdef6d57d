import Foundation

/// The JSON coders the SDK uses for every request and response, shared with the sandbox.
///
/// Intercom sends timestamps as Unix seconds, so these coders write every `Date` as whole seconds and
/// read a date from an integer, a fractional number or an ISO-8601 string. Wire names come from each
/// model's explicit `CodingKeys`, so the coders use no key strategy.
public enum IntercomJSON {
    /// A new encoder that writes dates as whole Unix seconds.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(unixSeconds(date))
        }
        return encoder
    }

    /// A new decoder that reads dates from Unix seconds (integer or fractional) or ISO-8601 strings.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            if let seconds = try? container.decode(Int64.self) {
                return Date(timeIntervalSince1970: TimeInterval(seconds))
            }
            if let seconds = try? container.decode(Double.self) {
                return Date(timeIntervalSince1970: seconds)
            }
            let text = try container.decode(String.self)
            if let date = parseDate(text) { return date }
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "Expected Unix seconds or an ISO-8601 date, found \"\(text.prefix(40))\"."
            )
        }
        return decoder
    }

    /// The whole Unix seconds of `date`, rounded down: the form Intercom expects for every timestamp.
    public static func unixSeconds(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }

    /// Parses an ISO-8601 date (with or without fractional seconds) or a string of Unix seconds.
    static func parseDate(_ text: String) -> Date? {
        if let seconds = Double(text), seconds.isFinite { return Date(timeIntervalSince1970: seconds) }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return try? Date(text, strategy: fractional)
    }
}
