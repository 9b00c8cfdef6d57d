/// The small hand-written helpers the generated models rely on, emitted with them so the generated
/// directory is self-contained.
enum SupportEmitter {
    static let files: [(name: String, contents: String)] = [
        ("OpenEnum.swift", FileHeader.swift("Shared behaviour of the generated string enums.") + openEnum),
        ("UnionDecoding.swift", FileHeader.swift("Helpers the generated oneOf enums use to pick an alternative.") + unionDecoding),
    ]

    static let openEnum = ##"""
        /// A string enum that keeps values it does not know.
        ///
        /// Intercom adds enum values without a new API version, so every generated enum has a
        /// `case unknown(String)` next to its known cases. Decoding never fails on a new value, and
        /// encoding writes the original string back, so a value survives a round trip unchanged:
        ///
        /// ```swift
        /// let role = try JSONDecoder().decode(ContactRole.self, from: Data(#""visitor""#.utf8))
        /// // role == .unknown("visitor"), role.rawValue == "visitor"
        /// ```
        ///
        /// Conforming enums list their known cases in `allCases` and spell each in `rawValue`; this
        /// protocol supplies `init(rawValue:)` and the Codable conformance.
        public protocol OpenEnum: RawRepresentable, CaseIterable, Codable, Hashable, Sendable
        where RawValue == String, AllCases == [Self] {
            /// A value no known case matches, kept as sent.
            static func unknown(_ rawValue: String) -> Self
        }

        extension OpenEnum {
            /// The known case spelled `rawValue`, or `unknown(rawValue)`; never `nil`.
            public init(rawValue: String) {
                self = Self.allCases.first { $0.rawValue == rawValue } ?? .unknown(rawValue)
            }

            /// Decodes any string: a known case, or `unknown` with the string kept.
            public init(from decoder: any Decoder) throws {
                let rawValue = try decoder.singleValueContainer().decode(String.self)
                self = Self.allCases.first { $0.rawValue == rawValue } ?? .unknown(rawValue)
            }

            /// Encodes the raw value, unknown ones included.
            public func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                try container.encode(rawValue)
            }
        }

        extension OpenEnum {
            /// Reads any string in one pass, as `init(from:)` decodes it (see `WireReadable`).
            package init(wire reader: inout WireReader) throws {
                let rawValue = try reader.string()
                self = Self.allCases.first { $0.rawValue == rawValue } ?? .unknown(rawValue)
            }
        }

        extension OpenEnum {
            /// Whether this is a value this version of the SDK does not know.
            public var isUnknown: Bool { !Self.allCases.contains(self) }
        }
        """##

    static let unionDecoding = ##"""
        /// A coding key made from any string, for peeking at members of a JSON object.
        struct UnionCodingKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }

            init(_ stringValue: String) {
                self.stringValue = stringValue
            }

            init?(stringValue: String) {
                self.stringValue = stringValue
            }

            init?(intValue: Int) {
                nil
            }
        }

        extension Decoder {
            /// The string stored under `key` when the value being decoded is an object holding one;
            /// `nil` otherwise. Generated oneOf enums switch on it.
            func stringValue(forKey key: String) -> String? {
                guard let container = try? container(keyedBy: UnionCodingKey.self) else { return nil }
                return try? container.decodeIfPresent(String.self, forKey: UnionCodingKey(key))
            }

            /// Whether the value being decoded is an object holding at least one of `keys` with a
            /// non-null value.
            func containsAnyKey(_ keys: [String]) -> Bool {
                guard let container = try? container(keyedBy: UnionCodingKey.self) else { return false }
                return keys.contains { key in
                    let codingKey = UnionCodingKey(key)
                    return container.contains(codingKey) && (try? container.decodeNil(forKey: codingKey)) == false
                }
            }

            /// Whether the value being decoded is an object holding every key in `keys` with a
            /// non-null value.
            func containsKeys(_ keys: [String]) -> Bool {
                guard let container = try? container(keyedBy: UnionCodingKey.self) else { return false }
                return keys.allSatisfy { key in
                    let codingKey = UnionCodingKey(key)
                    return container.contains(codingKey) && (try? container.decodeNil(forKey: codingKey)) == false
                }
            }
        }
        """##
}
