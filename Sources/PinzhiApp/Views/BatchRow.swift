import PinzhiDomain

/// A batch as a line of a list or a to-do: where it stands, what comes next, and how many days are left.
struct BatchRow {
    var url: String
    var number: String
    var enterprise: String
    var product: String
    var agency: String
    var district: String
    var stage: String
    var mode: String
    var state: String
    var verdict: String
    var failed: Bool
    var deadline: String
    var daysLeft: String
    var overdue: Bool
    var next: String

    init(_ b: Batch, deadline: Day?, today: Day, next: [BatchAction] = []) {
        url = "/batches/\(b.id)"
        number = b.number
        enterprise = b.enterpriseName
        product = b.productName
        agency = b.agencyName
        district = District.named(code: b.enterpriseDistrict)
        stage = b.stage
        mode = b.mode.label
        state = b.state.label
        verdict = b.verdictLabel
        failed = b.isFailure
        self.deadline = deadline?.description ?? "—"
        let left = deadline.map { $0.ordinal - today.ordinal }
        daysLeft = left.map { $0 < 0 ? "逾期\(-$0)天" : "\($0)天" } ?? "—"
        overdue = (left ?? 0) < 0
        self.next = next.map(\.label).joined(separator: "、")
    }
}
