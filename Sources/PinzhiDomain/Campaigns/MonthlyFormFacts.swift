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

    public var screenings: [Screening] = []
    public var checks: [Check] = []
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

    /// The form from the facts: a row per campaign product (in the given order), 其他 for every other product or
    /// none, 合计 over all. `span` is this year's; 同比变化 compares with the same days a year before.
    public static func compute(unit: String, products: [(id: Int64, name: String)], facts: MonthlyFormFacts, span: ClosedRange<Day>) -> MonthlyForm {
        let keyIds = Set(products.map(\.id))
        let lastYear = span.lowerBound.adding(months: -12)...span.upperBound.adding(months: -12)
        var rows = products.map { p in
            Row(label: p.name, productId: p.id, cells: cells(facts, span: span, lastYear: lastYear) { $0 == p.id })
        }
        rows.append(Row(label: "其他", productId: nil, cells: cells(facts, span: span, lastYear: lastYear) { id in id.map { !keyIds.contains($0) } ?? true }))
        rows.append(Row(label: "合计", productId: nil, cells: cells(facts, span: span, lastYear: lastYear) { _ in true }))
        return MonthlyForm(unit: unit, from: span.lowerBound, to: span.upperBound, rows: rows)
    }

    /// The 25 cells of one row: the facts whose product `belongs`.
    static func cells(_ f: MonthlyFormFacts, span: ClosedRange<Day>, lastYear: ClosedRange<Day>, belongs: (Int64?) -> Bool) -> [Cell] {
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
            let checks = f.checks.filter { $0.stage == stage && belongs($0.productId) }
            let now = checks.filter { span.contains($0.day) }, before = checks.filter { lastYear.contains($0.day) }
            out.append(enterprises(now.map { ($0.enterpriseId, $0.ref) }))
            out.append(count(now.map(\.ref)))
            out.append(count(now.filter(\.failed).map(\.ref)))
            out.append(Cell(value: change(now: now, before: before), refs: before.filter(\.failed).map(\.ref)))
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
    static func change(now: [MonthlyFormFacts.Check], before: [MonthlyFormFacts.Check]) -> Double? {
        guard !now.isEmpty, !before.isEmpty else { return nil }
        func rate(_ c: [MonthlyFormFacts.Check]) -> Double { Double(c.filter(\.failed).count) / Double(c.count) * 100 }
        return ((rate(now) - rate(before)) * 100).rounded() / 100
    }
}
