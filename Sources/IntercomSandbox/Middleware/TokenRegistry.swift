import Synchronization

/// The bearer tokens a sandbox accepts: the configured ones and those issued by the OAuth exchange.
final class TokenRegistry: Sendable {
    private let tokens: Mutex<Set<String>>

    init(_ tokens: Set<String>) {
        self.tokens = Mutex(tokens)
    }

    func accepts(_ token: String) -> Bool {
        tokens.withLock { $0.contains(token) }
    }

    func add(_ token: String) {
        _ = tokens.withLock { $0.insert(token) }
    }
}
