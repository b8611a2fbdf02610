import Foundation
import PinzhiDomain
import SQLKit

/// The 000 table of a period (SPEC TA-5): the activities held and the cases served, diagnosed or closed in it, read
/// from the records and counted by AssistanceReport.of. The city reads the whole city or one district; a district
/// bureau its own.
public struct AssistanceReportQuery: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public static func mayRead(_ p: Principal) -> Bool { [.cityAdmin, .citySupervisor, .districtSupervisor].contains(p.role) }

    /// The report, and the typical cases the text row cites: the closed cases of the period with the most value gained.
    public struct Result: Sendable {
        public var report: AssistanceReport
        public var district: String?
        public var typical: [String]
    }

    public func report(from: Day, to: Day, district: String?, as p: Principal) async throws -> Result {
        guard Self.mayRead(p) else { throw StoreError.forbidden }
        let scope = p.role == .districtSupervisor ? p.districtCode : district?.nilIfEmpty
        return try await database.session { db in
            var organisations: [String: Int64] = [:]
            func ids(_ names: [String]) -> [Int64] {
                names.map { name in
                    if let id = organisations[name] { return id }
                    let id = Int64(organisations.count + 1)
                    organisations[name] = id
                    return id
                }
            }
            var q = db.select().column("*").from("assistance_activities").where("held_on", .greaterThanOrEqual, SQLBind(from.description))
                .where("held_on", .lessThanOrEqual, SQLBind(to.description))
            if let scope { q = q.where("district_code", .equal, SQLBind(scope)) }
            let activities = try await q.orderBy("id").all().map(AssistanceActivityRepository.decode)
            let attending = Set(activities.flatMap(\.enterpriseIds))
            var small: [Int64: Bool] = [:]
            if !attending.isEmpty {
                for row in try await db.select().columns("id", "scale").from("enterprises").where("id", .in, SQLBind.group(Array(attending))).all() {
                    small[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "scale", as: String?.self) != EnterpriseScale.large.rawValue
                }
            }
            let counted = activities.map { a in
                AssistanceReport.Activity(kind: a.kind, day: a.heldOn, productIds: a.productIds, cluster: a.cluster, organisationIds: ids(a.organisations),
                                          expertIds: a.expertIds, enterprises: a.enterpriseIds.map { (id: $0, small: small[$0] ?? true) })
            }
            var c = AssistanceRepository.select(db)
            let window = [("served_on"), ("diagnosed_on"), ("closed_on")]
            c = c.where { g in
                var g = g
                for column in window {
                    g = g.orWhere { h in
                        h.where(SQLColumn(SQLIdentifier(column), table: SQLIdentifier("c")), .greaterThanOrEqual, SQLBind(from.description))
                            .where(SQLColumn(SQLIdentifier(column), table: SQLIdentifier("c")), .lessThanOrEqual, SQLBind(to.description))
                    }
                }
                return g
            }
            if let scope { c = c.where(SQLColumn("district_code", table: "c"), .equal, SQLBind(scope)) }
            var cases: [AssistanceReport.Case] = []
            var closed: [AssistanceCase] = []
            for row in try await c.orderBy(SQLColumn("id", table: "c")).all() {
                let k = try AssistanceRepository.decode(row)
                let scale = try row.decode(column: "enterprise_scale", as: String?.self)
                cases.append(AssistanceReport.Case(enterpriseId: k.enterpriseId, small: scale != EnterpriseScale.large.rawValue, productId: k.productId,
                                                   cluster: try row.decode(column: "enterprise_cluster", as: String?.self), servedOn: k.servedOn,
                                                   organisationIds: ids(Array(Set(k.experts.map(\.organisation))).sorted()), expertIds: k.experts.map(\.expertId),
                                                   diagnosedOn: k.diagnosis?.issuedOn, closedOn: k.closedOn, problemsSolved: k.problemsSolved,
                                                   outputValueGained: k.outputValueGained))
                if let day = k.closedOn, from <= day, day <= to { closed.append(k) }
            }
            let typical = closed.sorted { ($0.outputValueGained, $0.problemsSolved, $0.id) > ($1.outputValueGained, $1.problemsSolved, $1.id) }.prefix(3).map {
                "\($0.enterpriseName)（\($0.mode.label)，\($0.number)）：解决质量问题\($0.problemsSolved)个"
                    + ($0.outputValueGained > 0 ? "，提升产值\(AssistanceReport.wan($0.outputValueGained))万元" : "")
            }
            return Result(report: AssistanceReport.of(activities: counted, cases: cases, from: from, to: to), district: scope, typical: Array(typical))
        }
    }
}
