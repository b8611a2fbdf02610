import PinzhiDomain
import SQLKit

/// The enterprises in scope of the officer duty (OfficerDuty: active, linked to a product under licence, CCC or the
/// national key catalogue) with their active officers, within the principal's scope; and the figures of SPEC EN-4
/// computed from them (OfficerFigures).
public struct OfficerStaffing: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Row: Sendable, Equatable {
        public var enterpriseId: Int64
        public var name: String
        public var districtCode: String?
        public var scale: EnterpriseScale
        public var type: EnterpriseType
        public var officers: [SafetyOfficer]

        /// "尚未配备质量安全总监" or nil when staffed.
        public var flag: String? { OfficerDuty.flag(scale: scale, active: officers.map(\.role)) }
    }

    /// Whether enterprise `e` is in the duty's scope: an active link to a product under licence, CCC or the national key
    /// catalogue (OfficerDuty).
    static var inDuty: SQLQueryString {
        """
        EXISTS (SELECT 1 FROM enterprise_products ep JOIN products pr ON pr.id = ep.product_id WHERE ep.enterprise_id = e.id \
        AND ep.active = \(bind: true) AND (pr.licence_managed = \(bind: true) OR pr.ccc = \(bind: true) OR pr.national_key = \(bind: true)))
        """
    }

    /// The in-scope enterprises (one district, or one enterprise, if given), by name.
    public func enterprises(district: String? = nil, enterpriseId: Int64? = nil, as p: Principal) async throws -> [Row] {
        guard case .some(let scope) = p.role == .enterpriseUser ? .some(nil) : OfficerPolicy.districtScope(p) else { throw StoreError.forbidden }
        let only = p.role == .enterpriseUser ? (p.enterpriseId ?? -1) : enterpriseId
        return try await database.session { db in
            var q = db.select().columns("id", "name", "district_code", "scale", "enterprise_type").from(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")))
                .where(SQLColumn("active", table: "e"), .equal, SQLBind(true))
                .where(Self.inDuty)
            if let scope { q = q.where(SQLColumn("district_code", table: "e"), .equal, SQLBind(scope)) }
            if let district, !district.isEmpty { q = q.where(SQLColumn("district_code", table: "e"), .equal, SQLBind(district)) }
            if let only { q = q.where(SQLColumn("id", table: "e"), .equal, SQLBind(only)) }
            var rows = try await q.orderBy(SQLColumn("id", table: "e")).all().map { r in
                Row(enterpriseId: try r.decode(column: "id", as: Int64.self), name: try r.decode(column: "name", as: String.self),
                    districtCode: try r.decode(column: "district_code", as: String?.self),
                    scale: EnterpriseScale(rawValue: try r.decode(column: "scale", as: String.self)) ?? .small,
                    type: EnterpriseType(rawValue: try r.decode(column: "enterprise_type", as: String.self)) ?? .producer, officers: [])
            }
            var o = SafetyOfficerRepository.select(db).where(SQLColumn("state", table: "o"), .notEqual, SQLBind(OfficerState.dismissed.rawValue))
            if let scope { o = o.where(SQLColumn("district_code", table: "o"), .equal, SQLBind(scope)) }
            if let only { o = o.where(SQLColumn("enterprise_id", table: "o"), .equal, SQLBind(only)) }
            let officers = Dictionary(grouping: try await o.all().map(SafetyOfficerRepository.decode), by: \.enterpriseId)
            for i in rows.indices { rows[i].officers = officers[rows[i].enterpriseId] ?? [] }
            return rows
        }
    }

    /// The figures of a period for the principal's scope (or one district), in total and per district; the daily
    /// routine's completion from `routineFrom` when given (a recent window), else over the period.
    public func figures(from: Day, to: Day, today: Day, district: String? = nil, routineFrom: Day? = nil, calendar: WorkingDayCalendar,
                        as p: Principal) async throws -> (total: OfficerFigures, districts: [String: OfficerFigures]) {
        let rows = try await enterprises(district: district, as: p)
        let ids = Set(rows.map(\.enterpriseId))
        let (daily, assessed) = try await database.session { db in
            let daily = try await db.select().columns("enterprise_id", "period").from("routine_records").where("kind", .equal, SQLBind(RoutineKind.daily.rawValue))
                .where("period", .greaterThanOrEqual, SQLBind(from.description)).where("period", .lessThanOrEqual, SQLBind(to.description)).all()
                .reduce(into: [Int64: Set<Day>]()) { m, r in
                    if let d = try EnforcementScope.day(r, "period") { m[try r.decode(column: "enterprise_id", as: Int64.self), default: []].insert(d) }
                }
            let assessed = try await db.select().columns("enterprise_id", "passed").from("officer_assessment_items").where("score", .isNot, SQLLiteral.null)
                .where("assessed_on", .greaterThanOrEqual, SQLBind(from.description)).where("assessed_on", .lessThanOrEqual, SQLBind(to.description)).all()
                .reduce(into: [Int64: [Bool]]()) { m, r in
                    m[try r.decode(column: "enterprise_id", as: Int64.self), default: []].append(try r.decode(column: "passed", as: Bool?.self) ?? false)
                }
            return (daily, assessed)
        }
        var total = OfficerFigures(), districts: [String: OfficerFigures] = [:]
        // The daily count needs the working-day calendar of the days owed: a missing year is said, not guessed.
        do {
            for r in rows where ids.contains(r.enterpriseId) {
                let e = OfficerFigures.Enterprise(scale: r.scale, officers: r.officers.map { ($0.role, $0.appointedOn, $0.trainedOn != nil) },
                                                  dailyDays: daily[r.enterpriseId] ?? [], assessments: assessed[r.enterpriseId] ?? [])
                let routine = max(routineFrom ?? from, from)...to
                try total.add(e, routine: routine, today: today, calendar: calendar)
                try districts[r.districtCode ?? "", default: OfficerFigures()].add(e, routine: routine, today: today, calendar: calendar)
            }
        } catch {
            throw StoreError.conflict(error.message)
        }
        return (total, districts)
    }

    /// Refuses a window whose years the calendar lacks (SPEC §10: never a silent fall-back to weekdays).
    public static func checkCalendar(_ calendar: WorkingDayCalendar, from: Day, to: Day) throws(CalendarError) {
        guard from <= to else { return }
        for year in from.year...to.year { _ = try calendar.isWorkingDay(Day(year: year, month: 1, day: 1)!) }
    }
}
