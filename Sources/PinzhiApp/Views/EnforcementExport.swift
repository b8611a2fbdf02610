import PinzhiDomain
import PinzhiStore

/// Leads, cases and letters as tables: one header and one row shape for the pages' downloads and the API's.
enum EnforcementExport {
    static let leadHeader = ["编号", "来源", "企业", "所在区", "关联批次", "内容", "接收日期", "状态", "研判日期", "研判意见", "案件"]

    static func row(_ l: CaseLead) -> [String] {
        [l.number, l.source.label, l.enterpriseName, l.districtCode.map(District.named(code:)) ?? "", l.batchNumber ?? "", l.summary,
         l.receivedOn.description, l.state.label, l.decidedOn?.description ?? "", l.decisionNote ?? "",
         l.caseId.map { EnforcementNumber.make("AJ", (l.decidedOn ?? l.receivedOn).year, $0) } ?? ""]
    }

    static let caseHeader = ["编号", "企业", "所在区", "线索来源", "办案单位", "法律依据", "立案日期", "办案期限", "状态", "货值金额（元）", "罚款（元）",
                             "没收违法所得（元）", "罚没金额（元）", "案值（元）", "决定日期", "结案日期", "移送公安日期", "移送纪委监委日期"]

    static func row(_ c: EnforcementCase) -> [String] {
        [c.number, c.enterpriseName, c.districtCode.map(District.named(code:)) ?? "", c.leadSource.label, c.handler.label, c.article?.shortLabel ?? "",
         c.filedOn.description, c.decisionDue.description, c.state.label, c.goodsValue.map(Money.text) ?? "", c.fine.map(Money.text) ?? "",
         c.confiscation.map(Money.text) ?? "", Money.text(c.penaltyTotal), c.caseValue.map(Money.text) ?? "", c.decidedOn?.description ?? "",
         c.closedOn?.description ?? "", c.referredOn?.description ?? "", c.disciplineSentOn?.description ?? ""]
    }

    static let letterHeader = ["编号", "文书类型", "发文机关", "发送对象", "所在区", "事由", "要求事项", "回复期限", "状态", "起草日期", "发出日期",
                               "送达日期", "回复日期", "核验日期", "销号日期", "升级自", "升级为"]

    static func row(_ l: Letter) -> [String] {
        [l.number, l.type.label, l.issuerName, l.addressee, l.districtCode.map(District.named(code:)) ?? "", l.reason, l.requiredActions,
         l.deadline.description, l.state.label, l.createdOn.description, l.issuedOn?.description ?? "", l.servedOn?.description ?? "",
         l.repliedOn?.description ?? "", l.verifiedOn?.description ?? "", l.closedOn?.description ?? "",
         l.escalatedFrom.map(String.init) ?? "", l.escalatedTo.map(String.init) ?? ""]
    }

    static func letters(_ repository: LetterRepository, _ filter: LetterRepository.Filter, as p: Principal) async throws -> AsyncThrowingStream<ArraySlice<UInt8>, any Error> {
        try await CSVStream.make(header: letterHeader) { offset, size in
            try await repository.page(filter, limit: size, offset: offset, as: p).items.map(row)
        }
    }

    static let noticeHeader = ["编号", "案件ID", "企业", "所在区", "证书类别", "证书编号", "发证机关", "通报事由", "通报日期", "状态", "处理结果", "回复", "回复日期"]

    static func row(_ n: IssuerNotice) -> [String] {
        [n.number, String(n.caseId), n.enterpriseName, n.districtCode.map(District.named(code:)) ?? "", n.licenceKind.label, n.licenceNumber, n.issuer,
         n.reason, n.sentOn.description, n.state.label, n.measure?.label ?? "", n.answer ?? "", n.answeredOn?.description ?? ""]
    }

    static func notices(_ repository: IssuerNoticeRepository, _ filter: IssuerNoticeRepository.Filter, as p: Principal) async throws -> AsyncThrowingStream<ArraySlice<UInt8>, any Error> {
        try await CSVStream.make(header: noticeHeader) { offset, size in
            try await repository.page(filter, limit: size, offset: offset, as: p).items.map(row)
        }
    }

    static func leads(_ repository: LeadRepository, _ filter: LeadRepository.Filter, as p: Principal) async throws -> AsyncThrowingStream<ArraySlice<UInt8>, any Error> {
        try await CSVStream.make(header: leadHeader) { offset, size in
            try await repository.page(filter, limit: size, offset: offset, as: p).items.map(row)
        }
    }

    static func cases(_ repository: CaseRepository, _ filter: CaseRepository.Filter, as p: Principal) async throws -> AsyncThrowingStream<ArraySlice<UInt8>, any Error> {
        try await CSVStream.make(header: caseHeader) { offset, size in
            try await repository.page(filter, limit: size, offset: offset, as: p).items.map(row)
        }
    }
}

/// A lead or a case in a short list (the enterprise's archive).
struct EnforcementLine {
    var url: String
    var number: String
    var source: String
    var summary: String
    var state: String

    init(lead l: CaseLead) {
        self.init(url: "/leads/\(l.id)", number: l.number, source: l.source.label, summary: l.summary, state: l.state.label)
    }

    init(case c: EnforcementCase) {
        self.init(url: "/cases/\(c.id)", number: c.number, source: "案件", summary: c.summary, state: c.state.label)
    }

    init(url: String, number: String, source: String, summary: String, state: String) {
        self.url = url
        self.number = number
        self.source = source
        self.summary = summary
        self.state = state
    }
}
