import Foundation
import HTTPTypes
import Hummingbird
import Intercom
import Logging

/// The outermost layer: gives every response an `X-Request-Id` and renders every error, including
/// unknown routes and unsupported methods, as Intercom's `error.list`.
struct EnvelopeMiddleware: RouterMiddleware {
    typealias Context = SandboxContext

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = Self.render(error, request: request, context: context)
        }
        response.headers[.requestID] = context.requestID
        return response
    }

    /// Renders any error thrown by a handler as an `error.list` response. A request no route takes
    /// that names an operation of the API is `501 not_implemented_in_sandbox`, naming the operation.
    static func render(_ error: any Error, request: Request, context: Context) -> Response {
        switch error {
        case let error as SandboxError where error.status == .notFound:
            // A route that takes an id (`/admins/{id}`) also catches a later version's literal path
            // (`/admins/activity_log_event_types`): when the API names that path as an operation the sandbox
            // does not simulate, say so rather than answer "not found".
            if let entry = SandboxCoverage.operation(method: request.method.rawValue, path: request.uri.path),
                !SandboxCoverage.shared.isSimulated(entry)
            {
                return SandboxError.notImplemented(entry).render(requestID: context.requestID)
            }
            return error.render(requestID: context.requestID)
        case let error as SandboxError:
            return error.render(requestID: context.requestID)
        case let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed:
            // Only an operation the sandbox has no route for: `GET /contacts/search` matches the
            // template of `contacts.find`, which the sandbox does simulate, and stays a 404.
            if let entry = SandboxCoverage.operation(method: request.method.rawValue, path: request.uri.path),
                !SandboxCoverage.shared.isSimulated(entry)
            {
                return SandboxError.notImplemented(entry).render(requestID: context.requestID)
            }
            return SandboxError.notFound().render(requestID: context.requestID)
        case let error as HTTPError where error.status == .contentTooLarge:
            return SandboxError(.contentTooLarge, "request_entity_too_large", "The request body is too large").render(
                requestID: context.requestID
            )
        case let error as HTTPError:
            let code: IntercomErrorCode = error.status.kind == .serverError ? .serverError : .clientError
            return SandboxError(error.status, code, error.body).render(requestID: context.requestID)
        case let error as DecodingError:
            return SandboxError.decoding(error).render(requestID: context.requestID)
        default:
            context.logger.error("Unhandled sandbox error: \(error)")
            return SandboxError(.internalServerError, .serverError, "The sandbox failed: \(error)").render(
                requestID: context.requestID
            )
        }
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-Id")!  // A constant, valid name.
    static let sandboxFault = Self("X-Sandbox-Fault")!  // A constant, valid name.
}
