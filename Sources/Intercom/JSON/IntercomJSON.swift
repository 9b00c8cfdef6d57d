public import Foundation

/// The JSON coders the SDK uses for every request and response, shared with the sandbox.
///
/// Intercom sends timestamps as Unix seconds, so these coders write every `Date` as whole seconds and
/// read a date from an integer, a fractional number or an ISO-8601 string. Wire names come from each
/// model's explicit `CodingKeys`, so the coders use no key strategy.
public enum IntercomJSON {
    /// One encoder for the client's requests: its settings never change after it is made, and
    /// Foundation's coders may be shared between tasks, so no request pays for building one.
    package static let sharedEncoder = makeEncoder()

    /// One decoder for responses decoded without `userInfo`, shared for the same reason.
    package static let sharedDecoder = makeDecoder()

    /// Decodes `type` from `data` the way the client decodes its responses.
    ///
    /// The SDK's models read themselves from the bytes in one pass, several times faster than
    /// `JSONDecoder`'s containers. Whatever that pass does not read exactly as `JSONDecoder` would (a key
    /// given twice, an id sent as `1.0`, a value of an unexpected kind, any type that is not one of the
    /// SDK's) is decoded by a decoder like ``makeDecoder()``, so the result is the same either way and a
    /// failure is that decoder's `DecodingError`. Useful for stored responses, fixtures and webhook items:
    /// `try IntercomJSON.decode(Contact.self, from: body)`.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        if let value = WireReader.read(type, from: data) { return value }
        return try sharedDecoder.decode(type, from: data)
    }

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
            if let seconds = try? container.decode(Double.self) {
                guard let date = date(unixSeconds: seconds) else {
                    throw DecodingError.dataCorruptedError(
                        in: container,
                        debugDescription: "Unix seconds \(seconds) are outside the years 1 to 9999."
                    )
                }
                return date
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

    /// The Unix seconds this SDK accepts as a date: from the start of year 1 to the end of year 9999.
    ///
    /// Numbers outside this range (`1e19`, `-1e300`) are not dates Intercom can store, so decoding one
    /// fails with a `DecodingError` instead of producing a `Date` that later arithmetic cannot handle.
    public static let unixSecondsRange: ClosedRange<Int64> = -62_135_596_800...253_402_300_799

    /// The date `seconds` after the Unix epoch, or `nil` when `seconds` is not finite or outside
    /// ``unixSecondsRange``.
    public static func date(unixSeconds seconds: Double) -> Date? {
        guard seconds.isFinite,
            seconds >= Double(unixSecondsRange.lowerBound),
            seconds <= Double(unixSecondsRange.upperBound)
        else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    /// The whole Unix seconds of `date`, rounded down: the form Intercom expects for every timestamp.
    ///
    /// A date outside ``unixSecondsRange`` is clamped to the range's nearer end, so this never traps.
    public static func unixSeconds(_ date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds.isFinite else { return seconds < 0 ? unixSecondsRange.lowerBound : unixSecondsRange.upperBound }
        if seconds <= Double(unixSecondsRange.lowerBound) { return unixSecondsRange.lowerBound }
        if seconds >= Double(unixSecondsRange.upperBound) { return unixSecondsRange.upperBound }
        return Int64(seconds)
    }

    /// Parses an ISO-8601 date (with or without fractional seconds) or a string of Unix seconds.
    static func parseDate(_ text: String) -> Date? {
        if let seconds = Double(text) { return date(unixSeconds: seconds) }
        let parsed =
            (try? Date(text, strategy: .iso8601))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        return parsed.flatMap { date(unixSeconds: $0.timeIntervalSince1970) }
    }
}

extension IntercomJSON {
    /// Where in `data` a number sits that no integer type can hold: the likely cause of a decoding
    /// failure that Foundation reports without a coding path.
    ///
    /// On Linux, `JSONDecoder` reports a number that does not fit the property's integer type (`1e19` for
    /// an `Int`, `1.5` for an `Int64`) as "not valid JSON" with an empty coding path. When the bytes are
    /// valid JSON after all, this finds the first number beyond `Int64`'s range, or else the first with a
    /// fraction, and returns its path (`pagination.per_page`, `data[3].count`); `nil` when there is none.
    package static func pathOfUnrepresentableNumber(in data: Data) -> String? {
        guard let document = try? JSONDecoder().decode(JSONValue.self, from: data) else { return nil }
        var beyondRange: String?
        var fractional: String?
        func visit(_ value: JSONValue, path: String) {
            guard beyondRange == nil else { return }
            switch value {
            case .double(let number):
                if number.rounded() != number || !number.isFinite {
                    if fractional == nil { fractional = path }
                } else if Int64(exactly: number) == nil {
                    beyondRange = path
                }
            case .array(let elements):
                for (index, element) in elements.enumerated() { visit(element, path: "\(path)[\(index)]") }
            case .object(let members):
                for key in members.keys.sorted() {
                    if let member = members[key] { visit(member, path: path.isEmpty ? key : "\(path).\(key)") }
                }
            default:
                break
            }
        }
        visit(document, path: "")
        return beyondRange ?? fractional
    }
}
