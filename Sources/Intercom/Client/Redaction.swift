import Foundation
import HTTPTypes

// Every value that holds a token or a secret describes itself without it: `print`, string
// interpolation, `debugPrint`, `dump` and `Mirror` (which debuggers and test failure messages use) all
// see the same redacted form.

/// What a redacted secret prints as.
let redactedPlaceholder = "<redacted>"

/// The header fields whose values are credentials and never printed.
private let secretHeaderNames: Set<HTTPField.Name> = [.authorization, .proxyAuthorization, .cookie, .setCookie]

extension HTTPFields {
    /// The fields with the values of credential headers (`Authorization`, `Cookie`, …) replaced.
    var redactingCredentials: HTTPFields {
        var copy = HTTPFields()
        for field in self {
            copy.append(
                secretHeaderNames.contains(field.name) ? HTTPField(name: field.name, value: redactedPlaceholder) : field
            )
        }
        return copy
    }
}

extension IntercomClient: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The base URL and API version; the token is never included.
    public var description: String {
        "IntercomClient(baseURL: \(configuration.baseURL.absoluteString), apiVersion: \(configuration.apiVersion), credentials: \(credentials))"
    }

    /// The same as ``description``.
    public var debugDescription: String { description }

    /// A mirror with the configuration and a redacted credential, for `dump` and debuggers.
    public var customMirror: Mirror {
        Mirror(self, children: ["configuration": configuration, "credentials": credentials], displayStyle: .struct)
    }
}

extension IntercomClient.Credentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    var description: String {
        switch self {
        case .token: return "token(\(redactedPlaceholder))"
        case .provider: return "tokenProvider"
        case .anonymous: return "none"
        }
    }

    var debugDescription: String { description }

    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .enum) }
}

extension IntercomClient.Configuration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The settings, with the values of credential headers in ``additionalHeaders`` redacted.
    public var description: String {
        "Configuration(baseURL: \(baseURL.absoluteString), apiVersion: \(apiVersion), timeout: \(timeout), "
            + "retryPolicy: \(retryPolicy), additionalHeaders: \(additionalHeaders.redactingCredentials), "
            + "userAgent: \(userAgent), maxResponseBytes: \(maxResponseBytes))"
    }

    /// The same as ``description``.
    public var debugDescription: String { description }

    /// A mirror whose `additionalHeaders` child has credential values redacted.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "baseURL": baseURL, "apiVersion": apiVersion, "timeout": timeout, "retryPolicy": retryPolicy,
                "additionalHeaders": additionalHeaders.redactingCredentials, "userAgent": userAgent,
                "traceLevel": traceLevel, "transport": transport, "middleware": middleware,
                "maxResponseBytes": maxResponseBytes, "clock": clock,
            ],
            displayStyle: .struct
        )
    }
}

extension WebhookSignature: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Says what this is without the secret.
    public var description: String { "WebhookSignature(secret: \(redactedPlaceholder))" }

    /// The same as ``description``.
    public var debugDescription: String { description }

    /// A mirror with no children, so `dump` cannot reach the secret.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension IntercomOAuth: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The client id; the client secret is never included.
    public var description: String { "IntercomOAuth(clientID: \(clientID), clientSecret: \(redactedPlaceholder))" }

    /// The same as ``description``.
    public var debugDescription: String { description }

    /// A mirror with the client id and a redacted secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["clientID": clientID, "clientSecret": redactedPlaceholder], displayStyle: .struct)
    }
}

extension IntercomOAuth.Token: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The token type; the token itself is never included.
    public var description: String {
        "IntercomOAuth.Token(accessToken: \(redactedPlaceholder), tokenType: \(tokenType ?? "nil"))"
    }

    /// The same as ``description``.
    public var debugDescription: String { description }

    /// A mirror with a redacted token.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: ["accessToken": redactedPlaceholder, "tokenType": tokenType as Any],
            displayStyle: .struct
        )
    }
}

extension IntercomRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The method and URL; middleware and transports may log this safely.
    public var description: String {
        "\(head.method) \(head.url?.absoluteString ?? head.path ?? "")"
    }

    /// The method, URL, header fields with credentials redacted, and the body's size.
    public var debugDescription: String {
        "\(description) \(head.headerFields.redactingCredentials) (\(body?.count ?? 0) bytes)"
    }

    /// A mirror whose header fields have credential values redacted.
    public var customMirror: Mirror {
        var redacted = head
        redacted.headerFields = head.headerFields.redactingCredentials
        // The body is shown by size only: an OAuth exchange carries the client secret in it.
        return Mirror(self, children: ["head": redacted, "body": "\(body?.count ?? 0) bytes"], displayStyle: .struct)
    }
}
