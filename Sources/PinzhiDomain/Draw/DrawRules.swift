/// A draw request's rules and dates resolved once per draw. Looking them up (and building the credit-share key) for
/// every candidate, and filtering each history into new arrays, was most of a draw over a million candidates; the
/// answers and the exclusion texts are Draw's, unchanged.
struct DrawRules {
    let request: DrawRequest
    /// nil when the mode does not count toward the yearly limits (专项/应急, 跟踪).
    let yearlyLimit: Int?
    let repeatMonths: Int
    /// Checks after this day and up to the draw's day block the same product.
    let repeatSince: Day
    let trackingSince: Day
    let shares: (a: Double, b: Double, c: Double, d: Double)

    init(_ request: DrawRequest) {
        self.request = request
        yearlyLimit = request.mode.countsTowardYearlyLimits ? Int(request.rule("yearlyChecksPerEnterprise")) : nil
        repeatMonths = Int(request.rule("repeatCheckMonths"))
        repeatSince = Draw.monthsBefore(request.day, repeatMonths)
        trackingSince = Draw.trackingSince(request.day)
        shares = (request.rule("creditShareA"), request.rule("creditShareB"), request.rule("creditShareC"), request.rule("creditShareD"))
    }

    func weight(_ creditClass: String) -> Double { CommittedDraw.share(of: creditClass, shares) }

    func exclusion(_ c: DrawCandidate) -> String? { excluded(c)?.text }

    /// The first rule that leaves the candidate out, with its code and its text, or nil when it may be drawn.
    func excluded(_ c: DrawCandidate) -> (reason: DrawExclusionReason, text: String)? {
        if c.inNationalPlan { return (.nationalPlan, "该企业本产品已列入本年度国家监督抽查，不再重复抽查") }
        let day = request.day
        if let limit = yearlyLimit, let text = YearlyLimits.checkRefusal(c.history, year: day.year, limit: limit) { return (.yearlyLimit, text) }
        // A 跟踪 task draws from the tracking candidates only (004 §一(二)): two failures in five years, or a refusal.
        if request.mode == .tracking && !isTrackingCandidate(c) { return (.notTracking, "非跟踪抽查对象（近5年不合格少于2次且无拒检）") }
        // The latest blocking check; the first of equally late ones, as max(by:) chose it.
        var blocking: PastCheck?
        for check in c.history where check.productId == request.productId && check.day > repeatSince && check.day <= day
            && request.level.isBlocked(by: check.level) {
            if let found = blocking, !(found.day < check.day) { continue }
            blocking = check
        }
        if let blocking {
            return (.repeatWindow, "\(blocking.day)已由\(blocking.level.label)抽查同一产品，\(repeatMonths)个月内不重复抽查")
        }
        return nil
    }

    func isTrackingCandidate(_ c: DrawCandidate) -> Bool {
        Draw.isTrackingCandidate(c, since: trackingSince, day: request.day)
    }
}
