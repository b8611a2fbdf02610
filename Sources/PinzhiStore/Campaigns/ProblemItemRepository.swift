import Foundation
import PinzhiDomain
import SQLKit

/// The campaign's problem list (SPEC CP-4): items entered by the district (leads from outside the bureau, to be
/// verified first), written by an inspection's 不符合, a failed batch of a campaign product, a self-inspection or a
/// 回头看 that found the problem back; moved through the workflow engine (ProblemItemKind). 移送立案 writes a case lead
/// (source 问题清单) in the step's transaction; 复发 writes the new linked item in the 回头看's.
public struct ProblemItemRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Filter: Sendable {
        public var campaignId: Int64?
        public var state: ProblemState?
        public var source: ProblemSource?
        public var severity: ProblemSeverity?
        public var district: String?
        public var enterpriseId: Int64?
        /// Only items open past their deadline (as of `today`).
        public var overdueOn: Day?
        public var search: String?
        public init() {}
    }

    /// Who reads an item: the city and enforcement all, a district its district's, the enterprise its own.
    static func visible(_ q: SQLSelectBuilder, _ p: Principal) -> SQLSelectBuilder {
        switch p.role {
        case .cityAdmin, .citySupervisor, .enforcementOfficer: q
        case .districtSupervisor: q.where(SQLColumn("district_code", table: "i"), .equal, SQLBind(p.districtCode ?? ""))
        case .enterpriseUser: q.where(SQLColumn("enterprise_id", table: "i"), .equal, SQLBind(p.enterpriseId ?? -1))
        default: q.where(SQLRaw("1 = 0"))
        }
    }

    static func from(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
        // The campaign LEFT though every item has one (a foreign key): the items stay the outer table and a page is
        // read in order from problem_items_list, not sorted after a scan of the few campaigns (Migration040).
        q.from(SQLAlias(SQLIdentifier("problem_items"), as: SQLIdentifier("i")))
            .join(SQLAlias(SQLIdentifier("campaigns"), as: SQLIdentifier("k")), method: SQLJoinMethod.left,
                  on: SQLColumn("campaign_id", table: "i"), .equal, SQLColumn("id", table: "k"))
            .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("enterprise_id", table: "i"), .equal, SQLColumn("id", table: "e"))
            .join(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("p")), method: SQLJoinMethod.left,
                  on: SQLColumn("product_id", table: "i"), .equal, SQLColumn("id", table: "p"))
            .join(SQLAlias(SQLIdentifier("cases"), as: SQLIdentifier("c")), method: SQLJoinMethod.left,
                  on: SQLColumn("case_id", table: "i"), .equal, SQLColumn("id", table: "c"))
    }

    static func select(_ db: any SQLDatabase) -> SQLSelectBuilder {
        from(db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("i"))).column(SQLColumn("name", table: "k"), as: "campaign_name")
            .column(SQLColumn("name", table: "e"), as: "enterprise_name").column(SQLColumn("name", table: "p"), as: "product_name")
            .column(SQLColumn("filed_on", table: "c"), as: "case_filed_on"))
    }

    static func where_(_ q: SQLSelectBuilder, _ f: Filter, _ p: Principal) -> SQLSelectBuilder {
        var q = visible(q, p)
        if let c = f.campaignId { q = q.where(SQLColumn("campaign_id", table: "i"), .equal, SQLBind(c)) }
        if let s = f.state { q = q.where(SQLColumn("state", table: "i"), .equal, SQLBind(s.rawValue)) }
        if let s = f.source { q = q.where(SQLColumn("source", table: "i"), .equal, SQLBind(s.rawValue)) }
        if let s = f.severity { q = q.where(SQLColumn("severity", table: "i"), .equal, SQLBind(s.rawValue)) }
        if let d = f.district, !d.isEmpty { q = q.where(SQLColumn("district_code", table: "i"), .equal, SQLBind(d)) }
        if let e = f.enterpriseId { q = q.where(SQLColumn("enterprise_id", table: "i"), .equal, SQLBind(e)) }
        if let day = f.overdueOn {
            q = q.where(SQLColumn("state", table: "i"), .in, SQLBind.group(ProblemState.allCases.filter(\.isOpen).map(\.rawValue)))
                .where(SQLColumn("deadline", table: "i"), .lessThan, SQLBind(day.description))
        }
        if let s = f.search?.trimmed, !s.isEmpty {
            let like = "%\(s)%"
            q = q.where { g in
                g.where(SQLColumn("name", table: "e"), .like, SQLBind(like)).orWhere(SQLColumn("problem", table: "i"), .like, SQLBind(like))
                    .orWhere(SQLColumn("name", table: "p"), .like, SQLBind(like))
            }
        }
        return q
    }

    /// Open items first, soonest deadline first: read in order from Migration040's index.
    static var listOrder: [(any SQLExpression, SQLDirection)] {
        [(SQLRaw("CASE WHEN i.state IN ('verifying', 'listed', 'rectifying', 'awaiting_closure') THEN 0 ELSE 1 END"), .ascending),
         (SQLColumn("deadline", table: "i"), .ascending), (SQLColumn("id", table: "i"), .descending)]
    }

    /// The items of the filter: open ones first (soonest deadline first), then the newest.
    public func page(_ f: Filter, limit: Int, offset: Int, countLimit: Int? = nil, as p: Principal) async throws -> Page<ProblemItem> {
        try await database.session { db in
            // Counted from the items alone unless a search reads the enterprise's or product's name: every item's
            // enterprise exists and the other joins are LEFT on ids, so they change no count, and at city scale the
            // joins were a lookup per counted item, most of the list's time (issue 21).
            let alone = f.search?.trimmed.isEmpty ?? true
            return try await PagedSelect.page(db, counting: { count in
                Self.where_(alone ? count.from(SQLAlias(SQLIdentifier("problem_items"), as: SQLIdentifier("i"))) : Self.from(count), f, p)
            }, rows: Self.where_(Self.select(db), f, p),
                                       order: Self.listOrder,
                                       limit: limit, offset: offset, countLimit: countLimit, decode: Self.decode)
        }
    }

    /// Every item of a campaign the principal sees (progress and the closing rule read them all; a campaign's list
    /// is hundreds of items, not millions).
    public func all(campaign: Int64, as p: Principal) async throws -> [ProblemItem] {
        try await database.session { db in try await Self.all(db, campaign: campaign, p) }
    }

    static func all(_ db: any SQLDatabase, campaign: Int64, _ p: Principal) async throws -> [ProblemItem] {
        try await visible(select(db).where(SQLColumn("campaign_id", table: "i"), .equal, SQLBind(campaign)), p)
            .orderBy(SQLColumn("id", table: "i")).all().map(decode)
    }

    public func find(_ id: Int64, as p: Principal) async throws -> ProblemItem? {
        try await database.session { db in try await Self.find(db, id, p) }
    }

    public static func find(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> ProblemItem? {
        try await visible(select(db).where(SQLColumn("id", table: "i"), .equal, SQLBind(id)), p).first().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> ProblemItem {
        let day = { (column: String) throws -> Day? in try EnforcementScope.day(row, column) }
        var i = ProblemItem(id: try row.decode(column: "id", as: Int64.self), version: try row.decode(column: "version", as: Int.self),
                            campaignId: try row.decode(column: "campaign_id", as: Int64.self), campaignName: try row.decode(column: "campaign_name", as: String.self),
                            districtCode: try row.decode(column: "district_code", as: String?.self),
                            enterpriseId: try row.decode(column: "enterprise_id", as: Int64.self),
                            enterpriseName: try row.decode(column: "enterprise_name", as: String.self),
                            productId: try row.decode(column: "product_id", as: Int64?.self), productName: try row.decode(column: "product_name", as: String?.self),
                            stage: ProblemStage(rawValue: try row.decode(column: "stage", as: String.self)) ?? .production,
                            source: ProblemSource(rawValue: try row.decode(column: "source", as: String.self)) ?? .inspection,
                            problem: try row.decode(column: "problem", as: String.self), evidence: try row.decode(column: "evidence", as: String?.self),
                            reportedOn: try day("reported_on") ?? Day(year: 1970, month: 1, day: 1)!,
                            state: ProblemState(rawValue: try row.decode(column: "state", as: String.self)) ?? .listed)
        i.enteredOn = try day("entered_on") ?? i.reportedOn
        i.severity = try row.decode(column: "severity", as: String?.self).flatMap(ProblemSeverity.init(rawValue:))
        i.measures = CampaignJSON.decode([ProblemMeasure].self, try row.decode(column: "measures", as: String.self)) ?? []
        i.responsibleOrganisation = try row.decode(column: "responsible_organisation", as: String?.self)
        i.responsiblePerson = try row.decode(column: "responsible_person", as: String?.self)
        i.deadline = try day("deadline")
        i.rootCause = try row.decode(column: "root_cause", as: String?.self)
        i.closureEvidence = try row.decode(column: "closure_evidence", as: String?.self)
        i.closedOn = try day("closed_on")
        i.reviewDue = try day("review_due")
        i.reviewFinding = try row.decode(column: "review_finding", as: String?.self)
        i.carriedOver = try row.decode(column: "carried_over", as: String?.self)
        i.batchId = try row.decode(column: "batch_id", as: Int64?.self)
        i.inspectionId = try row.decode(column: "inspection_id", as: Int64?.self)
        i.leadId = try row.decode(column: "lead_id", as: Int64?.self)
        i.caseId = try row.decode(column: "case_id", as: Int64?.self)
        if let id = i.caseId, let filed = try day("case_filed_on") { i.caseNumber = EnforcementNumber.make("AJ", filed.year, id) }
        i.assistanceCaseId = try row.decode(column: "assistance_case_id", as: Int64?.self)
        i.relapseOf = try row.decode(column: "relapse_of", as: Int64?.self)
        return i
    }

    // MARK: New items

    /// Who enters items by hand: the city and a district bureau (for its own district's enterprises).
    public static func mayEnter(_ p: Principal) -> Bool { [.cityAdmin, .citySupervisor, .districtSupervisor].contains(p.role) }

    /// An item as the district enters it: a lead from outside the bureau (SPEC CP-4 sources) about an enterprise by USCC.
    public struct Entry: Sendable {
        public var campaignId: Int64
        public var uscc: String
        public var productCode: String?
        public var stage: ProblemStage
        public var source: ProblemSource
        public var problem: String
        public var evidence: String?

        public init(campaignId: Int64, uscc: String, productCode: String? = nil, stage: ProblemStage, source: ProblemSource, problem: String,
                    evidence: String? = nil) {
            self.campaignId = campaignId
            self.uscc = uscc
            self.productCode = productCode
            self.stage = stage
            self.source = source
            self.problem = problem
            self.evidence = evidence
        }
    }

    /// Enters a lead; it waits for verification (待核查). Audited; a bad input writes nothing.
    public func enter(_ entry: Entry, today: Day, as p: Principal) async throws -> ProblemItem {
        guard Self.mayEnter(p) else { throw StoreError.forbidden }
        var errors: [FieldError] = []
        if !ProblemSource.entered.contains(entry.source) { errors.append(FieldError("source", "来源应为：\(ProblemSource.entered.map(\.label).joined(separator: "、"))")) }
        let problem = entry.problem.trimmed
        if problem.count < 6 || problem.count > 2000 { errors.append(FieldError("problem", "请写明存在的问题（6至2000个字）")) }
        for (field, text) in [("problem", problem), ("evidence", entry.evidence ?? ""), ("uscc", entry.uscc)] where text.hasInvisibleControl {
            errors.append(FieldError(field, "含有不可见的控制字符"))
        }
        guard errors.isEmpty else { throw StoreError.invalid(ValidationFailure(errors)) }
        return try await database.transaction { db in
            guard try await CampaignRepository.find(db, entry.campaignId, p)?.state == .active else {
                throw StoreError.invalid(ValidationFailure([FieldError("campaignId", "请选择进行中的专项行动")]))
            }
            let uscc = entry.uscc.trimmed.uppercased()
            guard let e = try await db.select().column("id").column("district_code").from("enterprises").where("uscc", .equal, SQLBind(uscc)).first() else {
                throw StoreError.invalid(ValidationFailure([FieldError("uscc", "未找到该统一社会信用代码的企业")]))
            }
            let district = try e.decode(column: "district_code", as: String?.self)
            guard AssistancePolicy.organises(p, districtCode: district) else {
                throw StoreError.invalid(ValidationFailure([FieldError("uscc", "该企业不在本辖区")]))
            }
            var productId: Int64?
            if let code = entry.productCode?.trimmed, !code.isEmpty {
                guard let id = try await db.select().column("id").from("products").where("code", .equal, SQLBind(code)).first()?.decode(column: "id", as: Int64.self) else {
                    throw StoreError.invalid(ValidationFailure([FieldError("productCode", "未找到该产品编码的产品")]))
                }
                productId = id
            }
            let item = ProblemItem(campaignId: entry.campaignId, districtCode: district, enterpriseId: try e.decode(column: "id", as: Int64.self),
                                   productId: productId, stage: entry.stage, source: entry.source, problem: problem,
                                   evidence: entry.evidence?.trimmed.nilIfEmpty, reportedOn: today)
            return try await Self.insert(db, item, by: p)
        }
    }

    /// Writes a new item in the caller's transaction (an inspection's findings, a failed batch, a self-inspection,
    /// a relapse), with its audit row; returns it as stored.
    static func insert(_ db: any SQLDatabase, _ item: ProblemItem, by p: Principal) async throws -> ProblemItem {
        let now = Clock.nowText()
        let id = try await db.insert(into: "problem_items")
            .columns("campaign_id", "district_code", "enterprise_id", "product_id", "stage", "source", "problem", "evidence", "reported_on", "state",
                     "entered_on", "measures", "batch_id", "inspection_id", "relapse_of", "created_by", "created_at", "updated_at")
            .values(SQLBind(item.campaignId), SQLBind(item.districtCode), SQLBind(item.enterpriseId), SQLBind(item.productId), SQLBind(item.stage.rawValue),
                    SQLBind(item.source.rawValue), SQLBind(item.problem), SQLBind(item.evidence), SQLBind(item.reportedOn.description),
                    SQLBind(item.state.rawValue), SQLBind(item.enteredOn.description), SQLBind("[]"), SQLBind(item.batchId), SQLBind(item.inspectionId),
                    SQLBind(item.relapseOf), SQLBind(p.username), SQLBind(now), SQLBind(now))
            .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
        guard let stored = try await select(db).where(SQLColumn("id", table: "i"), .equal, SQLBind(id)).first().map(decode) else {
            throw StoreError.internalError("问题清单事项写入后未能读出")
        }
        // An open item is an input of the enterprise's credit class (RK-3).
        try await CreditClassStore.enqueue(db, [stored.enterpriseId], cause: "问题清单\(stored.number)：\(stored.state.label)")
        try await AuditLog.append(db, actor: AuditActor(p), action: "create", entity: ProblemItemKind.name, entityId: id,
                                  summary: "列入问题清单\(stored.number)：\(stored.enterpriseName)（\(stored.source.label)）\(stored.problem)",
                                  before: nil, after: AuditLog.json(stored))
        return stored
    }

    /// A failed batch of a campaign's key product makes an item at once, in the transaction that found it failed
    /// (SPEC CP-4): for every active campaign of that product whose period covers the batch's sampling day; once.
    package static func fromFailedBatch(_ db: any SQLDatabase, _ batch: Batch, today: Day, by p: Principal) async throws {
        let sampled = batch.sampledOn ?? today
        for campaign in try await CampaignRepository.active(db) where campaign.productIds.contains(batch.productId)
            && campaign.startsOn <= sampled && sampled <= campaign.endsOn {
            let exists = try await db.select().column("id").from("problem_items").where("campaign_id", .equal, SQLBind(campaign.id))
                .where("batch_id", .equal, SQLBind(batch.id)).first()
            guard exists == nil else { continue }
            // Online sampling counts as 流通 (CP-5).
            var item = ProblemItem(campaignId: campaign.id, districtCode: batch.enterpriseDistrict.nilIfEmpty, enterpriseId: batch.enterpriseId,
                                   productId: batch.productId, stage: batch.stage == .production ? .production : .circulation, source: .spotCheck,
                                   problem: "监督抽查不合格（\(batch.number)）：\(batch.failedItems ?? "不合格项目见检验报告")", reportedOn: today)
            item.batchId = batch.id
            _ = try await insert(db, item, by: p)
        }
    }

    /// The cases of the item's enterprise that may be linked (关联案件).
    package static func linkableCases(_ db: any SQLDatabase, enterprise: Int64) async throws -> [LinkableCase] {
        try await CaseRepository.select(db).where(SQLColumn("enterprise_id", table: "c"), .equal, SQLBind(enterprise))
            .orderBy(SQLColumn("id", table: "c"), SQLDirection.descending).limit(50).all().map(CaseRepository.decode)
            .map { LinkableCase(id: $0.id, number: $0.number, state: $0.state.label) }
    }

    /// The items on which a principal may owe a step, for the workbench.
    public func open(as p: Principal, today _: Day) async throws -> [ProblemItem] {
        try await database.session { db in
            try await Self.visible(Self.select(db), p).where(SQLColumn("state", table: "i"), .in,
                                                             SQLBind.group(Workflow<ProblemItemKind>.dutyStates(for: p.role).map(\.rawValue)))
                .orderBy(SQLColumn("id", table: "i")).limit(1000).all().map(Self.decode)
        }
    }
}

extension ProblemItemRepository: BulkWorkflowRecords {
    public typealias Kind = ProblemItemKind
    package static let table = "problem_items"

    /// 关联案件 chooses among the enterprise's cases.
    public static func context(_ db: any SQLDatabase, _ record: ProblemItem, _ action: ProblemAction, base: BasicContext, by p: Principal,
                               taking: Bool, seed: UInt64?) async throws -> ProblemContext {
        var context = ProblemContext(today: base.today, rules: base.rules, calendar: base.calendar)
        if action == .linkCase { context.cases = try await linkableCases(db, enterprise: record.enterpriseId) }
        return context
    }

    package static func stepColumns(_ i: ProblemItem) -> [(String, BulkUpdate.Kind, SQLBind)] {
        [("entered_on", .text, SQLBind(i.enteredOn.description)), ("severity", .text, SQLBind(i.severity?.rawValue)),
         ("measures", .text, SQLBind(AuditLog.json(i.measures) ?? "[]")), ("responsible_organisation", .text, SQLBind(i.responsibleOrganisation)),
         ("responsible_person", .text, SQLBind(i.responsiblePerson)), ("deadline", .text, SQLBind(i.deadline?.description)),
         ("root_cause", .text, SQLBind(i.rootCause)), ("closure_evidence", .text, SQLBind(i.closureEvidence)),
         ("closed_on", .text, SQLBind(i.closedOn?.description)), ("review_due", .text, SQLBind(i.reviewDue?.description)),
         ("review_finding", .text, SQLBind(i.reviewFinding)), ("carried_over", .text, SQLBind(i.carriedOver)), ("case_id", .bigint, SQLBind(i.caseId))]
    }

    package static func withVersion(_ i: ProblemItem, _ version: Int) -> ProblemItem {
        var i = i
        i.version = version
        return i
    }

    public static func save(_ db: any SQLDatabase, _ step: StepOutcome<ProblemItemKind>, before: ProblemItem) async throws -> ProblemItem {
        let i = step.record
        try await WorkflowRows.update(db, "problem_items", id: i.id, version: before.version, from: before.state.rawValue, to: i.state.rawValue,
                                      setting: stepColumns(i).map { ($0.0, $0.2) })
        return withVersion(i, before.version + 1)
    }

    /// 移送立案: a case lead on enforcement's list, its id kept on the item; 复发: a new item linked to this one.
    public static func record(_ db: any SQLDatabase, _ step: StepOutcome<ProblemItemKind>, before: ProblemItem, context: ProblemContext,
                              by p: Principal, at now: String) async throws {
        if step.from != step.to {
            try await CreditClassStore.enqueue(db, [before.enterpriseId], cause: "问题清单\(before.number)：\(step.summary)")
        }
        if let facts = step.effects.lead {
            let lead = try await db.insert(into: "leads").columns(LeadRepository.columns)
                .values(LeadRepository.row(LeadDraft(.problemItem, "问题清单\(before.number)：\(facts)"), batchId: before.batchId,
                                           enterpriseId: before.enterpriseId, district: before.districtCode, on: context.today, by: p.username, at: now))
                .returning("id").first()?.decode(column: "id", as: Int64.self)
            try await db.update("problem_items").set("lead_id", to: SQLBind(lead)).where("id", .equal, SQLBind(before.id)).run()
        }
        if step.effects.relapse {
            var item = ProblemItem(campaignId: before.campaignId, districtCode: before.districtCode, enterpriseId: before.enterpriseId,
                                   productId: before.productId, stage: before.stage, source: .relapse,
                                   problem: "回头看发现问题复发（原\(before.number)）：\(step.record.reviewFinding ?? before.problem)", reportedOn: context.today)
            item.relapseOf = before.id
            _ = try await insert(db, item, by: p)
        }
    }
}

extension ProblemItemRepository: OpenRecordDuties {}

/// The campaign tables' JSON columns, read leniently (a column written by an older version decodes to nil).
enum CampaignJSON {
    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
