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

    struct Status: ResponseEncodable {
        var status: String
        var pendingFaults: [String]
        var counts: [String: Int]

        enum CodingKeys: String, CodingKey {
            case status
            case pendingFaults = "pending_faults"
            case counts
        }
    }

    static func register(on router: Router<SandboxContext>, state: SandboxState) {
        let group = router.group(RouterPath(prefix))
        group.get("status") { _, _ -> Status in
            Status(
                status: "ok",
                pendingFaults: state.faults.pending.map(\.description),
                counts: await state.store.counts()
            )
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
            state.faults.enqueue(fault, count: count)
            return Status(
                status: "ok",
                pendingFaults: state.faults.pending.map(\.description),
                counts: await state.store.counts()
            )
        }
        group.delete("faults") { _, _ -> Status in
            state.faults.clear()
            return Status(status: "ok", pendingFaults: [], counts: await state.store.counts())
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
            await state.store.generateContacts(count: body.contacts)
            return Status(
                status: "ok",
                pendingFaults: state.faults.pending.map(\.description),
                counts: await state.store.counts()
            )
        }
        group.post("oauth/authorize") { _, _ -> JSONValue in
            let code = await state.store.issueCode()
            return ["code": .string(code), "client_id": .string(state.configuration.oauthClientID)]
        }
        group.post("clock/advance") { request, _ -> Status in
            let body = try await request.decodeBody(as: AdvanceRequest.self)
            guard body.seconds.isFinite, body.seconds >= 0 else {
                throw SandboxError.parameterInvalid("seconds must be zero or more", field: "seconds")
            }
            guard let clock = state.configuration.clock as? any AdjustableClock else {
                throw SandboxError(.badRequest, .unsupported, "This sandbox's clock cannot be moved")
            }
            clock.advance(by: .seconds(body.seconds))
            return Status(
                status: "ok",
                pendingFaults: state.faults.pending.map(\.description),
                counts: await state.store.counts()
            )
        }
    }
}
