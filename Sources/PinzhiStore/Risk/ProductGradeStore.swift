import Foundation
import PinzhiDomain
import SQLKit

/// Each product's risk grade over time (SPEC RK-2): the model's grade recomputed when one of its items is written,
/// graded or not adopted (a row when the grade or what decides it changes, with those inputs), and an expert's
/// override with its reason. The current grade is the latest row of each kind; both stay visible.
public struct ProductGradeStore: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    /// One change of a product's grade.
    public struct Change: Sendable, Codable, Equatable {
        public var id: Int64
        public var kind: GradeChangeKind
        public var level: ProductRiskLevel?
        public var inputs: String
        public var reason: String?
        public var day: Day
        public var actor: String
    }

    /// A product's grade now: the model's, and an expert's override if one stands.
    public struct Current: Sendable, Equatable {
        public var model: Change?
        public var override: Change?

        /// The grade as the changes leave it.
        public init(_ changes: [Change]) { self = ProductGradeStore.current(changes) }

        init(model: Change?, override: Change?) {
            self.model = model
            self.override = override
        }

        /// The grade that counts: the override where one stands, else the model's.
        public var effective: ProductRiskLevel? { override?.level ?? model?.level }
    }

    /// Recomputes the model's grade in the caller's transaction and stores it if it changed.
    package static func regrade(_ db: any SQLDatabase, productId: Int64, today: Day, rules: RuleSet, actor: AuditActor, at now: String) async throws {
        let grade = try await model(db, productId, today: today, rules: rules)
        let last = try await history(db, productId).last { $0.kind == .model }
        // A row whenever what decides the grade changes (its level, the deciding item or the count), so that the stored
        // explanation is always the current one; none for a product without items that never had any.
        guard last?.inputs != grade.explanation, last != nil || grade.level != nil else { return }
        try await append(db, productId: productId, kind: .model, level: grade.level, inputs: grade.explanation, reason: nil, day: today,
                     // The model grades; the person whose step changed its inputs is named as the cause.
                     actor: "系统（模型），因\(actor.name)的操作", at: now)
        // The makers' static part follows the grade's level (RK-3): queued when the level moves, recomputed after the
        // step (CreditClassStore.processQueue). A new item that leaves the level where it was moves no class, and a
        // product has tens of thousands of makers at city scale.
        guard last?.level != grade.level else { return }
        try await CreditClassStore.enqueue(db, makersOf: productId, cause: "产品风险等级重算：\(grade.explanation)")
    }

    static func append(_ db: any SQLDatabase, productId: Int64, kind: GradeChangeKind, level: ProductRiskLevel?, inputs: String, reason: String?,
                       day: Day, actor: String, at now: String) async throws {
        try await db.insert(into: "product_grades").columns("product_id", "kind", "level", "inputs", "reason", "day", "at", "actor")
            .values(SQLBind(productId), SQLBind(kind.rawValue), SQLBind(level?.rawValue), SQLBind(inputs), SQLBind(reason), SQLBind(day.description),
                    SQLBind(now), SQLBind(actor)).run()
    }

    /// Every change of the product's grade, oldest first.
    public func history(_ productId: Int64) async throws -> [Change] {
        try await database.session { db in try await Self.history(db, productId) }
    }

    static func history(_ db: any SQLDatabase, _ productId: Int64) async throws -> [Change] {
        try await db.select().column("*").from("product_grades").where("product_id", .equal, SQLBind(productId)).orderBy("id").all().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> Change {
        Change(id: try row.decode(column: "id", as: Int64.self),
               kind: GradeChangeKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .model,
               level: try row.decode(column: "level", as: String?.self).flatMap(ProductRiskLevel.init(rawValue:)),
               inputs: try row.decode(column: "inputs", as: String.self), reason: try row.decode(column: "reason", as: String?.self),
               day: try EnforcementScope.day(row, "day") ?? Day(year: 1970, month: 1, day: 1)!, actor: try row.decode(column: "actor", as: String.self))
    }

    public func current(_ productId: Int64) async throws -> Current {
        Self.current(try await history(productId))
    }

    static func current(_ changes: [Change]) -> Current {
        let lastOverride = changes.last { $0.kind != .model }
        return Current(model: changes.last { $0.kind == .model }, override: lastOverride?.kind == .override ? lastOverride : nil)
    }

    /// The model's grade as it would be today (for a product whose items have aged out of the window since the last change).
    public func model(_ productId: Int64, today: Day, rules: RuleSet) async throws -> ProductGrade {
        try await database.session { db in try await Self.model(db, productId, today: today, rules: rules) }
    }

    /// The model's grade from the items in its window only (ProductGrade.windowStart to today).
    static func model(_ db: any SQLDatabase, _ productId: Int64, today: Day, rules: RuleSet) async throws -> ProductGrade {
        let months = rules.int("productGradeMonths")
        let items = try await RiskItemRepository.ofProduct(db, productId, reportedFrom: ProductGrade.windowStart(today, months: months), to: today)
        return ProductGrade.of(items, today: today, months: months)
    }

    /// An expert's override of the grade with the expert named and a reason, or (level nil) the override withdrawn; audited.
    public func override(_ productId: Int64, level: ProductRiskLevel?, expert: String, reason: String, today: Day, as p: Principal) async throws -> Current {
        guard RiskPolicy.graderRoles.contains(p.role) else { throw StoreError.forbidden }
        var errors: [FieldError] = []
        if expert.trimmed.isEmpty || expert.trimmed.count > 50 { errors.append(FieldError("expert", "请填写作出调整的专家姓名（不超过50个字）")) }
        if reason.trimmed.count < 10 || reason.trimmed.count > 1000 { errors.append(FieldError("reason", "请写明调整理由（10至1000个字）")) }
        for (field, text) in [("expert", expert), ("reason", reason)] where text.hasInvisibleControl { errors.append(FieldError(field, "含有不可见的控制字符")) }
        guard errors.isEmpty else { throw StoreError.invalid(ValidationFailure(errors)) }
        return try await database.transaction { db in
            guard try await db.select().column("id").from("products").where("id", .equal, SQLBind(productId)).first() != nil else { throw StoreError.notFound }
            let before = Self.current(try await Self.history(db, productId))
            if level == nil && before.override == nil { throw StoreError.conflict("该产品没有专家调整，无需撤销") }
            let kind: GradeChangeKind = level == nil ? .overrideCleared : .override
            try await Self.append(db, productId: productId, kind: kind, level: level, inputs: "专家：\(expert.trimmed)", reason: reason.trimmed,
                                  day: today, actor: p.username, at: Clock.nowText())
            let after = Self.current(try await Self.history(db, productId))
            try await CreditClassStore.enqueue(db, makersOf: productId, cause: "产品风险等级\(kind.label)")
            try await AuditLog.append(db, actor: AuditActor(p), action: kind.rawValue, entity: "product", entityId: productId,
                                      summary: "\(kind.label)产品风险等级：\(level?.grade ?? "恢复模型定级")（\(expert.trimmed)）", before: AuditLog.json(before.effective),
                                      after: AuditLog.json(after.effective))
            return after
        }
    }
}
