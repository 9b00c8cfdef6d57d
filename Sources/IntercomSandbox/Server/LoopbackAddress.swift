public import Foundation

/// Decides whether a host or URL names this machine's loopback interface, by parsing it as an address.
///
/// The sandbox only listens on, and only delivers webhooks to, this machine unless told otherwise. A prefix
/// check such as "starts with `127.`" would also let `127.attacker.example` or `127.0.0.1.nip.io` through,
/// both of which resolve wherever their owner likes; so this type reads the host strictly instead:
///
/// - IPv4 in dotted-quad form, four decimal octets from 0 to 255 without leading zeros, inside
///   `127.0.0.0/8`. Shorthand and other bases that some resolvers accept (`127.1`, `0x7f.1`,
///   `0177.0.0.1`) are refused.
/// - IPv6 `::1`, in any spelling (`0:0:0:0:0:0:0:1`, `::0:1`), bare or in brackets (`[::1]`).
///   IPv4-mapped forms such as `::ffff:127.0.0.1` and zone suffixes (`::1%lo0`) are refused.
/// - The name `localhost` in any letter case, with no trailing dot.
///
/// ```swift
/// LoopbackAddress.isLoopback(host: "127.0.0.1")          // true
/// LoopbackAddress.isLoopback(host: "127.0.0.1.nip.io")   // false
/// LoopbackAddress.isLoopback(url: URL(string: "http://[::1]:8080/hooks")!)  // true
/// ```
public enum LoopbackAddress {
    /// Whether `host` is a loopback address or `localhost`, as described on ``LoopbackAddress``.
    public static func isLoopback(host: String) -> Bool {
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), host.count >= 2 else { return false }
            let inner = host.dropFirst().dropLast()
            return ipv6Groups(inner) == [0, 0, 0, 0, 0, 0, 0, 1]
        }
        if isLocalhostName(host) { return true }
        if let octets = ipv4Octets(Substring(host)) { return octets[0] == 127 }
        if let groups = ipv6Groups(Substring(host)) { return groups == [0, 0, 0, 0, 0, 0, 0, 1] }
        return false
    }

    /// Whether `url` is an `http` or `https` URL whose host is a loopback address or `localhost`.
    ///
    /// Hosts written with percent escapes are refused, so that the checked host is the one a client connects to.
    public static func isLoopback(url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else { return false }
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
            let host = components.percentEncodedHost, !host.isEmpty, !host.contains("%")
        else {
            return false
        }
        return isLoopback(host: host)
    }

    /// Whether `host` is a wildcard address that listens on every interface (`0.0.0.0` or `::`).
    public static func isUnspecified(host: String) -> Bool {
        if let octets = ipv4Octets(Substring(host)) { return octets == [0, 0, 0, 0] }
        var text = Substring(host)
        if text.hasPrefix("["), text.hasSuffix("]"), text.count >= 2 { text = text.dropFirst().dropLast() }
        return ipv6Groups(text) == [0, 0, 0, 0, 0, 0, 0, 0]
    }

    /// `localhost`, any case, ASCII letters only.
    private static func isLocalhostName(_ host: String) -> Bool {
        host.utf8.count == 9 && host.utf8.allSatisfy { $0 < 0x80 } && host.lowercased() == "localhost"
    }

    /// The four octets of a strict dotted-quad IPv4 address, or `nil`.
    static func ipv4Octets(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [UInt8] = []
        octets.reserveCapacity(4)
        for part in parts {
            let digits = Array(part.utf8)
            guard (1...3).contains(digits.count), digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            guard digits.count == 1 || digits[0] != 0x30 else { return nil }
            var value = 0
            for digit in digits { value = value * 10 + Int(digit - 0x30) }
            guard let octet = UInt8(exactly: value) else { return nil }
            octets.append(octet)
        }
        return octets
    }

    /// The eight 16-bit groups of an IPv6 address in RFC 4291 text form (with `::` and an optional
    /// dotted-quad tail), or `nil`. Zone suffixes are not accepted.
    static func ipv6Groups(_ text: Substring) -> [UInt16]? {
        // The longest valid form, eight groups with an IPv4 tail, has 45 characters.
        guard !text.isEmpty, text.utf8.count <= 45, text.contains(":") else { return nil }
        if let gap = text.range(of: "::") {
            let head = text[text.startIndex..<gap.lowerBound]
            let tail = text[gap.upperBound...]
            guard !tail.contains("::"), let headGroups = groups(head, allowIPv4Tail: false),
                let tailGroups = groups(tail, allowIPv4Tail: true),
                headGroups.count + tailGroups.count <= 7
            else {
                return nil
            }
            let zeros = [UInt16](repeating: 0, count: 8 - headGroups.count - tailGroups.count)
            return headGroups + zeros + tailGroups
        }
        guard let all = groups(text, allowIPv4Tail: true), all.count == 8 else { return nil }
        return all
    }

    /// Parses colon-separated hexadecimal groups; an empty text is no groups.
    private static func groups(_ text: Substring, allowIPv4Tail: Bool) -> [UInt16]? {
        guard !text.isEmpty else { return [] }
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.count <= 8 else { return nil }
        var result: [UInt16] = []
        for (index, piece) in pieces.enumerated() {
            if allowIPv4Tail, index == pieces.count - 1, piece.contains(".") {
                guard let octets = ipv4Octets(piece) else { return nil }
                result.append(UInt16(octets[0]) << 8 | UInt16(octets[1]))
                result.append(UInt16(octets[2]) << 8 | UInt16(octets[3]))
                continue
            }
            let digits = Array(piece.utf8)
            guard (1...4).contains(digits.count) else { return nil }
            var value: UInt16 = 0
            for digit in digits {
                let nibble: UInt16
                switch digit {
                case 0x30...0x39: nibble = UInt16(digit - 0x30)
                case 0x61...0x66: nibble = UInt16(digit - 0x61 + 10)
                case 0x41...0x46: nibble = UInt16(digit - 0x41 + 10)
                default: return nil
                }
                value = value << 4 | nibble
            }
            result.append(value)
        }
        return result
    }
}
