import Foundation

/// An uploaded table: XLSX when it is a zip archive, CSV otherwise.
public enum TableFile {
    public static func rows(_ data: Data) throws -> [[String]] {
        guard !data.isEmpty else { throw TableFileError.empty }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try XLSXReader.rows(data) }
        if data.prefix(8).contains(0) { throw TableFileError.notASpreadsheet }
        return try CSVReader.rows(data)
    }
}
