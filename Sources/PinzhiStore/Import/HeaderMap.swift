import Foundation
import PinzhiDomain

/// Finds each field's column in a header row, by its Chinese label (with or without the part in brackets) or key.
struct HeaderMap {
    var columns: [String: Int] = [:]

    init(header: [String], fields: [FieldSpec]) {
        for (index, raw) in header.enumerated() {
            let cell = Table.heading(raw)
            for field in fields where columns[field.key] == nil && Self.names(cell, field) { columns[field.key] = index }
        }
    }

    /// Whether a heading (as `Table.heading` gives it) names the field.
    static func names(_ heading: String, _ field: FieldSpec) -> Bool {
        let label = Table.heading(field.label)
        let short = label.split(separator: "（").first.map(String.init) ?? label
        return heading == label || heading == short || heading == field.key
    }

    /// Whether a heading names any of the fields: how a table's header row is found (TableFile.table).
    static func namesAny(_ fields: [FieldSpec]) -> @Sendable (String) -> Bool {
        { heading in fields.contains { names(heading, $0) } }
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
