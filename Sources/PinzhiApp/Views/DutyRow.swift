import PinzhiDomain

/// A line of the workbench's to-do list: what it is, what is owed, by when and how many days are left.
struct DutyRow {
    var kind: String
    var url: String
    var title: String
    var subject: String
    var state: String
    var next: String
    /// Links to the steps' pages (接单、拒单 straight from the expert's list).
    var steps: [WorkflowRecordPage.Link]
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
        steps = d.steps.map { .init(label: $0.label, url: "/\(d.path)/\(d.id)/act/\($0.action)") }
        let cell = DeadlineCell(d.deadline, today: today)
        deadline = cell.text
        daysLeft = cell.daysLeft
        overdue = cell.overdue
    }
}
