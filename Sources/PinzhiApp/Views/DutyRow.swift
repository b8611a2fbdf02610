import PinzhiDomain

/// A line of the workbench's to-do list: what it is, what is owed, by when and how many days are left.
struct DutyRow {
    var kind: String
    var url: String
    var title: String
    var subject: String
    var state: String
    var next: String
    var deadline: String
    var daysLeft: String
    var overdue: Bool

    init(_ d: Duty, today: Day) {
        kind = d.kindLabel
        url = "/\(d.path)/\(d.id)"
        title = d.title
        subject = d.subject
        state = d.state
        next = d.next.joined(separator: "、")
        let day = d.deadline?.day
        deadline = day?.description ?? d.deadline?.missingText ?? "—"
        let left = day.map { $0.ordinal - today.ordinal }
        daysLeft = left.map { $0 < 0 ? "逾期\(-$0)天" : "\($0)天" } ?? "—"
        overdue = (left ?? 0) < 0 || d.deadline?.missingText != nil
    }
}
