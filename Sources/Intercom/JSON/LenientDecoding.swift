import Foundation

extension KeyedDecodingContainer {
    /// Decodes a string that the API sometimes sends as a number, such as an id.
    ///
    /// A JSON number is rendered without a fractional part when it has none (`42`, not `42.0`).
    package func decodeLenientString(forKey key: Key) throws -> String {
        if let value = try decodeLenientStringIfPresent(forKey: key) { return value }
        throw DecodingError.valueNotFound(
            String.self,
            .init(
                codingPath: codingPath + [key],
                debugDescription: "Expected a string or a number, found null or nothing."
            )
        )
    }

    /// Decodes a string that the API sometimes sends as a number; `nil` when the key is missing or null.
    package func decodeLenientStringIfPresent(forKey key: Key) throws -> String? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let text = try? decode(String.self, forKey: key) { return text }
        if let integer = try? decode(Int64.self, forKey: key) { return String(integer) }
        if let number = try? decode(Double.self, forKey: key) {
            if let integer = Int64(exactly: number) { return String(integer) }
            return String(number)
        }
        throw DecodingError.typeMismatch(
            String.self,
            .init(codingPath: codingPath + [key], debugDescription: "Expected a string or a number.")
        )
    }
}
