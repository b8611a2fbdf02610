/// A product's risk grade (SPEC RK-2): the highest level of its risk items reported within the look-back window
/// (`productGradeMonths`, 36), items not adopted left out; an expert may override it with a reason and both stay
/// visible. Pure: the store feeds the items and keeps each change with its inputs (ProductGradeStore).
public struct ProductGrade: Sendable, Equatable, Codable {
    /// The model's level; nil when the product has no counting item in the window.
    public var level: ProductRiskLevel?
    /// The item that decides it (the highest, the latest of equals).
    public var decidingItemId: Int64?
    public var decidingNumber: String?
    /// How many items were counted, and from which day.
    public var itemCount: Int
    public var since: Day

    public init(level: ProductRiskLevel?, decidingItemId: Int64?, decidingNumber: String?, itemCount: Int, since: Day) {
        self.level = level
        self.decidingItemId = decidingItemId
        self.decidingNumber = decidingNumber
        self.itemCount = itemCount
        self.since = since
    }

    /// The grade on `today` from the product's items.
    public static func of(_ items: [RiskItem], today: Day, months: Int) -> ProductGrade {
        let since = windowStart(today, months: months)
        let counted = items.filter { $0.counts && $0.reportedOn >= since && $0.reportedOn <= today }
        let deciding = counted.max { a, b in (a.riskLevel, a.reportedOn, a.id) < (b.riskLevel, b.reportedOn, b.id) }
        return ProductGrade(level: deciding?.riskLevel, decidingItemId: deciding?.id, decidingNumber: deciding?.number,
                            itemCount: counted.count, since: since)
    }

    /// The same day `months` earlier (the month's last day where the day does not exist).
    public static func windowStart(_ today: Day, months: Int) -> Day { today.adding(months: -months) }

    /// “较高（由风险信息FX2026-00012决定，回溯期内共3条）” or “回溯期内无风险信息”: what decides the grade, without the
    /// window's first day (which moves daily), so that a stored explanation changes only when the grade's inputs do.
    public var explanation: String {
        guard let level else { return "回溯期内无风险信息" }
        return "\(level.grade)（由风险信息\(decidingNumber ?? "")决定，回溯期内共\(itemCount)条）"
    }
}

/// Why a grade changed, kept with each change.
public enum GradeChangeKind: String, Sendable, Codable, CaseIterable, CodedValue {
    case model
    case override
    case overrideCleared = "override-cleared"

    public var label: String {
        switch self {
        case .model: "模型定级"
        case .override: "专家调整"
        case .overrideCleared: "撤销专家调整"
        }
    }
}

extension ProductRiskLevel: CodedValue {
    /// The grade as people say it, for choices.
    public var label: String { grade }
}
