import Foundation
import PinzhiDomain
import SQLKit

/// Quality technical assistance cases (SPEC TA-1, TA-2): requested by the enterprise, its district or from a failed
/// batch, moved through the workflow engine (AssistanceKind). Each request commits the expert pool at once
/// (PZ-DRAW-2 list, every active expert, a declared conflict never eligible), so 派单 can only draw from a list
/// published before its public value; a decline commits a new pool without the decliner.
public struct AssistanceRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Filter: Sendable {
        public var state: AssistanceState?
        public var mode: AssistanceMode?
        public var origin: AssistanceOrigin?
        public var district: String?
        public var year: Int?
        public var search: String?
        public var enterpriseId: Int64?
        public var batchId: Int64?
        public init() {}
    }

    /// Who reads a case: the city all, a district bureau its district's, an expert those drawn for it, the enterprise
    /// its own.
    static func visible(_ q: SQLSelectBuilder, _ p: Principal) -> SQLSelectBuilder {
        switch p.role {
        case .cityAdmin, .citySupervisor: q
        case .districtSupervisor: q.where(SQLColumn("district_code", table: "c"), .equal, SQLBind(p.districtCode ?? ""))
        case .expert:
            q.where(SQLQueryString("EXISTS (SELECT 1 FROM assistance_case_experts x WHERE x.assistance_case_id = c.id AND x.expert_id = \(bind: p.expertId ?? -1))"))
        case .enterpriseUser: q.where(SQLColumn("enterprise_id", table: "c"), .equal, SQLBind(p.enterpriseId ?? -1))
        default: q.where(SQLRaw("1 = 0"))
        }
    }

    static func from(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
        q.from(SQLAlias(SQLIdentifier("assistance_cases"), as: SQLIdentifier("c")))
            .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("enterprise_id", table: "c"), .equal, SQLColumn("id", table: "e"))
            .join(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("p")), method: SQLJoinMethod.left,
                  on: SQLColumn("product_id", table: "c"), .equal, SQLColumn("id", table: "p"))
    }

    static func select(_ db: any SQLDatabase) -> SQLSelectBuilder {
        from(db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("c"))).column(SQLColumn("name", table: "e"), as: "enterprise_name")
            .column(SQLColumn("scale", table: "e"), as: "enterprise_scale").column(SQLColumn("cluster", table: "e"), as: "enterprise_cluster")
            .column(SQLColumn("name", table: "p"), as: "product_name"))
    }

    static func where_(_ q: SQLSelectBuilder, _ f: Filter, _ p: Principal) -> SQLSelectBuilder {
        var q = visible(q, p)
        if let s = f.state { q = q.where(SQLColumn("state", table: "c"), .equal, SQLBind(s.rawValue)) }
        if let m = f.mode { q = q.where(SQLColumn("mode", table: "c"), .equal, SQLBind(m.rawValue)) }
        if let o = f.origin { q = q.where(SQLColumn("origin", table: "c"), .equal, SQLBind(o.rawValue)) }
        if let d = f.district, !d.isEmpty { q = q.where(SQLColumn("district_code", table: "c"), .equal, SQLBind(d)) }
        if let e = f.enterpriseId { q = q.where(SQLColumn("enterprise_id", table: "c"), .equal, SQLBind(e)) }
        if let b = f.batchId { q = q.where(SQLColumn("batch_id", table: "c"), .equal, SQLBind(b)) }
        if let y = f.year {
            q = q.where(SQLColumn("requested_on", table: "c"), .greaterThanOrEqual, SQLBind("\(y)-01-01"))
                .where(SQLColumn("requested_on", table: "c"), .lessThan, SQLBind("\(y + 1)-01-01"))
        }
        if let s = f.search?.trimmed, !s.isEmpty {
            let like = "%\(s)%"
            q = q.where { g in
                g.where(SQLColumn("name", table: "e"), .like, SQLBind(like)).orWhere(SQLColumn("problems", table: "c"), .like, SQLBind(like))
                    .orWhere(SQLColumn("name", table: "p"), .like, SQLBind(like))
            }
        }
        return q
    }

    /// Open cases first, then the newest: read in order from Migration040's index.
    static var listOrder: [(any SQLExpression, SQLDirection)] {
        [(SQLRaw("CASE WHEN c.state = 'closed' THEN 1 ELSE 0 END"), .ascending),
         (SQLColumn("requested_on", table: "c"), .descending), (SQLColumn("id", table: "c"), .descending)]
    }

    /// The cases of the filter: those waiting for a step first, then the newest.
    public func page(_ f: Filter, limit: Int, offset: Int, as p: Principal) async throws -> Page<AssistanceCase> {
        try await database.session { db in
            try await PagedSelect.page(db, counting: { Self.where_(Self.from($0), f, p) }, rows: Self.where_(Self.select(db), f, p),
                                       order: Self.listOrder,
                                       limit: limit, offset: offset, decode: Self.decode)
        }
    }

    public func find(_ id: Int64, as p: Principal) async throws -> AssistanceCase? {
        try await database.session { db in try await Self.find(db, id, p) }
    }

    public static func find(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> AssistanceCase? {
        try await visible(select(db).where(SQLColumn("id", table: "c"), .equal, SQLBind(id)), p).first().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> AssistanceCase {
        let day = { (column: String) throws -> Day? in try EnforcementScope.day(row, column) }
        var c = AssistanceCase(id: try row.decode(column: "id", as: Int64.self), version: try row.decode(column: "version", as: Int.self),
                               enterpriseId: try row.decode(column: "enterprise_id", as: Int64.self),
                               enterpriseName: try row.decode(column: "enterprise_name", as: String.self),
                               districtCode: try row.decode(column: "district_code", as: String?.self),
                               productId: try row.decode(column: "product_id", as: Int64?.self), productName: try row.decode(column: "product_name", as: String?.self),
                               mode: AssistanceMode(rawValue: try row.decode(column: "mode", as: String.self)) ?? .routine,
                               origin: AssistanceOrigin(rawValue: try row.decode(column: "origin", as: String.self)) ?? .enterprise,
                               batchId: try row.decode(column: "batch_id", as: Int64?.self), problems: try row.decode(column: "problems", as: String.self),
                               suggestion: try row.decode(column: "suggestion", as: String?.self),
                               requestedOn: try day("requested_on") ?? Day(year: 1970, month: 1, day: 1)!,
                               state: AssistanceState(rawValue: try row.decode(column: "state", as: String.self)) ?? .requested, enteredOn: try day("entered_on"),
                               experts: Self.json([AssignedExpert].self, try row.decode(column: "experts_json", as: String.self)) ?? [])
        c.problemItemId = try row.decode(column: "problem_item_id", as: Int64?.self)
        c.servedOn = try day("served_on")
        c.diagnosis = try row.decode(column: "diagnosis_json", as: String?.self).flatMap { Self.json(Diagnosis.self, $0) }
        c.rectification = try row.decode(column: "rectification", as: String?.self)
        c.rating = try row.decode(column: "rating", as: Int?.self)
        c.ratingComment = try row.decode(column: "rating_comment", as: String?.self)
        c.problemsSolved = try row.decode(column: "problems_solved", as: Int.self)
        c.outputValueGained = try row.decode(column: "output_value", as: Double.self)
        c.outputEvidence = try row.decode(column: "output_evidence", as: String?.self)
        c.closedOn = try day("closed_on")
        c.revisitDue = try day("revisit_due")
        c.revisitedOn = try day("revisited_on")
        return c
    }

    static func json<T: Decodable>(_ type: T.Type, _ text: String) -> T? { try? JSONDecoder().decode(type, from: Data(text.utf8)) }

    // MARK: Requests

    /// A request as the enterprise or the bureau writes it. The enterprise's own account asks for itself; the
    /// bureau names the enterprise by USCC, or starts from a failed batch (its enterprise, product, failed items and
    /// 质量建议书 come with it).
    public struct Request: Sendable {
        public var uscc: String?
        public var batchId: Int64?
        /// From a campaign's problem item (SPEC TA-2): its enterprise, product and problem come with it.
        public var problemItemId: Int64?
        public var productCode: String?
        public var mode: AssistanceMode
        public var problems: String

        public init(uscc: String? = nil, batchId: Int64? = nil, problemItemId: Int64? = nil, productCode: String? = nil, mode: AssistanceMode, problems: String) {
            self.uscc = uscc
            self.batchId = batchId
            self.problemItemId = problemItemId
            self.productCode = productCode
            self.mode = mode
            self.problems = problems
        }
    }

    /// What a request from a failed batch starts with: its enterprise, product, failed items and the agency's 质量建议书.
    public struct BatchPrefill: Sendable {
        public var batch: Batch
        public var problems: String
        public var suggestion: String?
    }

    public func prefill(batch id: Int64, as p: Principal) async throws -> BatchPrefill? {
        try await database.session { db in try await Self.prefill(db, id, p) }
    }

    static func prefill(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> BatchPrefill? {
        guard let batch = try await BatchRepository.find(db, id, p), batch.isFailure else { return nil }
        // The 质量建议书 is the text of the agency's `suggest` step (004 §十八), kept in its event.
        let data = try await db.select().column("data_json").from("batch_events").where("batch_id", .equal, SQLBind(id))
            .where("action", .equal, SQLBind("suggest")).orderBy("id", .descending).first()?.decode(column: "data_json", as: String.self)
        let suggestion = data.flatMap { Self.json([String: String].self, $0) }?["suggestion"]
        let problems = "监督抽查不合格（\(batch.number)，\(batch.productName)）：\(batch.failedItems ?? "不合格项目见检验报告")"
        return BatchPrefill(batch: batch, problems: problems, suggestion: suggestion)
    }

    /// The batch's case not closed yet, if any (read without scope: it only decides whether another may be opened).
    static func open(_ db: any SQLDatabase, batch: Int64) async throws -> AssistanceCase? {
        try await select(db).where(SQLColumn("batch_id", table: "c"), .equal, SQLBind(batch))
            .where(SQLColumn("state", table: "c"), .notEqual, SQLBind(AssistanceState.closed.rawValue)).orderBy(SQLColumn("id", table: "c")).first().map(decode)
    }

    /// The batch's newest case the principal may read, for the batch's page.
    public func latest(batch: Int64, as p: Principal) async throws -> AssistanceCase? {
        try await database.session { db in
            try await Self.visible(Self.select(db).where(SQLColumn("batch_id", table: "c"), .equal, SQLBind(batch)), p)
                .orderBy(SQLColumn("id", table: "c"), SQLDirection.descending).first().map(Self.decode)
        }
    }

    /// Who may request: an enterprise for itself, the city and a district bureau (AssistancePolicy.organises).
    public static func mayRequest(_ p: Principal) -> Bool {
        p.role == .enterpriseUser || [.cityAdmin, .citySupervisor, .districtSupervisor].contains(p.role)
    }

    /// Files a request and commits its expert pool in one transaction; audited.
    public func request(_ input: Request, today: Day, as p: Principal) async throws -> AssistanceCase {
        guard Self.mayRequest(p) else { throw StoreError.forbidden }
        var errors: [FieldError] = []
        let problems = input.problems.trimmed
        if input.batchId == nil, input.problemItemId == nil, problems.count < 6 || problems.count > 2000 { errors.append(FieldError("problems", "请写明需要帮扶的质量问题（6至2000个字）")) }
        for (field, text) in [("problems", problems), ("uscc", input.uscc ?? ""), ("productCode", input.productCode ?? "")] where text.hasInvisibleControl {
            errors.append(FieldError(field, "含有不可见的控制字符"))
        }
        if p.role != .enterpriseUser, input.batchId == nil, input.problemItemId == nil, (input.uscc ?? "").trimmed.isEmpty {
            errors.append(FieldError("uscc", "请填写需要帮扶的企业的统一社会信用代码"))
        }
        guard errors.isEmpty else { throw StoreError.invalid(ValidationFailure(errors)) }
        return try await database.transaction { db in
            var enterpriseId: Int64, productId: Int64? = nil, origin: AssistanceOrigin, suggestion: String? = nil, text = problems
            if let batchId = input.batchId {
                guard p.role != .enterpriseUser, let prefill = try await Self.prefill(db, batchId, p) else {
                    throw StoreError.invalid(ValidationFailure([FieldError("batchId", "未找到可见的不合格批次")]))
                }
                // One open case per failed batch: a second request would send a second team to the same problem.
                if let open = try await Self.open(db, batch: batchId) {
                    throw StoreError.invalid(ValidationFailure([FieldError("batchId", "该不合格批次已有未结案的帮扶案例\(open.number)")]))
                }
                enterpriseId = prefill.batch.enterpriseId
                productId = prefill.batch.productId
                origin = .batch
                suggestion = prefill.suggestion
                if text.isEmpty { text = prefill.problems }
            } else if let itemId = input.problemItemId {
                guard p.role != .enterpriseUser, let item = try await ProblemItemRepository.find(db, itemId, p),
                      AssistancePolicy.organises(p, districtCode: item.districtCode) else {
                    throw StoreError.invalid(ValidationFailure([FieldError("problemItemId", "未找到可见的问题清单事项")]))
                }
                // One open case per problem item, as per failed batch.
                if let open = try await Self.select(db).where(SQLColumn("problem_item_id", table: "c"), .equal, SQLBind(itemId))
                    .where(SQLColumn("state", table: "c"), .notEqual, SQLBind(AssistanceState.closed.rawValue)).first().map(Self.decode) {
                    throw StoreError.invalid(ValidationFailure([FieldError("problemItemId", "该问题已有未结案的帮扶案例\(open.number)")]))
                }
                enterpriseId = item.enterpriseId
                productId = item.productId
                origin = .problem
                if text.isEmpty { text = "问题清单\(item.number)（\(item.source.label)）：\(item.problem)" }
            } else if p.role == .enterpriseUser {
                guard let own = p.enterpriseId else { throw StoreError.forbidden }
                enterpriseId = own
                origin = .enterprise
            } else {
                let uscc = (input.uscc ?? "").trimmed.uppercased()
                guard let e = try await db.select().column("id").column("district_code").from("enterprises").where("uscc", .equal, SQLBind(uscc)).first() else {
                    throw StoreError.invalid(ValidationFailure([FieldError("uscc", "未找到该统一社会信用代码的企业")]))
                }
                guard AssistancePolicy.organises(p, districtCode: try e.decode(column: "district_code", as: String?.self)) else {
                    throw StoreError.invalid(ValidationFailure([FieldError("uscc", "该企业不在本辖区")]))
                }
                enterpriseId = try e.decode(column: "id", as: Int64.self)
                origin = .district
            }
            if let code = input.productCode?.trimmed, !code.isEmpty {
                guard let id = try await db.select().column("id").from("products").where("code", .equal, SQLBind(code)).first()?
                    .decode(column: "id", as: Int64.self) else {
                    throw StoreError.invalid(ValidationFailure([FieldError("productCode", "未找到该产品编码的产品")]))
                }
                productId = id
            }
            let district = try await db.select().column("district_code").from("enterprises").where("id", .equal, SQLBind(enterpriseId)).first()?
                .decode(column: "district_code", as: String?.self)
            let now = Clock.nowText()
            let id = try await db.insert(into: "assistance_cases")
                .columns("enterprise_id", "district_code", "product_id", "mode", "origin", "batch_id", "problem_item_id", "problems", "suggestion",
                         "requested_on", "state", "entered_on", "experts_json", "created_by", "created_at", "updated_at")
                .values(SQLBind(enterpriseId), SQLBind(district), SQLBind(productId), SQLBind(input.mode.rawValue), SQLBind(origin.rawValue),
                        SQLBind(input.batchId), SQLBind(input.problemItemId), SQLBind(text), SQLBind(suggestion), SQLBind(today.description),
                        SQLBind(AssistanceState.requested.rawValue), SQLBind(today.description), SQLBind("[]"), SQLBind(p.username), SQLBind(now), SQLBind(now))
                .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
            guard let c = try await Self.find(db, id, p) else { throw StoreError.internalError("帮扶需求写入后未能读出") }
            try await AuditLog.append(db, actor: AuditActor(p), action: "create", entity: AssistanceKind.name, entityId: id,
                                      summary: "提出质量技术帮扶需求\(c.number)：\(c.enterpriseName)（\(c.mode.label)，\(c.origin.label)）",
                                      before: nil, after: AuditLog.json(c))
            try await Self.commitPool(db, c, declined: [], today: today, by: p)
            if let itemId = input.problemItemId {
                // The item links its newest assistance case.
                try await db.update("problem_items").set("assistance_case_id", to: SQLBind(id)).where("id", .equal, SQLBind(itemId)).run()
            }
            return c
        }
    }

    /// Commits the case's expert pool: every active expert once, a declared conflict with the enterprise (by its
    /// USCC, ExpertConflict) and an earlier decliner not eligible.
    static func commitPool(_ db: any SQLDatabase, _ c: AssistanceCase, declined: Set<Int64>, today: Day, by p: Principal) async throws {
        let uscc = try await db.select().column("uscc").from("enterprises").where("id", .equal, SQLBind(c.enterpriseId)).first()?
            .decode(column: "uscc", as: String.self) ?? ""
        let conflicted = Set(try await db.select().column("expert_id").from("expert_conflicts").where("enterprise_uscc", .equal, SQLBind(uscc))
            .where("active", .equal, SQLBind(true)).all().map { try $0.decode(column: "expert_id", as: Int64.self) })
        let experts = try await db.select().column("id").column("code").from("experts").where("active", .equal, SQLBind(true)).orderBy("id").all()
            .map { (id: try $0.decode(column: "id", as: Int64.self), code: try $0.decode(column: "code", as: String.self), conflicted: false) }
            .map { (id: $0.id, code: $0.code, conflicted: conflicted.contains($0.id)) }
        let list = AssistanceExpertDraw.list(caseNumber: c.number, day: today, experts: experts, declined: declined,
                                             salts: ListCommitmentStore.salts(AssistanceExpertDraw.distinct(experts)), committedAt: Clock.nowText())
        _ = try await ListCommitmentStore.commit(db, list, recordId: c.id, entity: AssistanceKind.name, entityId: c.id, by: p.username, actor: AuditActor(p))
    }

    /// The cases on which a principal may owe a step, for the workbench.
    public func open(as p: Principal, today _: Day) async throws -> [AssistanceCase] {
        try await database.session { db in
            try await Self.visible(Self.select(db), p).where(SQLColumn("state", table: "c"), .in,
                                                             SQLBind.group(Workflow<AssistanceKind>.dutyStates(for: p.role).map(\.rawValue)))
                .orderBy(SQLColumn("id", table: "c")).limit(1000).all().map(Self.decode)
        }
    }

    /// The experts of a pool by id, as a case names them.
    static func experts(_ db: any SQLDatabase, _ ids: [Int64]) async throws -> [Int64: AssignedExpert] {
        guard !ids.isEmpty else { return [:] }
        var out: [Int64: AssignedExpert] = [:]
        for row in try await db.select().columns("id", "code", "name", "organisation").from("experts").where("id", .in, SQLBind.group(ids)).all() {
            let e = AssignedExpert(expertId: try row.decode(column: "id", as: Int64.self), code: try row.decode(column: "code", as: String.self),
                                   name: try row.decode(column: "name", as: String.self), organisation: try row.decode(column: "organisation", as: String.self))
            out[e.expertId] = e
        }
        return out
    }
}

extension AssistanceRepository: WorkflowRecords {
    public typealias Kind = AssistanceKind

    /// 派单 draws from the newest pool not drawn yet.
    public static func context(_ db: any SQLDatabase, _ record: AssistanceCase, _ action: AssistanceAction, base: BasicContext, by p: Principal,
                               taking: Bool, seed: UInt64?) async throws -> AssistanceContext {
        var context = AssistanceContext(today: base.today, rules: base.rules, calendar: base.calendar)
        if action == .assign, let open = try await ListCommitmentStore.latest(db, kind: .assistanceExperts, recordId: record.id), !open.isDrawn {
            context.pool = try await ListCommitmentStore.list(db, open.id)
            context.experts = try await experts(db, context.pool?.candidates.map(\.id) ?? [])
        }
        return context
    }

    public static func save(_ db: any SQLDatabase, _ step: StepOutcome<AssistanceKind>, before: AssistanceCase) async throws -> AssistanceCase {
        let c = step.record
        try await WorkflowRows.update(db, "assistance_cases", id: c.id, version: before.version, from: before.state.rawValue, to: c.state.rawValue,
                                      setting: [("entered_on", SQLBind(c.enteredOn.description)), ("experts_json", SQLBind(AuditLog.json(c.experts) ?? "[]")),
                                                ("served_on", SQLBind(c.servedOn?.description)), ("diagnosis_json", SQLBind(AuditLog.json(c.diagnosis))),
                                                ("diagnosed_on", SQLBind(c.diagnosis?.issuedOn.description)), ("rectification", SQLBind(c.rectification)),
                                                ("rating", SQLBind(c.rating)), ("rating_comment", SQLBind(c.ratingComment)),
                                                ("problems_solved", SQLBind(c.problemsSolved)), ("output_value", SQLBind(c.outputValueGained)),
                                                ("output_evidence", SQLBind(c.outputEvidence)), ("closed_on", SQLBind(c.closedOn?.description)),
                                                ("revisit_due", SQLBind(c.revisitDue?.description)), ("revisited_on", SQLBind(c.revisitedOn?.description))])
        if c.experts.map(\.expertId) != before.experts.map(\.expertId) {
            // The experts drawn are the ones who read the case (AssistanceRepository.visible).
            try await db.delete(from: "assistance_case_experts").where("assistance_case_id", .equal, SQLBind(c.id)).run()
            for e in c.experts {
                try await db.insert(into: "assistance_case_experts").columns("assistance_case_id", "expert_id").values(SQLBind(c.id), SQLBind(e.expertId)).run()
            }
        }
        var after = c
        after.version = before.version + 1
        return after
    }

    /// The draw's record (派单), a new pool after a decline, a case lead for a violation found.
    public static func record(_ db: any SQLDatabase, _ step: StepOutcome<AssistanceKind>, before: AssistanceCase, context: AssistanceContext,
                              by p: Principal, at now: String) async throws {
        if let drawn = step.effects.draw, let open = try await ListCommitmentStore.latest(db, kind: .assistanceExperts, recordId: before.id) {
            try await ListCommitmentStore.markDrawn(db, open.id, reveal: drawn.reveal, outcome: drawn.outcome, entity: AssistanceKind.name, entityId: before.id,
                                                    by: p.username, actor: AuditActor(p), at: now)
        }
        if let decliner = step.effects.declinedBy {
            // Every earlier decliner stays out of the new pool: the last pool marked them.
            var declined: Set<Int64> = [decliner]
            if let last = try await ListCommitmentStore.latest(db, kind: .assistanceExperts, recordId: before.id),
               let list = try await ListCommitmentStore.list(db, last.id) {
                declined.formUnion(list.candidates.filter { $0.status == AssistanceExpertDraw.declined }.map(\.id))
            }
            try await commitPool(db, step.record, declined: declined, today: context.today, by: p)
        }
        if let facts = step.effects.lead {
            try await db.insert(into: "leads").columns(LeadRepository.columns)
                .values(LeadRepository.row(LeadDraft(.assistance, "质量技术帮扶\(before.number)中发现：\(facts)"), batchId: before.batchId,
                                           enterpriseId: before.enterpriseId, district: before.districtCode, on: context.today, by: p.username, at: now)).run()
        }
    }
}

extension AssistanceRepository: OpenRecordDuties {}
