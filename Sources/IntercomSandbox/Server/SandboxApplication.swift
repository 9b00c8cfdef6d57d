import Foundation
public import Hummingbird
import Intercom
public import Logging
public import NIOCore

/// Everything one running sandbox shares across requests.
public final class SandboxState: Sendable {
    /// The configuration the sandbox was built with.
    public let configuration: SandboxConfiguration
    /// The data.
    public let store: SandboxStore
    let tokens: TokenRegistry
    let faults: FaultQueue
    let rateLimiter: RateLimiter

    /// Creates the state for a sandbox, seeding its store.
    public init(configuration: SandboxConfiguration) async {
        self.configuration = configuration
        let limits = configuration.limits
        self.tokens = TokenRegistry(configuration.accessTokens, issuedLimit: limits.issuedTokens)
        self.faults = FaultQueue(limit: limits.queuedFaults)
        // At most `limits.queuedFaults` are queued; ``SandboxConfiguration/validate()`` reports more.
        for fault in configuration.initialFaults.prefix(max(0, limits.queuedFaults)) {
            _ = faults.enqueue(fault, count: 1)
        }
        self.rateLimiter = RateLimiter(settings: configuration.rateLimiting, clock: configuration.clock)
        self.store = SandboxStore(clock: configuration.clock, webhooks: configuration.webhooks, limits: limits)
        await store.reset(seed: configuration.seed)
    }
}

/// Builds the sandbox's router: wire rules, rate limits, faults, the control API and every resource.
///
/// Use it with HummingbirdTesting's `app.test(.router)` for socket-free route tests, or through
/// ``buildSandboxApplication(state:logger:onServerRunning:)`` to serve it.
public func buildSandboxRouter(state: SandboxState) -> Router<SandboxContext> {
    let router = Router(context: SandboxContext.self)
    router.addMiddleware {
        EnvelopeMiddleware()
        WireRulesMiddleware(tokens: state.tokens, maxBodyBytes: state.configuration.maxBodyBytes)
        RateLimitMiddleware(limiter: state.rateLimiter)
        FaultMiddleware(queue: state.faults, clock: state.configuration.clock)
        VersionShapingMiddleware()
    }
    let coverage = SandboxCoverage.shared
    router.get("\(SandboxRoutes.prefix)/coverage") { _, _ in coverage.report }
    SandboxRoutes.register(on: router, state: state)
    ResourceRoutes.register(on: router, state: state)
    coverage.record(router.routes)
    return router
}

/// Builds a sandbox application listening where the configuration says.
public func buildSandboxApplication(
    state: SandboxState,
    logger: Logger = Logger(label: "intercom-sandbox"),
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        router: buildSandboxRouter(state: state),
        configuration: .init(
            address: .hostname(state.configuration.host, port: state.configuration.port),
            serverName: "intercom-sandbox"
        ),
        onServerRunning: onServerRunning,
        logger: logger
    )
}
