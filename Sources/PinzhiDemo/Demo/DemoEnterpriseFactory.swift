import PinzhiDomain
import PinzhiStore

/// One plausible Shanghai enterprise and the catalogue entry it makes or sells: for the demo data set and for
/// `pinzhi generate`, which draws from the same shapes at city scale.
enum DemoEnterpriseFactory {
    /// How the 统一社会信用代码 is numbered. The demo's codes carry a letter in their last free position; the
    /// generator's use a 9-digit organisation code from 500000000 up, so the two never collide.
    enum Scheme {
        case demo
        case bulk
    }

    /// Manufacturing sits in the outer districts; the weights follow where Shanghai's factories are.
    static let districts: [String] = {
        let weights: [String: Int] = ["310114": 14, "310117": 12, "310116": 9, "310118": 9, "310120": 10, "310113": 9, "310112": 10,
                                      "310115": 14, "310151": 3, "310110": 2, "310107": 2, "310101": 1, "310104": 1, "310105": 1,
                                      "310106": 1, "310109": 1]
        return District.all.flatMap { Array(repeating: $0.code, count: weights[$0.code] ?? 1) }
    }()

    static func make(_ rng: inout SeededGenerator, index: Int, usedNames: inout Set<String>, scheme: Scheme) -> (Enterprise, Int) {
        var e = Enterprise()
        let district = rng.pick(districts)
        let productIndex = rng.below(DemoCatalogue.entries.count)
        let product = DemoCatalogue.entries[productIndex]
        let selling = rng.chance(0.3)
        var name = ""
        var tries = 0
        repeat {
            let brand = String([rng.pick(DemoNames.brandSyllables), rng.pick(DemoNames.brandSyllables)])
            let suffix = selling ? rng.pick(DemoNames.salesSuffixes) : rng.pick(DemoNames.suffixes)
            // At city scale the short names run out; a branch number keeps the name unique as registries do.
            let branch = tries >= 4 ? "第\(index)" : ""
            name = "上海\(brand)\(DemoNames.industryWords[productIndex])\(branch)\(suffix)"
            tries += 1
        } while !usedNames.insert(name).inserted
        e.name = name
        switch scheme {
        case .demo:
            let orgCode = String(format: "%09d", (index * 104_729 + 31_337) % 1_000_000_000)
            e.uscc = USCC.complete("91" + district + String(orgCode.prefix(8)) + String(USCC.alphabet[rng.below(31)]))
        case .bulk:
            e.uscc = USCC.complete("91" + district + String(500_000_000 + index))
        }
        e.districtCode = district
        e.address = "上海市\(District.named(code: district))\(rng.pick(DemoNames.roads))\(1 + rng.below(2999))号"
        e.enterpriseType = selling ? (rng.chance(0.25) ? .platformSeller : .seller) : .producer
        let scaleRoll = rng.below(100)
        e.scale = scaleRoll < 5 ? .large : scaleRoll < 25 ? .medium : scaleRoll < 70 ? .small : .micro
        if !selling, let clusters = DemoNames.clusters[district], rng.chance(0.6) { e.cluster = rng.pick(clusters) }
        e.contactName = String(rng.pick(DemoNames.surnames)) + rng.pick(DemoNames.givenNames)
        e.contactPhone = "1\(3 + rng.below(6))\(String(format: "%09d", rng.below(1_000_000_000)))"
        if !selling && product.licence {
            let (office, serial) = (rng.below(900), rng.below(100_000))
            // A licence number is unique (licences' natural key): the generator's follow the enterprise's index, in
            // offices 000–099, below the demo's random ones (100–999).
            let number = scheme == .demo ? "\(String(format: "%03d", 100 + office))-\(String(format: "%05d", serial))"
                : "\(String(format: "%03d", index / 100_000 % 100))-\(String(format: "%05d", index % 100_000))"
            e.licenceNumber = "沪XK\(String(format: "%02d", 10 + productIndex))-\(number)"
            e.licenceProduct = product.name
            e.licenceValidUntil = "\(2026 + rng.below(5))-\(String(format: "%02d", 1 + rng.below(12)))-\(String(format: "%02d", 1 + rng.below(28)))"
        }
        if !selling && product.ccc {
            let (body, serial) = (1 + rng.below(20), rng.below(1_000_000_000))
            // Unique as licences are: the generator's serials start with 9, the demo's random ones (< 10⁹) with 0.
            e.cccCertificates = "2026\(String(format: "%02d", body))" + (scheme == .demo ? String(format: "%010d", serial) : "9\(String(format: "%09d", index))")
        }
        if !selling && e.scale != .micro {
            e.qualityDirector = String(rng.pick(DemoNames.surnames)) + rng.pick(DemoNames.givenNames)
            e.qualityOfficer = String(rng.pick(DemoNames.surnames)) + rng.pick(DemoNames.givenNames)
        }
        let creditRoll = rng.below(100)
        e.creditClass = creditRoll < 30 ? "A" : creditRoll < 80 ? "B" : creditRoll < 95 ? "C" : "D"
        return (e, productIndex)
    }

    /// Where an enterprise of this type sits in the chain.
    static func stage(_ e: Enterprise) -> SamplingStage {
        e.enterpriseType.stage
    }
}
