import Foundation
public import Intercom

extension IntercomClient {
    /// A client whose every request goes to `transport`, never to the network, with a recording clock.
    public static func test(
        transport: some IntercomTransport,
        clock: any IntercomClock = RecordingClock(),
        configure: (inout Configuration) -> Void = { _ in }
    ) -> IntercomClient {
        // A constant URL; the transport answers, so nothing is ever sent there.
        var configuration = Configuration(baseURL: URL(string: "http://127.0.0.1:9")!)
        configuration.transport = transport
        configuration.clock = clock
        configure(&configuration)
        return IntercomClient(accessToken: "t", configuration: configuration)
    }
}
