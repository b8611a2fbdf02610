import Foundation
import PinzhiDomain
import PinzhiStore
import SQLKit

/// Takes a batch's steps in memory with BatchWorkflow, exactly as BatchRepository.act would in the database, and
/// keeps the rows each step writes, so that `pinzhi generate` writes a task's batches in a few bulk statements.
/// The rows are the same functions' output as the live path's (StepRows, PublicationStore.row, RiskItemRepository.row).
/// What the live path does after each step and the generator does once at its end: the products' risk grades and
/// the enterprises' credit classes (ScaleGenerator.grade), which at a million enterprises would otherwise be
/// recomputed millions of times.
// One recorder belongs to one task's generation: filled by its walks, then written once; never shared while mutated.
final class BatchRowRecorder: @unchecked Sendable {
    let rules: RuleSet
    let calendar: WorkingDayCalendar
    let items: [TestItem]
    /// Agencies with a contract for the task's product that year, with their codes: the recheck draw's list.
    let qualified: [(id: Int64, code: String)]
    let agencyNames: [Int64: String]

    private(set) var events: [[any SQLExpression]] = []
    private(set) var results: [[any SQLExpression]] = []
    private(set) var caseLeads: [[any SQLExpression]] = []
    private(set) var publications: [[any SQLExpression]] = []
    /// The risk items the failures raise (RK-1); their products are re-graded once the generation ends.
    private(set) var riskItems: [(item: RiskItem, by: String)] = []
    /// Each accepted objection's committed list, and the draw made from it if any.
    private(set) var recheckLists: [(batch: Batch, list: ListDraw, by: Principal, drawn: (reveal: CommittedDraw.Reveal, outcome: ListDraw.Outcome, by: Principal)?)] = []
    private var starts: [Int64: Batch] = [:]
    private var finals: [Int64: (batch: Batch, steps: Int)] = [:]
    private let now = Clock.nowText()

    init(rules: RuleSet, calendar: WorkingDayCalendar, items: [TestItem], qualified: [(id: Int64, code: String)], agencyNames: [Int64: String]) {
        self.rules = rules
        self.calendar = calendar
        self.items = items
        self.qualified = qualified
        self.agencyNames = agencyNames
    }

    var steps: DemoBatchWalk.Steps {
        DemoBatchWalk.Steps(items: { [items] _ in items }, take: { action, who, day, input, b in try self.take(action, who, day, input, b) },
                            recheckPossible: { [qualified] b in qualified.contains { $0.id != b.agencyId } })
    }

    func take(_ action: BatchAction, _ who: Principal, _ day: Day, _ input: [String: String], _ b: Batch) throws -> Batch {
        if starts[b.id] == nil { starts[b.id] = b }
        var context = BatchContext(today: day, rules: rules, calendar: calendar)
        if action == .report || action == .reviseReport { context.items = items }
        let seed = UInt64(b.id) &* 2_654_435_761
        if action == .acceptObjection {
            context.recheckList = RecheckAgencyDraw.list(batchNumber: b.number, day: day, qualified: qualified, firstAgency: b.agencyId,
                                                         salts: ListCommitmentStore.salts(RecheckAgencyDraw.distinct(qualified), seed: seed),
                                                         committedAt: "\(day)T02:00:00.000Z")
        }
        if action == .drawRecheckAgency {
            context.recheckList = recheckLists.last { $0.batch.id == b.id }?.list
            context.agencyNames = agencyNames
        }
        let step: BatchStep
        switch BatchWorkflow.apply(action, to: b, by: who, input: input, context: context) {
        case .success(let s): step = s
        case .failure(let refusal): throw StoreError.conflict("生成的步骤被流程拒绝：\(action.label) \(refusal)")
        }
        events.append(WorkflowEvents.row(step, from: b, today: day, at: now, by: who, rulesVersion: rules.version))
        results += step.results.map { StepRows.result($0, of: step.batch) }
        if let lead = step.caseLead {
            caseLeads.append(LeadRepository.row(lead, batchId: b.id, enterpriseId: b.enterpriseId, district: b.enterpriseDistrict, on: day,
                                                by: who.username, at: now))
        }
        if step.effects.raisesRisk {
            riskItems.append((RiskItem.fromFailedBatch(step.batch, on: day), who.username))
        }
        if step.publishes { publications.append(PublicationStore.row(step.batch, day: day, by: who.username)) }
        if step.commitsRecheckList, let list = context.recheckList { recheckLists.append((step.batch, list, who, nil)) }
        if let drawn = step.recheckDraw, let index = recheckLists.lastIndex(where: { $0.batch.id == b.id }) {
            recheckLists[index].batch = step.batch
            recheckLists[index].drawn = (drawn.reveal, drawn.outcome, who)
        }
        var after = step.batch
        after.version = b.version + 1
        finals[b.id] = (after, (finals[b.id]?.steps ?? 0) + 1)
        return after
    }

    /// Writes everything recorded, inside the caller's transaction.
    func write(_ db: any SQLDatabase, by user: String) async throws {
        try await BatchRepository.update(db, finals.sorted { $0.key < $1.key }.map { ($0.value.batch, starts[$0.key]!.version, $0.value.steps) })
        // The five tables' inserts in one pipeline: each statement built while the one before it runs.
        try await PipelinedStatements.run(db, BulkInsert.statements(db, "batch_events", WorkflowEvents.columns(BatchKind.self), events)
            + BulkInsert.statements(db, "batch_results", StepRows.resultColumns, results)
            + BulkInsert.statements(db, "leads", LeadRepository.columns, caseLeads)
            + BulkInsert.statements(db, "publications", PublicationStore.columns, publications)
            + BulkInsert.statements(db, "risk_items", RiskItemRepository.columns, riskItems.map { RiskItemRepository.row($0.item, by: $0.by, at: now) }))
        try await RiskRollup.added(db, riskItems.map(\.item))
        for (b, list, who, drawn) in recheckLists {
            let commitment = try await ListCommitmentStore.commit(db, list, recordId: b.id, entity: "batch", entityId: b.id, by: who.username, actor: AuditActor(who))
            guard let drawn else { continue }
            try await ListCommitmentStore.markDrawn(db, commitment.id, reveal: drawn.reveal, outcome: drawn.outcome, entity: "batch", entityId: b.id,
                                                    by: drawn.by.username, actor: AuditActor(drawn.by), at: now)
            try await BatchRepository.recordRecheckDraw(db, b, commitmentId: commitment.id, reveal: drawn.reveal, outcome: drawn.outcome, by: drawn.by.username)
        }
        try await RateRollup.apply(db, changes: finals.map { (starts[$0.key]!, $0.value.batch) })
    }

    var batchCount: Int { starts.count }
    var eventCount: Int { events.count }
    var verdicts: Int { finals.values.filter { $0.batch.verdict != nil }.count }
}
