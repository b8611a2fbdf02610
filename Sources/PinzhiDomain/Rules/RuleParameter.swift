/// One number of the rules that SPEC leaves to the city bureau, with its meaning, unit and sensible range.
public struct RuleParameter: Sendable, Equatable {
    public var key: String
    public var label: String
    public var unit: String
    public var defaultValue: Double
    public var range: ClosedRange<Double>
    public var basis: String

    public static let all: [RuleParameter] = [
        .init(key: "yearlyChecksPerEnterprise", label: "同一企业年度抽查次数上限", unit: "次", defaultValue: 3, range: 1...12, basis: "004 §一(三)"),
        .init(key: "tasksPerCheck", label: "每次抽查任务数上限", unit: "个", defaultValue: 3, range: 1...12, basis: "004 §一(三)"),
        .init(key: "batchesPerTask", label: "每个任务批次数上限", unit: "批次", defaultValue: 3, range: 1...12, basis: "004 §一(三)"),
        .init(key: "repeatCheckMonths", label: "同一产品不重复抽查期限", unit: "个月", defaultValue: 6, range: 1...24, basis: "总局令第18号"),
        .init(key: "objectionDays", label: "异议申请期限（自收到结果之日起）", unit: "日", defaultValue: 15, range: 1...60, basis: "产品质量法第十五条"),
        .init(key: "objectionAcceptanceWorkingDays", label: "异议受理决定时限", unit: "工作日", defaultValue: 3, range: 1...20, basis: "总局令第18号"),
        .init(key: "recheckWorkingDays", label: "复检结论时限", unit: "工作日", defaultValue: 10, range: 1...60, basis: "总局令第18号"),
        .init(key: "fastTrackReportHours", label: "快检快处产品出具报告时限", unit: "小时", defaultValue: 72, range: 1...720, basis: "004 §九"),
        .init(key: "fastTrackDeliveryHours", label: "快检快处产品结果送达时限", unit: "小时", defaultValue: 24, range: 1...720, basis: "004 §九"),
        .init(key: "creditShareA", label: "A类企业抽取比例", unit: "%", defaultValue: 1, range: 0...100, basis: "001 §14"),
        .init(key: "creditShareB", label: "B类企业抽取比例", unit: "%", defaultValue: 2, range: 0...100, basis: "001 §14"),
        .init(key: "creditShareC", label: "C类企业抽取比例", unit: "%", defaultValue: 10, range: 0...100, basis: "001 §14"),
        .init(key: "creditShareD", label: "D类企业抽取比例", unit: "%", defaultValue: 30, range: 0...100, basis: "001 §14"),
        .init(key: "publicationDelayDays", label: "异议期满后公布结果的期限", unit: "日", defaultValue: 5, range: 0...60, basis: "004 §六"),
        .init(key: "deliveryWorkingDays", label: "检验结果送达时限（出具报告后）", unit: "工作日", defaultValue: 5, range: 1...30, basis: "004 §九 按时流转（本局默认值）"),
        .init(key: "transferWorkingDays", label: "不合格结果移送企业所在区局时限", unit: "工作日", defaultValue: 5, range: 1...30, basis: "004 §九 按时流转（本局默认值）"),
        .init(key: "receiptWorkingDays", label: "区局签收移送时限", unit: "工作日", defaultValue: 3, range: 1...30, basis: "004 §九 按时流转（本局默认值）"),
        .init(key: "orderWorkingDays", label: "签收后下达责令改正通知书时限", unit: "工作日", defaultValue: 5, range: 1...30, basis: "004 §九 按时下达（本局默认值）"),
        .init(key: "reviewWorkingDays", label: "整改报告提交后组织复查时限", unit: "工作日", defaultValue: 15, range: 1...60, basis: "004 §九 组织复查（本局默认值）"),
        .init(key: "lowBidShare", label: "低价中标预警线（占同类中标价中位数）", unit: "%", defaultValue: 70, range: 1...100, basis: "004 §八"),
        .init(key: "leadDecisionWorkingDays", label: "案件线索立案研判时限", unit: "工作日", defaultValue: 15, range: 1...60, basis: "SPEC EN-1；市场监管行政处罚程序规定第十八条"),
        .init(key: "leadExtensionWorkingDays", label: "线索研判延长期限（经批准，限一次）", unit: "工作日", defaultValue: 15, range: 0...60, basis: "SPEC EN-1；市场监管行政处罚程序规定第十八条"),
        .init(key: "caseDecisionDays", label: "立案后作出处罚决定时限", unit: "日", defaultValue: 90, range: 1...365, basis: "SPEC EN-1；市场监管行政处罚程序规定第六十四条"),
        .init(key: "caseExtensionDays", label: "办案期限延长（经批准，限一次）", unit: "日", defaultValue: 30, range: 0...180, basis: "SPEC EN-1；市场监管行政处罚程序规定第六十四条"),
        .init(key: "caseServiceWorkingDays", label: "处罚决定书送达时限", unit: "工作日", defaultValue: 7, range: 1...30, basis: "行政处罚法第六十一条（宣告后不在场的，七日内送达）"),
        .init(key: "referralDecisionDays", label: "涉嫌犯罪案件批准移送时限（自提请之日起）", unit: "日", defaultValue: 3, range: 1...30, basis: "国务院令第310号第五条"),
        .init(key: "referralTransferHours", label: "批准后移送公安机关时限", unit: "小时", defaultValue: 24, range: 1...240, basis: "国务院令第310号第八条"),
        .init(key: "letterVerificationWorkingDays", label: "三书一函回复后核验时限", unit: "工作日", defaultValue: 10, range: 1...60, basis: "003 §十四 三书一函（本局默认值）"),
        .init(key: "issuerNoticeAnswerWorkingDays", label: "通报发证机关后登记其回复时限", unit: "工作日", defaultValue: 20, range: 1...90, basis: "SPEC EN-2 通报发证机关（本局默认值）"),
        .init(key: "officerTrainingWorkingDays", label: "新任质量安全总监、安全员首次培训时限（自任命起）", unit: "工作日", defaultValue: 20, range: 1...120, basis: "SPEC EN-4；总局令第75、76号 培训考核（本局默认值）"),
        .init(key: "officerPassScore", label: "质量安全人员监督抽查考核合格分数线", unit: "分", defaultValue: 60, range: 1...100, basis: "SPEC EN-4；总局令第75、76号 监督抽查考核（本局默认值）"),
        .init(key: "riskIntakeWorkingDays", label: "风险信息受理研判时限（自报送起）", unit: "工作日", defaultValue: 3, range: 1...30, basis: "SPEC RK-1；003 §十五（本局默认值）"),
        .init(key: "riskGradingWorkingDays", label: "风险信息研判定级时限（自受理起）", unit: "工作日", defaultValue: 10, range: 1...60, basis: "SPEC RK-1；003 §二十（本局默认值）"),
        .init(key: "riskFirstLevelHours", label: "一级风险采取紧急措施时限（自定级起）", unit: "小时", defaultValue: 24, range: 1...240, basis: "SPEC RK-1；一级风险立即采取紧急措施"),
        .init(key: "riskSecondLevelWorkingDays", label: "二级风险采取措施时限（自定级起）", unit: "工作日", defaultValue: 10, range: 1...60, basis: "SPEC RK-1；二级风险规定时间内采取措施（本局默认值）"),
        .init(key: "productGradeMonths", label: "产品风险等级回溯期", unit: "个月", defaultValue: 36, range: 1...120, basis: "SPEC RK-2；003 §二十（本局默认值）"),
        .init(key: "smallCellCount", label: "公开统计最小单元（少于此数不公开）", unit: "个", defaultValue: 5, range: 1...100, basis: "PB-1"),
    ]
}
