import Foundation
import OpenAPIRuntime
import PinzhiDomain
import PinzhiStore

/// The spot-check operations: plans and tasks as lists, the task's response and draw, and batches with the one
/// operation that takes any step. Every check is the store's and BatchWorkflow's, as for the web pages.
extension APIHandler {
    func listPlans(_ input: Operations.ListPlans.Input) async throws -> Operations.ListPlans.Output {
        let p = try bridge.principal()
        guard PlanPolicy.visibility(p) != .none else { throw WebError.forbidden }
        let limit = try APIBridge.limit(input.query.limit), offset = try APIBridge.offset(input.query.cursor)
        let page = try await PlanRepository(services.database).page(year: input.query.year, state: input.query.state.flatMap { PlanState(rawValue: $0.rawValue) },
                                                                    limit: limit, offset: offset, as: p)
        let next = offset + page.items.count < page.total ? Cursor.encode(offset: offset + page.items.count) : nil
        return .ok(.init(body: .json(.init(items: page.items.map(APISpotCheck.plan), total: page.total, nextCursor: next))))
    }

    func listTasks(_ input: Operations.ListTasks.Input) async throws -> Operations.ListTasks.Output {
        let p = try bridge.principal()
        guard TaskPolicy.visibility(p) != .none else { throw WebError.forbidden }
        let limit = try APIBridge.limit(input.query.limit), offset = try APIBridge.offset(input.query.cursor)
        let page = try await TaskRepository(services.database).page(state: input.query.state.flatMap { TaskState(rawValue: $0.rawValue) },
                                                                    planId: input.query.planId, limit: limit, offset: offset, as: p)
        let next = offset + page.items.count < page.total ? Cursor.encode(offset: offset + page.items.count) : nil
        return .ok(.init(body: .json(.init(items: page.items.map(APISpotCheck.task), total: page.total, nextCursor: next))))
    }

    func respondToTask(_ input: Operations.RespondToTask.Input) async throws -> Operations.RespondToTask.Output {
        let p = try bridge.principal()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let task = try await TaskRepository(services.database).respond(input.path.id, accept: body.accept, reason: body.reason,
                                                                        expectedVersion: body.version, today: services.today(), as: p)
        return .ok(.init(body: .json(APISpotCheck.task(task))))
    }

    func listTaskDraws(_ input: Operations.ListTaskDraws.Input) async throws -> Operations.ListTaskDraws.Output {
        let p = try bridge.principal()
        guard try await TaskRepository(services.database).find(input.path.id, as: p) != nil else { throw WebError.notFound }
        return .ok(.init(body: .json(try await DrawRepository(services.database).list(taskId: input.path.id).map(APISpotCheck.draw))))
    }

    func drawTask(_ input: Operations.DrawTask.Input) async throws -> Operations.DrawTask.Output {
        let p = try bridge.principal()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        // The witness's secret, if the commitment registered one, is the witness's own reveal (WitnessRepository).
        let reveal = CommittedDraw.Reveal(publicValue: body.publicValue ?? "", publicSource: body.publicSource ?? "")
        let record = try await DrawRepository(services.database).draw(taskId: input.path.id, reveal: reveal, reason: body.reason, today: services.today(), as: p)
        return .created(.init(body: .json(APISpotCheck.draw(record))))
    }

    func listTaskDrawCommitments(_ input: Operations.ListTaskDrawCommitments.Input) async throws -> Operations.ListTaskDrawCommitments.Output {
        let p = try bridge.principal()
        guard try await TaskRepository(services.database).find(input.path.id, as: p) != nil else { throw WebError.notFound }
        return .ok(.init(body: .json(try await DrawCommitmentStore.list(services.database, taskId: input.path.id).map(APISpotCheck.commitment))))
    }

    /// The enterprise's own proofs, as on its page (DrawProofList).
    func listDrawProofs(_ input: Operations.ListDrawProofs.Input) async throws -> Operations.ListDrawProofs.Output {
        let p = try bridge.principal()
        guard p.role == .enterpriseUser, let enterpriseId = p.enterpriseId else { throw WebError.forbidden }
        return .ok(.init(body: .json(try await DrawProofList.load(enterpriseId: enterpriseId, services.database).map { item in
            .init(commitmentId: item.commitment.id, drawId: item.drawId, index: item.proof.index, leafText: item.proof.leafText, salt: item.proof.salt,
                  path: item.pathText, root: item.proof.root, selected: item.selected, outcome: .init(rawValue: item.outcome.rawValue) ?? .excluded,
                  outcomeLabel: item.outcomeLabel)
        })))
    }

    func commitTaskDraw(_ input: Operations.CommitTaskDraw.Input) async throws -> Operations.CommitTaskDraw.Output {
        let p = try bridge.principal()
        guard case .json = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let c = try await DrawRepository(services.database).commit(taskId: input.path.id, today: services.today(), as: p)
        return .created(.init(body: .json(APISpotCheck.commitment(c))))
    }

    func verifyDraw(_ input: Operations.VerifyDraw.Input) async throws -> Operations.VerifyDraw.Output {
        let p = try bridge.principal()
        let draws = DrawRepository(services.database)
        guard let record = try await draws.find(input.path.id), try await TaskRepository(services.database).find(record.taskId, as: p) != nil,
              let check = try await draws.verify(record.id).first else { throw WebError.notFound }
        return .ok(.init(body: .json(.init(drawId: check.drawId, ok: check.ok, problem: check.problem))))
    }

    func listBatches(_ input: Operations.ListBatches.Input) async throws -> Operations.ListBatches.Output {
        let p = try bridge.principal()
        guard BatchPolicy.visibility(p) != .none else { throw WebError.forbidden }
        let q = input.query
        guard var filter = Self.batchFilter(state: q.state?.rawValue, open: q.open, mode: q.mode?.rawValue, stage: q.stage?.rawValue,
                                            verdict: q.verdict?.rawValue, taskId: q.taskId, enterpriseId: q.enterpriseId, productId: q.productId,
                                            district: q.district, agencyId: q.agencyId, year: q.year, search: q.q, planLevel: q.planLevel)
        else { return .ok(.init(body: .json(.init(items: [], total: 0)))) }
        filter.limit = try APIBridge.limit(q.limit)
        filter.offset = try APIBridge.offset(q.cursor)
        let page = try await BatchRepository(services.database).list(filter, as: p)
        let next = filter.offset + page.rows.count < page.total ? Cursor.encode(offset: filter.offset + page.rows.count) : nil
        return .ok(.init(body: .json(.init(items: page.rows.map(APISpotCheck.batch), total: page.total, nextCursor: next))))
    }

    /// The list's selection as a file, with the page's columns (BatchExport).
    func exportBatches(_ input: Operations.ExportBatches.Input) async throws -> Operations.ExportBatches.Output {
        let p = try bridge.principal()
        guard BatchPolicy.visibility(p) != .none else { throw WebError.forbidden }
        let q = input.query
        let filter = Self.batchFilter(state: q.state?.rawValue, open: q.open, mode: q.mode?.rawValue, stage: q.stage?.rawValue,
                                      verdict: q.verdict?.rawValue, taskId: q.taskId, enterpriseId: q.enterpriseId, productId: q.productId,
                                      district: q.district, agencyId: q.agencyId, year: q.year, search: q.q, planLevel: q.planLevel)
        let repository = BatchRepository(services.database)
        if q.format == .xlsx {
            let data = try await BatchExport.xlsx(repository, filter, as: p)
            return .ok(.init(body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(HTTPBody(data))))
        }
        return .ok(.init(body: .csv(HTTPBody(try await BatchExport.csv(repository, filter, as: p), length: .unknown, iterationBehavior: .single))))
    }

    /// The batch list's filters from the API's query; nil when they cannot match anything (a finished state asked
    /// for together with `open`), rather than quietly matching every batch.
    static func batchFilter(state: String?, open: Bool?, mode: String?, stage: String?, verdict: String?, taskId: Int64?, enterpriseId: Int64?,
                            productId: Int64?, district: String?, agencyId: Int64?, year: Int?, search: String?, planLevel: String?) -> BatchFilter? {
        var filter = BatchFilter()
        if let state = state.flatMap(BatchState.init(rawValue:)) { filter.states = [state] }
        if open == true {
            if filter.states.contains(where: { !BatchState.unfinished.contains($0) }) { return nil }
            if filter.states.isEmpty { filter.states = BatchState.unfinished }
        }
        filter.mode = mode.flatMap(CheckMode.init(rawValue:))
        filter.stage = stage.flatMap(SamplingStage.init(rawValue:))
        filter.verdict = verdict.flatMap(ItemVerdict.init(rawValue:))
        filter.taskId = taskId
        filter.enterpriseId = enterpriseId
        filter.productId = productId
        filter.district = district
        filter.agencyId = agencyId
        filter.year = year
        filter.search = search
        filter.planLevel = planLevel.flatMap { $0.isEmpty ? nil : $0 }
        return filter
    }

    func getBatch(_ input: Operations.GetBatch.Input) async throws -> Operations.GetBatch.Output {
        let p = try bridge.principal()
        let repo = BatchRepository(services.database)
        guard let b = try await repo.find(input.path.id, as: p) else { throw WebError.notFound }
        let today = services.today()
        let rules = try await RuleRepository(services.database).effective(on: today)
        let calendar = try await CalendarRepository(services.database).calendar()
        var actions: [Components.Schemas.BatchActionForm] = []
        let steps = WorkflowStore<BatchRepository>(services.database)
        for action in BatchWorkflow.available(p, b, today: today) {
            guard let form = try await steps.form(b, action, today: today, as: p) else { continue }
            actions.append(.init(action: .init(rawValue: action.rawValue) ?? .sample, label: action.label,
                                 fields: form.fields.map { .init(key: $0.key, label: $0.label, required: $0.required) }))
        }
        let results = try await repo.results(b.id).first { $0.version == b.reportVersion }?.items ?? []
        return .ok(.init(body: .json(.init(
            batch: APISpotCheck.batch(b), deadline: BatchWorkflow.deadline(b, rules: rules, calendar: calendar).map(APISpotCheck.date),
            actions: actions, events: try bridge.convert(try await repo.events(b.id)), results: try bridge.convert(results)))))
    }

    func actOnBatch(_ input: Operations.ActOnBatch.Input) async throws -> Operations.ActOnBatch.Output {
        let p = try bridge.principal()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        guard let action = BatchAction(rawValue: input.path.action.rawValue) else { throw WebError.notFound }
        let batch = try await BatchRepository(services.database).act(input.path.id, action, input: body.values.additionalProperties,
                                                                     expectedVersion: body.version, today: services.today(), as: p)
        return .ok(.init(body: .json(APISpotCheck.batch(batch))))
    }
}

/// The agency's results import for a task, as its page's upload: all rows or none.
extension APIHandler {
    func importTaskResults(_ input: Operations.ImportTaskResults.Input) async throws -> Operations.ImportTaskResults.Output {
        let p = try bridge.principal()
        guard TaskPolicy.mayImportResults(p) else { throw WebError.forbidden }
        guard try await TaskRepository(services.database).find(input.path.id, as: p) != nil else { throw WebError.notFound }
        guard case .binary(let upload) = input.body else { throw WebError.badRequest("请求体应为文件内容") }
        let data = try await APIBridge.collect(upload, upTo: services.settings.maxBodyBytes)
        do {
            let count = try await ResultImporter(services.database).run(taskId: input.path.id, data: data, today: services.today(), as: p)
            return .ok(.init(body: .json(.init(imported: count, errors: []))))
        } catch let rejected as ResultImporter.Rejected {
            return .unprocessableContent(.init(body: .json(.init(imported: 0, errors: rejected.errors.map {
                .init(row: $0.row, column: $0.column, message: $0.message)
            }))))
        }
    }
}

/// A batch's attachments, as on its page: listed, uploaded (the store checks the type by content and the size),
/// downloaded, each within the caller's scope.
extension APIHandler {
    func listBatchAttachments(_ input: Operations.ListBatchAttachments.Input) async throws -> Operations.ListBatchAttachments.Output {
        let p = try bridge.principal()
        guard try await BatchRepository(services.database).find(input.path.id, as: p) != nil else { throw WebError.notFound }
        return .ok(.init(body: .json(try await services.attachments.list(batchId: input.path.id).map(Self.attachment))))
    }

    func uploadBatchAttachment(_ input: Operations.UploadBatchAttachment.Input) async throws -> Operations.UploadBatchAttachment.Output {
        let p = try bridge.principal()
        guard case .binary(let upload) = input.body else { throw WebError.badRequest("请求体应为文件内容") }
        let data = try await APIBridge.collect(upload, upTo: AttachmentStore.maxBytes, tooLarge:
            StoreError.invalid(ValidationFailure([FieldError("file", "文件超过\(AttachmentStore.maxBytes / 1024 / 1024)MB")])))
        let saved = try await services.attachments.save(batchId: input.path.id, filename: input.query.name, data: data, as: p)
        return .created(.init(body: .json(Self.attachment(saved))))
    }

    func downloadAttachment(_ input: Operations.DownloadAttachment.Input) async throws -> Operations.DownloadAttachment.Output {
        let p = try bridge.principal()
        let (_, data) = try await services.attachments.open(input.path.id, as: p)
        return .ok(.init(body: .binary(HTTPBody(data))))
    }

    static func attachment(_ a: Attachment) -> Components.Schemas.Attachment {
        .init(id: a.id, batchId: a.batchId, filename: a.filename, contentType: a.contentType, size: a.size, sha256: a.sha256,
              createdBy: a.createdBy, createdAt: a.createdAt)
    }
}

/// The enterprise's quality archive, as its page: every check with its outcome, case leads and credit history.
extension APIHandler {
    func getEnterpriseArchive(_ input: Operations.GetEnterpriseArchive.Input) async throws -> Operations.GetEnterpriseArchive.Output {
        let p = try bridge.principal()
        guard AccessPolicy.access(p.role, .enterprise, .read) != .denied else { throw WebError.forbidden }
        guard let archive = try await EnterpriseArchive(services.database).of(input.path.id, as: p) else { throw WebError.notFound }
        let tested = archive.batches.filter { $0.verdict != nil }
        let computations: [Components.Schemas.CreditComputation] = try await CreditClassStore(services.database).history(archive.enterprise.id).map { c in
            Components.Schemas.CreditComputation(id: c.id, creditClass: .init(rawValue: c.creditClass.rawValue) ?? .b, previousClass: c.previous,
                                                 total: c.total, staticPoints: c.staticPoints, dynamicPoints: c.dynamicPoints, creditPoints: c.creditPoints,
                                                 reasons: c.reasons, cause: c.cause, day: c.day.description)
        }
        return .ok(.init(body: .json(.init(
            enterprise: try bridge.convert(APIBridge.Labelled(archive.enterprise)), batches: archive.batches.map(APISpotCheck.batch),
            tested: tested.count, failures: tested.filter(\.isFailure).count, refusals: archive.batches.filter { $0.state == .refused }.count,
            caseLeads: archive.caseLeads.map { .init(batchNumber: $0.batchNumber ?? "", summary: $0.summary, state: $0.state.label, createdAt: $0.receivedOn.description) },
            cases: archive.cases.map(APIEnforcement.case),
            creditHistory: archive.credit.map { .init(at: $0.at, creditClass: $0.creditClass, by: $0.by) },
            creditComputations: computations))))
    }
}

/// A batch's documents, with the content of their printable pages.
extension APIHandler {
    func getBatchDocument(_ input: Operations.GetBatchDocument.Input) async throws -> Operations.GetBatchDocument.Output {
        let p = try bridge.principal()
        guard let doc = BatchDocument(rawValue: input.path.doc.rawValue),
              let page = try await BatchDocumentRoutes.page(doc, batchId: input.path.id, as: p, services: services) else { throw WebError.notFound }
        return .ok(.init(body: .json(.init(title: page.title, number: page.number, issuer: page.issuer, date: page.date,
                                           batchNumber: page.batchNumber, rows: page.rows.map { .init(label: $0.label, value: $0.value) }))))
    }
}

/// The witness's registrations (DrawWitness), as its page has them.
extension APIHandler {
    func witness() throws -> Principal {
        let p = try bridge.principal()
        guard p.role == .witness else { throw WebError.forbidden }
        return p
    }

    func listWitnessAwaiting(_ input: Operations.ListWitnessAwaiting.Input) async throws -> Operations.ListWitnessAwaiting.Output {
        let items = try await WitnessRepository(services.database).awaiting(as: try witness())
        return .ok(.init(body: .json(.init(items: items.map { .init(subject: $0.subject, label: $0.label, detail: $0.detail) }))))
    }

    func listWitnessRegistrations(_ input: Operations.ListWitnessRegistrations.Input) async throws -> Operations.ListWitnessRegistrations.Output {
        let items = try await WitnessRepository(services.database).list(as: try witness())
        return .ok(.init(body: .json(.init(items: items.map(Self.registration)))))
    }

    func registerWitnessHash(_ input: Operations.RegisterWitnessHash.Input) async throws -> Operations.RegisterWitnessHash.Output {
        let p = try witness()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let r = try await WitnessRepository(services.database).register(subject: try APIBridge.text(body.subject, field: "subject", maxLength: 60) ?? "",
                                                                        hash: try APIBridge.text(body.hash, field: "hash", maxLength: 64) ?? "", as: p)
        return .created(.init(body: .json(Self.registration(r))))
    }

    func revealWitnessSecret(_ input: Operations.RevealWitnessSecret.Input) async throws -> Operations.RevealWitnessSecret.Output {
        let p = try witness()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let r = try await WitnessRepository(services.database).reveal(input.path.id, secret: body.secret, as: p)
        return .ok(.init(body: .json(Self.registration(r))))
    }

    static func registration(_ r: WitnessRepository.Registration) -> Components.Schemas.WitnessRegistration {
        .init(id: r.id, subject: r.subject, subjectLabel: r.subjectLabel, hash: r.hash, state: .init(rawValue: r.state) ?? .registered,
              stateLabel: r.stateLabel, registeredAt: r.registeredAt, commitmentHash: r.commitmentHash, secret: r.secret, revealedAt: r.revealedAt)
    }
}
