/// The city's supervision of the districts in a campaign (SPEC CP-6, 001 §六(三), 004 §十五): a 巡回督导 or a 飞行检查
/// (unannounced, with 执法总队) recorded with its team, what it found and, for a district lagging behind, the
/// 通报 / 约谈 / 挂牌督办 letter (EN-3) that follows it to closure.
public struct SupervisionVisit: Sendable, Codable, Equatable {
    public var id: Int64
    public var campaignId: Int64
    public var kind: SupervisionKind
    public var districtCode: String
    public var visitedOn: Day
    public var team: [String]
    public var findings: String
    public var letterId: Int64?

    public init(id: Int64 = 0, campaignId: Int64, kind: SupervisionKind, districtCode: String, visitedOn: Day, team: [String], findings: String,
                letterId: Int64? = nil) {
        self.id = id
        self.campaignId = campaignId
        self.kind = kind
        self.districtCode = districtCode
        self.visitedOn = visitedOn
        self.team = team
        self.findings = findings
        self.letterId = letterId
    }

    /// Every fault at once: a district of the city, a day not in the future, two people at least, what was found.
    public func validate(today: Day) -> [FieldError] {
        var errors: [FieldError] = []
        if !District.all.contains(where: { $0.code == districtCode }) { errors.append(FieldError("districtCode", "请选择被督导的区")) }
        if visitedOn > today { errors.append(FieldError("visitedOn", "日期不能晚于今天（\(today)）")) }
        if Set(team.map(\.trimmed).filter { !$0.isEmpty }).count < 2 { errors.append(FieldError("team", "督导检查组应有至少2名成员（每行一名）")) }
        if findings.trimmed.count < 10 { errors.append(FieldError("findings", "请写明督导检查发现的情况（至少10个字）")) }
        return errors
    }
}

public enum SupervisionKind: String, Sendable, Codable, CaseIterable, CodedValue {
    case tour
    case flying

    public var label: String {
        switch self {
        case .tour: "巡回督导"
        case .flying: "飞行检查"
        }
    }
}
