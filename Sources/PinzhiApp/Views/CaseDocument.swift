import PinzhiDomain
import PinzhiStore

/// The printable documents of a case: the decision 行政处罚决定书 once decided, and the referral file 涉嫌犯罪案件
/// 移送书 (State Council Order 310 art. 6: the referral letter, the investigation report, the list of goods, the test
/// reports) once referred. Their contents come from the case and the steps that issued them.
enum CaseDocument: String, CaseIterable {
    case decision
    case referral

    var title: String {
        switch self {
        case .decision: "行政处罚决定书"
        case .referral: "涉嫌犯罪案件移送书"
        }
    }

    var action: CaseAction {
        switch self {
        case .decision: .decide
        case .referral: .refer
        }
    }

    func isAvailable(_ c: EnforcementCase) -> Bool {
        switch self {
        case .decision: c.decidedOn != nil
        case .referral: c.referredOn != nil
        }
    }

    func issuer(_ c: EnforcementCase) -> String {
        c.handler == .corps ? "上海市市场监督管理局执法总队" : "\(District.named(code: c.districtCode))市场监督管理局"
    }

    func page(_ c: EnforcementCase, events: [WorkflowEvent]) -> BatchDocumentRoutes.DocumentPage {
        let step = events.last { $0.action == action.rawValue }
        let review = events.last { $0.action == CaseAction.review.rawValue }
        let d = step?.data ?? [:]
        let day = Day(step?.day ?? "") ?? c.filedOn
        func money(_ v: Double?) -> String { v.map { Money.text($0) + "元" } ?? "—" }
        let rows: [(String, String)]
        switch self {
        case .decision:
            rows = [("当事人", c.enterpriseName), ("案由", c.summary), ("法律依据", c.article?.label ?? ""),
                    ("调查认定的事实", review?.data["findings"] ?? ""), ("货值金额", money(c.goodsValue)), ("罚款", money(c.fine)),
                    ("没收违法所得", money(c.confiscation)), ("罚没合计", money(c.penaltyTotal)), ("立案日期", c.filedOn.description),
                    ("决定日期", c.decidedOn?.description ?? ""),
                    ("救济途径", "如不服本决定，可在收到本决定书之日起六十日内申请行政复议，或者六个月内依法提起行政诉讼。")]
        case .referral:
            rows = [("移送机关", issuer(c)), ("接收机关", d["police"] ?? ""), ("涉嫌犯罪的当事人", c.enterpriseName),
                    ("涉嫌犯罪的事实", d["reason"] ?? ""), ("法律依据", c.article?.label ?? ""), ("货值金额", money(c.goodsValue)),
                    ("提请移送日期", d["proposedOn"] ?? ""), ("批准移送日期", d["decidedOn"] ?? ""), ("移送日期", d["referredOn"] ?? ""),
                    ("附送材料", "1. 涉嫌犯罪案件移送书；2. 涉嫌犯罪案件情况的调查报告；3. 涉案物品清单；4. 有关检验报告或者鉴定结论（国务院令第310号第六条）"),
                    ("说明", "行政执法机关对应当向公安机关移送的涉嫌犯罪案件，不得以行政处罚代替移送（国务院令第310号第十一条）。")]
        }
        return BatchDocumentRoutes.DocumentPage(title: title, number: "\(c.number)-\(self == .decision ? "JD" : "YS")", issuer: issuer(c),
                                                date: "\(day.year)年\(day.month)月\(day.day)日", batchNumber: c.number,
                                                rows: rows.map { BatchDocumentRoutes.Row(label: $0.0, value: $0.1) }, backURL: "/cases/\(c.id)",
                                                backLabel: "返回案件", referenceLabel: "案件编号")
    }
}
