import Foundation
import PinzhiDomain
import PinzhiTestSupport
import SQLKit
import Testing
@testable import PinzhiStore

/// Every other draw by the same mechanism (issue 16 item 5, PZ-DRAW-2 §十四): an assessment's officers are committed,
/// audited, drawn once from a value announced after; `verify` names a list whose leaves, salts, commitment, seed,
/// revealed value, result or drawn officers were altered.
@Suite("其他抽取的候选名单承诺（存储）")
struct ListCommitmentTests {
    let city = SpotCheckFixture.city

    @Test func anAssessmentIsCommittedThenDrawnOnceAndEveryAlterationIsNamed() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db)
            for (n, enterprise) in f.enterprises.prefix(4).enumerated() {
                _ = try await SafetyOfficerRepository(db).appoint(.init(role: n % 2 == 0 ? .director : .officer, name: "人员\(n)", phone: nil,
                                                                        appointedOn: f.today.adding(days: -30), appointmentDocument: "任〔2026〕\(n)号"),
                                                                  enterpriseId: enterprise.id, as: city)
            }
            let repository = OfficerAssessmentRepository(db)
            let witness = Principal(accountId: 9, username: "jijian", displayName: "纪检", role: .witness, organisationId: 1)
            let registration = try await WitnessRepository(db).register(subject: "officer-assessment:city:2026-Q4",
                                                                        hash: CommittedDraw.sha256("jijian-secret"), as: witness)
            let commitment = try await repository.commit(district: nil, period: "2026-Q4", count: 2, today: f.today, as: city)
            #expect(commitment.candidates == 4 && commitment.eligible == 4 && commitment.witnessHash == CommittedDraw.sha256("jijian-secret"))
            #expect(!commitment.leavesText.contains("9131"), "the published leaves hold no codes")
            await #expect(throws: StoreError.self, "one open commitment per scope and period") {
                _ = try await repository.commit(district: nil, period: "2026-Q4", count: 2, today: f.today, as: city)
            }
            await #expect(throws: StoreError.self, "the draw waits for the witness's secret") {
                _ = try await repository.draw(commitmentId: commitment.id, reveal: .init(publicValue: "1", publicSource: "测试"), today: f.today, as: city)
            }
            #expect(try await repository.list(as: city).isEmpty, "a refused draw writes nothing")
            _ = try await WitnessRepository(db).reveal(registration.id, secret: "jijian-secret", as: witness)
            let reveal = CommittedDraw.Reveal(publicValue: "01 02 03 04 05 06 + 07", publicSource: "测试开奖号码")
            let assessment = try await repository.draw(commitmentId: commitment.id, reveal: reveal, today: f.today, as: city)
            #expect(assessment.items.count == 2 && assessment.algorithm == "PZ-DRAW-2" && assessment.listId == commitment.id)
            await #expect(throws: StoreError.self, "drawn once") {
                _ = try await repository.draw(commitmentId: commitment.id, reveal: reveal, today: f.today, as: city)
            }
            #expect(try await repository.verify(assessment.id) == true)
            let log = try await AuditQueries(db).page(entity: "officer_assessment", actor: nil, limit: 50, offset: 0).items
            let commit = log.first { $0.action == "draw-commit" }, draw = log.first { $0.action == "draw" }
            #expect(commit != nil && draw != nil && commit!.seq < draw!.seq && commit!.summary.contains(commitment.hash))

            func problem() async throws -> String? { try await ListCommitmentStore.verify(db, id: commitment.id).first?.problem }
            #expect(try await problem() == nil)
            let alteration = Alteration(db: db, problem: { try await ListCommitmentStore.verify(db, id: commitment.id).first?.problem })
            func alter(_ table: String, _ column: String, _ id: Int64, _ change: (String) -> String, check: String) async throws {
                try await alteration.expectNamed(table, column, id, change, check: check)
            }
            try await alter("list_commitments", "leaves_text", commitment.id, { $0.replacingOccurrences(of: "|officer|", with: "|director|") }, check: "叶子")
            try await alter("list_commitments", "private_json", commitment.id, { text in
                guard let range = text.range(of: #""salts":[""#) else { return text }
                var t = text
                t.replaceSubrange(range.upperBound..<t.index(range.upperBound, offsetBy: 2), with: t[range.upperBound...].hasPrefix("ff") ? "00" : "ff")
                return t
            }, check: "承诺")
            try await alter("list_commitments", "commitment_text", commitment.id, { $0.replacingOccurrences(of: "count=", with: "count=1") }, check: "承诺")
            try await alter("list_commitments", "seed", commitment.id, { String((UInt64($0) ?? 0) &+ 1) }, check: "种子")
            try await alter("list_commitments", "public_value", commitment.id, { $0 + "0" }, check: "种子")
            try await alter("list_commitments", "witness_secret", commitment.id, { $0 + "x" }, check: "见证人")
            try await alter("list_commitments", "result_text", commitment.id, { $0.replacingOccurrences(of: "selected=", with: "selected=3,") }, check: "结果")
            let item = try await db.session { sql in
                try await sql.select().column("id").from("officer_assessment_items").where("assessment_id", .equal, assessment.id).orderBy("draw_order").first()!
                    .decode(column: "id", as: Int64.self)
            }
            let other = try await db.session { sql in
                try await sql.select().column("id").from("safety_officers").where("id", .notIn, SQLBind.group(assessment.items.map(\.officerId))).first()!
                    .decode(column: "id", as: Int64.self)
            }
            // A drawn officer replaced by another (an integer column: altered as such, for PostgreSQL).
            let drawnOfficer = assessment.items.sorted { $0.drawOrder < $1.drawOrder }[0].officerId
            try await db.session { sql in try await sql.update("officer_assessment_items").set("officer_id", to: other).where("id", .equal, item).run() }
            #expect(try await problem()?.contains("考核的人员") == true)
            try await db.session { sql in try await sql.update("officer_assessment_items").set("officer_id", to: drawnOfficer).where("id", .equal, item).run() }
            #expect(try await problem() == nil)
        }
    }
}
