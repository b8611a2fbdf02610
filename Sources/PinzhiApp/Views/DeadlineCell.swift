import PinzhiDomain

/// A deadline as a list shows it: the day (or the missing calendar year, docs/rules.md §6), the days left or overdue,
/// and whether it is red.
struct DeadlineCell {
    var text: String
    var daysLeft: String
    var overdue: Bool

    init(_ due: Deadline?, today: Day) {
        let day = due?.day
        text = day?.description ?? due?.missingText ?? "—"
        let left = day.map { $0.ordinal - today.ordinal }
        daysLeft = left.map { $0 < 0 ? "逾期\(-$0)天" : "\($0)天" } ?? "—"
        overdue = (left ?? 0) < 0 || due?.missingText != nil
    }
}
