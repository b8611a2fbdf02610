import PinzhiDomain
import SQLKit

/// Risk alerts (SPEC RK-5): drafted by the city or a district bureau, read by every risk reader once published (a
/// district its own drafts too), moved through the workflow engine (RiskAlertKind). The portal reads only published
/// 消费提示, through `publicPage` and `publicFind`, never through the signed-in queries.
public struct RiskAlertRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Filter: Sendable {
        public var state: AlertState?
        public var type: AlertType?
        public var year: Int?
        public var search: String?
        public var productId: Int64?
        public var riskItemId: Int64?
        public init() {}
    }

    static func select(_ db: any SQLDatabase) -> SQLSelectBuilder {
        db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("a"))).column(SQLColumn("name", table: "p"), as: "product_name")
            .column(SQLColumn("reported_on", table: "r"), as: "risk_item_reported_on")
            .from(SQLAlias(SQLIdentifier("risk_alerts"), as: SQLIdentifier("a")))
            .join(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("p")), method: SQLJoinMethod.left,
                  on: SQLColumn("product_id", table: "a"), .equal, SQLColumn("id", table: "p"))
            .join(SQLAlias(SQLIdentifier("risk_items"), as: SQLIdentifier("r")), method: SQLJoinMethod.left,
                  on: SQLColumn("risk_item_id", table: "a"), .equal, SQLColumn("id", table: "r"))
    }

    static let released = SQLBind.group([AlertState.published.rawValue, AlertState.withdrawn.rawValue])

    /// The city reads every alert; a district bureau the released ones and its own drafts; 执法总队 the released ones.
    static func visible(_ q: SQLSelectBuilder, _ p: Principal) -> SQLSelectBuilder {
        switch p.role {
        case .cityAdmin, .citySupervisor:
            return q
        case .districtSupervisor:
            return q.where { g in
                g.where(SQLColumn("state", table: "a"), .in, released).orWhere(SQLColumn("district_code", table: "a"), .equal, SQLBind(p.districtCode ?? ""))
            }
        case _ where RiskPolicy.readerRoles.contains(p.role):
            return q.where(SQLColumn("state", table: "a"), .in, released)
        default:
            return q.where(SQLRaw("1 = 0"))
        }
    }

    static func where_(_ q: SQLSelectBuilder, _ f: Filter) -> SQLSelectBuilder {
        var q = q
        if let s = f.state { q = q.where(SQLColumn("state", table: "a"), .equal, SQLBind(s.rawValue)) }
        if let t = f.type { q = q.where(SQLColumn("alert_type", table: "a"), .equal, SQLBind(t.rawValue)) }
        if let id = f.productId { q = q.where(SQLColumn("product_id", table: "a"), .equal, SQLBind(id)) }
        if let id = f.riskItemId { q = q.where(SQLColumn("risk_item_id", table: "a"), .equal, SQLBind(id)) }
        if let year = f.year {
            q = q.where(SQLColumn("created_on", table: "a"), .greaterThanOrEqual, SQLBind("\(year)-01-01"))
                .where(SQLColumn("created_on", table: "a"), .lessThan, SQLBind("\(year + 1)-01-01"))
        }
        if let s = f.search?.trimmed, !s.isEmpty {
            let like = "%\(s)%"
            q = q.where { g in
                g.where(SQLColumn("title", table: "a"), .like, SQLBind(like)).orWhere(SQLColumn("content", table: "a"), .like, SQLBind(like))
                    .orWhere(SQLColumn("name", table: "p"), .like, SQLBind(like))
            }
        }
        return q
    }

    static func page(_ db: any SQLDatabase, _ base: (SQLSelectBuilder) -> SQLSelectBuilder, order: [(any SQLExpression, SQLDirection)],
                     limit: Int, offset: Int) async throws -> Page<RiskAlert> {
        try await PagedSelect.page(db, counting: { count in
            base(count.from(SQLAlias(SQLIdentifier("risk_alerts"), as: SQLIdentifier("a")))
                .join(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("p")), method: SQLJoinMethod.left,
                      on: SQLColumn("product_id", table: "a"), .equal, SQLColumn("id", table: "p")))
        }, rows: base(select(db)), order: order, limit: limit, offset: offset, decode: decode)
    }

    /// The alerts of the filter: those waiting for a step first, then the newest.
    public func page(_ f: Filter, limit: Int, offset: Int, as p: Principal) async throws -> Page<RiskAlert> {
        try await database.session { db in
            try await Self.page(db, { Self.where_(Self.visible($0, p), f) },
                                order: [(SQLRaw("CASE WHEN a.state IN ('draft', 'review') THEN 0 ELSE 1 END"), .ascending),
                                        (SQLColumn("created_on", table: "a"), .descending), (SQLColumn("id", table: "a"), .descending)],
                                limit: limit, offset: offset)
        }
    }

    public func find(_ id: Int64, as p: Principal) async throws -> RiskAlert? {
        try await database.session { db in try await Self.find(db, id, p) }
    }

    public static func find(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> RiskAlert? {
        try await visible(select(db).where(SQLColumn("id", table: "a"), .equal, SQLBind(id)), p).first().map(decode)
    }

    // MARK: The portal's

    static func published(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
        q.where(SQLColumn("alert_type", table: "a"), .equal, SQLBind(AlertType.consumer.rawValue))
            .where(SQLColumn("state", table: "a"), .equal, SQLBind(AlertState.published.rawValue))
    }

    /// The published 消费提示, newest first: all the public may read.
    public func publicPage(search: String?, year: Int?, limit: Int, offset: Int) async throws -> Page<RiskAlert> {
        var filter = Filter()
        filter.search = search
        filter.year = year
        let f = filter
        return try await database.session { db in
            try await Self.page(db, { Self.where_(Self.published($0), f) },
                                order: [(SQLColumn("published_on", table: "a"), .descending), (SQLColumn("id", table: "a"), .descending)],
                                limit: limit, offset: offset)
        }
    }

    /// One published 消费提示; nil for anything else (a draft, a 风险提示, a withdrawn one).
    public func publicFind(_ id: Int64) async throws -> RiskAlert? {
        try await database.session { db in
            try await Self.published(Self.select(db).where(SQLColumn("id", table: "a"), .equal, SQLBind(id))).first().map(Self.decode)
        }
    }

    static func decode(_ row: any SQLRow) throws -> RiskAlert {
        let created = try EnforcementScope.day(row, "created_on") ?? Day(year: 1970, month: 1, day: 1)!
        let itemId = try row.decode(column: "risk_item_id", as: Int64?.self)
        let itemYear = try EnforcementScope.day(row, "risk_item_reported_on")?.year
        var a = RiskAlert(id: try row.decode(column: "id", as: Int64.self), version: try row.decode(column: "version", as: Int.self),
                          type: AlertType(rawValue: try row.decode(column: "alert_type", as: String.self)) ?? .risk,
                          audience: AlertAudience(rawValue: try row.decode(column: "audience", as: String.self)) ?? .regulators,
                          title: try row.decode(column: "title", as: String.self), content: try row.decode(column: "content", as: String.self),
                          advice: try row.decode(column: "advice", as: String.self), productId: try row.decode(column: "product_id", as: Int64?.self),
                          productName: try row.decode(column: "product_name", as: String?.self), riskItemId: itemId,
                          riskItemNumber: itemId.flatMap { id in itemYear.map { EnforcementNumber.make("FX", $0, id) } },
                          nationalScope: try row.decode(column: "national_scope", as: Bool.self),
                          districtCode: try row.decode(column: "district_code", as: String?.self), createdOn: created,
                          createdBy: try row.decode(column: "created_by", as: String.self),
                          state: AlertState(rawValue: try row.decode(column: "state", as: String.self)) ?? .draft,
                          enteredOn: try EnforcementScope.day(row, "entered_on"))
        a.approver = try row.decode(column: "approver", as: String?.self)
        a.publishedOn = try EnforcementScope.day(row, "published_on")
        a.withdrawnOn = try EnforcementScope.day(row, "withdrawn_on")
        a.note = try row.decode(column: "note", as: String?.self)
        return a
    }

    // MARK: A new draft

    /// A new alert as the drafter writes it: the product by its code and the risk item by its number, both optional.
    public struct Draft: Sendable {
        public var type: AlertType
        public var audience: AlertAudience?
        public var title: String
        public var content: String
        public var advice: String
        public var productCode: String?
        public var riskItemId: Int64?
        public var nationalScope: Bool

        public init(type: AlertType, audience: AlertAudience?, title: String, content: String, advice: String, productCode: String?,
                    riskItemId: Int64?, nationalScope: Bool) {
            self.type = type
            self.audience = audience
            self.title = title
            self.content = content
            self.advice = advice
            self.productCode = productCode
            self.riskItemId = riskItemId
            self.nationalScope = nationalScope
        }

        /// The draft of a checked form (RiskAlertKind.draftFields).
        public init?(_ form: StepForm) {
            guard let type = form["type"].flatMap(AlertType.init(rawValue:)) else { return nil }
            self.init(type: type, audience: form["audience"].flatMap(AlertAudience.init(rawValue:)), title: form["title"] ?? "",
                      content: form["content"] ?? "", advice: form["advice"] ?? "", productCode: form["productCode"],
                      riskItemId: form["riskItem"].flatMap(RiskAlert.id(inNumber:)), nationalScope: form.flag("nationalScope"))
        }
    }

    static let columns = ["alert_type", "audience", "title", "content", "advice", "product_id", "risk_item_id", "national_scope", "district_code",
                          "created_on", "created_by", "state", "entered_on", "created_at", "updated_at"]

    /// Writes a draft with its audit row. The product follows the risk item when only the item is named; both named
    /// must agree. A district bureau drafts for its own district.
    public func create(_ d: Draft, today: Day, as p: Principal) async throws -> RiskAlert {
        guard AlertPolicy.canDraft(p) else { throw StoreError.forbidden }
        if d.type == .risk && !(d.audience.map(AlertAudience.internalOnes.contains) ?? false) {
            throw StoreError.invalid(ValidationFailure([FieldError("audience", "风险提示请选择提示对象：监管部门或行业企业")]))
        }
        return try await database.transaction { db in
            var productId: Int64?
            if let code = d.productCode?.trimmed, !code.isEmpty {
                guard let row = try await db.select().column("id").from("products").where("code", .equal, SQLBind(code)).first() else {
                    throw StoreError.invalid(ValidationFailure([FieldError("productCode", "未找到该产品编码的产品")]))
                }
                productId = try row.decode(column: "id", as: Int64.self)
            }
            if let itemId = d.riskItemId {
                guard let item = try await RiskItemRepository.find(db, itemId, p) else {
                    throw StoreError.invalid(ValidationFailure([FieldError("riskItem", "未找到该编号的风险信息")]))
                }
                if let productId, productId != item.productId {
                    throw StoreError.invalid(ValidationFailure([FieldError("productCode", "所填产品与风险信息的产品（\(item.productName)）不一致")]))
                }
                productId = item.productId
            }
            let now = Clock.nowText()
            let district = RiskPolicy.graderRoles.contains(p.role) ? nil : p.districtCode
            let alert = RiskAlert(type: d.type, audience: d.audience ?? .consumers, title: d.title.trimmed, content: d.content.trimmed,
                                  advice: d.advice.trimmed, productId: productId, riskItemId: d.riskItemId, nationalScope: d.nationalScope,
                                  districtCode: district, createdOn: today, createdBy: p.username)
            let id = try await db.insert(into: "risk_alerts").columns(Self.columns)
                .values([SQLBind(alert.type.rawValue), SQLBind(alert.audience.rawValue), SQLBind(alert.title), SQLBind(alert.content), SQLBind(alert.advice),
                         SQLBind(alert.productId), SQLBind(alert.riskItemId), SQLBind(alert.nationalScope), SQLBind(alert.districtCode),
                         SQLBind(today.description), SQLBind(p.username), SQLBind(alert.state.rawValue), SQLBind(today.description), SQLBind(now), SQLBind(now)])
                .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
            guard let written = try await Self.find(db, id, p) else { throw StoreError.internalError("提示写入后未能读出") }
            try await AuditLog.append(db, actor: AuditActor(p), action: "create", entity: RiskAlertKind.name, entityId: id,
                                      summary: "起草\(RiskAlertKind.title(of: written))：\(written.title)", before: nil, after: AuditLog.json(written))
            return written
        }
    }

    /// The alerts on which a principal may owe a step, for the workbench.
    public func open(as p: Principal, today _: Day) async throws -> [RiskAlert] {
        try await database.session { db in
            try await Self.visible(Self.select(db), p).where(SQLColumn("state", table: "a"), .in,
                                                             SQLBind.group(Workflow<RiskAlertKind>.dutyStates(for: p.role).map(\.rawValue)))
                .orderBy(SQLColumn("id", table: "a")).limit(1000).all().map(Self.decode)
        }
    }
}

extension RiskAlertRepository: WorkflowRecords {
    public typealias Kind = RiskAlertKind

    public static func save(_ db: any SQLDatabase, _ step: StepOutcome<RiskAlertKind>, before: RiskAlert) async throws -> RiskAlert {
        let a = step.record
        try await WorkflowRows.update(db, "risk_alerts", id: a.id, version: before.version, from: before.state.rawValue, to: a.state.rawValue,
                                      setting: [("entered_on", SQLBind(a.enteredOn.description)), ("title", SQLBind(a.title)),
                                                ("content", SQLBind(a.content)), ("advice", SQLBind(a.advice)),
                                                ("national_scope", SQLBind(a.nationalScope)), ("approver", SQLBind(a.approver)),
                                                ("published_on", SQLBind(a.publishedOn?.description)),
                                                ("withdrawn_on", SQLBind(a.withdrawnOn?.description)), ("note", SQLBind(a.note))])
        var after = a
        after.version = before.version + 1
        return after
    }
}

extension RiskAlertRepository: OpenRecordDuties {}
