/// The steps that move a batch on, each taken by one party from given states (SPEC SC-5 … SC-9). Steps with no
/// `target` record something without moving the batch (confirmations, measures, suggestions, publication).
public enum BatchAction: String, Sendable, Codable, CaseIterable {
    case sample
    case refuse
    case confirmSampling
    case report
    case reviseReport
    case deliver
    case object
    case acceptObjection
    case rejectObjection
    case recheckResult
    case conclude
    case markSensitive
    case publish
    case transfer
    case receive
    case order
    case rectify
    case review
    case measure
    case suggest

    public var label: String {
        switch self {
        case .sample: "填写抽样单"
        case .refuse: "登记拒检"
        case .confirmSampling: "确认抽样"
        case .report: "录入检验结果并出具报告"
        case .reviseReport: "更正报告（新版本）"
        case .deliver: "登记结果送达"
        case .object: "提出异议"
        case .acceptObjection: "受理异议并抽取复检机构"
        case .rejectObjection: "不予受理异议"
        case .recheckResult: "录入复检结论"
        case .conclude: "异议期满，确认结论"
        case .markSensitive: "标记为敏感结果"
        case .publish: "公布抽查结果"
        case .transfer: "移送企业所在区局"
        case .receive: "签收移送"
        case .order: "下达责令改正通知书"
        case .rectify: "提交整改报告"
        case .review: "录入复查结果"
        case .measure: "登记处置措施"
        case .suggest: "出具质量建议书"
        }
    }

    public var parties: Set<BatchParty> {
        switch self {
        case .sample, .refuse, .report, .reviseReport, .deliver, .suggest: [.agency]
        case .confirmSampling, .object, .rectify: [.enterprise]
        case .acceptObjection, .rejectObjection, .conclude, .markSensitive, .publish, .transfer: [.organiser]
        case .recheckResult: [.recheckAgency]
        case .receive, .order, .review: [.handlingDistrict]
        case .measure: [.handlingDistrict, .organiser]
        }
    }

    public var from: Set<BatchState> {
        switch self {
        case .sample, .refuse: [.drawn]
        case .confirmSampling, .report: [.sampled]
        case .reviseReport: [.reported, .notified]
        case .deliver: [.reported]
        case .object, .conclude: [.notified]
        case .acceptObjection, .rejectObjection: [.objected]
        case .recheckResult: [.rechecking]
        case .markSensitive, .publish: BatchState.final
        case .transfer: [.concluded]
        case .receive: [.transferred]
        case .order: [.received]
        case .rectify: [.ordered]
        case .review: [.rectified]
        // A serious risk is handled while an objection runs (SPEC SC-7): measures may be taken then too.
        case .measure: BatchState.final.union([.objected, .rechecking])
        case .suggest: BatchState.final
        }
    }

    /// Where the step leads; nil when it records without moving. Some steps decide their target from the input.
    public var target: BatchState? {
        switch self {
        case .sample: .sampled
        case .refuse: .refused
        case .report, .reviseReport: .reported
        case .deliver: .notified
        case .object: .objected
        case .acceptObjection: .rechecking
        case .rejectObjection, .recheckResult, .conclude: .concluded
        case .transfer: .transferred
        case .receive: .received
        case .order: .ordered
        case .rectify: .rectified
        case .review: .closed
        case .confirmSampling, .markSensitive, .publish, .measure, .suggest: nil
        }
    }

    /// The form of the step. The report's item fields come from the product's test items.
    public func fields(_ batch: Batch, items: [TestItem] = []) -> [FieldSpec] {
        switch self {
        case .sample:
            return [
                FieldSpec("sampledOn", "抽样日期", .date, required: true),
                FieldSpec("sampleName", "样品名称", required: true, maxLength: 60),
                FieldSpec("specification", "规格型号", maxLength: 60),
                FieldSpec("lotNumber", "批号/生产日期批次", required: true, maxLength: 60),
                FieldSpec("productionDate", "生产日期", .date),
                FieldSpec("quantity", "抽样数量", required: true, maxLength: 30),
                FieldSpec("backupQuantity", "备样数量", required: true, maxLength: 30),
                FieldSpec("backupSealed", "备样已封存", .boolean),
                FieldSpec("place", "抽样地点", required: true, maxLength: 120),
                FieldSpec("price", "购样费用（元）", .decimal),
                FieldSpec("online", "网络抽样（以消费者身份购买）", .boolean),
                FieldSpec("orderNumber", "网络订单号", maxLength: 60),
                FieldSpec("deliveryEvidence", "收货及拆封查验记录", .longText, maxLength: 500),
            ]
        case .refuse:
            return [FieldSpec("refusedOn", "拒检日期", .date, required: true),
                    FieldSpec("evidence", "拒检经过及证据", .longText, required: true, maxLength: 1000)]
        case .confirmSampling:
            return [FieldSpec("note", "企业意见", .longText, maxLength: 500)]
        case .report, .reviseReport:
            var specs = [FieldSpec("reportNumber", "报告编号", required: true, maxLength: 40),
                         FieldSpec("signatory", "授权签字人", required: true, maxLength: 30),
                         FieldSpec("reportedOn", "报告日期", .date, required: true)]
            if self == .reviseReport { specs.append(FieldSpec("reason", "更正理由", .longText, required: true, maxLength: 500)) }
            specs += items.map { item in
                FieldSpec("item\(item.id)", "\(item.name)（限值 \(item.limitExpression)\(item.unit.map { " \($0)" } ?? "")）", required: true, maxLength: 60)
            }
            return specs
        case .deliver:
            var specs = [FieldSpec("deliveredOn", "送达日期", .date, required: true),
                         FieldSpec("method", "送达方式", .choice(["直接送达", "邮寄送达", "电子送达"]), required: true),
                         FieldSpec("recipient", "签收人", required: true, maxLength: 30)]
            if batch.stage != "生产" { specs.append(FieldSpec("producerNotified", "已同时送达标称生产者", .boolean)) }
            return specs
        case .object:
            return [FieldSpec("reason", "异议理由", .longText, required: true, maxLength: 1000)]
        case .acceptObjection:
            return [FieldSpec("note", "受理意见", .longText, maxLength: 500)]
        case .rejectObjection:
            return [FieldSpec("reason", "不予受理理由", .longText, required: true, maxLength: 500)]
        case .recheckResult:
            return [FieldSpec("outcome", "复检结论", .choice(["维持原结论", "推翻原结论"]), required: true),
                    FieldSpec("reportNumber", "复检报告编号", required: true, maxLength: 40),
                    FieldSpec("note", "说明", .longText, maxLength: 500)]
        case .conclude:
            return []
        case .markSensitive:
            return [FieldSpec("reason", "敏感理由（办结后再公布）", .longText, required: true, maxLength: 500)]
        case .publish:
            return [FieldSpec("note", "公布说明", .longText, maxLength: 500)]
        case .transfer:
            return [FieldSpec("note", "移送说明", .longText, maxLength: 500)]
        case .receive:
            return [FieldSpec("receiver", "签收人", required: true, maxLength: 30)]
        case .order:
            return [FieldSpec("noticeNumber", "责令改正通知书文号", required: true, maxLength: 40),
                    FieldSpec("deadline", "整改期限", .date, required: true),
                    FieldSpec("requirements", "整改要求", .longText, maxLength: 1000)]
        case .rectify:
            return [FieldSpec("report", "整改报告", .longText, required: true, maxLength: 2000)]
        case .review:
            return [FieldSpec("method", "复查方式", .choice(["现场复查", "复抽样检验"]), required: true),
                    FieldSpec("result", "复查结果", .choice(["整改合格", "整改不合格"]), required: true),
                    FieldSpec("newDeadline", "再次整改期限（不合格时）", .date),
                    FieldSpec("note", "复查情况", .longText, maxLength: 1000)]
        case .measure:
            return [FieldSpec("kind", "措施", .choice(MeasureKind.allCases.map(\.rawValue)), required: true),
                    FieldSpec("note", "情况说明", .longText, required: true, maxLength: 1000)]
        case .suggest:
            return [FieldSpec("suggestion", "质量建议书内容（问题原因及改进建议）", .longText, required: true, maxLength: 2000)]
        }
    }
}
