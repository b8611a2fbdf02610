import Foundation

public enum ImportMode: String, Sendable, Codable {
    /// Nothing is written unless every row is valid (the default).
    case allOrNothing = "all"
    /// Valid rows are written; the invalid ones come back in the error file.
    case validRowsOnly = "valid"
}

/// One problem in an imported file, located by row (as the spreadsheet numbers it) and column.
public struct ImportIssue: Sendable, Codable, Equatable {
    public var row: Int
    public var column: String
    public var message: String

    public init(row: Int, column: String, message: String) {
        self.row = row
        self.column = column
        self.message = message
    }

    public var text: String { column.isEmpty ? "第\(row)行：\(message)" : "第\(row)行“\(column)”列：\(message)" }
}

public struct ImportReport: Sendable, Codable {
    public var kind: ImportKind
    public var rowsRead: Int = 0
    public var inserted: Int = 0
    public var updated: Int = 0
    public var unchanged: Int = 0
    public var skipped: Int = 0
    public var committed: Bool = false
    public var issues: [ImportIssue] = []
    /// The rows with problems, with the original header and a column explaining each problem.
    public var errorFile: [[String]] = []

    public init(kind: ImportKind) { self.kind = kind }

    public var summary: String {
        if !committed { return "导入未执行：共\(issues.count)处错误，未写入任何数据" }
        var text = "导入完成：新增\(inserted)条，更新\(updated)条，未变\(unchanged)条"
        if skipped > 0 { text += "，跳过有错误的\(skipped)行" }
        return text
    }
}
