import PinzhiDomain

/// Horizontal bars of non-conformance rates, one per row, with the rate and its counts written beside each bar.
enum BarChart {
    static func rates(_ cells: [RateCell], title: String, width: Int = 720) -> String {
        let rowHeight = 24, labelWidth = 210, valueWidth = 130
        let barWidth = width - labelWidth - valueWidth - 10
        let height = max(cells.count, 1) * rowHeight + 10
        let top = max(cells.compactMap(\.rate).max() ?? 0, 0.0001)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(SVG.escape(title))\"><title>\(SVG.escape(title))</title>"
        for (i, c) in cells.enumerated() {
            let y = 5 + i * rowHeight
            let w = Int(Double(barWidth) * (c.rate ?? 0) / top)
            out += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 16)\" text-anchor=\"end\" class=\"chart-label\">\(SVG.escape(String(c.label.prefix(14))))</text>"
            out += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(max(w, 1))\" height=\"\(rowHeight - 8)\" fill=\"\(SVG.heat(c.rate, max: top))\" stroke=\"#b22222\" stroke-width=\"0.5\"/>"
            out += "<text x=\"\(labelWidth + max(w, 1) + 6)\" y=\"\(y + 16)\" class=\"chart-value\">\(SVG.percent(c.rate))（\(c.failed)/\(c.tested)）</text>"
        }
        return out + "</svg>"
    }
}
