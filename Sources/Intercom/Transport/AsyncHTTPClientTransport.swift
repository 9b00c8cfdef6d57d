public import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// The default transport, on AsyncHTTPClient.
///
/// It uses `HTTPClient.shared` unless you pass a client of your own, whose lifecycle stays yours.
/// Connections are pooled and kept alive by that client; no client is made per request.
public struct AsyncHTTPClientTransport: IntercomTransport {
    /// The underlying client.
    public let client: HTTPClient

    /// Creates a transport on `client`, `HTTPClient.shared` by default.
    public init(client: HTTPClient = .shared) {
        self.client = client
    }

    /// Sends the request and returns the response.
    public func send(_ request: IntercomRequest, context: IntercomRequestContext) async throws -> IntercomResponse {
        // The URL as text straight from the head's parts: AsyncHTTPClient parses it once itself, so
        // building a Foundation URL here first would parse it twice.
        guard let scheme = request.head.scheme, let authority = request.head.authority, !authority.isEmpty,
            let path = request.head.path, path.hasPrefix("/")
        else {
            throw IntercomError.invalidRequest(field: "url", "The request has no valid absolute URL.")
        }
        var outgoing = HTTPClientRequest(url: scheme + "://" + authority + path)
        outgoing.method = HTTPMethod(rawValue: request.head.method.rawValue)
        for field in request.head.headerFields {
            outgoing.headers.add(name: field.name.rawName, value: field.value)
        }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(data: body))
        }

        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await client.execute(outgoing, timeout: .nanoseconds(context.timeout.nanoseconds))
            body = try await response.body.collect(upTo: context.maxResponseBytes)
        } catch is NIOTooManyBytesError {
            throw IntercomError.responseTooLarge(limit: context.maxResponseBytes)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw IntercomError.timeout(context.timeout)
        } catch let error as HTTPClientError where error == .invalidURL {
            throw IntercomError.invalidRequest(field: "url", "The request has no valid absolute URL.")
        } catch let error as HTTPClientError where error == .cancelled {
            throw IntercomError.cancelled
        } catch is CancellationError {
            throw IntercomError.cancelled
        } catch let error as IntercomError {
            throw error
        } catch {
            throw IntercomError.transport(.init(underlying: error, connectionLost: Self.isConnectionLost(error)))
        }

        var fields = HTTPFields()
        for header in response.headers {
            if let name = HTTPField.Name(header.name) {
                fields.append(HTTPField(name: name, value: header.value))
            }
        }
        let code = Int(response.status.code)
        guard (100...999).contains(code) else {
            throw IntercomError.transport(.init(underlying: InvalidStatusCode(code: code)))
        }
        let status = HTTPResponse.Status(code: code, reasonPhrase: response.status.reasonPhrase)
        return IntercomResponse(head: HTTPResponse(status: status, headerFields: fields), body: Data(buffer: body))
    }

    private static func isConnectionLost(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError {
            return error == .remoteConnectionClosed
        }
        return error is ChannelError
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at `Int64.max`.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (total, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflow2 ? .max : total
    }

    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// A response whose status code is not a three-digit HTTP status.
struct InvalidStatusCode: Error, CustomStringConvertible {
    var code: Int
    var description: String { "The server answered with an invalid HTTP status code \(code)." }
}
