// swift-tools-version: 6.0
import PackageDescription

/// The code generator that turns Intercom's OpenAPI 2.14 description into the SDK's models and
/// operations. It is a separate package so that users of the SDK never compile it.
let package = Package(
    name: "intercom-generator",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "intercom-generator", targets: ["IntercomGenerator"])
    ],
    targets: [
        .executableTarget(
            name: "IntercomGenerator",
            path: "Sources/IntercomGenerator",
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny")
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
