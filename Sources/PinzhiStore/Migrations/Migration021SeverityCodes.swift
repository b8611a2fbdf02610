/// A test item's severity is stored as its code (Severity: serious, general), in the catalogue and in the results
/// that copied it, like the stage (017).
enum Migration021SeverityCodes {
    static let migration = Migration(21, "severity_codes") { _ in
        ["test_items", "batch_results"].flatMap { table in
            [("严重", "serious"), ("一般", "general")].map { label, code in "UPDATE \(table) SET severity = '\(code)' WHERE severity = '\(label)'" }
        }
    }
}
