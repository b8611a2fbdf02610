/// The random assessment of quality-safety officers (随机监督抽查考核, SPEC EN-4), drawn so that anyone holding the
/// candidate list can recompute it, as the spot-check draw is (docs/rules.md §5b), by algorithm PZ-OFFICER-1:
/// - the candidate list is the active officers of the enterprises in the drawing bureau's scope on the draw's day,
///   ordered by officer id; its canonical text is the header line `PZ-OFFICER-1|<scope>|<period>|<day>|<k>` followed by
///   one line per candidate `<officer id>|<enterprise id>|<role code>`, lines ended by "\n", UTF-8 (no names of people);
/// - `listHash` is the SHA-256 of that text, in lower-case hex;
/// - the draw is a partial Fisher–Yates shuffle of the list with SplitMix64 (SeededGenerator) from `seed`: for i in
///   0..<k, j = i + below(n − i), swap i and j; the first k are drawn, in that order; k = min(count, n).
/// One draw per scope and period, so that no bureau can draw again until the outcome suits it.
public enum OfficerAssessmentDraw {
    public static let algorithm = "PZ-OFFICER-1"

    public struct Candidate: Sendable, Codable, Equatable {
        public var officerId: Int64
        public var enterpriseId: Int64
        public var role: OfficerRole

        public init(officerId: Int64, enterpriseId: Int64, role: OfficerRole) {
            self.officerId = officerId
            self.enterpriseId = enterpriseId
            self.role = role
        }
    }

    /// `scope` is "city" or a district's code; `period` a label such as "2026-Q4".
    public static func canonicalText(scope: String, period: String, day: Day, count: Int, candidates: [Candidate]) -> String {
        var text = "\(algorithm)|\(scope)|\(period)|\(day)|\(count)\n"
        for c in candidates.sorted(by: { $0.officerId < $1.officerId }) { text += "\(c.officerId)|\(c.enterpriseId)|\(c.role.rawValue)\n" }
        return text
    }

    public static func listHash(_ text: String) -> String { CommittedDraw.sha256(text) }

    /// The officers drawn, in draw order.
    public static func select(_ candidates: [Candidate], count: Int, seed: UInt64) -> [Candidate] {
        var pool = candidates.sorted { $0.officerId < $1.officerId }
        let k = min(max(count, 0), pool.count)
        var generator = SeededGenerator(seed: seed)
        for i in 0..<k {
            let j = i + generator.below(pool.count - i)
            pool.swapAt(i, j)
        }
        return Array(pool.prefix(k))
    }

    /// The period label of a day: its year and quarter ("2026-Q4").
    public static func quarter(of day: Day) -> String { "\(day.year)-Q\((day.month - 1) / 3 + 1)" }

    /// Checks a draw's request: a count of 1–500, a period label of the form 2026-Q1…Q4 or 2026-01…12.
    public static func checkRequest(count: Int?, period: String) -> [FieldError] {
        var errors: [FieldError] = []
        if count.map({ (1...500).contains($0) }) != true { errors.append(FieldError("count", "抽取人数应为1至500之间的整数")) }
        let parts = period.split(separator: "-")
        let valid = parts.count == 2 && Int(parts[0]).map { (2000...2100).contains($0) } == true
            && (parts[1].hasPrefix("Q") ? Int(parts[1].dropFirst()).map { (1...4).contains($0) } == true
                                        : parts[1].count == 2 && Int(parts[1]).map { (1...12).contains($0) } == true)
        if !valid { errors.append(FieldError("period", "考核期间应写作“2026-Q4”（季度）或“2026-11”（月份）")) }
        return errors
    }
}
