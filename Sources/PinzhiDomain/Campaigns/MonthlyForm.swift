import Foundation

/// The campaign's monthly statistics form 统计表 (SPEC CP-5, seed 001 附件), exactly in the seed's layout: 填表单位 and
/// 数据周期 above three header rows and 25 columns; one row per campaign product, then 其他, then 合计. Every cell is
/// computed here from facts the store reads from the records (no figure typed twice) and keeps the records it
/// counted, for drill-down. The period is cumulative from the campaign's start to the month's end; 同比变化 is the
/// change of the failure rate in percentage points against the same span of last year; money is in 万元 with two
/// decimals; online sampling counts as 流通. docs/rules.md §5d says how each column counts.
public struct MonthlyForm: Sendable, Equatable, Codable {
    public var unit: String
    public var from: Day
    public var to: Day
    public var rows: [Row]

    public struct Row: Sendable, Equatable, Codable {
        public var label: String
        /// The product of the row; nil for 其他 and 合计.
        public var productId: Int64?
        public var cells: [Cell]

        public init(label: String, productId: Int64?, cells: [Cell]) {
            (self.label, self.productId, self.cells) = (label, productId, cells)
        }
    }

    /// Which row of the form: a campaign product's, 其他 (every other product) or 合计.
    public enum RowKey: Sendable, Hashable, Codable {
        case product(Int64), other, total

        /// Whether a record of this product counts in the row; `keys` are the campaign's products.
        public func counts(_ productId: Int64?, keys: Set<Int64>) -> Bool {
            switch self {
            case .product(let id): productId == id
            case .other: productId.map { !keys.contains($0) } ?? true
            case .total: true
            }
        }
    }

    /// The batches a 监督抽查 cell counted, for the store to list on a drill-down: those of the row and stage sampled
    /// in this span (or last year's), only the failed ones, or each enterprise's first; `count` of them.
    public struct CheckSelection: Sendable, Hashable, Codable {
        public var row: RowKey
        public var stage: ProblemStage
        public var lastYear: Bool
        public var failedOnly: Bool
        public var perEnterprise: Bool
        public var count: Int

        public init(row: RowKey, stage: ProblemStage, lastYear: Bool = false, failedOnly: Bool = false, perEnterprise: Bool = false, count: Int) {
            (self.row, self.stage, self.lastYear, self.failedOnly, self.perEnterprise, self.count) = (row, stage, lastYear, failedOnly, perEnterprise, count)
        }
    }

    public struct Cell: Sendable, Equatable, Codable {
        public var value: Double?
        /// The records counted, listed (every column but 监督抽查's).
        public var refs: [FormRef]
        /// The batches counted, selected (监督抽查's columns; listed by the store on a drill-down).
        public var checks: CheckSelection?

        public init(value: Double?, refs: [FormRef], checks: CheckSelection? = nil) {
            (self.value, self.refs, self.checks) = (value, refs, checks)
        }

        /// Whether the cell counted any record to drill into.
        public var hasRecords: Bool { !refs.isEmpty || (checks?.count ?? 0) > 0 }

        /// As the form prints it: counts whole, money with two decimals, a change signed with two decimals, “—” for
        /// a change without last year's checks.
        public func text(_ column: Column) -> String {
            guard let value else { return "—" }
            switch column.format {
            case .count: return String(Int(value.rounded()))
            case .money: return String(format: "%.2f", value)
            case .change: return (value > 0 ? "+" : "") + String(format: "%.2f", value)
            }
        }
    }

    /// The figures as printed, row by row: what a locked (approved) form keeps and compares against.
    public var texts: [[String]] { rows.map { row in zip(Column.allCases, row.cells).map { $0.1.text($0.0) } } }

    public var total: Row { rows[rows.count - 1] }

    // MARK: Layout

    public enum Format: Sendable { case count, money, change }

    /// The 25 columns in the seed's order, after 产品类别.
    public enum Column: Int, Sendable, CaseIterable, Codable {
        case screenedProducers, producersWithProblems, screenedSellers, sellersWithProblems
        case checkedProducers, productionBatches, productionFailures, productionChange
        case checkedSellers, circulationBatches, circulationFailures, circulationChange
        case riskInformation, monitoringBatches, monitoringProblems
        case cases, penalties, caseValue, judicialReferrals
        case disciplineLinks
        case assistedEnterprises, problemsSolved, outputValue
        case interviewedEnterprises

        public var format: Format {
            switch self {
            case .penalties, .caseValue, .outputValue: .money
            case .productionChange, .circulationChange: .change
            default: .count
            }
        }

        /// The bottom header cell (the third row for grouped columns, else the second).
        public var heading: String {
            switch self {
            case .screenedProducers, .screenedSellers: "排查企业"
            case .producersWithProblems, .sellersWithProblems: "发现问题企业"
            case .checkedProducers, .checkedSellers: "抽查企业"
            case .productionBatches, .circulationBatches: "抽查批次"
            case .productionFailures, .circulationFailures: "不合格批次"
            case .productionChange, .circulationChange: "同比变化"
            case .riskInformation: "采集风险信息（条）"
            case .monitoringBatches: "开展风险监测产品（批次）"
            case .monitoringProblems: "发现质量问题（个）"
            case .cases: "查处案件（起）"
            case .penalties: "罚没金额"
            case .caseValue: "案值"
            case .judicialReferrals: "移送司法机关案件（起）"
            case .disciplineLinks: "行纪衔接（起）"
            case .assistedEnterprises: "帮扶企业（家）"
            case .problemsSolved: "解决质量问题（个）"
            case .outputValue: "帮助企业提升产值"
            case .interviewedEnterprises: "约谈企业（家）"
            }
        }

        /// The column's full name, group and field included, for a drill-down page and a difference.
        public var title: String {
            let group = MonthlyForm.groups.first { $0.columns.contains(self) }?.title ?? ""
            let field = MonthlyForm.fields.first { $0.columns.contains(self) && $0.columns.count > 1 }?.title
            return ([group, field].compactMap { $0 } + [heading]).filter { !$0.isEmpty }.joined(separator: " · ")
        }
    }

    /// The first header row: 产品类别 and the groups over their columns.
    public static let groups: [(title: String, columns: [Column])] = [
        ("风险排查", [.screenedProducers, .producersWithProblems, .screenedSellers, .sellersWithProblems]),
        ("监督抽查", [.checkedProducers, .productionBatches, .productionFailures, .productionChange,
                  .checkedSellers, .circulationBatches, .circulationFailures, .circulationChange]),
        ("风险监测", [.riskInformation, .monitoringBatches, .monitoringProblems]),
        ("案件查办", [.cases, .penalties, .caseValue, .judicialReferrals]),
        ("行纪衔接", [.disciplineLinks]),
        ("质量技术帮扶", [.assistedEnterprises, .problemsSolved, .outputValue]),
        ("约谈", [.interviewedEnterprises]),
    ]

    /// The second header row: 生产领域 / 流通领域 over their columns; a column alone in its field is its own head,
    /// merged down over the third row.
    public static let fields: [(title: String, columns: [Column])] = [
        ("生产领域", [.screenedProducers, .producersWithProblems]), ("流通领域", [.screenedSellers, .sellersWithProblems]),
        ("生产领域", [.checkedProducers, .productionBatches, .productionFailures, .productionChange]),
        ("流通领域", [.checkedSellers, .circulationBatches, .circulationFailures, .circulationChange]),
    ] + Column.allCases.filter { $0.rawValue >= Column.riskInformation.rawValue }.map { ($0.heading, [$0]) }

    /// The sheet as the seed prints it: the title, 填表单位 and 数据周期, the three header rows, the data rows; and
    /// the cell ranges to merge (the title, 产品类别 down the three header rows, each group across, each field
    /// across, each column alone in its field down two rows).
    public func sheet(title: String) -> (rows: [[String]], merges: [String]) {
        let width = Column.allCases.count + 1
        func padded(_ cells: [String]) -> [String] { cells + Array(repeating: "", count: max(0, width - cells.count)) }
        let letter = SpreadsheetColumn.letter
        var first = ["产品类别"], second = [""], third = [""]
        var merges = ["A1:\(letter(width - 1))1", "A3:A5"]
        for group in Self.groups {
            let start = first.count
            first += [group.title] + Array(repeating: "", count: group.columns.count - 1)
            if group.columns.count > 1 { merges.append("\(letter(start))3:\(letter(start + group.columns.count - 1))3") }
        }
        for field in Self.fields {
            let start = second.count
            if field.columns.count > 1 {
                second += [field.title] + Array(repeating: "", count: field.columns.count - 1)
                third += field.columns.map(\.heading)
                merges.append("\(letter(start))4:\(letter(start + field.columns.count - 1))4")
            } else {
                second.append(field.title)
                third.append("")
                merges.append("\(letter(start))4:\(letter(start))5")
            }
        }
        let periodText = "\(from.year)年\(from.month)月\(from.day)日至\(to.year)年\(to.month)月\(to.day)日"
        var unitLine = padded(["填表单位：\(unit)"])
        unitLine[16] = "数据周期：\(periodText)"
        let rows = [padded([title]), unitLine, first, second, third] + zip(self.rows, texts).map { [$0.0.label] + $0.1 }
        return (rows, merges)
    }

    // MARK: Differences

    /// A cell whose figure changed since the form was approved: where, what the locked form says, what the records
    /// say now.
    public struct Difference: Sendable, Equatable, Codable {
        public var row: String
        public var column: String
        public var locked: String
        public var now: String

        public init(row: String, column: String, locked: String, now: String) {
            (self.row, self.column, self.locked, self.now) = (row, column, locked, now)
        }
    }

    /// The cells of `current` that differ from the figures locked at approval (rows matched by label).
    public static func differences(locked: [[String]], lockedLabels: [String], current: MonthlyForm) -> [Difference] {
        var out: [Difference] = []
        let now = current.texts
        for (index, row) in current.rows.enumerated() {
            guard let at = lockedLabels.firstIndex(of: row.label) else {
                out.append(Difference(row: row.label, column: "整行", locked: "（无）", now: "新增"))
                continue
            }
            for column in Column.allCases where locked[at].indices.contains(column.rawValue) && locked[at][column.rawValue] != now[index][column.rawValue] {
                out.append(Difference(row: row.label, column: column.title, locked: locked[at][column.rawValue], now: now[index][column.rawValue]))
            }
        }
        return out
    }
}

/// A record a cell counted: its kind's path and id (“batches/12”), for drill-down.
public struct FormRef: Sendable, Hashable, Codable {
    public var path: String
    public var id: Int64

    public init(_ path: String, _ id: Int64) {
        self.path = path
        self.id = id
    }
}
