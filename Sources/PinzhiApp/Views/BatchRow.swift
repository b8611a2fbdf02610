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

    /// A deadline whose calendar year is missing shows as such, in red, instead of a day (docs/rules.md §6).
    init(_ b: Batch, deadline due: Deadline?, today: Day, next: [BatchAction] = []) {
        url = "/batches/\(b.id)"
        number = b.number
        enterprise = b.enterpriseName
        product = b.productName
        agency = b.agencyName
        district = District.named(code: b.enterpriseDistrict)
        stage = b.stage.label
        mode = b.mode.label
        state = b.state.label
        verdict = b.verdictLabel
        failed = b.isFailure
        let cell = DeadlineCell(due, today: today)
        deadline = cell.text
        daysLeft = cell.daysLeft
        overdue = cell.overdue
        self.next = next.map(\.label).joined(separator: "、")
    }
}
