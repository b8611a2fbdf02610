import PinzhiDomain
import PinzhiStore

/// A product's risk grade (SPEC RK-2): the grade that counts, the model's with the item that decides it, an expert's
/// override beside it, the items in the window, every change with its inputs, and (for the city) the override form.
struct ProductRiskPage {
    struct Item {
        var url: String
        var number: String
        var source: String
        var reportedOn: String
        var scenario: String
        var grade: String
        var state: String
        var counts: Bool
    }

    struct Change {
        var day: String
        var kind: String
        var grade: String
        var inputs: String
        var reason: String
        var actor: String
    }

    var chrome: PageChrome
    var heading: String
    var productURL: String
    var effectiveGrade: String
    var gradeClass: String
    var modelText: String
    var liveText: String
    var overrideText: String?
    var window: String
    var items: [Item]
    var history: [Change]
    var canOverride: Bool
    var levelOptions: [ListPage.Option]
    var expert: String
    var reason: String
    var errors: [String]

    init(chrome: PageChrome, product: Product, current: ProductGradeStore.Current, live: ProductGrade, history: [ProductGradeStore.Change],
         items: [RiskItem], months: Int, canOverride: Bool, errors: [FieldError], values: [String: String]) {
        self.chrome = chrome
        heading = "产品风险等级 · \(product.name)"
        productURL = "/products/\(product.id)"
        effectiveGrade = current.effective?.grade ?? "未定级"
        gradeClass = "grade-" + (current.effective?.rawValue ?? "none")
        modelText = current.model.map { "\($0.inputs)（\($0.day)定）" } ?? "尚无风险信息"
        liveText = live.explanation
        overrideText = current.override.map { "\($0.level?.grade ?? "") —— \($0.inputs)，理由：\($0.reason ?? "")（\($0.day)，\($0.actor)）" }
        window = "最近\(months)个月（\(live.since)起）"
        self.items = items.map { r in
            Item(url: "/risk-items/\(r.id)", number: r.number, source: r.source.label, reportedOn: r.reportedOn.description, scenario: RiskText.scenario(r),
                 grade: r.riskLevel.grade, state: r.state.label, counts: r.counts && r.reportedOn >= live.since)
        }
        self.history = history.reversed().map { c in
            Change(day: c.day.description, kind: c.kind.label, grade: c.level?.grade ?? "—", inputs: c.inputs, reason: c.reason ?? "", actor: c.actor)
        }
        self.canOverride = canOverride
        let chosen = values["level"] ?? ""
        levelOptions = [ListPage.Option(value: "", label: "撤销专家调整，恢复模型定级", selected: chosen.isEmpty)]
            + ProductRiskLevel.allCases.reversed().map { ListPage.Option(value: $0.rawValue, label: $0.grade, selected: chosen == $0.rawValue) }
        expert = values["expert"] ?? ""
        reason = values["reason"] ?? ""
        self.errors = errors.map(\.message)
    }
}

/// The risk items as CSV, in the list's order and filter.
enum RiskExport {
    static let header = ["编号", "来源", "产品", "企业", "所在区", "危害类型", "使用人群", "严重程度", "概率", "产品风险等级", "内容与证据", "报送人", "报送日期",
                         "状态", "风险级别", "定级日期", "研判意见", "处置措施", "处置结果", "来源批次"]

    static func row(_ r: RiskItem) -> [String] {
        [r.number, r.source.label, r.productName, r.enterpriseName ?? "", District.named(code: r.districtCode), r.hazard.label, r.userGroup.label,
         String(r.severity), RiskProbability.text(r.probability), r.riskLevel.grade, r.evidence, r.reporter, r.reportedOn.description, r.state.label,
         r.urgency?.shortLabel ?? "", r.gradedOn?.description ?? "", r.decisionNote ?? "", r.measures ?? "", r.result ?? "", r.batchNumber ?? ""]
    }

    static func items(_ repository: RiskItemRepository, _ filter: RiskItemRepository.Filter, as p: Principal) async throws -> AsyncThrowingStream<ArraySlice<UInt8>, any Error> {
        try await CSVStream.make(header: header) { offset, size in
            try await repository.page(filter, limit: size, offset: offset, as: p).items.map(row)
        }
    }
}
