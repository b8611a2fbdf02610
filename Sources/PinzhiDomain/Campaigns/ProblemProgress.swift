/// The problem list's progress per district (SPEC CP-4: open, cleared, overdue) and the campaign's closing rule: a
/// campaign closes only when no item is open, or each open item's carrying over was approved by the city.
public struct ProblemProgress: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var districtCode: String?
        public var total = 0
        public var open = 0
        public var cleared = 0
        public var overdue = 0
        public var unfounded = 0
        public var relapsed = 0

        /// 清零率: the share of the founded items cleared, in per cent (100 with none).
        public var clearedPercent: Double {
            let founded = total - unfounded
            return founded == 0 ? 100 : Double(cleared) / Double(founded) * 100
        }
    }

    public var lines: [Line]
    public var total: Line

    /// Tallies the items per district (in the order of District.all) as of `today`.
    public static func of(_ items: [ProblemItem], today: Day) -> ProblemProgress {
        var byDistrict: [String: Line] = [:]
        var total = Line(districtCode: nil)
        for item in items {
            let key = item.districtCode ?? ""
            var line = byDistrict[key] ?? Line(districtCode: item.districtCode)
            for index in 0..<2 {
                var l = index == 0 ? line : total
                l.total += 1
                if item.isOpen { l.open += 1 }
                if item.state.isCleared { l.cleared += 1 }
                if item.isOverdue(on: today) { l.overdue += 1 }
                if item.state == .unfounded { l.unfounded += 1 }
                if item.state == .relapsed { l.relapsed += 1 }
                if index == 0 { line = l } else { total = l }
            }
            byDistrict[key] = line
        }
        let order = District.all.map(\.code) + byDistrict.keys.filter { key in !District.all.contains { $0.code == key } }.sorted()
        return ProblemProgress(lines: order.compactMap { byDistrict[$0] }, total: total)
    }

    /// Why the campaign cannot close yet: each open item not carried over with the city's approval, by number.
    public static func closingBlockers(_ items: [ProblemItem]) -> [String] {
        items.filter { $0.isOpen && $0.carriedOver == nil }.map(\.number)
    }
}
