import ArgumentParser
import Foundation
import PinzhiDemo
import PinzhiDomain
import PinzhiStore

struct DrawCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "draw", abstract: "双随机抽取记录", subcommands: [Verify.self, Published.self, Benchmark.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "按记录的种子与候选名单重新计算抽取结果；有不一致时以非零状态退出并列出抽取记录编号")

        @OptionGroup var db: DatabaseOptions
        @Argument(help: "抽取记录编号；省略时核验全部") var id: Int64?

        func run() async throws {
            // Every draw the system makes: the tasks' and the recheck agencies' (draws), and every other committed list
            // (the officers' assessments), one mechanism (PZ-DRAW-2 §十四).
            let (checks, lists) = try await db.withDatabase { database in
                (try await DrawRepository(database).verify(id), id == nil ? try await ListCommitmentStore.verify(database) : [])
            }
            if checks.isEmpty && lists.isEmpty {
                print(id.map { "没有编号为\($0)的抽取记录" } ?? "没有抽取记录")
                throw ExitCode(id == nil ? 0 : 1)
            }
            let failed = checks.filter { !$0.ok }
            let failedLists = lists.filter { $0.problem != nil }
            for check in failed { print("抽取记录 \(check.drawId) 不一致：\(check.problem ?? "")") }
            for list in failedLists { print("候选名单承诺 \(list.id)（\(list.kind.label)）不一致：\(list.problem ?? "")") }
            let listNote = id == nil ? "，其他候选名单承诺\(lists.count)份（复检机构、随机考核、帮扶专家、专项行动检查企业）" : ""
            if failed.isEmpty && failedLists.isEmpty {
                print("已核验\(checks.count)条抽取记录\(listNote)，全部可由种子与候选名单重新算出")
            } else {
                print("已核验\(checks.count)条抽取记录\(listNote)，\(failed.count + failedLists.count)条不一致")
                throw ExitCode(2)
            }
        }
    }

    /// The published texts of every PZ-DRAW-2 task draw, as the portal serves them (commitment.txt, leaves.txt,
    /// result.txt), written to a folder for the outside verifier (Tests/Draw/verify_draw.py --published): a packed
    /// commitment keeps no leaves, they are recomputed here as the portal does.
    struct Published: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "把全部PZ-DRAW-2抽取的公开文本（承诺、叶子、结果）写入目录，供独立核验程序使用")

        @OptionGroup var db: DatabaseOptions
        @Option(help: "输出目录") var out: String

        func run() async throws {
            let written = try await db.withDatabase { database in
                var count = 0
                for (drawId, commitmentId, result) in try await DrawRepository(database).committedDraws() {
                    guard let record = try await DrawCommitmentStore.find(database, commitmentId) else { continue }
                    let folder = URL(fileURLWithPath: out).appendingPathComponent("draw-\(drawId)")
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    try Data(record.text.utf8).write(to: folder.appendingPathComponent("commitment.txt"))
                    try Data(try await DrawCommitmentStore.leaves(database, record).utf8).write(to: folder.appendingPathComponent("leaves.txt"))
                    try Data(result.utf8).write(to: folder.appendingPathComponent("result.txt"))
                    count += 1
                }
                return count
            }
            print("已写出\(written)次抽取的公开文本：\(out)")
        }
    }

    struct Benchmark: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "在内存中对合成的候选名单计时：抽取（含全部排除规则与执法人员分配）、核验、从存储的JSON读回后核验，以及PZ-DRAW-2的承诺与抽取（不读写数据库）")

        @Option(help: "候选企业数") var candidates = 1_000_000
        @Option(help: "计时次数（取中位数）") var runs = 5
        @Option(help: "随机种子") var seed: UInt64 = 2026

        func run() async throws {
            let inputs = SyntheticDraw.inputs(candidates: candidates, seed: seed, day: Day(year: 2026, month: 11, day: 24)!)
            func median(_ body: () throws -> Void) rethrows -> Double {
                var samples: [Double] = []
                for _ in 0..<runs {
                    let start = ContinuousClock.now
                    try body()
                    let elapsed = ContinuousClock.now - start
                    samples.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
                }
                return samples.sorted()[samples.count / 2]
            }
            let outcome = inputs.run()
            let hash = DrawInputs.hash(outcome, inputs.inspectors)
            let stored = try JSONEncoder().encode(inputs)
            let drawMs = median { _ = inputs.run() }
            let verifyMs = median { _ = DrawRepository.problem(inputs, stored: outcome, seed: inputs.request.seed, hash: hash) }
            let storedMs = try median {
                let decoded = try JSONDecoder().decode(DrawInputs.self, from: stored)
                _ = DrawRepository.problem(decoded, stored: outcome, seed: inputs.request.seed, hash: hash)
            }
            // PZ-DRAW-2: the salted leaves, their Merkle root and the commitment, then the draw from the revealed value.
            var generator = SeededGenerator(seed: seed)
            let salts = inputs.candidates.map { _ in (0..<CommittedDraw.saltBytes).map { _ in UInt8(truncatingIfNeeded: generator.next()) } }
            let context = CommittedDraw.Context(task: 1, product: "基准", stage: .production, committedAt: "2026-11-24T01:00:00.000Z")
            let reveal = CommittedDraw.Reveal(publicValue: "01 02 03 04 05 06 + 07", publicSource: "基准")
            let committedMs = median {
                _ = CommittedDraw.run(inputs.request, candidates: inputs.candidates, inspectors: inputs.inspectors, context: context, salts: salts, reveal: reveal)
            }
            // What a stored PZ-DRAW-2 commitment keeps (issue 21 item 3): before, the private part as JSON with a salt per
            // candidate and the published leaves; now the packed lines and one salt key. Then a stored draw verified as
            // `draw verify` does: read back, commitment and draw recomputed, compared with the published texts.
            let key = Array(salts.prefix(2).joined())
            let secret = CommitmentSecret(inputs: inputs, context: context, salts: [], saltKey: Hex.encode(key))
            let computed = secret.run(reveal)
            var old = secret
            old.salts = CommittedDraw.salts(key: key, count: inputs.candidates.count).map(Hex.encode)
            old.saltKey = nil
            let oldBytes = try JSONEncoder().encode(old).count + computed.commitment.leavesText.utf8.count
            guard let packed = CommitmentSecretPack.pack(secret) else { throw ValidationError("候选名单无法压缩保存") }
            let unpackMs = median { _ = CommitmentSecretPack.unpack(packed) }
            let saltsMs = median { _ = CommittedDraw.salts(key: key, count: inputs.candidates.count) }
            let verifyStoredMs = median {
                guard let back = CommitmentSecretPack.unpack(packed) else { return }
                let again = back.run(reveal, leaves: false)
                precondition(again.commitment.text == computed.commitment.text && again.resultText == computed.resultText && again.outcome == computed.outcome)
            }
            print("{\"candidates\": \(inputs.candidates.count), \"excluded\": \(outcome.enterprises.excluded.count), \"selected\": \(outcome.enterprises.selected.count), "
                  + "\"draw_ms\": \(drawMs), \"verify_ms\": \(verifyMs), \"verify_from_json_ms\": \(storedMs), \"json_bytes\": \(stored.count), "
                  + "\"committed_draw_ms\": \(committedMs), \"committed_stored_bytes_before\": \(oldBytes), \"committed_stored_bytes\": \(packed.utf8.count), "
                  + "\"verify_committed_from_storage_ms\": \(verifyStoredMs), \"unpack_ms\": \(unpackMs), \"salts_ms\": \(saltsMs)}")
        }
    }
}
