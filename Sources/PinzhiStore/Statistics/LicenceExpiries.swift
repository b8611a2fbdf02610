import PinzhiDomain
import SQLKit

/// How many valid licences in a principal's scope have run out, or run out within `LicenceKind.warningDays`
/// (SPEC EN-2: expiry warnings): the city sees all, a district its enterprises', an enterprise its own.
public struct LicenceExpiries: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public func counts(as p: Principal, today: Day) async throws -> (expiring: Int, expired: Int) {
        guard AccessPolicy.access(p.role, .licence, .read) != .denied else { return (0, 0) }
        return try await database.session { db in
            var q = db.select()
                .column(SQLRaw("COALESCE(SUM(CASE WHEN l.expires_on < '\(today)' THEN 1 ELSE 0 END), 0)"), as: "expired")
                .column(SQLRaw("COALESCE(SUM(CASE WHEN l.expires_on >= '\(today)' THEN 1 ELSE 0 END), 0)"), as: "expiring")
                .from(SQLAlias(SQLIdentifier("licences"), as: SQLIdentifier("l")))
                .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("enterprise_id", table: "l"), .equal, SQLColumn("id", table: "e"))
                .where(SQLColumn("active", table: "l"), .equal, SQLBind(true)).where(SQLColumn("status", table: "l"), .equal, SQLBind(LicenceStatus.valid.rawValue))
                .where(SQLColumn("expires_on", table: "l"), .lessThanOrEqual, SQLBind(today.adding(days: LicenceKind.warningDays).description))
            if p.role == .districtSupervisor { q = q.where(SQLColumn("district_code", table: "e"), .equal, SQLBind(p.districtCode ?? "")) }
            if p.role == .enterpriseUser { q = q.where(SQLColumn("enterprise_id", table: "l"), .equal, SQLBind(p.enterpriseId ?? 0)) }
            let row = try await q.first()
            return (Int(try row?.decode(column: "expiring", as: Int64.self) ?? 0), Int(try row?.decode(column: "expired", as: Int64.self) ?? 0))
        }
    }
}
