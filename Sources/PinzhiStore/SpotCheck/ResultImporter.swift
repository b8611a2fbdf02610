import Foundation
import PinzhiDomain
import SQLKit

/// Test results of a task's sampled batches from a CSV or XLSX file (SPEC SC-6): one row per batch, a column per
/// test item of the plan line. Every row is one `report` step through BatchWorkflow, all in one transaction; any
/// error in any row rolls back every row, and each error names its row and column.
public struct ResultImporter: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct RowError: Sendable, Equatable {
        public var row: Int
        public var column: String
        public var message: String

        public var text: String { "第\(row)行" + (column.isEmpty ? "" : "“\(column)”") + "：\(message)" }
    }

    public struct Rejected: Error, Sendable, Equatable {
        public var errors: [RowError]
    }

    static let fixed = ["批次编号", "报告编号", "授权签字人", "报告日期"]

    /// The sheet to fill: the fixed columns, then the test items; one row per batch of the task waiting for its report.
    public func template(taskId: Int64, as p: Principal) async throws -> [[String]] {
        let repo = BatchRepository(database)
        var filter = BatchFilter()
        filter.taskId = taskId
        filter.states = [.sampled]
        filter.limit = 10_000
        let batches = try await repo.list(filter, as: p).rows.filter { $0.agencyId == p.agencyId }
        guard let first = batches.first else { return [Self.fixed] }
        let items = try await repo.testItems(first)
        return [Self.fixed + items.map(\.name)] + batches.sorted { $0.id < $1.id }.map { [$0.number, "", "", ""] + items.map { _ in "" } }
    }

    /// Imports the file; returns the number of batches reported.
    public func run(taskId: Int64, data: Data, today: Day, as p: Principal) async throws -> Int {
        let table: Table
        do { table = try TableFile.table(data, naming: { Self.fixed.contains($0) }) } catch let error as TableFileError {
            throw Rejected(errors: [RowError(row: 1, column: "", message: error.message)])
        }
        let header = table.header
        guard Self.fixed.allSatisfy(header.contains) else {
            throw Rejected(errors: [RowError(row: table.headerRow, column: "", message: "表头应包含：\(Self.fixed.joined(separator: "、"))及各检验项目")])
        }
        let body = table.body
        if body.isEmpty { throw Rejected(errors: [RowError(row: table.headerRow + 1, column: "", message: "文件中没有数据行")]) }
        let rules = try await RuleRepository(database).effective(on: today)
        let calendar = try await CalendarRepository(database).calendar()
        return try await database.transaction { db in
            var errors: [RowError] = []
            var done = 0
            for (line, cells) in body {
                func cell(_ name: String) -> String {
                    guard let i = header.firstIndex(of: Table.heading(name)), i < cells.count else { return "" }
                    return cells[i].trimmingCharacters(in: .whitespaces)
                }
                let number = cell("批次编号")
                guard let batch = try await BatchRepository.select(db).where(SQLColumn("number", table: "b"), .equal, SQLBind(number))
                    .where(SQLColumn("task_id", table: "b"), .equal, SQLBind(taskId)).first().map(BatchRepository.decode),
                    try await BatchRepository.find(db, batch.id, p) != nil else {
                    errors.append(RowError(row: line, column: "批次编号", message: "本任务中没有批次“\(number)”"))
                    continue
                }
                let items = try await BatchRepository.testItems(db, batch)
                var input = ["reportNumber": cell("报告编号"), "signatory": cell("授权签字人"), "reportedOn": Day.written(cell("报告日期"))?.description ?? cell("报告日期")]
                var columns = ["reportNumber": "报告编号", "signatory": "授权签字人", "reportedOn": "报告日期"]
                for item in items {
                    input["item\(item.id)"] = cell(item.name)
                    columns["item\(item.id)"] = item.name
                }
                do {
                    _ = try await BatchRepository.act(db, batch.id, .report, input: input, expectedVersion: batch.version, today: today, as: p,
                                                      seed: nil, rules: rules, calendar: calendar)
                    done += 1
                } catch let StoreError.invalid(failure) {
                    errors += failure.errors.map { RowError(row: line, column: columns[$0.field] ?? "", message: $0.message) }
                } catch let error as StoreError {
                    errors.append(RowError(row: line, column: "批次编号", message: error.message))
                }
            }
            if !errors.isEmpty { throw Rejected(errors: errors) }
            return done
        }
    }
}
