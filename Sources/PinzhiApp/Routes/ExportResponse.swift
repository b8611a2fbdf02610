import Foundation
import Hummingbird
import PinzhiStore

/// A table sent as a CSV or XLSX download with a Chinese file name.
enum ExportResponse {
    static func make(rows: [[String]], name: String, format: String) throws -> Response {
        let data: Data
        let type: String
        if format == "xlsx" {
            data = try XLSXWriter.data(rows, sheetName: name)
            type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        } else {
            data = CSVWriter.data(rows)
            type = "text/csv; charset=utf-8"
        }
        return Response(status: .ok, headers: [
            .contentType: type,
            .contentDisposition: DownloadName.disposition(file: "\(name).\(format)", fallback: "export.\(format)"),
            .cacheControl: "no-store",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
