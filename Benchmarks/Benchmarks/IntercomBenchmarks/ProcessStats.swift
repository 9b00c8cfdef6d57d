#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU time and memory, read from the kernel: this process's with `getrusage`, the child server's and the
/// resident set sizes from `/proc` (Linux only; elsewhere those reads throw).
enum ProcessStats {
    /// User plus system CPU seconds this process has used, all threads together.
    static func ownCPUSeconds() throws(ProcessStatsError) -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        let status = getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        let status = getrusage(RUSAGE_SELF, &usage)
        #endif
        guard status == 0 else { throw ProcessStatsError("getrusage failed with errno \(errno)") }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// User plus system CPU seconds process `pid` has used, all threads together: fields 14 (utime) and 15
    /// (stime) of `/proc/<pid>/stat`, in clock ticks. A tick is 10 ms on most systems, so a figure is only
    /// as precise as that.
    static func cpuSeconds(pid: Int32) throws(ProcessStatsError) -> Double {
        let path = "/proc/\(pid)/stat"
        let text = try contents(of: path)
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its end.
        guard let nameEnd = text.lastIndex(of: ")") else { throw ProcessStatsError("\(path) has no command name") }
        let fields = text[text.index(after: nameEnd)...].split(separator: " ")
        // fields[0] is field 3, so fields 14 and 15 are at 11 and 12.
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]),
            (0...Int(Int32.max)).contains(user), (0...Int(Int32.max)).contains(system)
        else {
            throw ProcessStatsError("\(path) has no usable utime and stime")
        }
        let ticksPerSecond = sysconf(Int32(_SC_CLK_TCK))
        guard (1...1_000_000).contains(ticksPerSecond) else {
            throw ProcessStatsError("sysconf(_SC_CLK_TCK) answered \(ticksPerSecond)")
        }
        return Double(user + system) / Double(ticksPerSecond)
    }

    /// A `kB` line of `/proc/self/status`, such as `VmRSS` (resident now) or `VmHWM` (resident peak).
    static func ownStatusKB(_ field: String) throws(ProcessStatsError) -> Int {
        try statusKB(field, path: "/proc/self/status")
    }

    /// A `kB` line of `/proc/<pid>/status`.
    static func statusKB(_ field: String, pid: Int32) throws(ProcessStatsError) -> Int {
        try statusKB(field, path: "/proc/\(pid)/status")
    }

    /// Sets this process's resident peak (`VmHWM`) back to its resident size now, by writing `5` to
    /// `/proc/self/clear_refs` (Linux 4.0 and later). Answers false when the kernel does not allow it.
    static func resetOwnPeakResident() -> Bool {
        let descriptor = open("/proc/self/clear_refs", O_WRONLY)
        guard descriptor >= 0 else { return false }
        defer { _ = close(descriptor) }
        let written = "5".withCString { write(descriptor, $0, 1) }
        return written == 1
    }

    private static func statusKB(_ field: String, path: String) throws(ProcessStatsError) -> Int {
        let text = try contents(of: path)
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            // "VmRSS:	  123456 kB"
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count == 3, parts[2] == "kB", let value = Int(parts[1]), (0...(1 << 40)).contains(value)
            else {
                throw ProcessStatsError("\(path) has an unusable \(field) line")
            }
            return value
        }
        throw ProcessStatsError("\(path) has no \(field) line")
    }

    private static func seconds(_ time: timeval) -> Double {
        Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000
    }

    /// The text of a small `/proc` file (their sizes read as 0, so this reads until the end), at most 64 KB.
    private static func contents(of path: String) throws(ProcessStatsError) -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ProcessStatsError("cannot open \(path): errno \(errno)") }
        defer { _ = close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while bytes.count < 65_536 {
            let count = chunk.withUnsafeMutableBytes { buffer in read(descriptor, buffer.baseAddress, buffer.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk.prefix(count))
            } else if count == 0 {
                break
            } else if errno != EINTR {
                throw ProcessStatsError("cannot read \(path): errno \(errno)")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A figure the kernel would not give.
struct ProcessStatsError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The growth of this process's resident memory during some work: the peak after it minus the size before.
///
/// When the kernel lets this process reset its resident peak, the peak is `VmHWM`, which sees every page
/// touched. Otherwise it is the largest `VmRSS` among the samples taken with ``sample()``.
struct ResidentGrowth {
    private let baselineKB: Int
    private let usesPeakCounter: Bool
    private var sampledPeakKB: Int

    /// Notes the resident size now and, where allowed, resets the peak counter to it.
    init() throws(ProcessStatsError) {
        baselineKB = try ProcessStats.ownStatusKB("VmRSS")
        usesPeakCounter = ProcessStats.resetOwnPeakResident()
        sampledPeakKB = baselineKB
    }

    /// Reads the resident size now; call it as the work goes, such as once a page.
    mutating func sample() throws(ProcessStatsError) {
        let resident = try ProcessStats.ownStatusKB("VmRSS")
        sampledPeakKB = max(sampledPeakKB, resident)
    }

    /// The peak resident size since ``init()`` minus the size then, in KB; never negative.
    func growthKB() throws(ProcessStatsError) -> Int {
        var peak = sampledPeakKB
        if usesPeakCounter {
            let highWaterMark = try ProcessStats.ownStatusKB("VmHWM")
            peak = max(peak, highWaterMark)
        }
        return max(0, peak - baselineKB)
    }
}
