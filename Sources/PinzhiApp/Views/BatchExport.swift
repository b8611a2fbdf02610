import Foundation
import PinzhiDomain
import PinzhiStore

/// The batch list as a table: one header and one row shape for the page's download and the API's
/// (`GET /batches/export`, `GET /api/v1/batches/export`), with the list's filters.
enum BatchExport {
    static let header = ["编号", "企业", "统一社会信用代码", "所在区", "产品", "环节", "方式", "承检机构", "状态", "抽样日期", "报告编号", "报告日期",
                         "结论", "不合格项目", "送达日期", "异议期限", "公布日期"]

    static func row(_ b: Batch) -> [String] {
        [b.number, b.enterpriseName, b.enterpriseUscc, District.named(code: b.enterpriseDistrict), b.productName, b.stage.label, b.mode.label,
         b.agencyName, b.state.label, b.sampledOn?.description ?? "", b.reportNumber ?? "", b.reportedOn?.description ?? "", b.verdictLabel,
         b.failedItems ?? "", b.deliveredOn?.description ?? "", b.objectionDeadline?.description ?? "", b.publishedOn?.description ?? ""]
    }

    /// An XLSX workbook is built in memory; above this many rows the export asks for a narrower filter or CSV,
    /// which streams every row.
    static let xlsxRowLimit = 100_000

    /// Every batch of the filter, as CSV read 2,000 at a time; no filter (one that can match nothing) gives the header.
    static func csv(_ repository: BatchRepository, _ filter: BatchFilter?, as p: Principal) async throws -> AsyncThrowingStream<ArraySlice<UInt8>, any Error> {
        try await CSVStream.make(header: header) { offset, size in
            guard var f = filter else { return [] }
            f.offset = offset
            f.limit = size
            return try await repository.rows(f, as: p).map(row)
        }
    }

    /// Every batch of the filter as a workbook, or a clear refusal when there are more than `xlsxRowLimit`.
    static func xlsx(_ repository: BatchRepository, _ filter: BatchFilter?, as p: Principal) async throws -> Data {
        var rows: [Batch] = []
        if var f = filter {
            f.offset = 0
            f.limit = xlsxRowLimit + 1
            rows = try await repository.rows(f, as: p)
        }
        guard rows.count <= xlsxRowLimit else {
            throw WebError.badRequest("筛选出的批次超过\(xlsxRowLimit)条，XLSX无法一次导出；请缩小筛选范围，或导出CSV（不限条数）", field: "format")
        }
        return try XLSXWriter.data([header] + rows.map(row), sheetName: "抽查批次")
    }
}
