import Foundation
import PinzhiDemo
import PinzhiDomain
import Testing
@testable import PinzhiStore

/// The packed private part of a task draw's commitment (issue 21 item 3): the same secret back, a fifth of the bytes
/// at most, and nothing read from a damaged text.
@Suite("候选名单承诺私有部分的压缩保存")
struct CommitmentSecretPackTests {
    @Test func aPackedSecretReadsBackAndCommitsTheSameInAFifthOfTheBytes() throws {
        let inputs = SyntheticDraw.inputs(candidates: 20_000, seed: 11, day: Day(year: 2026, month: 11, day: 24)!)
        let context = CommittedDraw.Context(task: 1, product: "电线电缆", stage: .production, committedAt: "2026-11-24T01:00:00.000Z")
        let key = [UInt8](repeating: 42, count: CommittedDraw.saltKeyBytes)
        let secret = CommitmentSecret(inputs: inputs, context: context, salts: [], saltKey: Hex.encode(key))
        let packed = try #require(CommitmentSecretPack.pack(secret))
        let back = try #require(CommitmentSecretPack.unpack(packed))
        #expect(back == secret)
        #expect(back.commitment() == secret.commitment())
        // Before: a salt per candidate in the JSON, and the published leaves stored beside it.
        var old = secret
        old.salts = secret.saltBytes.map(Hex.encode)
        old.saltKey = nil
        let before = (AuditLog.json(old) ?? "").utf8.count + old.commitment().leavesText.utf8.count
        #expect(old.commitment() == secret.commitment(), "the stored salts are the derived ones")
        #expect(packed.utf8.count * 5 <= before, "packed \(packed.utf8.count) bytes, before \(before)")
        // A cut text never reads back, however the memory after it happens to look (each cut is decoded right after
        // the whole text, whose bytes the freed buffer may still hold).
        for cut in stride(from: 4, through: 64, by: 4) {
            _ = CommitmentSecretPack.unpack(packed)
            #expect(CommitmentSecretPack.unpack(String(packed.dropLast(cut))) == nil, "cut \(cut)")
        }
        #expect(CommitmentSecretPack.unpack("not base64") == nil)
        #expect(CommitmentSecretPack.pack(old) == nil, "stored salts stay JSON")
    }
}
