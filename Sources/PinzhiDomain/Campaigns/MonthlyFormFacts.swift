/// What the records say, as the monthly form counts it (SPEC CP-5): the store reads these from the inspections,
/// batches, risk items, monitoring batches, cases, assistance cases and 约谈 of a district (or all districts for the
/// city's sum); `MonthlyForm.compute` makes every cell from them. Each fact carries the record it came from, so a
/// cell lists what it counted. Each act counts on the day it happened (as EnforcementFigures, docs/rules.md §5d).
public struct MonthlyFormFacts: Sendable, Equatable {
    /// An on-site inspection (风险排查): the enterprise screened, and whether any item was 不符合.
    public struct Screening: Sendable, Equatable {
        public var ref: FormRef, enterpriseId: Int64, productId: Int64?, stage: ProblemStage, day: Day, foundProblem: Bool
        public init(ref: FormRef, enterpriseId: Int64, productId: Int64?, stage: ProblemStage, day: Day, foundProblem: Bool) {
            (self.ref, self.enterpriseId, self.productId, self.stage, self.day, self.foundProblem) = (ref, enterpriseId, productId, stage, day, foundProblem)
        }
    }

    /// A spot-check batch (监督抽查), this year's or last year's: sampled on `day`, failed when its verdict is 不合格.
    /// The form counts batches in the database (`Checks`); a record is the rule's reference (`Checks.init(_:…)`).
    public struct Check: Sendable, Equatable {
        public var ref: FormRef, enterpriseId: Int64, productId: Int64?, stage: ProblemStage, day: Day, failed: Bool
        public init(ref: FormRef, enterpriseId: Int64, productId: Int64?, stage: ProblemStage, day: Day, failed: Bool) {
            (self.ref, self.enterpriseId, self.productId, self.stage, self.day, self.failed) = (ref, enterpriseId, productId, stage, day, failed)
        }
    }

    /// A risk item received (采集风险信息).
    public struct Information: Sendable, Equatable {
        public var ref: FormRef, productId: Int64?, day: Day
        public init(ref: FormRef, productId: Int64?, day: Day) { (self.ref, self.productId, self.day) = (ref, productId, day) }
    }

    /// A monitoring batch: sampled on `day`; a quality problem found when its finding was reported (`problemOn`).
    public struct Monitoring: Sendable, Equatable {
        public var ref: FormRef, productId: Int64?, day: Day, problemOn: Day?
        public init(ref: FormRef, productId: Int64?, day: Day, problemOn: Day?) {
            (self.ref, self.productId, self.day, self.problemOn) = (ref, productId, day, problemOn)
        }
    }

    /// A case, its acts on their days; amounts in yuan.
    public struct Case: Sendable, Equatable {
        public var ref: FormRef, productId: Int64?, filedOn: Day, decidedOn: Day?, penalty: Double, value: Double, referredOn: Day?, disciplineOn: Day?
        public init(ref: FormRef, productId: Int64?, filedOn: Day, decidedOn: Day? = nil, penalty: Double = 0, value: Double = 0, referredOn: Day? = nil,
                    disciplineOn: Day? = nil) {
            (self.ref, self.productId, self.filedOn, self.decidedOn, self.penalty, self.value, self.referredOn, self.disciplineOn) =
                (ref, productId, filedOn, decidedOn, penalty, value, referredOn, disciplineOn)
        }
    }

    /// An assistance case: the enterprise helped when the experts went on site; problems solved and output gained
    /// (万元) when it closed.
    public struct Assistance: Sendable, Equatable {
        public var ref: FormRef, enterpriseId: Int64, productId: Int64?, servedOn: Day?, closedOn: Day?, problemsSolved: Int, outputValue: Double
        public init(ref: FormRef, enterpriseId: Int64, productId: Int64?, servedOn: Day?, closedOn: Day?, problemsSolved: Int, outputValue: Double) {
            (self.ref, self.enterpriseId, self.productId, self.servedOn, self.closedOn, self.problemsSolved, self.outputValue) =
                (ref, enterpriseId, productId, servedOn, closedOn, problemsSolved, outputValue)
        }
    }

    /// A 约谈 held with an enterprise.
    public struct Interview: Sendable, Equatable {
        public var ref: FormRef, enterpriseId: Int64, productId: Int64?, day: Day
        public init(ref: FormRef, enterpriseId: Int64, productId: Int64?, day: Day) {
            (self.ref, self.enterpriseId, self.productId, self.day) = (ref, enterpriseId, productId, day)
        }
    }

    /// 监督抽查 of one row and stage in one span: batches sampled, failed, and distinct enterprises sampled.
    public struct CheckTally: Sendable, Hashable {
        /// The row: a campaign product, or nil for every other product (其他).
        public var productId: Int64?
        public var stage: ProblemStage
        public var batches: Int, failures: Int, enterprises: Int
        public init(productId: Int64?, stage: ProblemStage, batches: Int, failures: Int, enterprises: Int) {
            (self.productId, self.stage, self.batches, self.failures, self.enterprises) = (productId, stage, batches, failures, enterprises)
        }
    }

    /// 监督抽查 counted, not listed (issue 21): batches are most of the records a form counts — at city scale a
    /// district samples some 60,000 a year and the city a million — so the store counts them per row and stage in
    /// SQL, and lists a cell's batches only when someone drills into it (`CheckSelection`).
    public struct Checks: Sendable, Equatable {
        /// This span's and the same span last year's, one tally per row and stage with batches. 同比变化 compares
        /// batches and failures only, so last year's tallies leave the enterprises at 0 (the costliest count).
        public var now: [CheckTally] = [], lastYear: [CheckTally] = []
        /// Distinct enterprises sampled this span per stage across all products: 合计 counts an enterprise once.
        public var enterprisesNow: [ProblemStage: Int] = [:]

        public init(now: [CheckTally] = [], lastYear: [CheckTally] = [], enterprisesNow: [ProblemStage: Int] = [:]) {
            (self.now, self.lastYear, self.enterprisesNow) = (now, lastYear, enterprisesNow)
        }

        /// The counts from the batches one by one — the rule the store's SQL must equal (tested on the demo):
        /// a batch counts in its product's row if a campaign product (`keys`), else in 其他.
        public init(_ checks: [Check], keys: Set<Int64>, span: ClosedRange<Day>) {
            func tallies(_ range: ClosedRange<Day>, enterprises: Bool = true) -> [CheckTally] {
                var out: [CheckTally] = []
                let within = checks.filter { range.contains($0.day) }
                let groups = Dictionary(grouping: within) { c in
                    CheckTally(productId: c.productId.flatMap { keys.contains($0) ? $0 : nil }, stage: c.stage, batches: 0, failures: 0, enterprises: 0)
                }
                for (key, group) in groups {
                    var t = key
                    (t.batches, t.failures, t.enterprises) = (group.count, group.filter(\.failed).count, enterprises ? Set(group.map(\.enterpriseId)).count : 0)
                    out.append(t)
                }
                return out.sorted { ($0.productId ?? .max, $0.stage.rawValue) < ($1.productId ?? .max, $1.stage.rawValue) }
            }
            now = tallies(span)
            lastYear = tallies(MonthlyForm.lastYear(span), enterprises: false)
            for stage in ProblemStage.allCases {
                let ids = Set(checks.filter { $0.stage == stage && span.contains($0.day) }.map(\.enterpriseId))
                if !ids.isEmpty { enterprisesNow[stage] = ids.count }
            }
        }
    }

    public var screenings: [Screening] = []
    public var checks = Checks()
    public var information: [Information] = []
    public var monitoring: [Monitoring] = []
    public var cases: [Case] = []
    public var assistance: [Assistance] = []
    public var interviews: [Interview] = []

    public init() {}
}

extension MonthlyForm {
    /// The span a form reports: from the campaign's start to the end of the period's month (cumulative, CP-5).
    public static func span(campaign: Campaign, period: FormPeriod) -> ClosedRange<Day> {
        campaign.startsOn...max(campaign.startsOn, min(period.lastDay, campaign.endsOn))
    }

    /// The same days a year before the span: what 同比变化 compares with.
    public static func lastYear(_ span: ClosedRange<Day>) -> ClosedRange<Day> {
        span.lowerBound.adding(months: -12)...span.upperBound.adding(months: -12)
    }

    /// The form from the facts: a row per campaign product (in the given order), 其他 for every other product or
    /// none, 合计 over all. `span` is this year's; the facts' checks carry last year's (`lastYear(span)`).
    public static func compute(unit: String, products: [(id: Int64, name: String)], facts: MonthlyFormFacts, span: ClosedRange<Day>) -> MonthlyForm {
        let keys = Set(products.map(\.id))
        var rows = products.map { p in Row(label: p.name, productId: p.id, cells: cells(facts, span: span, row: .product(p.id), keys: keys)) }
        rows.append(Row(label: "其他", productId: nil, cells: cells(facts, span: span, row: .other, keys: keys)))
        rows.append(Row(label: "合计", productId: nil, cells: cells(facts, span: span, row: .total, keys: keys)))
        return MonthlyForm(unit: unit, from: span.lowerBound, to: span.upperBound, rows: rows)
    }

    /// The 25 cells of one row: the facts whose product the row counts.
    static func cells(_ f: MonthlyFormFacts, span: ClosedRange<Day>, row: RowKey, keys: Set<Int64>) -> [Cell] {
        func belongs(_ productId: Int64?) -> Bool { row.counts(productId, keys: keys) }
        func count(_ refs: [FormRef]) -> Cell { Cell(value: Double(refs.count), refs: refs) }
        /// Distinct enterprises, each counted by its first record.
        func enterprises(_ items: [(Int64, FormRef)]) -> Cell {
            var seen = Set<Int64>(), refs: [FormRef] = []
            for (id, ref) in items where seen.insert(id).inserted { refs.append(ref) }
            return count(refs)
        }
        func sum(_ items: [(Double, FormRef)]) -> Cell { Cell(value: items.reduce(0) { $0 + $1.0 }, refs: items.map(\.1)) }
        func within(_ day: Day?) -> Bool { day.map(span.contains) ?? false }

        var out: [Cell] = []
        for stage in ProblemStage.allCases {
            let screened = f.screenings.filter { $0.stage == stage && belongs($0.productId) && span.contains($0.day) }
            out.append(enterprises(screened.map { ($0.enterpriseId, $0.ref) }))
            out.append(enterprises(screened.filter(\.foundProblem).map { ($0.enterpriseId, $0.ref) }))
        }
        for stage in ProblemStage.allCases {
            let now = f.checks.now.filter { $0.stage == stage && belongs($0.productId) }
            let before = f.checks.lastYear.filter { $0.stage == stage && belongs($0.productId) }
            let (batches, failures) = (now.reduce(0) { $0 + $1.batches }, now.reduce(0) { $0 + $1.failures })
            let (lastBatches, lastFailures) = (before.reduce(0) { $0 + $1.batches }, before.reduce(0) { $0 + $1.failures })
            // Enterprises are distinct within a row; across products (合计) only the database's own count is.
            let enterprises = row == .total ? f.checks.enterprisesNow[stage] ?? 0 : now.reduce(0) { $0 + $1.enterprises }
            func cell(_ value: Double?, lastYear: Bool = false, failedOnly: Bool = false, perEnterprise: Bool = false, count: Int) -> Cell {
                Cell(value: value, refs: [], checks: CheckSelection(row: row, stage: stage, lastYear: lastYear, failedOnly: failedOnly,
                                                                    perEnterprise: perEnterprise, count: count))
            }
            out.append(cell(Double(enterprises), perEnterprise: true, count: enterprises))
            out.append(cell(Double(batches), count: batches))
            out.append(cell(Double(failures), failedOnly: true, count: failures))
            out.append(cell(change(batches: batches, failures: failures, lastBatches: lastBatches, lastFailures: lastFailures),
                            lastYear: true, failedOnly: true, count: lastFailures))
        }
        out.append(count(f.information.filter { belongs($0.productId) && span.contains($0.day) }.map(\.ref)))
        let monitored = f.monitoring.filter { belongs($0.productId) }
        out.append(count(monitored.filter { span.contains($0.day) }.map(\.ref)))
        out.append(count(monitored.filter { within($0.problemOn) }.map(\.ref)))
        let cases = f.cases.filter { belongs($0.productId) }
        out.append(count(cases.filter { span.contains($0.filedOn) }.map(\.ref)))
        let decided = cases.filter { within($0.decidedOn) }
        out.append(sum(decided.map { ($0.penalty / 10_000, $0.ref) }))
        out.append(sum(decided.map { ($0.value / 10_000, $0.ref) }))
        out.append(count(cases.filter { within($0.referredOn) }.map(\.ref)))
        out.append(count(cases.filter { within($0.disciplineOn) }.map(\.ref)))
        let assisted = f.assistance.filter { belongs($0.productId) }
        out.append(enterprises(assisted.filter { within($0.servedOn) }.map { ($0.enterpriseId, $0.ref) }))
        let closed = assisted.filter { within($0.closedOn) }
        out.append(sum(closed.map { (Double($0.problemsSolved), $0.ref) }))
        out.append(sum(closed.map { ($0.outputValue, $0.ref) }))
        out.append(enterprises(f.interviews.filter { belongs($0.productId) && span.contains($0.day) }.map { ($0.enterpriseId, $0.ref) }))
        return out
    }

    /// 同比变化: this span's failure rate minus last year's, in percentage points; nil without checks on either side.
    static func change(batches: Int, failures: Int, lastBatches: Int, lastFailures: Int) -> Double? {
        guard batches > 0, lastBatches > 0 else { return nil }
        let now = Double(failures) / Double(batches) * 100, before = Double(lastFailures) / Double(lastBatches) * 100
        return ((now - before) * 100).rounded() / 100
    }
}
