/// The district a registered address names (MD-1's district check; docs/rules.md "district from the address").
/// Registered addresses are written "上海市松江区…", "上海浦东新区…", "中国(上海)自由贸易试验区临港新片区…",
/// sometimes with a district's former name (闸北区 merged into 静安区 in 2015, 卢湾区 into 黄浦区 in 2011, 南汇区
/// into 浦东新区 in 2009, 崇明县 became 崇明区 in 2016).
public enum AddressDistrict {
    /// Former names that registered addresses still carry, with the district they belong to now.
    static let formerNames: [(name: String, code: String)] = [
        ("闸北区", "310106"), ("卢湾区", "310101"), ("南汇区", "310115"), ("崇明县", "310151"),
    ]

    /// The free-trade zone and the Lingang special area are registered under 浦东新区 (the Lingang bureau's own
    /// district, OrganisationSeed) unless the address names another district.
    static let pudongAreas = ["临港新片区", "自由贸易试验区", "自贸试验区", "自贸区"]

    /// What follows a district's short name when it is a road's name, not the district ("黄浦路" is in 虹口区).
    static let roadWords = ["路", "街", "大道", "道", "巷", "弄", "公路", "江"]

    /// The district's code, or nil when the address names none (or is outside Shanghai).
    public static func code(_ raw: String) -> String? {
        let address = String(raw.filter { !$0.isWhitespace }).replacingOccurrences(of: "（", with: "(").replacingOccurrences(of: "）", with: ")")
        guard !address.isEmpty else { return nil }
        // A full name anywhere, the earliest first: "上海市嘉定区…", "中国上海嘉定区…".
        let named = (District.all.map { ($0.name, $0.code) } + formerNames)
            .compactMap { name, code in address.range(of: name).map { ($0.lowerBound, code) } }
            .min { $0.0 < $1.0 }
        if let named { return named.1 }
        // A short name right after 上海市 / 上海 ("上海市松江九亭镇…"), unless it begins a road's name.
        var rest = Substring(address)
        if rest.hasPrefix("中国") { rest = rest.dropFirst(2) }
        if rest.hasPrefix("上海市") { rest = rest.dropFirst(3) } else if rest.hasPrefix("上海") { rest = rest.dropFirst(2) } else { rest = "" }
        for district in District.all {
            let short = district.name.hasSuffix("新区") ? String(district.name.dropLast(2)) : String(district.name.dropLast())
            guard rest.hasPrefix(short) else { continue }
            let after = rest.dropFirst(short.count)
            if !roadWords.contains(where: { after.hasPrefix($0) }) { return district.code }
        }
        if pudongAreas.contains(where: { address.contains($0) }) && (address.contains("上海") || address.contains("临港")) { return "310115" }
        return nil
    }

    /// Where the address, the USCC's registration division (its 3rd–8th characters) and the chosen district
    /// disagree, each said in a sentence; empty when they agree or there is nothing to compare.
    public static func disagreements(address: String, uscc: String, districtCode: String?) -> [String] {
        var out: [String] = []
        let fromAddress = code(address)
        let fromCode = USCC.divisionCode(uscc.uppercased()).flatMap { District.isKnown($0) ? $0 : nil }
        if let fromAddress, let fromCode, fromAddress != fromCode {
            out.append("注册地址在\(District.named(code: fromAddress))，统一社会信用代码的登记机关在\(District.named(code: fromCode))"
                + "（代码第3–8位为\(fromCode)），两者不一致：可能已迁址，请核实所属区")
        }
        if let fromAddress, let chosen = districtCode, !chosen.isEmpty, chosen != fromAddress {
            out.append("所属区为\(District.named(code: chosen))，与注册地址所在的\(District.named(code: fromAddress))不一致")
        }
        return out
    }
}
