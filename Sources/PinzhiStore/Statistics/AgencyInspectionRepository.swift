import PinzhiDomain
import SQLKit

/// On-site inspection records of agencies, kept by the city bureau, each with its audit row.
public struct AgencyInspectionRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public static func mayRecord(_ p: Principal) -> Bool { p.role == .cityAdmin || p.role == .citySupervisor }

    public func record(agencyId: Int64, inspectedOn: Day?, findings: String, deduction: String, today: Day, as p: Principal) async throws -> AgencyInspection {
        guard Self.mayRecord(p) else { throw StoreError.forbidden }
        var errors: [FieldError] = []
        if inspectedOn == nil { errors.append(FieldError("inspectedOn", "请填写“年-月-日”格式的检查日期")) }
        if let day = inspectedOn, day > today { errors.append(FieldError("inspectedOn", "检查日期不能晚于今天")) }
        let text = findings.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count < 4 { errors.append(FieldError("findings", "请填写检查发现（至少4个字）")) }
        // A NUL would be stored cut short and the audit row would no longer match its hash (found by the API fuzzer).
        if text.hasInvisibleControl || text.count > 2000 { errors.append(FieldError("findings", "检查发现不能超过2000个字，且不能含不可见的控制字符")) }
        let points = Double(deduction.trimmingCharacters(in: .whitespaces).isEmpty ? "0" : deduction)
        if points == nil || points! < 0 || points! > 100 { errors.append(FieldError("deduction", "扣分应为0至100之间的数字")) }
        guard errors.isEmpty, let inspectedOn, let points else { throw StoreError.invalid(ValidationFailure(errors)) }
        return try await database.transaction { db in
            guard let agency = try await db.select().column("name").from("agencies").where("id", .equal, agencyId).first()?
                .decode(column: "name", as: String.self) else { throw StoreError.notFound }
            let row = try await db.insert(into: "agency_inspections").columns("agency_id", "inspected_on", "findings", "deduction", "created_by", "created_at")
                .values(SQLBind(agencyId), SQLBind(inspectedOn.description), SQLBind(text), SQLBind(points), SQLBind(p.displayName), SQLBind(Clock.nowText()))
                .returning("id").first()
            guard let id = try row?.decode(column: "id", as: Int64.self) else { throw StoreError.internalError("检查记录未保存") }
            try await AuditLog.append(db, actor: AuditActor(p), action: "inspect", entity: "agency", entityId: agencyId,
                                      summary: "现场检查\(agency)（\(inspectedOn)）：\(text)；招标评分扣\(AuditLog.json(points) ?? "0")分")
            return AgencyInspection(id: id, agencyId: agencyId, inspectedOn: inspectedOn.description, findings: text, deduction: points, createdBy: p.displayName)
        }
    }

    public func list() async throws -> [AgencyInspection] {
        try await database.session { db in
            try await db.select().column("*").from("agency_inspections").orderBy("inspected_on", .descending).all().map { row in
                AgencyInspection(id: try row.decode(column: "id", as: Int64.self), agencyId: try row.decode(column: "agency_id", as: Int64.self),
                                 inspectedOn: try row.decode(column: "inspected_on", as: String.self), findings: try row.decode(column: "findings", as: String.self),
                                 deduction: try row.decode(column: "deduction", as: Double.self), createdBy: try row.decode(column: "created_by", as: String.self))
            }
        }
    }
}
