import PinzhiStore

/// The post-handling funnel: how many failed batches reached each stage, with the overdue ones marked.
enum FunnelChart {
    static func stages(_ stages: [HandlingFunnel.Stage], title: String, width: Int = 720) -> String {
        let rowHeight = 34
        let height = stages.count * rowHeight + 10
        let top = max(stages.map(\.reached).max() ?? 0, 1)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(SVG.escape(title))\"><title>\(SVG.escape(title))</title>"
        for (i, s) in stages.enumerated() {
            let w = Int(Double(width - 260) * Double(s.reached) / Double(top))
            let x = (width - 260 - w) / 2 + 120
            let y = 5 + i * rowHeight
            out += "<text x=\"110\" y=\"\(y + 21)\" text-anchor=\"end\" class=\"chart-label\">\(SVG.escape(s.state.label))</text>"
            out += "<rect x=\"\(x)\" y=\"\(y + 4)\" width=\"\(max(w, 1))\" height=\"\(rowHeight - 8)\" fill=\"\(s.overdue > 0 ? "#f4b6b0" : "#c9d8e6")\"/>"
            out += "<text x=\"\(width - 130)\" y=\"\(y + 21)\" class=\"chart-value\">\(s.reached)批次" + (s.overdue > 0 ? "，逾期\(s.overdue)" : "") + "</text>"
        }
        return out + "</svg>"
    }
}
