public import Foundation
public import HTTPTypes
public import Logging

extension IntercomClient {
    /// The data-hosting region of an Intercom workspace, which decides the API host.
    public enum Region: String, Sendable, Hashable, CaseIterable {
        /// The United States: `https://api.intercom.io`.
        case us
        /// Europe: `https://api.eu.intercom.io`.
        case eu
        /// Australia: `https://api.au.intercom.io`.
        case au

        /// The API base URL of the region.
        public var baseURL: URL {
            switch self {
            case .us: return URL(string: "https://api.intercom.io")!  // A constant, valid URL.
            case .eu: return URL(string: "https://api.eu.intercom.io")!  // A constant, valid URL.
            case .au: return URL(string: "https://api.au.intercom.io")!  // A constant, valid URL.
            }
        }
    }

    /// Everything that shapes how a client talks to Intercom. A value type: change a copy freely.
    ///
    /// ```swift
    /// var configuration = IntercomClient.Configuration(region: .eu)
    /// configuration.timeout = .seconds(10)
    /// configuration.logger = Logger(label: "intercom")   // traces each request at .debug
    /// let client = IntercomClient(accessToken: token, configuration: configuration)
    /// ```
    public struct Configuration: Sendable {
        /// Where requests go: a region's host, or any other URL such as a local sandbox.
        /// A path in this URL prefixes every request path.
        public var baseURL: URL
        /// The API version sent as `Intercom-Version` on every request. Defaults to
        /// ``IntercomAPIVersion/latest`` (2.16).
        ///
        /// An operation or parameter that this version does not have fails with
        /// ``IntercomError/invalidRequest(_:)`` before anything is sent; its documentation says which
        /// version added it. Change the version for one client with ``IntercomClient/with(_:)``.
        public var apiVersion: IntercomAPIVersion
        /// How long one attempt may wait for its complete response. Defaults to 30 seconds.
        public var timeout: Duration
        /// When failed requests are retried. Defaults to ``RetryPolicy/default``.
        public var retryPolicy: RetryPolicy
        /// Header fields added to every request, unless the request sets the same field itself.
        public var additionalHeaders: HTTPFields
        /// The `User-Agent` sent with every request.
        public var userAgent: String
        /// Where request traces go. Defaults to a logger that discards everything.
        public var logger: Logger
        /// The level of the one trace line logged per attempt. Defaults to `.debug`.
        public var traceLevel: Logger.Level
        /// The HTTP client. Defaults to ``AsyncHTTPClientTransport`` on `HTTPClient.shared`.
        public var transport: any IntercomTransport
        /// Your middleware, outermost first. See ``IntercomMiddleware`` for where it runs.
        public var middleware: [any IntercomMiddleware]
        /// The largest response body accepted, in bytes. Defaults to 32 MiB.
        public var maxResponseBytes: Int
        /// The clock retries wait on. Defaults to ``SystemClock``.
        public var clock: any IntercomClock

        /// A configuration for a region, with every other setting at its default.
        public init(region: Region = .us) {
            self.init(baseURL: region.baseURL)
        }

        /// A configuration for any base URL, such as a local sandbox, with every other setting at its default.
        public init(baseURL: URL) {
            self.baseURL = baseURL
            self.apiVersion = .latest
            self.timeout = .seconds(30)
            self.retryPolicy = .default
            self.additionalHeaders = [:]
            self.userAgent = "intercom-swift/\(IntercomClient.sdkVersion)"
            self.logger = Logger(label: "intercom", factory: { _ in SwiftLogNoOpLogHandler() })
            self.traceLevel = .debug
            self.transport = AsyncHTTPClientTransport()
            self.middleware = []
            self.maxResponseBytes = 32 << 20
            self.clock = SystemClock()
        }

        /// Points the configuration at a region's host.
        public mutating func use(_ region: Region) {
            baseURL = region.baseURL
        }
    }
}

/// A value for the `Intercom-Version` header.
public struct IntercomAPIVersion: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The header value, such as `2.14`.
    public let rawValue: String

    /// Creates a version from its header value.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates a version from a string literal such as `"2.13"`.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// Version 2.14, the last version the official SDKs follow.
    public static let v2_14: Self = "2.14"

    /// Version 2.15.
    public static let v2_15: Self = "2.15"

    /// Version 2.16, the newest stable version and this SDK's default.
    public static let v2_16: Self = "2.16"

    /// The newest stable version this SDK knows: the default of ``IntercomClient/Configuration/apiVersion``.
    public static let latest: Self = .v2_16

    /// Intercom's preview of the next version, `Preview`.
    public static let preview: Self = "Preview"

    /// Intercom's older name for its preview version, `Unstable`.
    public static let unstable: Self = "Unstable"

    /// A readable description.
    public var description: String { rawValue }

    /// The major and minor numbers of a numbered version (`2.16` → `(2, 16)`); `nil` for `Preview`,
    /// `Unstable` and anything else that is not two small numbers.
    public var number: (major: Int, minor: Int)? {
        // A header that was set twice arrives joined with commas: the first value is the one to read.
        let first = rawValue.split(separator: ",", maxSplits: 1).first.map(String.init) ?? rawValue
        let parts = first.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy(\.isASCII) }),
            let major = Int(parts[0]), let minor = Int(parts[1]), major >= 0, minor >= 0
        else { return nil }
        return (major, minor)
    }

    /// Whether this version has everything `other` has: `true` or `false` for two numbered versions,
    /// `nil` when either is not numbered (a preview is assumed to have it).
    public func isAtLeast(_ other: IntercomAPIVersion) -> Bool? {
        guard let mine = number, let theirs = other.number else { return nil }
        return (mine.major, mine.minor) >= (theirs.major, theirs.minor)
    }
}
