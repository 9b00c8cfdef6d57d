/// A step in the request pipeline that can inspect or change a request, its response, or its error.
///
/// Every call passes through a fixed chain, from the outside in:
/// 1. your middleware, in the order of ``IntercomClient/Configuration/middleware``;
/// 2. standard headers and authentication (`Authorization`, `Intercom-Version`, `User-Agent`,
///    `Accept`, `Content-Type`, extra headers);
/// 3. retries, following ``RetryPolicy``;
/// 4. error decoding, which throws ``IntercomError`` for every non-2xx response;
/// 5. tracing and rate-limit bookkeeping, once per attempt;
/// 6. the ``IntercomTransport``.
///
/// Your middleware therefore sees each call once, with typed errors, and the final outcome of its
/// retries.
///
/// ```swift
/// struct Stopwatch: IntercomMiddleware {
///     func intercept(
///         _ request: IntercomRequest,
///         context: IntercomRequestContext,
///         next: (IntercomRequest, IntercomRequestContext) async throws -> IntercomResponse
///     ) async throws -> IntercomResponse {
///         let start = ContinuousClock.now
///         defer { context.logger.info("\(context.operation) took \(ContinuousClock.now - start)") }
///         return try await next(request, context)
///     }
/// }
/// ```
public protocol IntercomMiddleware: Sendable {
    /// Handles `request`, usually by calling `next` and returning or adapting its response.
    func intercept(
        _ request: IntercomRequest,
        context: IntercomRequestContext,
        next: (IntercomRequest, IntercomRequestContext) async throws -> IntercomResponse
    ) async throws -> IntercomResponse
}

/// Runs a request through a list of middleware and then a transport.
struct MiddlewarePipeline: Sendable {
    let middleware: [any IntercomMiddleware]
    let transport: any IntercomTransport

    func run(_ request: IntercomRequest, context: IntercomRequestContext) async throws -> IntercomResponse {
        try await run(request, context: context, from: middleware.startIndex)
    }

    private func run(
        _ request: IntercomRequest,
        context: IntercomRequestContext,
        from index: Int
    ) async throws
        -> IntercomResponse
    {
        guard index < middleware.endIndex else {
            return try await sendThroughTransport(request, context: context)
        }
        return try await middleware[index].intercept(request, context: context) { request, context in
            try await run(request, context: context, from: index + 1)
        }
    }

    /// Calls the transport, normalising whatever it throws into ``IntercomError``.
    private func sendThroughTransport(
        _ request: IntercomRequest,
        context: IntercomRequestContext
    ) async throws
        -> IntercomResponse
    {
        do {
            try Task.checkCancellation()
            return try await transport.send(request, context: context)
        } catch let error as IntercomError {
            throw error
        } catch is CancellationError {
            throw IntercomError.cancelled
        } catch {
            if Task.isCancelled { throw IntercomError.cancelled }
            throw IntercomError.transport(.init(underlying: error))
        }
    }
}
