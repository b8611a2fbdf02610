import Crypto
import Testing
@testable import PinzhiDomain

/// The kept candidate lines and the salts from one key (issue 21 item 3).
@Suite("抽取候选名单的紧凑保存")
struct DrawCandidateLinesTests {
    static let day = Day(year: 2026, month: 3, day: 9)!

    @Test func everyFieldOfACandidateReadsBackExactly() {
        let candidates = [
            DrawCandidate(enterpriseId: 7, uscc: "91310115MA1K3YJ12X", creditClass: "B"),
            DrawCandidate(enterpriseId: 1_000_000, uscc: "91310114MA1GT3XX4C", creditClass: "D", history: [
                PastCheck(day: Self.day, productId: 12, level: .district("310114"), mode: .routine, failed: true),
                PastCheck(day: Self.day.adding(days: -300), productId: 3, level: .national, mode: .tracking, refused: true),
                PastCheck(day: Self.day.adding(days: -20), productId: 12, level: .city, mode: .special),
            ], inNationalPlan: true),
        ]
        let bytes = DrawCandidateLines.write(candidates)
        #expect(String(decoding: bytes, as: UTF8.self) == """
            7|91310115MA1K3YJ12X|B|0|
            1000000|91310114MA1GT3XX4C|D|1|2026-03-09/12/district:310114/routine/1/0,2025-05-13/3/national/tracking/0/1,2026-02-17/12/city/special/0/0

            """)
        #expect(DrawCandidateLines.parse(bytes) == candidates)
    }

    @Test func aLineItDoesNotWriteIsRefused() {
        for text in ["x|91310115MA1K3YJ12X|B|0|", "7|91310115MA1K3YJ12X|B|2|", "7|U|B|0|2026-13-01/1/city/routine/0/0",
                     "7|U|B|0|2026-03-01/1/province/routine/0/0", "7|U|B|0|2026-03-01/1/city/daily/0/0", "7|U|B|0"] {
            #expect(DrawCandidateLines.parse(Array(text.utf8)) == nil, "\(text)")
        }
    }

    @Test func theSaltsFromOneKeyAreFixedDistinctAndDependOnTheKey() {
        let key = [UInt8](repeating: 7, count: CommittedDraw.saltKeyBytes)
        let salts = CommittedDraw.salts(key: key, count: 1000)
        #expect(salts.count == 1000 && salts.allSatisfy { $0.count == CommittedDraw.saltBytes } && Set(salts).count == 1000)
        #expect(CommittedDraw.salts(key: key, count: 3) == Array(salts.prefix(3)))
        #expect(CommittedDraw.salts(key: [UInt8](repeating: 8, count: CommittedDraw.saltKeyBytes), count: 3) != Array(salts.prefix(3)))
    }

    @Test func theSaltsAreTheChaCha20KeyStream() throws {
        // RFC 8439 §2.4.2's key (00 01 … 1f), an all-zero nonce: block 1 of the key stream starts the first salt.
        let key = (0..<32).map(UInt8.init)
        let salts = CommittedDraw.salts(key: key, count: 5)
        let sealed = try ChaChaPoly.seal([UInt8](repeating: 0, count: 80), using: SymmetricKey(data: key), nonce: ChaChaPoly.Nonce(data: [UInt8](repeating: 0, count: 12)))
        #expect(salts.flatMap { $0 } == [UInt8](sealed.ciphertext))
        #expect(CommittedDraw.salts(key: key, count: 0).isEmpty)
    }
}
