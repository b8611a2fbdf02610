import PinzhiDomain

/// The districts as a tile grid laid out roughly as on the map (崇明 north, 金山 south-west, 浦东 east), each tile
/// coloured by its non-conformance rate and labelled with it.
enum DistrictTiles {
    /// (row, column) of each district's tile.
    static let layout: [String: (Int, Int)] = [
        "310151": (0, 3), "310113": (1, 3), "310114": (1, 2), "310110": (2, 4), "310107": (2, 3), "310106": (2, 2),
        "310109": (3, 4), "310101": (3, 3), "310105": (3, 2), "310118": (3, 1), "310112": (4, 2), "310104": (4, 3),
        "310115": (4, 4), "310117": (5, 1), "310120": (5, 3), "310116": (6, 2),
    ]

    static func rates(_ cells: [RateCell], title: String) -> String {
        let size = 96, gap = 6
        let byCode = Dictionary(cells.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let top = max(cells.compactMap(\.rate).max() ?? 0, 0.0001)
        let width = 6 * (size + gap), height = 7 * (size + gap)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart tiles\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(SVG.escape(title))\"><title>\(SVG.escape(title))</title>"
        for district in District.all {
            guard let (row, col) = layout[district.code] else { continue }
            let x = col * (size + gap), y = row * (size + gap)
            let cell = byCode[district.code]
            out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(size)\" height=\"\(size)\" rx=\"6\" fill=\"\(SVG.heat(cell?.rate, max: top))\" stroke=\"#fff\"/>"
            // Dark tiles take white text so that the figures stay readable.
            let ink = (cell?.rate ?? 0) / top > 0.6 ? " style=\"fill:#fff\"" : ""
            out += "<text x=\"\(x + size / 2)\" y=\"\(y + 36)\" text-anchor=\"middle\" class=\"chart-label\"\(ink)>\(SVG.escape(district.name))</text>"
            out += "<text x=\"\(x + size / 2)\" y=\"\(y + 58)\" text-anchor=\"middle\" class=\"chart-value\"\(ink)>\(SVG.percent(cell?.rate))</text>"
            out += "<text x=\"\(x + size / 2)\" y=\"\(y + 76)\" text-anchor=\"middle\" class=\"chart-small\"\(ink)>\(cell.map { "\($0.failed)/\($0.tested)" } ?? "未抽查")</text>"
        }
        return out + "</svg>"
    }
}
