// swift-tools-version: 6.1
import PackageDescription

// Benchmarks for intercom-swift, kept out of the library's own package so that its users never resolve
// package-benchmark. See README.md for how to run them.

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "intercom-benchmarks",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "BenchmarkServer", targets: ["BenchmarkServer"]),
        .executable(name: "intercom-profile", targets: ["IntercomProfile"]),
    ],
    dependencies: [
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        // The project itself; `name` lets the targets below refer to it as "intercom-swift" whatever the
        // checkout's directory is called.
        .package(name: "intercom-swift", path: ".."),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    ],
    targets: [
        // The benchmarks. package-benchmark wants them in Benchmarks/<Target>, built with its plugin.
        .executableTarget(
            name: "IntercomBenchmarks",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Intercom", package: "intercom-swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/IntercomBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        // The child process the benchmarks start: the floor routes and a seeded sandbox.
        .executableTarget(
            name: "BenchmarkServer",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Intercom", package: "intercom-swift"),
                .product(name: "IntercomSandbox", package: "intercom-swift"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            path: "Sources/BenchmarkServer",
            swiftSettings: swiftSettings
        ),
        // One hot path in a loop, for valgrind and perf: no benchmark harness around it.
        .executableTarget(
            name: "IntercomProfile",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Intercom", package: "intercom-swift"),
                .product(name: "IntercomSandbox", package: "intercom-swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Sources/Profile",
            swiftSettings: swiftSettings
        ),
        // What the three executables share: the child's start-up line and the bare routes.
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Sources/BenchmarkSupport",
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
