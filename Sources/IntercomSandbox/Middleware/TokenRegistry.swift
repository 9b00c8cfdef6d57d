import Synchronization

/// The bearer tokens a sandbox accepts: the configured ones and those issued by the OAuth exchange.
///
/// Issued tokens are bounded by `issuedLimit`: issuing one more stops the oldest issued token from
/// working. The configured tokens are never evicted.
final class TokenRegistry: Sendable {
    private struct Issued: Sendable {
        var tokens: Set<String> = []
        var order = FIFO<String>()
    }

    private let configured: Set<String>
    private let issued = Mutex(Issued())
    /// The most issued tokens accepted at once.
    let issuedLimit: Int

    init(_ tokens: Set<String>, issuedLimit: Int = SandboxLimits().issuedTokens) {
        self.configured = tokens
        self.issuedLimit = issuedLimit
    }

    func accepts(_ token: String) -> Bool {
        configured.contains(token) || issued.withLock { $0.tokens.contains(token) }
    }

    /// Accepts `token` from now on, evicting the oldest issued tokens past the limit.
    func add(_ token: String) {
        guard !configured.contains(token) else { return }
        let limit = max(0, issuedLimit)
        issued.withLock { issued in
            guard issued.tokens.insert(token).inserted else { return }
            issued.order.append(token)
            while issued.order.count > limit, let oldest = issued.order.popFirst() {
                issued.tokens.remove(oldest)
            }
        }
    }

    /// How many issued tokens are accepted.
    var issuedCount: Int { issued.withLock { $0.tokens.count } }
}

extension TokenRegistry: CustomReflectable {
    /// A mirror without the tokens, so `dump` of a sandbox's state cannot print them.
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .class) }
}
