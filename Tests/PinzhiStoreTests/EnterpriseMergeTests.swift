import Foundation
import PinzhiDomain
import PinzhiTestSupport
import SQLKit
import Testing
@testable import PinzhiStore

/// Merging duplicate enterprises (SPEC MD-1, issue 22 item 3) on each database.
@Suite("合并重复企业")
struct EnterpriseMergeTests {
    func count(_ db: PinzhiDatabase, _ table: String, _ enterprise: Int64) async throws -> Int {
        try await db.session { s in
            try await s.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE enterprise_id = \(bind: enterprise)").first()!.decode(column: "n", as: Int.self)
        }
    }

    @Test func aMergeMovesWhatNamedTheDuplicateKeepsBothHistoriesAndAnUndoMovesItBack() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db, batches: 4, enterprises: 6)
            _ = try await DrawRepository(db).commitAndDraw(taskId: f.task.id, reason: nil, publicValue: "77", today: f.today, as: SpotCheckFixture.city)
            let drawn = try await db.session { s in
                try await s.raw("SELECT enterprise_id FROM batches ORDER BY enterprise_id").all().map { try $0.decode(column: "enterprise_id", as: Int64.self) }
            }
            let merged = try #require(f.enterprises.first { drawn.contains($0.id) })
            let survivor = try #require(f.enterprises.first { $0.id != merged.id })
            var licence = Licence(); licence.enterpriseId = merged.id; licence.number = "XK06-001-9"; licence.productUnit = "电动自行车"
            licence.issuer = "上海市市场监督管理局"; licence.expiresOn = "2029-12-31"
            _ = try await MasterRepository<Licence>(db).create(licence, as: TestDatabase.admin)
            let batches = try await count(db, "batches", merged.id), survivorBatches = try await count(db, "batches", survivor.id)
            #expect(batches > 0)
            // In two industrial clusters, the duplicate with a risk item: the risk map counts it under the cluster of
            // whichever record holds it.
            try await db.session { s in
                try await s.raw("UPDATE enterprises SET cluster = '甲集聚区' WHERE id = \(bind: merged.id)").run()
                try await s.raw("UPDATE enterprises SET cluster = '乙集聚区' WHERE id = \(bind: survivor.id)").run()
            }
            _ = try await RiskItemRepository(db).create(.init(source: .complaint, productCode: f.product.code, uscc: merged.uscc, hazard: .other, userGroup: .general,
                                                              severity: 2, probability: "1/5000", evidence: "消费者投诉该产品存在安全隐患，已核实", reporter: "12315热线",
                                                              reportedOn: f.today), today: f.today, as: SpotCheckFixture.city)
            func itemsIn(_ cluster: String) async throws -> Int {
                try await db.session { try await $0.raw("SELECT CAST(COALESCE(SUM(items), 0) AS BIGINT) AS n FROM risk_rollup WHERE cluster = \(bind: cluster)").first()!.decode(column: "n", as: Int.self) }
            }
            #expect(try await [itemsIn("甲集聚区"), itemsIn("乙集聚区")] == [1, 0])
            let store = EnterpriseMergeStore(db)
            let comparison = try #require(try await store.comparison(merged: merged.id, survivor: survivor.id))
            #expect(comparison.counts.contains { $0.label == "抽查批次" && $0.merged == batches })

            // Refused: no reason, itself, an unknown record.
            for (into, reason) in [(survivor.id, " "), (merged.id, "重复"), (999_999, "重复")] {
                await #expect(throws: StoreError.self) { try await store.merge(merged.id, into: into, reason: reason, actor: .system()) }
            }
            let merge = try await store.merge(merged.id, into: survivor.id, reason: "同一企业的重复登记", actor: .system("admin"))
            #expect(try await count(db, "batches", merged.id) == 0)
            #expect(try await count(db, "batches", survivor.id) == survivorBatches + batches)
            #expect(try await count(db, "licences", survivor.id) == 1)
            #expect(try await [itemsIn("甲集聚区"), itemsIn("乙集聚区")] == [0, 1])
            #expect(try await db.session { try await RiskRollup.differences($0) } == [])
            // Both made the same product: that link stays with the merged record, counted.
            #expect(merge.kept["enterprise_products"] == 1 && merge.moved["enterprise_products"] == nil)
            let after = try #require(try await store.find(codeOrId: merged.uscc))
            #expect(after.mergedInto == survivor.id && !after.active)
            #expect(after.notices.first?.contains("已合并到企业（编号\(survivor.id)）") == true)
            let history = AuditQueries(db)
            #expect(try await history.history(entity: "enterprise", id: merged.id).first?.summary.contains("合并到企业\(survivor.name)") == true)
            #expect(try await history.history(entity: "enterprise", id: survivor.id).first?.summary.contains("并入企业\(merged.name)") == true)
            // Merged once: not again, and not into it.
            await #expect(throws: StoreError.self) { try await store.merge(merged.id, into: survivor.id, reason: "再次", actor: .system()) }
            await #expect(throws: StoreError.self) { try await store.merge(f.enterprises.first { $0.id != merged.id && $0.id != survivor.id }!.id, into: merged.id, reason: "并入已合并的", actor: .system()) }

            let undo = try await store.undo(merged.id, reason: "合并错了", actor: .system("admin"))
            #expect(undo.kind == .undo && undo.undoes == merge.id)
            #expect(try await count(db, "batches", merged.id) == batches)
            #expect(try await count(db, "batches", survivor.id) == survivorBatches)
            #expect(try await count(db, "licences", merged.id) == 1)
            #expect(try await [itemsIn("甲集聚区"), itemsIn("乙集聚区")] == [1, 0])
            #expect(try await db.session { try await RiskRollup.differences($0) } == [])
            let restored = try #require(try await store.find(codeOrId: String(merged.id)))
            #expect(restored.mergedInto == nil && restored.active)
            let records = try await store.history(of: merged.id)
            #expect(records.map(\.merge.kind) == [.undo, .merge] && records[1].undone, "the undo is a record of its own; the merge stays")
            await #expect(throws: StoreError.self) { try await store.undo(merged.id, reason: "再撤销", actor: .system()) }
        }
    }

    @Test func anActivitysListNamesTheSurvivorOnce() {
        #expect(EnterpriseMergeStore.replace(3, with: 9, in: ",3,17,") == ",9,17,")
        #expect(EnterpriseMergeStore.replace(3, with: 17, in: ",3,17,") == ",17,")
    }

    /// Every column of the schema that names an enterprise is moved by a merge, or deliberately not (the queue of
    /// classes to recompute, which the merge refills): a table added later without its line here fails.
    @Test func everyReferenceToAnEnterpriseIsKnownToTheMerge() async throws {
        try await TestDatabase.with { db in
            let found: Set<String> = try await db.session { s in
                var out: Set<String> = []
                if s.dialect.name == "sqlite" {
                    let tables = try await s.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all().map { try $0.decode(column: "name", as: String.self) }
                    for table in tables {
                        for row in try await s.raw("SELECT name FROM pragma_table_info(\(bind: table))").all() {
                            out.insert("\(table).\(try row.decode(column: "name", as: String.self))")
                        }
                    }
                } else {
                    for row in try await s.raw("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()").all() {
                        out.insert("\(try row.decode(column: "table_name", as: String.self)).\(try row.decode(column: "column_name", as: String.self))")
                    }
                }
                return out
            }
            let naming = found.filter { column in ["enterprise_id", "leader_id", "enterprise_uscc", "enterprise_ids"].contains { column.hasSuffix(".\($0)") } }
            let known = Set(EnterpriseMergeStore.references.map { "\($0.table).\($0.column)" })
                .union(["\(EnterpriseMergeStore.activityList.table).\(EnterpriseMergeStore.activityList.column)", "credit_queue.enterprise_id"])
            #expect(naming == known, "not known to the merge: \(naming.subtracting(known)); gone from the schema: \(known.subtracting(naming))")
        }
    }
}
