import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The enterprise quality archive page: the enterprise itself (its own account) or supervisors in scope.
struct ArchiveRoutes: Sendable {
    let services: AppServices

    struct CheckRow {
        var url: String
        var number: String
        var product: String
        var organiser: String
        var sampledOn: String
        var verdict: String
        var failed: Bool
        var failedItems: String
        var objection: String
        var state: String
    }

    struct ArchivePage {
        var chrome: PageChrome
        var enterprise: Enterprise
        /// The type as people say it (生产/销售…), not its code.
        var enterpriseTypeLabel: String
        var district: String
        var enterpriseURL: String
        var checks: [CheckRow]
        var tested: Int
        var failures: Int
        var refusals: Int
        var rate: String
        var leads: [EnforcementLine]
        var cases: [EnforcementLine]
        var credit: [EnterpriseArchive.CreditChange]
        /// The computed class (RK-3): why it is what it is, and each change with its cause.
        var creditHeading: String
        var creditSummary: String
        var creditReasons: [String]
        var creditChanges: [CreditRow]
        var assistance: [AssistanceLine] = []
    }

    /// An assistance case in the archive (SPEC TA-4: the archive gains assistance).
    struct AssistanceLine {
        var url: String
        var number: String
        var mode: String
        var origin: String
        var outcome: String
        var state: String
    }

    struct CreditRow {
        var day: String
        var creditClass: String
        var previous: String
        var points: String
        var cause: String
        var reasons: String

        init(_ c: CreditClassStore.Change) {
            day = c.day.description
            creditClass = c.creditClass.label
            previous = c.previous.map { "\($0)类" } ?? "—"
            points = "\(c.total)（\(c.staticPoints)+\(c.dynamicPoints)+\(c.creditPoints)）"
            cause = c.cause
            reasons = c.reasons.joined(separator: "；")
        }
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/enterprises/:id/archive") { _, context in try await page(context) }
    }

    func page(_ context: AppRequestContext) async throws -> Response {
        let p = try context.require(.enterprise, .read)
        guard let archive = try await EnterpriseArchive(services.database).of(try context.id(), as: p) else { throw WebError.notFound }
        let credit = try await CreditClassStore(services.database).history(archive.enterprise.id)
        let tested = archive.batches.filter { $0.verdict != nil }
        let failures = tested.filter(\.isFailure).count
        let model = ArchivePage(
            chrome: PageChrome(title: "企业质量档案", context: context, active: "/enterprises"), enterprise: archive.enterprise, enterpriseTypeLabel: archive.enterprise.enterpriseType.label,
            district: District.named(code: archive.enterprise.districtCode), enterpriseURL: "/enterprises/\(archive.enterprise.id)",
            checks: archive.batches.map { b in
                CheckRow(url: "/batches/\(b.id)", number: b.number, product: b.productName,
                         organiser: b.planDistrictCode.map { "\(District.named(code: $0))局" } ?? "市局", sampledOn: b.sampledOn?.description ?? "—",
                         verdict: b.state == .refused ? "拒检" : b.verdictLabel, failed: b.isFailure || b.state == .refused,
                         failedItems: b.failedItems ?? "",
                         objection: b.objectionFiledOn == nil ? "" : (b.recheckOutcome?.label ?? (b.state == .rechecking ? "复检中" : "已提出")),
                         state: b.state.label)
            },
            tested: tested.count, failures: failures, refusals: archive.batches.filter { $0.state == .refused }.count,
            rate: SVG.percent(tested.isEmpty ? nil : Double(failures) / Double(tested.count)),
            leads: archive.caseLeads.map(EnforcementLine.init(lead:)), cases: archive.cases.map(EnforcementLine.init(case:)), credit: archive.credit.map { var c = $0; c.at = DisplayTime.text(c.at); return c },
            creditHeading: "为何为\(archive.enterprise.creditClass)类", creditSummary: credit.first.map { "\($0.creditClass.label)，\($0.total)分（静态\($0.staticPoints)＋动态\($0.dynamicPoints)＋信用\($0.creditPoints)），\($0.day)计算" } ?? "尚未按模型计算",
            creditReasons: credit.first?.reasons ?? [], creditChanges: credit.map(CreditRow.init))
        var shown = model
        if AssistancePolicy.readerRoles.contains(p.role) {
            var filter = AssistanceRepository.Filter()
            filter.enterpriseId = archive.enterprise.id
            shown.assistance = try await AssistanceRepository(services.database).page(filter, limit: 50, offset: 0, as: p).items.map { c in
                AssistanceLine(url: "/assistance-cases/\(c.id)", number: c.number, mode: c.mode.label, origin: c.origin.label,
                               outcome: [c.diagnosis.map { "诊断书\($0.number)" }, c.closedOn.map { _ in "解决问题\(c.problemsSolved)个" }].compactMap { $0 }.joined(separator: "，"),
                               state: c.state.label)
            }
        }
        return try services.views.page(shown, "archive")
    }
}
