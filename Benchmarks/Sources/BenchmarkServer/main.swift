import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// BenchmarkServer: the child process the benchmarks start. It serves bare routes and a seeded sandbox on
// 127.0.0.1, prints one line of JSON naming their ports, and serves until it is killed or its stdin closes.
//
//   BenchmarkServer [--contacts N]

let contactCount: Int
do {
    contactCount = try ServerArguments.contacts(from: Array(ProcessInfo.processInfo.arguments.dropFirst()))
} catch ServerArgumentsError.helpRequested {
    print(ServerArguments.usage)
    exit(0)
} catch {
    ChildServer.report("BenchmarkServer: \(error)")
    exit(64)
}

do {
    try await ChildServer.serve(contacts: contactCount)
} catch {
    ChildServer.report("BenchmarkServer: \(error)")
    exit(1)
}
