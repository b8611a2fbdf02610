import PinzhiDomain
import PinzhiStore

/// The printable documents of a batch (issue 4 item 11): A4, numbered, dated, in Chinese. Each is available once
/// the step that makes it has happened, and is filled from the batch and the data entered at that step.
enum BatchDocument: String, CaseIterable {
    case samplingRecord = "sampling-record"
    case resultNotice = "result-notice"
    case objectionDecision = "objection-decision"
    case rectificationOrder = "rectification-order"
    case qualitySuggestion = "quality-suggestion"

    var title: String {
        switch self {
        case .samplingRecord: "产品质量监督抽查抽样单"
        case .resultNotice: "产品质量监督抽查检验结果通知书"
        case .objectionDecision: "检验结果异议处理决定书"
        case .rectificationOrder: "责令改正通知书"
        case .qualitySuggestion: "质量建议书"
        }
    }

    /// The step whose data fills the document.
    var action: BatchAction {
        switch self {
        case .samplingRecord: .sample
        case .resultNotice: .report
        case .objectionDecision: .acceptObjection
        case .rectificationOrder: .order
        case .qualitySuggestion: .suggest
        }
    }

    func event(_ events: [BatchEvent]) -> BatchEvent? {
        switch self {
        case .objectionDecision: events.last { $0.action == BatchAction.acceptObjection.rawValue || $0.action == BatchAction.rejectObjection.rawValue }
        case .resultNotice: events.last { $0.action == BatchAction.report.rawValue || $0.action == BatchAction.reviseReport.rawValue }
        default: events.last { $0.action == action.rawValue }
        }
    }

    func isAvailable(_ b: Batch, events: [BatchEvent]) -> Bool { event(events) != nil }

    /// The document's own number: the batch number with a suffix per kind, or the number given at the step.
    func number(_ b: Batch, _ e: BatchEvent) -> String {
        switch self {
        case .samplingRecord: b.number
        case .resultNotice: "\(b.number)-TZ\(b.reportVersion)"
        case .objectionDecision: "\(b.number)-YY"
        case .rectificationOrder: e.data["noticeNumber"] ?? "\(b.number)-ZG"
        case .qualitySuggestion: "\(b.number)-JY"
        }
    }

    func issuer(_ b: Batch) -> String {
        switch self {
        case .samplingRecord, .resultNotice, .qualitySuggestion: b.agencyName
        case .objectionDecision: b.planDistrictCode.map { "\(District.named(code: $0))市场监督管理局" } ?? "上海市市场监督管理局"
        case .rectificationOrder: "\(District.named(code: b.enterpriseDistrict))市场监督管理局"
        }
    }

    func rows(_ b: Batch, _ e: BatchEvent, results: [ItemResult]) -> [(String, String)] {
        let d = e.data
        switch self {
        case .samplingRecord:
            return [("受检单位", b.enterpriseName), ("统一社会信用代码", b.enterpriseUscc), ("抽样环节", b.stage.label), ("抽查类型", b.mode.label),
                    ("样品名称", d["sampleName"] ?? ""), ("规格型号", d["specification"] ?? ""), ("批号", d["lotNumber"] ?? ""),
                    ("生产日期", d["productionDate"] ?? ""), ("抽样数量", d["quantity"] ?? ""), ("备样数量", d["backupQuantity"] ?? ""),
                    ("备样封存", d["backupSealed"] == nil ? "否" : "已封存"), ("抽样地点", d["place"] ?? ""), ("购样费用（元）", d["price"] ?? ""),
                    ("网络抽样", d["online"] == nil ? "否" : "是，订单号 \(d["orderNumber"] ?? "")"), ("抽样日期", d["sampledOn"] ?? ""),
                    ("抽样人员", b.inspectors), ("承检机构", b.agencyName)]
        case .resultNotice:
            var rows = [("受检单位", b.enterpriseName), ("产品名称", b.sampleName ?? b.productName), ("批号", b.lotNumber ?? ""),
                        ("抽样日期", b.sampledOn?.description ?? ""), ("报告编号", d["reportNumber"] ?? ""), ("报告日期", d["reportedOn"] ?? ""),
                        ("授权签字人", d["signatory"] ?? "")]
            rows += results.map { ("\($0.name)（限值 \($0.limit)）", "\($0.value)　\($0.verdict.label)") }
            rows.append(("检验结论", BatchVerdict.verdict(results) == .fail ? "不合格" : "合格"))
            rows.append(("告知", "如对检验结论有异议，可自收到本通知书之日起15日内向组织监督抽查的市场监督管理部门提出书面复检申请，逾期未提出的视为承认检验结论。"))
            return rows
        case .objectionDecision:
            let accepted = e.action == BatchAction.acceptObjection.rawValue
            return [("申请人", b.enterpriseName), ("异议提出日期", b.objectionFiledOn?.description ?? ""), ("决定", accepted ? "予以受理" : "不予受理"),
                    (accepted ? "复检机构（随机抽取）" : "理由", accepted ? (b.recheckAgencyName ?? "") : (d["reason"] ?? "")),
                    ("复检费用", accepted ? "复检结论与原结论一致的，由申请人承担；不一致的，由原承检机构承担" : "—"), ("决定日期", e.day)]
        case .rectificationOrder:
            return [("当事人", b.enterpriseName), ("统一社会信用代码", b.enterpriseUscc),
                    ("事由", "经监督抽查，你单位\(b.productName)（批号\(b.lotNumber ?? "")）经\(b.agencyName)检验，\(b.failedItems ?? "")项目不合格，报告编号\(b.reportNumber ?? "")。"),
                    ("整改要求", d["requirements"] ?? "依照《中华人民共和国产品质量法》第十七条，责令你单位改正"), ("整改期限", d["deadline"] ?? ""),
                    ("告知", "请于整改期限届满前向本局提交整改报告；逾期不改正的，依法处理。")]
        case .qualitySuggestion:
            return [("企业", b.enterpriseName), ("产品", b.productName), ("不合格项目", b.failedItems ?? ""), ("问题原因及改进建议", d["suggestion"] ?? "")]
        }
    }
}
