/// How the draw texts write a check's level and day as bytes — the leaves (CommittedDraw), the kept candidate lines
/// (DrawCandidateLines) and the PZ-DRAW-1 canonical list (DrawCandidate) — written once, as their text forms are fixed
/// by the published method and by hashes already recorded.
extension CheckLevel {
    /// `city`, `national` or `district:310115`.
    func appendCode(to out: inout [UInt8]) {
        switch self {
        case .city: out.append(contentsOf: Self.cityCode)
        case .national: out.append(contentsOf: Self.nationalCode)
        case .district(let code):
            out.append(contentsOf: Self.districtPrefix)
            out.append(contentsOf: code.utf8)
        }
    }

    /// The level `appendCode` wrote, or nil.
    init?(code t: UnsafeBufferPointer<UInt8>) {
        if t.elementsEqual(Self.cityCode) {
            self = .city
        } else if t.elementsEqual(Self.nationalCode) {
            self = .national
        } else if t.count > Self.districtPrefix.count, t.prefix(Self.districtPrefix.count).elementsEqual(Self.districtPrefix) {
            self = .district(String(decoding: t.dropFirst(Self.districtPrefix.count), as: UTF8.self))
        } else {
            return nil
        }
    }

    private static let cityCode = Array("city".utf8), nationalCode = Array("national".utf8), districtPrefix = Array("district:".utf8)
}

extension Day {
    /// `YYYY-MM-DD`, as `description` writes it.
    func appendText(to out: inout [UInt8]) {
        DrawCandidate.appendPadded(year, width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        DrawCandidate.appendPadded(month, width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        DrawCandidate.appendPadded(day, width: 2, to: &out)
    }
}
