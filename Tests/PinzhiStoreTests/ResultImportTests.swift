import Foundation
import PinzhiDomain
import PinzhiTestSupport
import Testing
@testable import PinzhiStore

@Suite("检验结果批量导入（SC-6）")
struct ResultImportTests {
    @Test func allRowsOrNoneWithEachErrorByRowAndColumn() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db)
            _ = try await DrawRepository(db).commitAndDraw(taskId: f.task.id, reason: nil, publicValue: String(5), today: f.today, as: SpotCheckFixture.city)
            let repo = BatchRepository(db)
            let agent = f.agencyUser()
            var filter = BatchFilter()
            filter.taskId = f.task.id
            for b in try await repo.list(filter, as: agent).rows.prefix(2) {
                _ = try await repo.act(b.id, .sample, input: ["sampledOn": "2026-11-01", "sampleName": "电动自行车", "lotNumber": "L", "quantity": "2辆",
                                                              "backupQuantity": "1辆", "backupSealed": "是", "place": "仓库"],
                                       expectedVersion: b.version, today: f.today, as: agent)
            }
            let importer = ResultImporter(db)
            let template = try await importer.template(taskId: f.task.id, as: agent)
            #expect(template.count == 3 && template[0].prefix(4) == ["批次编号", "报告编号", "授权签字人", "报告日期"])
            let items = try await repo.testItems(try await repo.list(filter, as: agent).rows[0])
            #expect(template[0].dropFirst(4) == items.map(\.name)[...])
            var rows = template
            for index in 1...2 {
                rows[index][1] = "R-\(index)"
                rows[index][2] = "王工"
                rows[index][3] = "2026-11-10"
                for (column, item) in items.enumerated() {
                    rows[index][4 + column] = try LimitExpression.parse(item.limitExpression).get().sampleValue(passing: !(index == 2 && column == 0))
                }
            }
            var bad = rows
            bad[2][3] = "2026-10-01"
            bad[1][4] = "很多"
            do {
                _ = try await importer.run(taskId: f.task.id, data: CSVWriter.data(bad), today: f.today, as: agent)
                Issue.record("a file with errors was imported")
            } catch let rejected as ResultImporter.Rejected {
                #expect(rejected.errors.contains { $0.row == 2 && $0.column == items[0].name })
                #expect(rejected.errors.contains { $0.row == 3 && $0.column == "报告日期" })
            }
            filter.states = [.reported]
            #expect(try await repo.list(filter, as: agent).total == 0, "nothing was written")
            let count = try await importer.run(taskId: f.task.id, data: CSVWriter.data(rows), today: f.today, as: agent)
            #expect(count == 2)
            let reported = try await repo.list(filter, as: agent).rows
            #expect(reported.count == 2 && reported.filter { $0.verdict == .fail }.count == 1)
            await #expect(throws: ResultImporter.Rejected.self) {
                _ = try await importer.run(taskId: f.task.id, data: CSVWriter.data(rows), today: f.today, as: agent)
            }
        }
    }
}
