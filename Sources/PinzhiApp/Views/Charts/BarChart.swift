import PinzhiDomain

/// Horizontal bars, one per row, with the rate and its counts written beside each bar: non-conformance rates in
/// shades of red, pass rates (evaluation checks) in green.
enum BarChart {
    struct Bar {
        var label: String
        var rate: Double?
        var numerator: Int
        var denominator: Int
    }

    static func rates(_ cells: [RateCell], title: String, width: Int = 720) -> String {
        let top = max(cells.compactMap(\.rate).max() ?? 0, 0.0001)
        return bars(cells.map { Bar(label: $0.label, rate: $0.rate, numerator: $0.failed, denominator: $0.tested) }, title: title, width: width,
                    top: top) { SVG.heat($0, max: top) }
    }

    /// Pass rate = batches without a failure / batches tested, on a fixed 0–100 % scale.
    static func passRates(_ cells: [RateCell], title: String, width: Int = 720) -> String {
        bars(cells.map { c in Bar(label: c.label, rate: c.rate.map { 1 - $0 }, numerator: c.tested - c.failed, denominator: c.tested) },
             title: title, width: width, top: 1) { _ in "#3a8a4f" }
    }

    static func bars(_ bars: [Bar], title: String, width: Int, top: Double, fill: (Double?) -> String) -> String {
        let rowHeight = 24, labelWidth = 210, valueWidth = 130
        let barWidth = width - labelWidth - valueWidth - 10
        let height = max(bars.count, 1) * rowHeight + 10
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(SVG.escape(title))\"><title>\(SVG.escape(title))</title>"
        for (i, b) in bars.enumerated() {
            let y = 5 + i * rowHeight
            let w = Int(Double(barWidth) * (b.rate ?? 0) / top)
            out += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 16)\" text-anchor=\"end\" class=\"chart-label\">\(SVG.escape(String(b.label.prefix(14))))</text>"
            out += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(max(w, 1))\" height=\"\(rowHeight - 8)\" fill=\"\(fill(b.rate))\" stroke=\"#555\" stroke-width=\"0.5\"/>"
            out += "<text x=\"\(labelWidth + max(w, 1) + 6)\" y=\"\(y + 16)\" class=\"chart-value\">\(SVG.percent(b.rate))（\(b.numerator)/\(b.denominator)）</text>"
        }
        return out + "</svg>"
    }
}
