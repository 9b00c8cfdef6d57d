import Foundation
import HTTPTypes
import Hummingbird
import Intercom
import NIOCore

/// The two export APIs: content data exports (`/export/content/data`, `/export/cancel/{id}`,
/// `/download/content/data/{id}`) and reporting data exports (`/export/reporting_data/...`,
/// `/download/reporting_data/{id}`).
///
/// Jobs move through their states on the sandbox clock (see ``ExportJobs``). A finished job's file is a
/// gzipped CSV made from the workspace's data when it is downloaded.
struct ExportsController {
    let store: SandboxStore

    func register(on router: Router<SandboxContext>) {
        registerContentExports(on: router)
        registerReportingExports(on: router)
    }

    // MARK: Content data

    func registerContentExports(on router: Router<SandboxContext>) {
        let store = self.store
        router.post("export/content/data") { request, _ in
            let body = try await request.jsonBody()
            let after = try required(body.timestamp("created_at_after"), "created_at_after")
            let before = try required(body.timestamp("created_at_before"), "created_at_before")
            guard after <= before else {
                throw SandboxError.parameterInvalid(
                    "created_at_after must not be later than created_at_before",
                    field: "created_at_after"
                )
            }
            let base = TicketsController.baseURL(request)
            return try await store.perform { store in
                let now = store.now
                guard ExportJobs.activeContentExports(in: store.data, now: now) < ExportJobs.maxActiveContentExports
                else {
                    throw SandboxError(
                        .tooManyRequests,
                        .rateLimitExceeded,
                        "Exceeded rate limit of \(ExportJobs.maxActiveContentExports) pending message data export jobs"
                    )
                }
                let job: [String: JSONValue] = [
                    "id": .string(ExportJobs.newIdentifier(in: store.data, kind: .contentExport)),
                    "created_at": .time(now), "created_at_after": .int(after), "created_at_before": .int(before),
                    "canceled_at": .null,
                ]
                try store.data.insertDocument(.contentExport, job)
                return try Reply.object(ExportJobs.contentWire(job, data: store.data, now: now, base: base))
            }
        }
        router.get("export/content/data/:job_identifier") { request, context in
            let id = try context.path("job_identifier")
            let base = TicketsController.baseURL(request)
            let job = try await store.read { store in
                let stored = try store.data.document(.contentExport, id)
                return ExportJobs.contentWire(stored, data: store.data, now: store.now, base: base)
            }
            return try Reply.object(job)
        }
        router.post("export/cancel/:job_identifier") { request, context in
            let id = try context.path("job_identifier")
            let base = TicketsController.baseURL(request)
            return try await store.perform { store in
                let now = store.now
                let job = try store.data.updateDocument(.contentExport, id) { object in
                    // Canceling again keeps the first cancellation's time.
                    if object["canceled_at"]?.intValue == nil { object["canceled_at"] = .time(now) }
                }
                return try Reply.object(ExportJobs.contentWire(job, data: store.data, now: now, base: base))
            }
        }
        router.get("download/content/data/:job_identifier") { _, context in
            let id = try context.path("job_identifier")
            let file = try await store.read { store in
                let now = store.now
                let job = try store.data.document(.contentExport, id)
                guard ExportJobs.contentStatus(job, data: store.data, now: now) == "completed",
                    now < ExportJobs.expiry(job, finishSeconds: ExportJobs.contentFinishSeconds)
                else { throw ExportJobs.noFile }
                let rows = ExportJobs.receiptRows(
                    store.data,
                    from: ExportJobs.time(job["created_at_after"]),
                    to: ExportJobs.time(job["created_at_before"])
                )
                let finished = ExportJobs.time(job["created_at"]) + ExportJobs.contentFinishSeconds
                return Self.gzippedCSV(
                    CSVText.document(header: ExportJobs.receiptColumns, rows: rows),
                    name: "receipts_\(Self.compactTime(finished)).csv",
                    modified: finished
                )
            }
            return file
        }
    }

    // MARK: Reporting data

    func registerReportingExports(on router: Router<SandboxContext>) {
        let store = self.store
        router.get("export/reporting_data/get_datasets") { _, _ in
            try Reply.plainList(ReportingDataset.all.map(\.wire))
        }
        router.post("export/reporting_data/enqueue") { request, _ in
            let body = try await request.jsonBody()
            let order = try Self.reportingOrder(body)
            let base = TicketsController.baseURL(request)
            return try await store.perform { store in
                let now = store.now
                let pending = store.data.documents(.reportingExport).filter {
                    ExportJobs.reportingStatus($0, now: now) == "pending"
                }
                guard pending.count < ExportJobs.maxPendingReportingExports else {
                    throw SandboxError(
                        .tooManyRequests,
                        .rateLimitExceeded,
                        "Exceeded rate limit of \(ExportJobs.maxPendingReportingExports) pending reporting dataset "
                            + "export jobs"
                    )
                }
                var job = order
                job["id"] = .string(ExportJobs.newIdentifier(in: store.data, kind: .reportingExport))
                job["created_at"] = .time(now)
                try store.data.insertDocument(.reportingExport, job)
                return try Reply.object(ExportJobs.reportingWire(job, now: now, base: base))
            }
        }
        router.get("export/reporting_data/:job_identifier") { request, context in
            let id = try context.path("job_identifier")
            let base = TicketsController.baseURL(request)
            let job = try await store.read { store in
                try ExportJobs.reportingWire(store.data.document(.reportingExport, id), now: store.now, base: base)
            }
            return try Reply.object(job)
        }
        router.get("download/reporting_data/:job_identifier") { _, context in
            let id = try context.path("job_identifier")
            return try await store.read { store in
                let now = store.now
                let job = try store.data.document(.reportingExport, id)
                guard ExportJobs.reportingStatus(job, now: now) == "complete",
                    now < ExportJobs.expiry(job, finishSeconds: ExportJobs.reportingFinishSeconds)
                else { throw ExportJobs.noFile }
                let finished = ExportJobs.time(job["created_at"]) + ExportJobs.reportingFinishSeconds
                let dataset = job["dataset_id"]?.stringValue ?? "report"
                return Self.gzippedCSV(
                    ExportJobs.reportingCSV(job, data: store.data),
                    name: "\(dataset)_\(Self.compactTime(finished)).csv",
                    modified: finished
                )
            }
        }
    }

    /// The body of `POST /export/reporting_data/enqueue`, checked against the datasets, as the job to
    /// store. Errors are `400 bad_request` worded as Intercom words them.
    static func reportingOrder(_ body: BodyFields) throws -> [String: JSONValue] {
        func refuse(_ message: String, _ field: String) -> SandboxError {
            SandboxError(.badRequest, .badRequest, message, field: field)
        }
        guard let datasetValue = body["dataset_id"] else {
            throw refuse("'dataset_id' is a required parameter", "dataset_id")
        }
        guard let datasetID = datasetValue.stringValue else {
            throw refuse("'dataset_id' must be of type String", "dataset_id")
        }
        guard let dataset = ReportingDataset.named(datasetID) else {
            throw refuse("\(datasetID) is not a valid dataset_id", "dataset_id")
        }
        guard let attributeValue = body["attribute_ids"] else {
            throw refuse("'attribute_ids' is a required parameter", "attribute_ids")
        }
        guard let attributeValues = attributeValue.arrayValue else {
            throw refuse("'attribute_ids' not an array must be of type Array", "attribute_ids")
        }
        guard !attributeValues.isEmpty else {
            throw refuse("attribute_ids must contain at least one attribute_id", "attribute_ids")
        }
        var attributeIDs: [String] = []
        var invalid: [String] = []
        for value in attributeValues {
            guard let id = value.stringValue, dataset.hasAttribute(id) else {
                invalid.append(value.stringValue ?? value.description)
                continue
            }
            if !attributeIDs.contains(id) { attributeIDs.append(id) }
        }
        guard invalid.isEmpty else {
            throw refuse(
                "attribute_ids invalid for \(dataset.id) dataset: \(invalid.joined(separator: ", "))",
                "attribute_ids"
            )
        }
        func time(_ key: String) throws -> Int {
            guard let value = body[key] else { throw refuse("'\(key)' is a required parameter", key) }
            guard let seconds = value.intValue, (0...Int(ExportJobs.latestSecond)).contains(seconds) else {
                throw refuse("'\(key)' must be a Unix timestamp in seconds", key)
            }
            return seconds
        }
        let start = try time("start_time")
        let end = try time("end_time")
        guard start < end else { throw refuse("start_time must be before end_time", "start_time") }
        return [
            "dataset_id": .string(dataset.id), "attribute_ids": .array(attributeIDs.map(JSONValue.string)),
            "start_time": .int(start), "end_time": .int(end),
        ]
    }

    // MARK: Files

    /// A download answer: the CSV text gzipped, as a file attachment named `name.gz`.
    static func gzippedCSV(_ csv: String, name: String, modified: Int64) -> Response {
        let file = Gzip.wrap(Array(csv.utf8), fileName: name, modified: modified)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/octet-stream",
                .contentDisposition: "attachment; filename=\"\(name).gz\"",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: file))
        )
    }

    /// A time as `YYYYMMDD_hhmmss` (UTC), for file names.
    static func compactTime(_ seconds: Int64) -> String {
        let text = TimestampText().text(seconds)
        return String(text.prefix(19).filter { $0 != "-" && $0 != ":" }.map { $0 == "T" ? "_" : $0 })
    }
}
