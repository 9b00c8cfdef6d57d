import Foundation
import Intercom

/// Delivers signed `notification_event` payloads to the configured receiver.
final class WebhookDispatcher: Sendable {
    let configuration: SandboxConfiguration.Webhooks
    let clock: any IntercomClock

    init(configuration: SandboxConfiguration.Webhooks, clock: any IntercomClock) {
        self.configuration = configuration
        self.clock = clock
    }
}
