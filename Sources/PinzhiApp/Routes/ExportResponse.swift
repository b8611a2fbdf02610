import Foundation
import Hummingbird
import PinzhiStore

/// A table sent as a CSV or XLSX download with a Chinese file name.
enum ExportResponse {
    static func make(rows: [[String]], name: String, format: String) throws -> Response {
        let data = format == "xlsx" ? try XLSXWriter.data(rows, sheetName: name) : CSVWriter.data(rows)
        return make(data: data, name: name, format: format)
    }

    /// A file already written (`format` is "xlsx" or "csv").
    static func make(data: Data, name: String, format: String) -> Response {
        let type = format == "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8"
        return Response(status: .ok, headers: [
            .contentType: type,
            .contentDisposition: DownloadName.disposition(file: "\(name).\(format)", fallback: "export.\(format)"),
            .cacheControl: "no-store",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A CSV download sent as it is read (CSVStream).
    static func csv(_ stream: AsyncThrowingStream<ArraySlice<UInt8>, any Error>, name: String) -> Response {
        Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8",
            .contentDisposition: DownloadName.disposition(file: "\(name).csv", fallback: "export.csv"),
            .cacheControl: "no-store",
        ], body: ResponseBody(asyncSequence: stream.map { ByteBuffer(bytes: $0) }))
    }
}
