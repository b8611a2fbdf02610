import Foundation
import PinzhiDomain
import PinzhiStore

/// One table of the statistics dashboard as rows of text: what its export writes to CSV/XLSX and the API returns,
/// so that both carry the same figures with the same headers.
struct StatsTable {
    var name: String
    var header: [String]
    var rows: [[String]]

    /// The tables by name: a dimension of the non-conformance rates (product, district, stage, mode, agency), the
    /// months, the evaluation checks' pass rates by district, and the plans' completion. nil for another name.
    static func make(_ table: String, year: Int, as p: Principal, services: AppServices) async throws -> StatsTable? {
        let rates = NonConformanceRates(services.database)
        if let dimension = StatsDimension(rawValue: table) {
            return failureRates(try await rates.by(dimension, year: year, as: p), name: "不合格率-按\(dimension.label)-\(year)")
        }
        switch table {
        case "monthly":
            return failureRates(try await MonthlyCounts(services.database).of(year: year, as: p), name: "不合格率-按月-\(year)")
        case "evaluation":
            let cells = try await rates.by(.district, year: year, mode: .evaluation, as: p)
            let header = ["企业所在区", "评价性抽查检验批次", "合格批次", "合格率", "95%置信区间下限", "95%置信区间上限", "上年检验批次", "上年合格批次"]
            let rows = cells.map { c in
                let passed = c.tested - c.failed
                let interval = WilsonInterval.of(passed, c.tested)
                return [c.label, String(c.tested), String(passed), c.rate.map { String(format: "%.4f", 1 - $0) } ?? "", interval.map { String(format: "%.4f", $0.low) } ?? "",
                        interval.map { String(format: "%.4f", $0.high) } ?? "", String(c.previousTested), String(c.previousTested - c.previousFailed)]
            }
            return StatsTable(name: "评价性抽查合格率-按区-\(year)", header: header, rows: rows)
        case "completion":
            let header = ["计划层级", "计划批次", "已抽取", "已完成（出结论或拒检）", "完成率"]
            let rows = try await PlanCompletion(services.database).of(year: year, as: p).map { c in
                [c.label, String(c.planned), String(c.drawn), String(c.completed), c.completion.map { String(format: "%.4f", $0) } ?? ""]
            }
            return StatsTable(name: "计划完成情况-\(year)", header: header, rows: rows)
        case "enforcement":
            let header = ["月份", "查处案件（起）", "罚没金额（元）", "案值（元）", "其中罚款案件（起）", "移送司法机关案件（起）", "行纪衔接（起）", "约谈企业（家）"]
            let rows = try await enforcementMonths(year: year, as: p, services: services).map { label, f in
                [label, String(f.cases), String(format: "%.2f", f.penaltyTotal), String(format: "%.2f", f.caseValue), String(f.finedCases),
                 String(f.judicialReferrals), String(f.disciplineLinks), String(f.interviewedEnterprises)]
            }
            return StatsTable(name: "案件查办-按月-\(year)", header: header, rows: rows)
        default:
            return nil
        }
    }

    /// The monthly form's enforcement columns for each month of a year and the year (EnforcementFigures): each act
    /// counted in the month it happened, so the months add up to the year.
    static func enforcementMonths(year: Int, as p: Principal, services: AppServices) async throws -> [(String, EnforcementFigures)] {
        let first = Day(year: year, month: 1, day: 1)!, last = Day(year: year, month: 12, day: 31)!
        let facts = try await EnforcementFiguresQuery(services.database).facts(from: first, to: last, as: p)
        let months = (1...12).map { m in
            let start = Day(year: year, month: m, day: 1)!
            let end = m == 12 ? last : Day(year: year, month: m + 1, day: 1)!.adding(days: -1)
            return ("\(m)月", facts.total(in: start...end))
        }
        return months + [("全年", facts.total(in: first...last))]
    }

    static func failureRates(_ cells: [RateCell], name: String) -> StatsTable {
        let header = ["项目", "检验批次", "不合格批次", "不合格率", "95%置信区间下限", "95%置信区间上限", "上年检验批次", "上年不合格批次", "变化（百分点）"]
        let rows = cells.map { c in
            [c.label, String(c.tested), String(c.failed), c.rate.map { String(format: "%.4f", $0) } ?? "", c.interval.map { String(format: "%.4f", $0.low) } ?? "",
             c.interval.map { String(format: "%.4f", $0.high) } ?? "", String(c.previousTested), String(c.previousFailed),
             c.change.map { String(format: "%.2f", $0) } ?? ""]
        }
        return StatsTable(name: name, header: header, rows: rows)
    }
}
