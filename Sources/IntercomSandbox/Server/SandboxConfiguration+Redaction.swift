import Foundation

// A sandbox's configuration holds the tokens it accepts, the webhook signing secret and the OAuth
// client secret. Printing, dumping or reflecting it shows where it listens and how it behaves, but only
// how many tokens it accepts and never a secret.

extension SandboxConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Where the sandbox listens, its data and behaviour; tokens are counted, secrets left out.
    public var description: String {
        "SandboxConfiguration(host: \(host), port: \(port), allowRemote: \(allowRemote), "
            + "accessTokens: \(accessTokens.count) (not shown), seed: \(seed.rawValue), "
            + "rateLimiting: \(rateLimiting.limit.map(String.init) ?? "off") per \(rateLimiting.window), "
            + "maxBodyBytes: \(maxBodyBytes), webhooks: \(webhooks.map(\.description) ?? "none"), "
            + "oauthClientID: \(oauthClientID), dataFile: \(dataFile?.path ?? "none"))"
    }

    /// The same as ``description``.
    public var debugDescription: String { description }

    /// A mirror without the tokens or secrets, for `dump` and debuggers.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "host": host, "port": port, "allowRemote": allowRemote,
                "accessTokens": "\(accessTokens.count) (not shown)", "seed": seed, "rateLimiting": rateLimiting,
                "maxBodyBytes": maxBodyBytes, "webhooks": webhooks as Any, "oauthClientID": oauthClientID,
                "oauthClientSecret": "<redacted>", "clock": clock, "dataFile": dataFile as Any,
                "initialFaults": initialFaults, "limits": limits,
            ],
            displayStyle: .struct
        )
    }
}

extension SandboxConfiguration.Webhooks: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The receiver's URL; the signing secret is never included.
    public var description: String { "Webhooks(url: \(safeURL), secret: <redacted>)" }

    /// The receiver's scheme, host, port and path: no user info or query, which may carry credentials.
    var safeURL: String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return "<unreadable URL>"
        }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? "<unreadable URL>"
    }

    /// The same as ``description``.
    public var debugDescription: String { description }

    /// A mirror with the URL and a redacted secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["url": safeURL, "secret": "<redacted>"], displayStyle: .struct)
    }
}
