import Foundation
import PinzhiDomain
import PinzhiTestSupport
import SQLKit
import Testing
@testable import PinzhiStore

/// The two moments of a PZ-DRAW-2 draw in the store (issue 16): the commitment audited before any seed, the draw
/// from the revealed values, the proofs, and `verify` naming a draw whose leaves, salts, seed or commitment changed.
@Suite("候选名单承诺与可核验的抽取（PZ-DRAW-2）")
struct DrawCommitmentTests {
    let city = SpotCheckFixture.city
    static let witness = Principal(accountId: 9, username: "jijian", displayName: "纪检", role: .witness, organisationId: 1)

    @Test func theCommitmentComesFirstInTheAuditChainAndTheDrawFollowsFromIt() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db)
            let draws = DrawRepository(db)
            let reveal = CommittedDraw.Reveal(publicValue: "05 09 14 21 27 33 + 11", publicSource: "测试开奖号码")
            await #expect(throws: StoreError.self, "no draw without a commitment") {
                _ = try await draws.draw(taskId: f.task.id, reveal: reveal, reason: nil, today: f.today, as: city)
            }
            // The witness registers its secret's hash from its own account; the officer cannot.
            let witnesses = WitnessRepository(db)
            let subject = DrawWitness.Subject.task(f.task.id).code
            await #expect(throws: StoreError.self, "only a witness registers") {
                _ = try await witnesses.register(subject: subject, hash: CommittedDraw.sha256("jijian-secret"), as: city)
            }
            await #expect(throws: StoreError.self, "a witness hash is 64 hex digits") {
                _ = try await witnesses.register(subject: subject, hash: "abc", as: Self.witness)
            }
            let registration = try await witnesses.register(subject: subject, hash: CommittedDraw.sha256("jijian-secret"), as: Self.witness)
            await #expect(throws: StoreError.self, "not before the commitment") {
                _ = try await witnesses.reveal(registration.id, secret: "jijian-secret", as: Self.witness)
            }
            let commitment = try await draws.commit(taskId: f.task.id, today: f.today, as: city)
            #expect(commitment.hash == CommittedDraw.sha256(commitment.text) && commitment.text.contains("root=\(commitment.root)"))
            #expect(commitment.witnessHash == CommittedDraw.sha256("jijian-secret") && commitment.text.contains("witness=\(registration.hash)"))
            await #expect(throws: StoreError.self, "one open commitment per task") {
                _ = try await draws.commit(taskId: f.task.id, today: f.today, as: city)
            }
            await #expect(throws: StoreError.self, "the draw waits for the witness's secret") {
                _ = try await draws.draw(taskId: f.task.id, reveal: reveal, reason: nil, today: f.today, as: city)
            }
            await #expect(throws: StoreError.self, "the witness's secret must match its registered hash") {
                _ = try await witnesses.reveal(registration.id, secret: "guessed-secret", as: Self.witness)
            }
            #expect(try await draws.list(taskId: f.task.id).isEmpty, "a refused draw writes nothing")
            _ = try await witnesses.reveal(registration.id, secret: "jijian-secret", as: Self.witness)
            let record = try await draws.draw(taskId: f.task.id, reveal: reveal, reason: nil, today: f.today, as: city)
            #expect(record.witnessSecret == "jijian-secret")
            #expect(record.seed == CommittedDraw.seed(commitmentHash: commitment.hash, reveal: .init(publicValue: reveal.publicValue, publicSource: reveal.publicSource,
                                                                                                   witnessSecret: "jijian-secret")))
            #expect(record.resultText?.hasPrefix("PZ-DRAW-2 result\ncommitment=\(commitment.hash)\n") == true)
            // The audit chain holds the commitment, with its hash, before the draw.
            let log = try await AuditQueries(db).page(entity: "task", actor: nil, limit: 50, offset: 0).items.filter { $0.entityId == f.task.id }
            let commit = log.first { $0.action == "draw-commit" }, draw = log.first { $0.action == "draw" }
            #expect(commit != nil && draw != nil && commit!.seq < draw!.seq && commit!.summary.contains(commitment.hash))
            let verified = try await draws.verify()
            #expect(verified.allSatisfy { $0.ok }, "\(verified)")
            // Every candidate's proof leads to the published root, and says whether it was drawn.
            let secret = try #require(try await DrawCommitmentStore.secret(db, commitment.id))
            // Packed (issue 21): no leaves stored; the published ones are recomputed and lead to the committed root.
            let leaves = try await DrawCommitmentStore.leaves(db, commitment)
            let hashes = leaves.split(separator: "\n").compactMap { Hex.decode(String($0.split(separator: "|")[3])) }
            #expect(commitment.leavesText.isEmpty && hashes.count == secret.inputs.candidates.count && Hex.encode(MerkleTree.root(hashes)) == commitment.root)
            for candidate in secret.inputs.candidates {
                let proof = try #require(secret.proof(enterpriseId: candidate.enterpriseId))
                #expect(proof.root == commitment.root && proof.leafText.contains("|\(candidate.uscc)|"))
                #expect(MerkleTree.verify(leaf: MerkleTree.leafHash(salt: Hex.decode(proof.salt)!, text: proof.leafText), path: proof.path,
                                          root: Hex.decode(commitment.root)!))
            }
        }
    }

    @Test func verifyNamesADrawWhoseLeavesSaltsSeedOrCommitmentWereAltered() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db)
            let draws = DrawRepository(db)
            let record = try await draws.commitAndDraw(taskId: f.task.id, reason: nil, publicValue: "12 13 14 15 16 17 + 01", today: f.today, as: city)
            let commitmentId = try #require(record.commitmentId)
            func problem() async throws -> String? { try await draws.verify(record.id).first?.problem }
            #expect(try await problem() == nil)
            let alteration = Alteration(db: db, problem: { try await draws.verify(record.id).first?.problem })
            func alter(_ table: String, _ column: String, _ id: Int64, _ change: (String) -> String, check: String) async throws {
                try await alteration.expectNamed(table, column, id, change, check: check)
            }
            // The packed private part (issue 21): one candidate's class changed, or the salts' key, and the recomputed
            // commitment differs from the published one.
            func repacked(_ change: @escaping (inout CommitmentSecret) -> Void) -> (String) -> String {
                { text in
                    guard var secret = CommitmentSecretPack.unpack(text) else { return text }
                    change(&secret)
                    return CommitmentSecretPack.pack(secret) ?? text
                }
            }
            try await alter("draw_commitments", "private_packed", commitmentId, repacked { s in
                s.inputs.candidates[0].creditClass = s.inputs.candidates[0].creditClass == "A" ? "B" : "A"
            }, check: "承诺")
            try await alter("draw_commitments", "private_packed", commitmentId, repacked { s in s.saltKey = String(repeating: "ab", count: 32) }, check: "承诺")
            try await alter("draw_commitments", "private_packed", commitmentId, { String($0.dropLast(8)) }, check: "无法读取")
            try await alter("draw_commitments", "commitment_text", commitmentId, { $0.replacingOccurrences(of: "count=", with: "count=1") }, check: "承诺")
            // A commitment kept as before issue 21 — a salt per candidate and the leaves, as JSON and text — still
            // verifies, and a changed leaf or salt is named.
            let secret = try #require(try await DrawCommitmentStore.secret(db, commitmentId))
            var old = secret
            old.salts = secret.saltBytes.map(Hex.encode)
            old.saltKey = nil
            let oldJSON = AuditLog.json(old) ?? ""
            try await db.session { sql in
                try await sql.update("draw_commitments").set("private_json", to: oldJSON).set("private_packed", to: SQLLiteral.null)
                    .set("leaves_text", to: secret.commitment().leavesText).where("id", .equal, commitmentId).run()
            }
            #expect(try await problem() == nil)
            let published = try #require(try await DrawCommitmentStore.find(db, commitmentId))
            #expect(try await DrawCommitmentStore.leaves(db, published) == secret.commitment().leavesText)
            try await alter("draw_commitments", "leaves_text", commitmentId, { $0.replacingOccurrences(of: "|B|", with: "|A|") }, check: "叶子")
            try await alter("draw_commitments", "private_json", commitmentId, { text in
                guard let range = text.range(of: #""salts":[""#) else { return text }
                var t = text
                t.replaceSubrange(range.upperBound..<t.index(range.upperBound, offsetBy: 2), with: "ff")
                return t
            }, check: "承诺")
            try await alter("draws", "seed", record.id, { String((UInt64($0) ?? 0) &+ 1) }, check: "种子")
            try await alter("draws", "public_value", record.id, { $0 + "0" }, check: "种子")
            try await alter("draws", "result_text", record.id, { $0.replacingOccurrences(of: "selected=", with: "selected=9,") }, check: "结果")
        }
    }
}
