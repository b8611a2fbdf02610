import PinzhiDomain
import SQLKit

/// Risk items (SPEC RK-1): entered by hand or written by a failed batch's report step, read in the principal's scope
/// (the city and 执法总队 everything, a district its own), moved through the workflow engine; grading one re-grades
/// its product in the same transaction (ProductGradeStore).
public struct RiskItemRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Filter: Sendable {
        public var state: RiskItemState?
        public var source: RiskSource?
        public var level: ProductRiskLevel?
        public var district: String?
        public var year: Int?
        public var search: String?
        public var productId: Int64?
        public var enterpriseId: Int64?
        public var batchId: Int64?
        public init() {}
    }

    static func select(_ db: any SQLDatabase) -> SQLSelectBuilder {
        EnforcementScope.joined(db, "risk_items", as: "r", method: .left) {
            $0.column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("r"))).column(SQLColumn("name", table: "e"), as: "enterprise_name")
                .column(SQLColumn("cluster", table: "e"), as: "enterprise_cluster")
                .column(SQLColumn("number", table: "b"), as: "batch_number").column(SQLColumn("name", table: "p"), as: "product_name")
        }.join(SQLAlias(SQLIdentifier("batches"), as: SQLIdentifier("b")), method: SQLJoinMethod.left,
               on: SQLColumn("batch_id", table: "r"), .equal, SQLColumn("id", table: "b"))
            // LEFT though every item has its product (a foreign key): so the items stay the outer table and a page is
            // read in order from risk_items_list, not sorted after a scan of the few products (Migration040).
            .join(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("p")), method: SQLJoinMethod.left,
                  on: SQLColumn("product_id", table: "r"), .equal, SQLColumn("id", table: "p"))
    }

    static func where_(_ q: SQLSelectBuilder, _ f: Filter, _ p: Principal) -> SQLSelectBuilder {
        var q = EnforcementScope.filtered(EnforcementScope.visible(q, p, table: "r"), table: "r", dayColumn: "reported_on", state: f.state?.rawValue,
                                          district: f.district, year: f.year, search: f.search, enterpriseId: f.enterpriseId, textColumn: "evidence")
        if let s = f.source { q = q.where(SQLColumn("source", table: "r"), .equal, SQLBind(s.rawValue)) }
        if let l = f.level { q = q.where(SQLColumn("risk_level", table: "r"), .equal, SQLBind(l.rawValue)) }
        if let id = f.productId { q = q.where(SQLColumn("product_id", table: "r"), .equal, SQLBind(id)) }
        if let b = f.batchId { q = q.where(SQLColumn("batch_id", table: "r"), .equal, SQLBind(b)) }
        return q
    }

    /// Those still waiting for a step first, then the newest: read in order from Migration040's index.
    static var listOrder: [(any SQLExpression, SQLDirection)] {
        [(SQLRaw("CASE WHEN r.state IN ('handled', 'rejected') THEN 1 ELSE 0 END"), .ascending),
         (SQLColumn("reported_on", table: "r"), .descending), (SQLColumn("id", table: "r"), .descending)]
    }

    /// The items of the filter: those still waiting for a step first, then the newest.
    public func page(_ f: Filter, limit: Int, offset: Int, countLimit: Int? = nil, as p: Principal) async throws -> Page<RiskItem> {
        try await database.session { db in
            try await EnforcementScope.page(db, "risk_items", as: "r", method: .left, search: f.search, filtered: { Self.where_($0, f, p) }, rows: Self.select(db),
                                            order: Self.listOrder,
                                            decode: Self.decode, limit: limit, offset: offset, countLimit: countLimit)
        }
    }

    public func find(_ id: Int64, as p: Principal) async throws -> RiskItem? {
        try await database.session { db in try await Self.find(db, id, p) }
    }

    public static func find(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> RiskItem? {
        try await EnforcementScope.visible(select(db).where(SQLColumn("id", table: "r"), .equal, SQLBind(id)), p, table: "r").first().map(decode)
    }

    /// Every item of a product reported from `from` to `to`, whoever may read them: the grade is the city's and counts
    /// them all. Read by the index on (product_id, reported_on), so that a grade costs its window, not the product's
    /// whole history (at city scale a product has tens of thousands of items and is re-graded at every write).
    static func ofProduct(_ db: any SQLDatabase, _ productId: Int64, reportedFrom from: Day, to: Day) async throws -> [RiskItem] {
        try await select(db).where(SQLColumn("product_id", table: "r"), .equal, SQLBind(productId))
            .where(SQLColumn("reported_on", table: "r"), .greaterThanOrEqual, SQLBind(from.description))
            .where(SQLColumn("reported_on", table: "r"), .lessThanOrEqual, SQLBind(to.description)).all().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> RiskItem {
        let reported = try EnforcementScope.day(row, "reported_on") ?? Day(year: 1970, month: 1, day: 1)!
        var r = RiskItem(id: try row.decode(column: "id", as: Int64.self), version: try row.decode(column: "version", as: Int.self),
                         source: RiskSource(rawValue: try row.decode(column: "source", as: String.self)) ?? .complaint,
                         productId: try row.decode(column: "product_id", as: Int64.self), productName: try row.decode(column: "product_name", as: String.self),
                         enterpriseId: try row.decode(column: "enterprise_id", as: Int64?.self),
                         enterpriseName: try row.decode(column: "enterprise_name", as: String?.self),
                         districtCode: try row.decode(column: "district_code", as: String?.self),
                         hazard: Hazard(rawValue: try row.decode(column: "hazard", as: String.self)) ?? .other,
                         userGroup: UserGroup(rawValue: try row.decode(column: "user_group", as: String.self)) ?? .general,
                         severity: try row.decode(column: "severity", as: Int.self), probability: try row.decode(column: "probability", as: Double.self),
                         evidence: try row.decode(column: "evidence", as: String.self), reporter: try row.decode(column: "reporter", as: String.self),
                         reportedOn: reported, batchId: try row.decode(column: "batch_id", as: Int64?.self),
                         batchNumber: try row.decode(column: "batch_number", as: String?.self),
                         state: RiskItemState(rawValue: try row.decode(column: "state", as: String.self)) ?? .reported,
                         enteredOn: try EnforcementScope.day(row, "entered_on"),
                         urgency: try row.decode(column: "urgency", as: String?.self).flatMap(RiskUrgency.init(rawValue:)),
                         gradedOn: try EnforcementScope.day(row, "graded_on"),
                         enterpriseCluster: try row.decode(column: "enterprise_cluster", as: String?.self))
        // The stored level is the one the model gave when the item was written or graded.
        r.riskLevel = ProductRiskLevel(rawValue: try row.decode(column: "risk_level", as: String.self)) ?? r.riskLevel
        r.measures = try row.decode(column: "measures", as: String?.self)
        r.result = try row.decode(column: "result", as: String?.self)
        r.decisionNote = try row.decode(column: "decision_note", as: String?.self)
        return r
    }

    package static let columns = ["source", "product_id", "enterprise_id", "district_code", "hazard", "user_group", "severity", "probability", "risk_level",
                          "evidence", "reporter", "reported_on", "batch_id", "state", "entered_on", "created_by", "created_at", "updated_at"]

    /// A new item's row under `columns` (the live insert's and the generator's bulk write's).
    package static func row(_ r: RiskItem, by user: String, at now: String) -> [any SQLExpression] {
        [SQLBind(r.source.rawValue), SQLBind(r.productId), SQLBind(r.enterpriseId), SQLBind(r.districtCode), SQLBind(r.hazard.rawValue),
         SQLBind(r.userGroup.rawValue), SQLBind(r.severity), SQLBind(r.probability), SQLBind(r.riskLevel.rawValue), SQLBind(r.evidence),
         SQLBind(r.reporter), SQLBind(r.reportedOn.description), SQLBind(r.batchId), SQLBind(r.state.rawValue),
         SQLBind(r.enteredOn.description), SQLBind(user), SQLBind(now), SQLBind(now)]
    }

    /// Writes a new item and re-grades its product, in the caller's transaction.
    package static func insert(_ db: any SQLDatabase, _ r: RiskItem, today: Day, rules: RuleSet, by user: String, actor: AuditActor,
                               at now: String) async throws -> Int64 {
        let id = try await db.insert(into: "risk_items").columns(columns).values(row(r, by: user, at: now))
            .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
        var written = r
        written.id = id
        // Counted under its enterprise's cluster as it is now, whoever built the item (a report, a failed batch, a
        // monitoring sample).
        if let enterprise = r.enterpriseId {
            written.enterpriseCluster = try await db.select().column("cluster").from("enterprises").where("id", .equal, SQLBind(enterprise)).first()?
                .decode(column: "cluster", as: String?.self)
        }
        try await RiskRollup.added(db, [written])
        try await AuditLog.append(db, actor: actor, action: "create", entity: RiskItemKind.name, entityId: id,
                                  summary: "报送风险信息\(written.number)（\(r.source.label)）：\(r.productName)", before: nil, after: AuditLog.json(written))
        try await ProductGradeStore.regrade(db, productId: r.productId, today: today, rules: rules, actor: actor, at: now)
        return id
    }

    /// The item a failed batch makes (SPEC RK-1), in the report step's transaction.
    package static func insert(_ db: any SQLDatabase, failed b: Batch, today: Day, rules: RuleSet, by p: Principal, at now: String) async throws {
        _ = try await insert(db, RiskItem.fromFailedBatch(b, on: today), today: today, rules: rules, by: p.username, actor: AuditActor(p), at: now)
    }

    /// What a person reports by hand: the product by its code, the enterprise by its USCC if known, else the district.
    public struct Report: Sendable {
        public var source: RiskSource
        public var productCode: String
        public var uscc: String?
        public var districtCode: String?
        public var hazard: Hazard
        public var userGroup: UserGroup
        public var severity: Int
        public var probability: String
        public var evidence: String
        public var reporter: String
        public var reportedOn: Day?

        public init(source: RiskSource, productCode: String, uscc: String? = nil, districtCode: String? = nil, hazard: Hazard, userGroup: UserGroup,
                    severity: Int, probability: String, evidence: String, reporter: String, reportedOn: Day?) {
            self.source = source
            self.productCode = productCode
            self.uscc = uscc
            self.districtCode = districtCode
            self.hazard = hazard
            self.userGroup = userGroup
            self.severity = severity
            self.probability = probability
            self.evidence = evidence
            self.reporter = reporter
            self.reportedOn = reportedOn
        }
    }

    /// A risk item reported by hand, audited; a district reports for its own district only.
    public func create(_ report: Report, today: Day, as p: Principal) async throws -> RiskItem {
        guard RiskPolicy.readerRoles.contains(p.role) else { throw StoreError.forbidden }
        let errors = Self.check(report, today: today)
        guard errors.isEmpty else { throw StoreError.invalid(ValidationFailure(errors)) }
        let rules = try await RuleRepository(database).effective(on: today)
        return try await database.transaction { db in
            let item = try await Self.resolve(db, report, today: today, as: p).mapError { StoreError.invalid($0) }.get()
            let id = try await Self.insert(db, item, today: today, rules: rules, by: p.username, actor: AuditActor(p), at: Clock.nowText())
            guard let written = try await Self.find(db, id, p) else { throw StoreError.internalError("风险信息写入后未能读出") }
            return written
        }
    }

    /// What a report must say, checked without the database (the form, the API and each imported row alike).
    static func check(_ report: Report, today: Day) -> [FieldError] {
        var errors: [FieldError] = []
        if report.source == .spotCheck { errors.append(FieldError("source", "监督抽查的风险信息由不合格批次自动生成，请选择其他来源")) }
        if !RiskMatrix.severities.contains(report.severity) { errors.append(FieldError("severity", "伤害严重程度应为1至4")) }
        if RiskMatrix.probability(report.probability) == nil {
            errors.append(FieldError("probability", "概率应为大于0且不大于1的分数（如 1/5000）或小数（如 0.0002）"))
        }
        let evidence = report.evidence.trimmed, reporter = report.reporter.trimmed
        if evidence.count < 10 { errors.append(FieldError("evidence", "请写明风险信息的内容和证据（至少10个字）")) }
        if evidence.count > 2000 { errors.append(FieldError("evidence", "风险信息内容不能超过2000个字")) }
        if reporter.isEmpty || reporter.count > 100 { errors.append(FieldError("reporter", "请填写报送人或报送单位（不超过100个字）")) }
        if let d = report.reportedOn, d > today { errors.append(FieldError("reportedOn", "报送日期不能晚于今天（\(today)）")) }
        for (field, text) in [("productCode", report.productCode), ("uscc", report.uscc ?? ""), ("evidence", evidence), ("reporter", reporter)] where text.hasInvisibleControl {
            errors.append(FieldError(field, "含有不可见的控制字符"))
        }
        if (report.uscc?.trimmed ?? "").isEmpty, !(report.districtCode.map(District.isKnown) ?? false) {
            errors.append(FieldError("districtCode", "请填写企业统一社会信用代码或选择所在区"))
        }
        return errors
    }

    /// The item a checked report makes: its product by code, its enterprise by USCC (else the district named); a
    /// district reports for its own district only.
    static func resolve(_ db: any SQLDatabase, _ report: Report, today: Day, as p: Principal) async throws -> Result<RiskItem, ValidationFailure> {
        guard let product = try await db.select().column("id").column("name").from("products")
            .where("code", .equal, SQLBind(report.productCode.trimmed)).first() else {
            return .failure(ValidationFailure([FieldError("productCode", "未找到该产品编码的产品")]))
        }
        let uscc = report.uscc?.trimmed.uppercased() ?? ""
        var enterpriseId: Int64?, enterpriseName: String?, district = report.districtCode
        if !uscc.isEmpty {
            guard let e = try await db.select().columns("id", "name", "district_code").from("enterprises")
                .where("uscc", .equal, SQLBind(uscc)).first() else {
                return .failure(ValidationFailure([FieldError("uscc", "未找到该统一社会信用代码的企业")]))
            }
            enterpriseId = try e.decode(column: "id", as: Int64.self)
            enterpriseName = try e.decode(column: "name", as: String.self)
            district = try e.decode(column: "district_code", as: String?.self)
        }
        if p.role == .districtSupervisor && district != p.districtCode {
            return .failure(ValidationFailure([FieldError(uscc.isEmpty ? "districtCode" : "uscc", "只能报送本区的风险信息")]))
        }
        return .success(RiskItem(source: report.source, productId: try product.decode(column: "id", as: Int64.self),
                                 productName: try product.decode(column: "name", as: String.self), enterpriseId: enterpriseId,
                                 enterpriseName: enterpriseName, districtCode: district, hazard: report.hazard, userGroup: report.userGroup,
                                 severity: report.severity, probability: RiskMatrix.probability(report.probability) ?? 1, evidence: report.evidence.trimmed,
                                 reporter: report.reporter.trimmed, reportedOn: report.reportedOn ?? today))
    }

    /// The items on which a principal may owe a step, for the workbench.
    public func open(as p: Principal, today _: Day) async throws -> [RiskItem] {
        try await database.session { db in
            try await Self.where_(Self.select(db), Filter(), p).where(SQLColumn("state", table: "r"), .in,
                                                                       SQLBind.group(Workflow<RiskItemKind>.dutyStates(for: p.role).map(\.rawValue)))
                .orderBy(SQLColumn("id", table: "r")).limit(1000).all().map(Self.decode)
        }
    }
}

extension RiskItemRepository: WorkflowRecords {
    public typealias Kind = RiskItemKind

    public static func save(_ db: any SQLDatabase, _ step: StepOutcome<RiskItemKind>, before: RiskItem) async throws -> RiskItem {
        let r = step.record
        try await WorkflowRows.update(db, table, id: r.id, version: before.version, from: before.state.rawValue, to: r.state.rawValue,
                                      setting: stepColumns(r).map { ($0.0, $0.2) })
        return withVersion(r, before.version + 1)
    }

    /// Grading or not adopting an item re-grades its product, and a verified complaint counts for its enterprise's
    /// class (RK-3): the effects of one step are those of a bulk write of one (`recordAll`).
    public static func record(_ db: any SQLDatabase, _ step: StepOutcome<RiskItemKind>, before: RiskItem, context: BasicContext, by p: Principal,
                              at now: String) async throws {
        try await recordAll(db, [RecordedStep(step: step, before: before, context: context, by: p)], at: now)
    }
}

extension RiskItemRepository: BulkWorkflowRecords {
    package static let table = "risk_items"

    package static func stepColumns(_ r: RiskItem) -> [(String, BulkUpdate.Kind, SQLBind)] {
        [("entered_on", .text, SQLBind(r.enteredOn.description)), ("urgency", .text, SQLBind(r.urgency?.rawValue)),
         ("graded_on", .text, SQLBind(r.gradedOn?.description)), ("severity", .bigint, SQLBind(r.severity)),
         ("probability", .double, SQLBind(r.probability)), ("user_group", .text, SQLBind(r.userGroup.rawValue)),
         ("risk_level", .text, SQLBind(r.riskLevel.rawValue)), ("measures", .text, SQLBind(r.measures)),
         ("result", .text, SQLBind(r.result)), ("decision_note", .text, SQLBind(r.decisionNote))]
    }

    package static func withVersion(_ r: RiskItem, _ version: Int) -> RiskItem {
        var r = r
        r.version = version
        return r
    }

    /// Many steps' effects at once: each product whose items were graded or not adopted re-graded once, on the last
    /// such step's day (the grade is computed from all its items, so it ends where step-by-step re-grading would),
    /// and the verified complaints' enterprises queued in one statement.
    package static func recordAll(_ db: any SQLDatabase, _ steps: [RecordedStep<RiskItemKind>], at now: String) async throws {
        try await RiskRollup.changed(db, steps.map { ($0.before, $0.step.record) })
        var products: [Int64: RecordedStep<RiskItemKind>] = [:]
        var complaints: [(enterpriseId: Int64, cause: String)] = []
        for s in steps where s.step.effects.regrade {
            if let last = products[s.before.productId], last.context.today > s.context.today { continue }
            products[s.before.productId] = s
            if let e = s.before.enterpriseId, s.before.source == .complaint {
                complaints.append((e, "\(RiskItemKind.title(of: s.before))：\(s.step.summary)"))
            }
        }
        for (productId, s) in products.sorted(by: { $0.key < $1.key }) {
            try await ProductGradeStore.regrade(db, productId: productId, today: s.context.today, rules: s.context.rules, actor: AuditActor(s.by), at: now)
        }
        if !complaints.isEmpty { try await CreditClassStore.enqueue(db, complaints) }
    }
}

extension RiskItemRepository: OpenRecordDuties {}
