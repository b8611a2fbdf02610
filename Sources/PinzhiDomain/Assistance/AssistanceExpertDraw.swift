/// The experts of an assistance case (SPEC TA-2) are drawn by PZ-DRAW-2's list draw, as a recheck agency is: the
/// pool is committed when the case is requested — every active expert by code, an expert with a declared conflict
/// with the enterprise (ExpertConflict) marked `conflict`, so never eligible — and 派单 draws from it with a value
/// announced after the commitment. The draw orders every eligible expert; 派单 takes as many as it asks for.
public enum AssistanceExpertDraw {
    public static let conflict = "conflict"
    /// An expert who declined this case before: not drawn for it again.
    public static let declined = "declined"

    /// The list to commit for a case: each expert once, by id, with its code.
    public static func list(caseNumber: String, day: Day, experts: [(id: Int64, code: String, conflicted: Bool)], declined: Set<Int64> = [],
                            salts: [[UInt8]], committedAt: String) -> ListDraw {
        var seen = Set<Int64>()
        let pool = experts.sorted { $0.id < $1.id }.filter { seen.insert($0.id).inserted }
        let candidates = pool.map {
            ListDraw.Candidate(id: $0.id, code: $0.code, status: $0.conflicted ? conflict : declined.contains($0.id) ? Self.declined : ListDraw.eligible)
        }
        return ListDraw(kind: .assistanceExperts, subject: "assistance:\(caseNumber)", day: day, count: candidates.filter { $0.status == ListDraw.eligible }.count,
                        candidates: candidates, salts: salts, committedAt: committedAt)
    }

    /// How many distinct experts a pool has: the salts to make.
    public static func distinct(_ experts: [(id: Int64, code: String, conflicted: Bool)]) -> Int { Set(experts.map(\.id)).count }
}
