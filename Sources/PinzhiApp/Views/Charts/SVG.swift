import Foundation

/// Small helpers for the server-rendered charts: escaping text and formatting numbers. Charts are plain SVG strings,
/// with a <title> and the numbers as text, and each is shown next to a table of the same figures.
enum SVG {
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func number(_ d: Double) -> String { String(format: "%.1f", d) }

    static func percent(_ rate: Double?) -> String { rate.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }

    /// A colour from pale to deep red for a rate relative to the highest one shown.
    static func heat(_ rate: Double?, max: Double) -> String {
        guard let rate, max > 0 else { return "#eef1f4" }
        let t = Swift.min(1, rate / max)
        let r = Int(253 - t * (253 - 178)), g = Int(234 - t * (234 - 34)), b = Int(229 - t * (229 - 34))
        return String(format: "#%02x%02x%02x", r, g, b)
    }
}
