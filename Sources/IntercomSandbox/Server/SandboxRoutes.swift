import Foundation
import HTTPTypes
import Hummingbird
import Intercom

/// The sandbox's own control API under `/sandbox`, outside Intercom's paths: reset data, queue
/// faults, move the clock. It needs a valid token but is never rate limited or faulted.
enum SandboxRoutes {
    static let prefix = "/sandbox"

    static func isControlRoute(_ request: Request) -> Bool {
        request.uri.path == prefix || request.uri.path.hasPrefix(prefix + "/")
    }

    struct FaultRequest: Decodable {
        var fault: String
        var count: Int?
    }

    struct ResetRequest: Decodable {
        var seed: SandboxConfiguration.Seed?
    }

    struct GenerateRequest: Decodable {
        var contacts: Int
    }

    struct AdvanceRequest: Decodable {
        var seconds: Double
    }

    /// The body of every control route's answer, and of `GET /sandbox/status`.
    struct Status: ResponseEncodable {
        /// One fault and how many of the next requests get it.
        struct QueuedFault: Encodable, Sendable {
            var fault: String
            var count: Int
        }

        var status: String
        /// The next faults, one entry per request, at most ``FaultQueue/pendingShown`` of them.
        var pendingFaults: [String]
        var counts: [String: Int]
        /// Every queued fault, as runs, next first.
        var queuedFaults: [QueuedFault]? = nil
        /// How many requests will still get a queued fault.
        var pendingFaultCount: Int? = nil
        /// Webhook deliveries: waiting, delivered, failed after retries, dropped.
        var webhooks: WebhookCounts? = nil

        enum CodingKeys: String, CodingKey {
            case status
            case pendingFaults = "pending_faults"
            case counts
            case queuedFaults = "queued_faults"
            case pendingFaultCount = "pending_fault_count"
            case webhooks
        }

        /// The sandbox's state now: faults, counts and webhook deliveries.
        static func current(_ state: SandboxState) async -> Status {
            let runs = state.faults.runs
            return Status(
                status: "ok",
                pendingFaults: state.faults.pending.map(\.description),
                counts: await state.store.counts(),
                queuedFaults: runs.map { QueuedFault(fault: $0.fault.description, count: $0.remaining) },
                pendingFaultCount: runs.reduce(0) { $0 + $1.remaining },
                webhooks: state.store.webhookCounts
            )
        }
    }

    static func register(on router: Router<SandboxContext>, state: SandboxState) {
        let group = router.group(RouterPath(prefix))
        group.get("status") { _, _ -> Status in
            await Status.current(state)
        }
        group.post("faults") { request, _ -> Status in
            let body = try await request.decodeBody(as: FaultRequest.self)
            guard let fault = SandboxFault(name: body.fault) else {
                throw SandboxError.parameterInvalid("Unknown fault \"\(body.fault)\"", field: "fault")
            }
            let count = body.count ?? 1
            guard (1...10_000).contains(count) else {
                throw SandboxError.parameterInvalid("count must be between 1 and 10000", field: "count")
            }
            guard state.faults.enqueue(fault, count: count) else {
                throw SandboxError.limitExceeded(
                    "At most \(state.faults.limit) faults can wait and \(state.faults.count) already do; "
                        + "let requests use them or DELETE /sandbox/faults",
                    field: "count"
                )
            }
            return await Status.current(state)
        }
        group.delete("faults") { _, _ -> Status in
            state.faults.clear()
            return await Status.current(state)
        }
        group.post("reset") { request, _ -> Status in
            let body = try await request.decodeBody(as: ResetRequest.self)
            await state.store.reset(seed: body.seed ?? state.configuration.seed)
            state.faults.clear()
            state.rateLimiter.reset()
            return Status(status: "ok", pendingFaults: [], counts: await state.store.counts())
        }
        group.post("generate") { request, _ -> Status in
            let body = try await request.decodeBody(as: GenerateRequest.self)
            guard (1...100_000).contains(body.contacts) else {
                throw SandboxError.parameterInvalid("contacts must be between 1 and 100000", field: "contacts")
            }
            try await state.store.generateContactsWithinLimit(count: body.contacts)
            return await Status.current(state)
        }
        group.post("oauth/authorize") { _, _ -> Response in
            let code = await state.store.issueCode()
            return try Reply.json(
                ["code": .string(code), "client_id": .string(state.configuration.oauthClientID)] as JSONValue
            )
        }
        group.post("clock/advance") { request, _ -> Status in
            let body = try await request.decodeBody(as: AdvanceRequest.self)
            // One advance is at most ten years, so `Duration.seconds(_:)` below cannot trap.
            guard body.seconds.isFinite, body.seconds >= 0, body.seconds <= Double(ClockLimit.maxAdvanceSeconds) else {
                throw SandboxError.parameterInvalid(
                    "seconds must be between 0 and \(ClockLimit.maxAdvanceSeconds) (ten years)",
                    field: "seconds"
                )
            }
            guard let clock = state.configuration.clock as? any AdjustableClock else {
                throw SandboxError(.badRequest, .unsupported, "This sandbox's clock cannot be moved")
            }
            // The clock's time stays a date every part of the sandbox can convert: no later than year 9999.
            guard clock.now.addingTimeInterval(body.seconds) <= ClockLimit.latest else {
                throw SandboxError.parameterInvalid(
                    "seconds would move the clock past 9999-12-31T23:59:59Z",
                    field: "seconds"
                )
            }
            clock.advance(by: .seconds(body.seconds))
            return await Status.current(state)
        }
    }
}
