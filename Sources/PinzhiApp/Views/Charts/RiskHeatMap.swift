import PinzhiDomain

/// The risk map's heat map (SPEC RK-4): products down, districts across; a cell's colour is the highest level of the
/// product's counting risk items in that district (the grade colours of the product page), its figure the open items;
/// each cell links to its items. Shown above a table of the same figures.
enum RiskHeatMap {
    static func fill(_ level: ProductRiskLevel?) -> String {
        switch level {
        case .serious?: "#c0392b"
        case .high?: "#e67e22"
        case .medium?: "#f1c40f"
        case .low?: "#7dbb8a"
        case nil: "#eef1f4"
        }
    }

    static func svg(_ cells: [RiskMapCell], title: String) -> String {
        let products = Array(Dictionary(cells.map { ($0.productId, $0.productName) }, uniquingKeysWith: { a, _ in a })).sorted { $0.value < $1.value }
        let byKey = Dictionary(cells.map { ("\($0.productId)|\($0.districtCode)", $0) }, uniquingKeysWith: { a, _ in a })
        let left = 230, top = 70, size = 40, gap = 3
        let width = left + District.all.count * (size + gap), height = top + max(products.count, 1) * (size + gap) + 40
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart heat\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(SVG.escape(title))\"><title>\(SVG.escape(title))</title>"
        for (col, district) in District.all.enumerated() {
            let x = left + col * (size + gap) + size / 2
            out += "<text x=\"\(x)\" y=\"\(top - 8)\" transform=\"rotate(-45 \(x) \(top - 8))\" class=\"chart-small\">\(SVG.escape(district.name))</text>"
        }
        for (row, product) in products.enumerated() {
            let y = top + row * (size + gap)
            out += "<text x=\"\(left - 8)\" y=\"\(y + size / 2 + 4)\" text-anchor=\"end\" class=\"chart-label\">\(SVG.escape(product.value))</text>"
            for (col, district) in District.all.enumerated() {
                let x = left + col * (size + gap)
                let cell = byKey["\(product.key)|\(district.code)"]
                let tip = cell.map { c in
                    "\(c.productName) · \(district.name)：\(c.highestLevel.map { "风险信息最高“\($0.grade)”" } ?? "无风险信息")，未办结\(c.openItems)条，抽查不合格\(c.failed)/\(c.tested)"
                } ?? "\(product.value) · \(district.name)：无记录"
                out += "<a href=\"/risk-items?product=\(product.key)&amp;district=\(district.code)\"><rect x=\"\(x)\" y=\"\(y)\" width=\"\(size)\" height=\"\(size)\" rx=\"4\" fill=\"\(fill(cell?.highestLevel))\" stroke=\"#fff\"><title>\(SVG.escape(tip))</title></rect>"
                if let open = cell?.openItems, open > 0 {
                    let ink = [.serious, .high].contains(cell?.highestLevel) ? " style=\"fill:#fff\"" : ""
                    out += "<text x=\"\(x + size / 2)\" y=\"\(y + size / 2 + 5)\" text-anchor=\"middle\" class=\"chart-value\"\(ink)>\(open)</text>"
                }
                out += "</a>"
            }
        }
        let legendY = top + max(products.count, 1) * (size + gap) + 14
        var x = left
        for (label, level) in [("高", ProductRiskLevel.serious), ("较高", .high), ("一般", .medium), ("低", .low)] as [(String, ProductRiskLevel?)] + [("无", nil)] {
            out += "<rect x=\"\(x)\" y=\"\(legendY)\" width=\"16\" height=\"16\" fill=\"\(fill(level))\"/><text x=\"\(x + 22)\" y=\"\(legendY + 13)\" class=\"chart-small\">\(label)</text>"
            x += 70
        }
        out += "<text x=\"\(x + 10)\" y=\"\(legendY + 13)\" class=\"chart-small\">格内数字：未办结的风险信息</text>"
        return out + "</svg>"
    }
}
