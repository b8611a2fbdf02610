import PinzhiDomain
import PinzhiStore

/// How an alert reads: its fields on its page, its printable document once published (SPEC RK-5: numbered and
/// printable), and its CSV row.
enum AlertDocument {
    static func issuer(_ a: RiskAlert) -> String {
        a.districtCode.map { "\(District.named(code: $0))市场监督管理局" } ?? "上海市市场监督管理局"
    }

    static func fields(_ a: RiskAlert) -> [WorkflowRecordPage.Field] {
        [.init(label: "编号", value: a.number), .init(label: "类型", value: a.type.label), .init(label: "提示对象", value: a.audience.label),
         .init(label: "标题", value: a.title), .init(label: "产品", value: a.productName ?? "—"),
         .init(label: "依据的风险信息", value: a.riskItemNumber ?? "—"), .init(label: "风险内容", value: a.content), .init(label: "防范建议", value: a.advice),
         .init(label: "涉及全国", value: a.nationalScope ? "是（发布时报告市场监管总局）" : "否"), .init(label: "起草单位", value: issuer(a)),
         .init(label: "起草人", value: a.createdBy), .init(label: "起草日期", value: a.createdOn.description),
         .init(label: "审核人", value: a.approver ?? "—"), .init(label: "发布日期", value: a.publishedOn?.description ?? "—"),
         .init(label: "撤回日期", value: a.withdrawnOn?.description ?? "—"), .init(label: "退回或撤回理由", value: a.note ?? "—"),
         .init(label: "公开范围", value: a.type == .consumer ? "审核发布后在公众门户公布" : "内部发布，不对外公开")]
    }

    static func page(_ a: RiskAlert) -> BatchDocumentRoutes.DocumentPage {
        let day = a.publishedOn ?? a.createdOn
        var rows: [(String, String)] = [("致", a.audience == .consumers ? "广大消费者" : a.audience.label), ("标题", a.title)]
        if let product = a.productName { rows.append(("产品", product)) }
        rows += [("风险内容", a.content), ("防范建议", a.advice)]
        if a.nationalScope { rows.append(("报告", "本提示涉及全国范围的风险，已报告国家市场监督管理总局")) }
        if a.state == .withdrawn { rows.append(("状态", "已于\(a.withdrawnOn?.description ?? "")撤回：\(a.note ?? "")")) }
        return BatchDocumentRoutes.DocumentPage(title: a.type.label, number: a.number, issuer: issuer(a), date: "\(day.year)年\(day.month)月\(day.day)日",
                                                batchNumber: a.number, rows: rows.map { BatchDocumentRoutes.Row(label: $0.0, value: $0.1) },
                                                backURL: "/alerts/\(a.id)", backLabel: "返回提示", referenceLabel: "提示编号")
    }
}

enum AlertExport {
    static let header = ["编号", "类型", "提示对象", "标题", "产品", "依据的风险信息", "风险内容", "防范建议", "涉及全国", "起草单位", "起草日期", "状态",
                         "审核人", "发布日期", "撤回日期"]

    static func row(_ a: RiskAlert) -> [String] {
        [a.number, a.type.label, a.audience.label, a.title, a.productName ?? "", a.riskItemNumber ?? "", a.content, a.advice, a.nationalScope ? "是" : "否",
         AlertDocument.issuer(a), a.createdOn.description, a.state.label, a.approver ?? "", a.publishedOn?.description ?? "", a.withdrawnOn?.description ?? ""]
    }

    static func alerts(_ repository: RiskAlertRepository, _ filter: RiskAlertRepository.Filter, as p: Principal) async throws -> AsyncThrowingStream<ArraySlice<UInt8>, any Error> {
        try await CSVStream.make(header: header) { offset, size in
            try await repository.page(filter, limit: size, offset: offset, as: p).items.map(row)
        }
    }
}
