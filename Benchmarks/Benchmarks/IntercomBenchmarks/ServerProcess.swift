import BenchmarkSupport
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `BenchmarkServer` child process: the bare routes and a seeded sandbox, outside this process so that
/// this process's CPU time and memory are the clients' alone, and the servers' CPU time can be read apart.
///
/// The child exits when its stdin closes. This actor holds the other end of that pipe, so the child goes
/// away with it, or with this process, however it ends; ``stop()`` ends it at once.
actor ServerProcess {
    /// What the child announced: its ports, a contact, the token.
    nonisolated let info: ServerInfo
    /// The child's process id.
    nonisolated let pid: Int32
    private let process: Process
    private let input: Pipe
    private let output: Pipe
    private var stopped = false

    /// Starts a child whose sandbox holds `contacts` generated contacts (besides its sample data), and
    /// returns once it has announced its ports.
    ///
    /// - Throws: ``MeasurementError`` when the `BenchmarkServer` binary is missing or the child fails,
    ///   exits or stays silent for longer than generating the contacts should take.
    init(contacts: Int) async throws {
        guard (0...1_000_000).contains(contacts) else {
            throw MeasurementError("a child server holds 0 to 1,000,000 contacts, not \(contacts)")
        }
        let binary = try Self.serverBinary()
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--contacts", String(contacts)]
        var environment = ProcessInfo.processInfo.environment
        // The benchmark runner preloads its malloc interposer into this process; the servers should not pay for it.
        environment["LD_PRELOAD"] = nil
        // Hummingbird logs at info level by default, to stderr; keep the benchmark output to the results.
        if environment["LOG_LEVEL"] == nil {
            environment["LOG_LEVEL"] = "warning"
        }
        process.environment = environment
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()

        // Generating 100,000 contacts takes seconds; allow a minute plus a second per 500.
        let timeout = 60 + contacts / 500
        let announced: ServerInfo
        do {
            announced = try await Self.announcement(
                from: output.fileHandleForReading.fileDescriptor,
                timeoutSeconds: timeout
            )
        } catch {
            // The child is of no use now: closing its stdin ends it, and SIGKILL makes sure.
            try? input.fileHandleForWriting.close()
            if process.isRunning {
                _ = kill(process.processIdentifier, SIGKILL)
            }
            throw error
        }
        let pid = process.processIdentifier
        self.process = process
        self.input = input
        self.output = output
        self.info = announced
        self.pid = pid
    }

    /// The child's CPU seconds so far, user plus system, in clock ticks (see ``ProcessStats/cpuSeconds(pid:)``).
    nonisolated func cpuSeconds() throws -> Double {
        try ProcessStats.cpuSeconds(pid: pid)
    }

    /// The child's resident memory now, in KB.
    nonisolated func residentKB() throws -> Int {
        try ProcessStats.statusKB("VmRSS", pid: pid)
    }

    /// Ends the child: SIGTERM, then SIGKILL if it is still running ten seconds later.
    func stop() async {
        guard !stopped else { return }
        stopped = true
        if process.isRunning {
            process.terminate()
        }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(10))
        while process.isRunning, clock.now < deadline {
            do {
                try await Task.sleep(for: .milliseconds(50))
            } catch {
                break
            }
        }
        if process.isRunning {
            _ = kill(pid, SIGKILL)
        }
        try? input.fileHandleForWriting.close()
        try? output.fileHandleForReading.close()
    }

    /// The `BenchmarkServer` binary beside this one.
    ///
    /// package-benchmark starts this binary with only its file name as `argv[0]`, so the directory comes from
    /// `/proc/self/exe` on Linux and from `Bundle.main` elsewhere.
    private static func serverBinary() throws -> URL {
        let ownPath =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? Bundle.main.executableURL?.path
            ?? ProcessInfo.processInfo.arguments.first
            ?? ""
        let directory = URL(fileURLWithPath: ownPath).deletingLastPathComponent()
        let binary = directory.appendingPathComponent("BenchmarkServer")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw MeasurementError(
                "\(binary.path) is missing: build it first, in the configuration the benchmarks use, with "
                    + "swift build -c release --package-path Benchmarks --product BenchmarkServer"
            )
        }
        return binary
    }

    /// Reads the child's stdout until a line of JSON arrives, skipping any other line, and checks it.
    private static func announcement(from descriptor: Int32, timeoutSeconds: Int) async throws -> ServerInfo {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(timeoutSeconds))
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while clock.now < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 0)
            guard ready > 0 else {
                if ready < 0, errno != EINTR {
                    throw MeasurementError("BenchmarkServer's output cannot be polled: errno \(errno)")
                }
                try await Task.sleep(for: .milliseconds(20))
                continue
            }
            let count = chunk.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress, buffer.count)
            }
            if count == 0 {
                throw MeasurementError("BenchmarkServer exited before announcing its ports; see its stderr above")
            }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw MeasurementError("BenchmarkServer's output cannot be read: errno \(errno)")
            }
            pending.append(contentsOf: chunk.prefix(count))
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                if line.first == UInt8(ascii: "{") {
                    return try JSONDecoder().decode(ServerInfo.self, from: Data(line)).validated()
                }
            }
            guard pending.count <= 65_536 else {
                throw MeasurementError("BenchmarkServer wrote 64 KB without a line break")
            }
        }
        throw MeasurementError("BenchmarkServer did not announce its ports within \(timeoutSeconds) s")
    }
}

/// A child server that a benchmark's setup starts and its teardown stops, shared with the benchmark body.
final class ServerSlot: Sendable {
    /// The contacts the child's sandbox generates.
    let contacts: Int
    private let current = Mutex<ServerProcess?>(nil)

    init(contacts: Int) {
        self.contacts = contacts
    }

    /// Starts the child, stopping any earlier one first.
    func start() async throws {
        await stop()
        let server = try await ServerProcess(contacts: contacts)
        current.withLock { $0 = server }
    }

    /// The running child.
    ///
    /// - Throws: ``MeasurementError`` when the setup has not started one.
    func server() throws -> ServerProcess {
        guard let server = current.withLock({ $0 }) else {
            throw MeasurementError("the benchmark's child server is not running; its setup did not start it")
        }
        return server
    }

    /// Stops the child, if one runs.
    func stop() async {
        let server = current.withLock { value -> ServerProcess? in
            let taken = value
            value = nil
            return taken
        }
        await server?.stop()
    }
}
