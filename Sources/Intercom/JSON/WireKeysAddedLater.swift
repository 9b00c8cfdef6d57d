/// A model whose JSON has keys that a later API version than the oldest the SDK covers added.
///
/// The sandbox writes an unset optional as `null`, as Intercom does, except for these keys: an answer
/// to a client of an older version must not carry keys its version does not have. The generator adds
/// the conformance to every response model with such keys.
package protocol WireKeysAddedLater {
    /// Each added key, with the version that added it (`"2.16"`).
    static var keysAddedLater: [String: String] { get }
}
