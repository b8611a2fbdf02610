import Foundation
import PinzhiDomain

/// Finds each field's column in a header row, by its Chinese label (with or without the part in brackets) or key.
struct HeaderMap {
    var columns: [String: Int] = [:]

    init(header: [String], fields: [FieldSpec]) {
        for (index, raw) in header.enumerated() {
            let cell = raw.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "*", with: "")
            for field in fields where columns[field.key] == nil {
                let short = field.label.split(separator: "（").first.map(String.init) ?? field.label
                if cell == field.label || cell == short || cell == field.key { columns[field.key] = index }
            }
        }
    }

    func missingRequired(_ fields: [FieldSpec], except: Set<String> = []) -> [FieldSpec] {
        fields.filter { $0.required && columns[$0.key] == nil && !except.contains($0.key) }
    }

    func values(_ row: [String], _ fields: [FieldSpec]) -> [String: String] {
        var out: [String: String] = [:]
        for field in fields {
            if let i = columns[field.key] { out[field.key] = i < row.count ? row[i] : "" }
        }
        return out
    }
}
