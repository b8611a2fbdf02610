import PinzhiDomain

/// Batches tested per month (bars) and the non-conformance rate (line, right-hand scale).
enum LineChart {
    static func monthly(_ cells: [RateCell], title: String, width: Int = 720, height: Int = 240) -> String {
        let left = 40, right = 50, top = 20, bottom = 30
        let plotW = width - left - right, plotH = height - top - bottom
        let maxTested = max(cells.map(\.tested).max() ?? 0, 1)
        let maxRate = max(cells.compactMap(\.rate).max() ?? 0, 0.01)
        let step = Double(plotW) / Double(max(cells.count, 1))
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(SVG.escape(title))\"><title>\(SVG.escape(title))</title>"
        out += "<line x1=\"\(left)\" y1=\"\(top + plotH)\" x2=\"\(left + plotW)\" y2=\"\(top + plotH)\" stroke=\"#999\"/>"
        var points: [String] = []
        for (i, c) in cells.enumerated() {
            let x = Double(left) + step * Double(i)
            let h = Double(plotH) * Double(c.tested) / Double(maxTested)
            out += "<rect x=\"\(SVG.number(x + step * 0.15))\" y=\"\(SVG.number(Double(top + plotH) - h))\" width=\"\(SVG.number(step * 0.7))\" height=\"\(SVG.number(h))\" fill=\"#d9e2ec\"/>"
            out += "<text x=\"\(SVG.number(x + step / 2))\" y=\"\(height - 10)\" text-anchor=\"middle\" class=\"chart-label\">\(SVG.escape(c.label))</text>"
            if c.tested > 0 {
                out += "<text x=\"\(SVG.number(x + step / 2))\" y=\"\(SVG.number(Double(top + plotH) - h - 3))\" text-anchor=\"middle\" class=\"chart-small\">\(c.tested)</text>"
            }
            if let rate = c.rate {
                let y = Double(top) + Double(plotH) * (1 - rate / maxRate)
                points.append("\(SVG.number(x + step / 2)),\(SVG.number(y))")
                out += "<circle cx=\"\(SVG.number(x + step / 2))\" cy=\"\(SVG.number(y))\" r=\"3\" fill=\"#b22222\"><title>\(SVG.escape(c.label)) \(SVG.percent(rate))</title></circle>"
            }
        }
        if points.count > 1 { out += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#b22222\" stroke-width=\"2\"/>" }
        out += "<text x=\"\(left + plotW + 6)\" y=\"\(top + 4)\" class=\"chart-small\">\(SVG.percent(maxRate))</text>"
        out += "<text x=\"\(left - 4)\" y=\"\(top + 4)\" text-anchor=\"end\" class=\"chart-small\">\(maxTested)</text>"
        return out + "</svg>"
    }
}
