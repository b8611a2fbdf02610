import Foundation

/// The bureau's report of quality technical assistance, “产品质量技术帮扶工作情况统计表” (SPEC TA-5, seed 000's
/// table): ten columns in three groups, computed from the records of a period — distinct products, enterprises
/// (SMEs as a second figure) and clusters; institutions (家次) and experts (人次) summed over the activities and the
/// cases they served in; trainings and analysis meetings counted; problems solved, 诊断书 issued and output value
/// gained by the cases. docs/rules.md §5a.
public struct AssistanceReport: Sendable, Equatable, Codable {
    /// 覆盖范围
    public var productKinds: Int
    public var enterprises: Int
    public var smallEnterprises: Int
    public var clusters: Int
    /// 活动规模
    public var institutionVisits: Int
    public var expertVisits: Int
    public var trainings: Int
    public var analysisMeetings: Int
    /// 取得成效
    public var problemsSolved: Int
    public var diagnosisLetters: Int
    /// 万元
    public var outputValueGained: Double

    /// The table's header cells: the three groups and their columns, as seed 000 prints them.
    public static let groups: [(title: String, columns: [String])] = [
        ("覆盖范围", ["产品种类（种）", "涉及企业数量（中小企业数量单列）（家）", "产业集聚区数量（个）"]),
        ("活动规模", ["参与技术机构数量（家次）", "参与技术专家数量（人次）", "开展质量技术培训次数（次）", "召开质量分析会次数（次）"]),
        ("取得成效", ["解决质量问题数量（个）", "出具质量问题“诊断书”（份）", "为企业提升工业产值（万元）"]),
    ]

    /// One activity as the report counts it: a training, an analysis meeting or a 巡回问诊 visit.
    public struct Activity: Sendable, Equatable {
        public var kind: AssistanceActivityKind
        public var day: Day
        public var productIds: [Int64]
        public var cluster: String?
        public var organisationIds: [Int64]
        public var expertIds: [Int64]
        /// Attending enterprises: id and whether it is small or micro.
        public var enterprises: [(id: Int64, small: Bool)]

        public init(kind: AssistanceActivityKind, day: Day, productIds: [Int64] = [], cluster: String? = nil, organisationIds: [Int64] = [],
                    expertIds: [Int64] = [], enterprises: [(id: Int64, small: Bool)] = []) {
            self.kind = kind
            self.day = day
            self.productIds = productIds
            self.cluster = cluster
            self.organisationIds = organisationIds
            self.expertIds = expertIds
            self.enterprises = enterprises
        }

        public static func == (a: Activity, b: Activity) -> Bool {
            a.kind == b.kind && a.day == b.day && a.productIds == b.productIds && a.cluster == b.cluster && a.organisationIds == b.organisationIds
                && a.expertIds == b.expertIds && a.enterprises.map(\.id) == b.enterprises.map(\.id) && a.enterprises.map(\.small) == b.enterprises.map(\.small)
        }
    }

    /// One assistance case as the report counts it, on the days its steps happened.
    public struct Case: Sendable, Equatable {
        public var enterpriseId: Int64
        public var small: Bool
        public var productId: Int64?
        public var cluster: String?
        /// The day the experts went (accepted); nil if they never did.
        public var servedOn: Day?
        public var organisationIds: [Int64]
        public var expertIds: [Int64]
        public var diagnosedOn: Day?
        public var closedOn: Day?
        public var problemsSolved: Int
        public var outputValueGained: Double

        public init(enterpriseId: Int64, small: Bool, productId: Int64? = nil, cluster: String? = nil, servedOn: Day? = nil, organisationIds: [Int64] = [],
                    expertIds: [Int64] = [], diagnosedOn: Day? = nil, closedOn: Day? = nil, problemsSolved: Int = 0, outputValueGained: Double = 0) {
            self.enterpriseId = enterpriseId
            self.small = small
            self.productId = productId
            self.cluster = cluster
            self.servedOn = servedOn
            self.organisationIds = organisationIds
            self.expertIds = expertIds
            self.diagnosedOn = diagnosedOn
            self.closedOn = closedOn
            self.problemsSolved = problemsSolved
            self.outputValueGained = outputValueGained
        }
    }

    /// The figures of the period `from`…`to` (both days included). An activity counts on its day; a case's experts
    /// and institutions on the day they went, its 诊断书 on the day it was issued, its problems and value on the day
    /// it was closed; products, enterprises and clusters are those any of these reached, each once.
    public static func of(activities: [Activity], cases: [Case], from: Day, to: Day) -> AssistanceReport {
        func within(_ day: Day?) -> Bool { day.map { from <= $0 && $0 <= to } ?? false }
        var products = Set<Int64>(), enterprises = [Int64: Bool](), clusters = Set<String>()
        var report = AssistanceReport(productKinds: 0, enterprises: 0, smallEnterprises: 0, clusters: 0, institutionVisits: 0, expertVisits: 0,
                                      trainings: 0, analysisMeetings: 0, problemsSolved: 0, diagnosisLetters: 0, outputValueGained: 0)
        for a in activities where within(a.day) {
            products.formUnion(a.productIds)
            for e in a.enterprises { enterprises[e.id] = e.small }
            if let c = a.cluster, !c.isEmpty { clusters.insert(c) }
            report.institutionVisits += Set(a.organisationIds).count
            report.expertVisits += Set(a.expertIds).count
            if a.kind == .training { report.trainings += 1 }
            if a.kind == .analysisMeeting { report.analysisMeetings += 1 }
        }
        for c in cases {
            let reached = within(c.servedOn) || within(c.diagnosedOn) || within(c.closedOn)
            if reached {
                if let p = c.productId { products.insert(p) }
                enterprises[c.enterpriseId] = c.small
                if let cluster = c.cluster, !cluster.isEmpty { clusters.insert(cluster) }
            }
            if within(c.servedOn) {
                report.institutionVisits += Set(c.organisationIds).count
                report.expertVisits += Set(c.expertIds).count
            }
            if within(c.diagnosedOn) { report.diagnosisLetters += 1 }
            if within(c.closedOn) {
                report.problemsSolved += c.problemsSolved
                report.outputValueGained += c.outputValueGained
            }
        }
        report.productKinds = products.count
        report.enterprises = enterprises.count
        report.smallEnterprises = enterprises.values.filter { $0 }.count
        report.clusters = clusters.count
        return report
    }

    /// The data row as the table prints it: the enterprises column reads “12（其中中小企业9）”.
    public var cells: [String] {
        [String(productKinds), "\(enterprises)（其中中小企业\(smallEnterprises)）", String(clusters), String(institutionVisits), String(expertVisits),
         String(trainings), String(analysisMeetings), String(problemsSolved), String(diagnosisLetters), Self.wan(outputValueGained)]
    }

    /// The table in the seed's layout (000 附件), for the spreadsheet: the title, 填表单位 and 数据统计时间, the three
    /// groups over their columns (merged), the ten column heads, the data row, and 典型案例或做法 with its text
    /// across the other nine columns. Cell ranges to merge are given beside the rows.
    public func sheet(unit: String, from: Day, to: Day, typical: [String]) -> (rows: [[String]], merges: [String]) {
        func padded(_ cells: [String]) -> [String] { cells + Array(repeating: "", count: max(0, 10 - cells.count)) }
        var groupRow: [String] = []
        for group in Self.groups { groupRow += [group.title] + Array(repeating: "", count: group.columns.count - 1) }
        let rows = [
            padded(["\(to.year)年产品质量技术帮扶工作情况统计表"]),
            padded(["填表单位（盖章）：\(unit)", "", "", "", "", "数据统计时间：\(from.year)年\(from.month)月\(from.day)日至\(to.year)年\(to.month)月\(to.day)日"]),
            groupRow,
            Self.groups.flatMap(\.columns),
            cells,
            padded(["典型案例或做法", typical.isEmpty ? "（本期无结案的帮扶案例）" : typical.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")]),
        ]
        return (rows, ["A1:J1", "A2:E2", "F2:J2", "A3:C3", "D3:G3", "H3:J3", "B6:J6"])
    }

    /// 万元 with at most two decimals, no trailing zeros.
    public static func wan(_ value: Double) -> String {
        var text = String(format: "%.2f", (value * 100).rounded() / 100)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

/// The activities of TA-3.
public enum AssistanceActivityKind: String, Sendable, Codable, CaseIterable, CodedValue {
    case training
    case analysisMeeting = "analysis-meeting"
    case visit

    public var label: String {
        switch self {
        case .training: "质量技术培训"
        case .analysisMeeting: "质量分析会"
        case .visit: "巡回问诊"
        }
    }
}
