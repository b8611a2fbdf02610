import Crypto

/// The kept (never published) form of a commitment's candidate list (issue 21 item 3): one line per candidate in
/// enterprise order, `id|uscc|class|national|history`, history entries `YYYY-MM-DD/product/level/mode/failed/refused`
/// joined by commas, the level as in the leaves (`city`, `national`, `district:310115`). Every field of a
/// `DrawCandidate` is there, so the list reads back exactly and the commitment recomputes from it; a line is about a
/// sixth of the candidate's JSON. Written and read byte by byte: a city draw has a million of them.
public enum DrawCandidateLines {
    public static func write(_ candidates: [DrawCandidate]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(candidates.count * 40)
        for c in candidates {
            DrawCandidate.appendDecimal(c.enterpriseId, to: &out)
            out.append(bar)
            out.append(contentsOf: c.uscc.utf8)
            out.append(bar)
            out.append(contentsOf: c.creditClass.utf8)
            out.append(bar)
            out.append(c.inNationalPlan ? one : zero)
            out.append(bar)
            for (index, h) in c.history.enumerated() {
                if index > 0 { out.append(comma) }
                h.day.appendText(to: &out)
                out.append(slash)
                DrawCandidate.appendDecimal(h.productId, to: &out)
                out.append(slash)
                h.level.appendCode(to: &out)
                out.append(slash)
                out.append(contentsOf: h.mode.rawValue.utf8)
                out.append(slash)
                out.append(h.failed ? one : zero)
                out.append(slash)
                out.append(h.refused ? one : zero)
            }
            out.append(newline)
        }
        return out
    }

    /// The candidates of `write`'s bytes, or nil if any line is not one it writes. One pass over the bytes: verifying
    /// a stored city draw reads a million lines.
    public static func parse(_ bytes: some Collection<UInt8>) -> [DrawCandidate]? {
        let all = ContiguousArray(bytes)
        return all.withUnsafeBufferPointer { parse($0) }
    }

    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> [DrawCandidate]? {
        var out: [DrawCandidate] = []
        var i = 0
        /// The bytes up to the first of the stops or a newline (or the end), leaving `i` on that stop.
        func field(_ stop: UInt8, _ other: UInt8 = newline) -> UnsafeBufferPointer<UInt8> {
            let start = i
            while i < b.count, b[i] != stop, b[i] != other, b[i] != newline { i += 1 }
            return UnsafeBufferPointer(rebasing: b[start..<i])
        }
        func skip(_ byte: UInt8) -> Bool {
            guard i < b.count, b[i] == byte else { return false }
            i += 1
            return true
        }
        while i < b.count {
            if skip(newline) { continue }
            guard let id = integer(field(bar)), skip(bar) else { return nil }
            let uscc = field(bar)
            guard skip(bar) else { return nil }
            let creditClass = field(bar)
            guard skip(bar), let national = flag(field(bar)), skip(bar) else { return nil }
            var history: [PastCheck] = []
            while i < b.count, b[i] != newline {
                if !history.isEmpty { guard skip(comma) else { return nil } }
                guard let day = day(field(slash, comma)), skip(slash), let product = integer(field(slash, comma)), skip(slash),
                      let level = CheckLevel(code: field(slash, comma)), skip(slash),
                      let mode = CheckMode(rawValue: String(decoding: field(slash, comma), as: UTF8.self)), skip(slash),
                      let failed = flag(field(slash, comma)), skip(slash), let refused = flag(field(comma)) else { return nil }
                history.append(PastCheck(day: day, productId: product, level: level, mode: mode, failed: failed, refused: refused))
            }
            out.append(DrawCandidate(enterpriseId: id, uscc: String(decoding: uscc, as: UTF8.self),
                                     creditClass: String(decoding: creditClass, as: UTF8.self), history: history, inNationalPlan: national))
        }
        return out
    }

    static func integer(_ digits: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value: Int64 = 0
        for d in digits {
            guard d >= UInt8(ascii: "0"), d <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(d - UInt8(ascii: "0"))
        }
        return value
    }

    static func flag(_ digits: UnsafeBufferPointer<UInt8>) -> Bool? {
        digits.count == 1 ? (digits[0] == one ? true : digits[0] == zero ? false : nil) : nil
    }

    /// `YYYY-MM-DD`, as Day.description writes it.
    static func day(_ t: UnsafeBufferPointer<UInt8>) -> Day? {
        guard t.count == 10, t[4] == UInt8(ascii: "-"), t[7] == UInt8(ascii: "-"),
              let year = integer(UnsafeBufferPointer(rebasing: t[0..<4])), let month = integer(UnsafeBufferPointer(rebasing: t[5..<7])),
              let day = integer(UnsafeBufferPointer(rebasing: t[8..<10])) else { return nil }
        return Day(year: Int(year), month: Int(month), day: Int(day))
    }

    private static let bar = UInt8(ascii: "|"), comma = UInt8(ascii: ","), slash = UInt8(ascii: "/"), newline = UInt8(ascii: "\n")
    private static let one = UInt8(ascii: "1"), zero = UInt8(ascii: "0")
}

extension CommittedDraw {
    public static let saltKeyBytes = 32

    /// The leaves' salts from one secret key (issue 21 item 3): the ChaCha20 key stream (RFC 8439) under the key, read
    /// 16 bytes a leaf — the cipher text of ChaCha20-Poly1305 sealing 16·count zero bytes with the key and an all-zero
    /// nonce (one key, one message: the key is drawn afresh for each commitment). Without the key nobody can tell a salt
    /// from a random one or work out another leaf's salt from those given in proofs, so the key, kept with the private
    /// part, stands for a million stored salts; a million of them take one pass of the cipher. Commitments made
    /// before keep their stored salts.
    public static func salts(key: [UInt8], count: Int) -> [[UInt8]] {
        guard count > 0, let nonce = try? ChaChaPoly.Nonce(data: [UInt8](repeating: 0, count: 12)),
              let sealed = try? ChaChaPoly.seal([UInt8](repeating: 0, count: count * saltBytes), using: SymmetricKey(data: key), nonce: nonce) else { return [] }
        let stream = [UInt8](sealed.ciphertext)
        return (0..<count).map { Array(stream[($0 * saltBytes)..<(($0 + 1) * saltBytes)]) }
    }
}
