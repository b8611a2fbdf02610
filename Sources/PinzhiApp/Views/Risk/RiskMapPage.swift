import Foundation
import PinzhiDomain
import PinzhiStore

/// The risk map (SPEC RK-4): the heat map and its table, the year chosen, exports.
struct RiskMapPage {
    struct Row {
        var product: String
        var productURL: String
        var district: String
        var grade: String
        var highest: String
        var open: Int
        var itemsURL: String
        var items: Int
        var tested: Int
        var failed: Int
        var rate: String
    }

    struct ClusterRow {
        var cluster: String
        var enterprisesURL: String
        var enterprises: Int
        var highest: String
        var open: Int
        var items: Int
        var tested: Int
        var failed: Int
        var rate: String
    }

    var chrome: PageChrome
    var heading: String
    var clusters: [ClusterRow] = []
    var years: [ListPage.Option]
    var months: Int
    var svg: String
    var rows: [Row]
    var csvURL: String
    var xlsxURL: String

    init(chrome: PageChrome, cells: [RiskMapCell], year: Int, years: [Int], months: Int) {
        self.chrome = chrome
        heading = "风险图谱（\(year)年抽查）"
        self.years = years.map { ListPage.Option(value: String($0), label: "\($0)年", selected: $0 == year) }
        self.months = months
        svg = RiskHeatMap.svg(cells, title: "产品×区 风险热力图")
        rows = cells.filter { !$0.isEmpty }.map { c in
            Row(product: c.productName, productURL: "/products/\(c.productId)/risk", district: District.named(code: c.districtCode),
                grade: c.productGrade?.grade ?? "未定级", highest: c.highestLevel?.grade ?? "—", open: c.openItems,
                itemsURL: "/risk-items?product=\(c.productId)&district=\(c.districtCode)", items: c.items, tested: c.tested, failed: c.failed,
                rate: RiskMapExport.rate(c))
        }
        csvURL = "/risk-map/export?year=\(year)&format=csv"
        xlsxURL = "/risk-map/export?year=\(year)&format=xlsx"
    }

    static func clusterRows(_ rows: [RiskClusterRow]) -> [RiskMapPage.ClusterRow] {
        rows.filter { $0.items > 0 || $0.tested > 0 }.map { c in
            RiskMapPage.ClusterRow(cluster: c.cluster, enterprisesURL: "/enterprises?q=\(c.cluster.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")",
                       enterprises: c.enterprises, highest: c.highestLevel?.grade ?? "—", open: c.openItems, items: c.items, tested: c.tested,
                       failed: c.failed, rate: RiskMapExport.rate(c.rate, c.interval))
        }
    }
}

enum RiskMapExport {
    static let header = ["产品", "所在区", "产品风险等级", "风险信息最高等级", "未办结风险信息", "风险信息", "抽查批次", "不合格批次", "不合格率", "95%区间下限", "95%区间上限"]

    static func rate(_ c: RiskMapCell) -> String { rate(c.rate, c.interval) }

    static func rate(_ rate: Double?, _ interval: (low: Double, high: Double)?) -> String {
        guard let r = rate, let i = interval else { return "—" }
        return "\(SVG.percent(r))（\(SVG.percent(i.low))–\(SVG.percent(i.high))）"
    }

    static func rows(_ cells: [RiskMapCell]) -> [[String]] {
        [header] + cells.filter { !$0.isEmpty }.map { c in
            [c.productName, District.named(code: c.districtCode), c.productGrade?.grade ?? "", c.highestLevel?.grade ?? "", String(c.openItems),
             String(c.items), String(c.tested), String(c.failed), c.rate.map { SVG.percent($0) } ?? "", c.interval.map { SVG.percent($0.low) } ?? "",
             c.interval.map { SVG.percent($0.high) } ?? ""]
        }
    }
}
