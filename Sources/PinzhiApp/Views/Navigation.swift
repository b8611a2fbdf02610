import PinzhiDomain
import PinzhiStore

/// The navigation a role sees: only the areas its policy lets it read.
enum Navigation {
    static func items(for role: Role) -> [(label: String, url: String)] {
        var items: [(String, String)] = [("工作台", "/")]
        if PlanPolicy.seesPlans(role) {
            items.append(("年度计划", "/plans"))
        }
        if TaskPolicy.seesTasks(role) {
            items.append(("抽查任务", "/tasks"))
        }
        if role != .expert && role != .witness {
            items.append(("抽查批次", "/batches"))
        }
        if role == .witness {
            items.append(("抽取见证", "/witness"))
        }
        if EnforcementPolicy.readerRoles.contains(role) {
            items.append(("案件线索", "/leads"))
            items.append(("案件", "/cases"))
            items.append(("发证机关通报", "/issuer-notices"))
        }
        if RiskPolicy.readerRoles.contains(role) {
            items.append(("风险信息", "/risk-items"))
            items.append(("风险图谱", "/risk-map"))
            items.append(("风险提示", "/alerts"))
        }
        if MonitoringPolicy.readerRoles.contains(role) {
            items.append(("风险监测", "/monitoring-plans"))
        }
        if CampaignRepository.readerRoles.contains(role) {
            items.append(("专项行动", "/campaigns"))
        }
        if AssistancePolicy.readerRoles.contains(role) {
            items.append(("质量技术帮扶", "/assistance-cases"))
        }
        if LetterPolicy.readerRoles.contains(role) {
            items.append(("三书一函", "/letters"))
        }
        if OfficerPolicy.readerRoles.contains(role) {
            items.append(role == .enterpriseUser ? ("质量安全", "/safety") : ("质量安全人员", "/officers"))
        }
        if role == .enterpriseUser {
            items.append(("抽取证明", "/draw-proofs"))
        }
        if StatsPolicy.seesStatistics(role) {
            items.append(("统计分析", "/stats"))
        }
        if [.cityAdmin, .citySupervisor, .enforcementOfficer].contains(role) {
            items.append(("机构监督", "/oversight"))
        }
        let areas: [(String, String, RecordKind)] = [
            ("企业", "/enterprises", .enterprise), ("产品目录", "/products", .product), ("承检机构", "/agencies", .agency),
            ("执法人员", "/inspectors", .inspector), ("专家库", "/experts", .expert), ("国家抽查计划", "/national-plan", .nationalPlanEntry),
            ("许可证", "/licences", .licence),
        ]
        for (label, url, kind) in areas where AccessPolicy.access(role, kind, .read) != .denied {
            items.append((label, url))
        }
        if ImportKind.allCases.contains(where: { $0.mayImport(role) }) {
            items.append(("数据导入", "/import"))
        }
        if AccessPolicy.canAdminister(role) {
            items.append(("账号管理", "/accounts"))
            items.append(("审计日志", "/audit"))
            items.append(("工作日历", "/calendar"))
            items.append(("规则参数", "/rules"))
        }
        items.append(("API令牌", "/tokens"))
        return items
    }
}
