import Hummingbird
import PinzhiDomain
import PinzhiStore

/// A district's interim or annual summary of a campaign (SPEC CP-1, 001 §六(五)): its page with its state, deadline,
/// text and timeline; the steps (报送, 收悉, 退回) are the generic step pages (WorkflowActionRoutes<CampaignSummaryRepository>).
struct CampaignSummaryRoutes: Sendable {
    let services: AppServices
    var lists: RecordLists { RecordLists(services: services) }

    func register(on router: Router<AppRequestContext>) {
        router.get("/campaign-summaries/:id") { request, context in try await page(request, context) }
    }

    func page(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try CampaignFormRoutes.principal(context)
        guard let s = try await CampaignSummaryRepository(services.database).find(try context.id(), as: p) else { throw WebError.notFound }
        let (today, rules, calendar) = try await services.clockRules()
        let fields: [WorkflowRecordPage.Field] = [
            .init(label: "专项行动", value: s.campaignName), .init(label: "报送单位", value: "\(District.named(code: s.districtCode))市场监督管理局"),
            .init(label: "报送事项", value: s.kind.label), .init(label: "报送期限", value: s.due.description),
            .init(label: "报送日期", value: s.submittedOn?.description ?? "—"), .init(label: "退回理由", value: s.returnReason ?? "—"),
            .init(label: "工作总结", value: s.text ?? "—"),
        ]
        let model = WorkflowRecordPage.make(CampaignSummaryKind.self, s,
                                            chrome: lists.chrome(request, context, "\(s.kind.label)", "/campaigns", CampaignSummaryAction.self),
                                            p: p, today: today, rules: rules, calendar: calendar,
                                            events: try await WorkflowEvents.list(services.database, CampaignSummaryKind.self, id: s.id), fields: fields,
                                            links: [.init(label: "专项行动", url: "/campaigns/\(s.campaignId)")])
        return try services.views.page(model, "workflow-record")
    }
}
