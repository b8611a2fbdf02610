/// Who sees the statistics: the supervising roles, each within its scope (a district its own figures and, for
/// comparison, the city-wide total).
public enum StatsPolicy {
    public static func seesStatistics(_ role: Role) -> Bool {
        [.cityAdmin, .citySupervisor, .enforcementOfficer, .districtSupervisor].contains(role)
    }

    /// The principal the city-wide total is computed as.
    public static let cityWide = Principal(accountId: 0, username: "stats", displayName: "全市", role: .citySupervisor, organisationId: 0)
}
