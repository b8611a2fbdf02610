import Foundation
import Hummingbird
import Logging
import OpenAPIHummingbird
import PinzhiDomain
import PinzhiStore
import Prometheus

/// Assembles the router: middleware in order, then every area's routes.
public enum PinzhiApplication {
    public static func router(services: AppServices, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) throws -> Router<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware(behindTLS: services.settings.secureCookies))
        router.add(middleware: StaticFilesMiddleware(directory: ResourcePaths.staticFiles))
        router.add(middleware: ErrorPageMiddleware(views: services.views, logger: services.logger))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: APIMethodMiddleware(openAPIJSON: try SystemRoutes.loadOpenAPI()))
        router.add(middleware: PublicRateLimitMiddleware(limiter: PublicRateLimiter(burst: services.settings.publicBurst,
                                                                                    perMinute: services.settings.publicRequestsPerMinute,
                                                                                    now: services.instant)))
        router.add(middleware: DownloadNameMiddleware(names: [
            "/api/v1/public/results.csv": ("抽查结果公告", "results"),
            "/api/v1/batches/export": ("抽查批次", "batches"),
            "/api/v1/audit/export": ("审计日志", "audit"),
        ]))
        router.add(middleware: SessionMiddleware(services: services))
        // The inner error page sees the signed-in user, so a 404 still shows the navigation.
        router.add(middleware: ErrorPageMiddleware(views: services.views, logger: services.logger))
        router.add(middleware: CSRFMiddleware())
        router.add(middleware: APIAccessMiddleware())

        try SystemRoutes(services: services, registry: registry).register(on: router)
        AuthRoutes(services: services).register(on: router)
        WorkbenchRoutes(services: services).register(on: router)
        MasterDataRoutes<Enterprise>(services: services).register(on: router)
        EnterpriseMergeRoutes(services: services).register(on: router)
        // The tree before the generic product routes, so /products/tree is not read as a product id.
        ProductTreeRoutes(services: services).register(on: router)
        MasterDataRoutes<Product>(services: services).register(on: router)
        MasterDataRoutes<TestItem>(services: services).register(on: router)
        MasterDataRoutes<Agency>(services: services).register(on: router)
        MasterDataRoutes<AgencyContract>(services: services).register(on: router)
        MasterDataRoutes<Inspector>(services: services).register(on: router)
        MasterDataRoutes<Expert>(services: services).register(on: router)
        MasterDataRoutes<ExpertConflict>(services: services).register(on: router)
        MasterDataRoutes<NationalPlanEntry>(services: services).register(on: router)
        MasterDataRoutes<EnterpriseProduct>(services: services).register(on: router)
        MasterDataRoutes<Licence>(services: services).register(on: router)
        AccountRoutes(services: services).register(on: router)
        AuditRoutes(services: services).register(on: router)
        ImportRoutes(services: services).register(on: router)
        TokenRoutes(services: services).register(on: router)
        CalendarRoutes(services: services).register(on: router)
        RuleRoutes(services: services).register(on: router)
        PlanRoutes(services: services).register(on: router)
        TaskRoutes(services: services).register(on: router)
        BatchListRoutes(services: services).register(on: router)
        BatchRoutes(services: services).register(on: router)
        WorkflowActionRoutes<BatchRepository>(services: services, principal: BatchListRoutes.principal,
                                              find: { db, id, p in try await BatchRepository(db).find(id, as: p) }).register(on: router)
        EnforcementRoutes(services: services).register(on: router)
        WorkflowActionRoutes<LeadRepository>(services: services, principal: EnforcementRoutes.principal,
                                             find: { db, id, p in try await LeadRepository(db).find(id, as: p) }).register(on: router)
        WorkflowActionRoutes<CaseRepository>(services: services, principal: EnforcementRoutes.principal,
                                             find: { db, id, p in try await CaseRepository(db).find(id, as: p) }).register(on: router)
        RiskRoutes(services: services).register(on: router)
        WorkflowActionRoutes<RiskItemRepository>(services: services, principal: RiskRoutes.principal,
                                                 find: { db, id, p in try await RiskItemRepository(db).find(id, as: p) }).register(on: router)
        RiskAlertRoutes(services: services).register(on: router)
        WorkflowActionRoutes<RiskAlertRepository>(services: services, principal: RiskAlertRoutes.principal,
                                                  find: { db, id, p in try await RiskAlertRepository(db).find(id, as: p) }).register(on: router)
        MonitoringRoutes(services: services).register(on: router)
        WorkflowActionRoutes<MonitoringRepository>(services: services, principal: MonitoringRoutes.principal,
                                                   find: { db, id, p in try await MonitoringRepository(db).find(id, as: p) }).register(on: router)
        AssistanceRoutes(services: services).register(on: router)
        WorkflowActionRoutes<AssistanceRepository>(services: services, principal: AssistanceRoutes.principal,
                                                   find: { db, id, p in try await AssistanceRepository(db).find(id, as: p) }).register(on: router)
        AssistanceActivityRoutes(services: services).register(on: router)
        AssistanceReportRoutes(services: services).register(on: router)
        StrengtheningRoutes(services: services).register(on: router)
        CampaignRoutes(services: services).register(on: router)
        CampaignFormRoutes(services: services).register(on: router)
        WorkflowActionRoutes<CampaignFormRepository>(services: services, principal: CampaignFormRoutes.principal,
                                                     find: { db, id, p in try await CampaignFormRepository(db).find(id, as: p) }).register(on: router)
        CampaignSummaryRoutes(services: services).register(on: router)
        WorkflowActionRoutes<CampaignSummaryRepository>(services: services, principal: CampaignFormRoutes.principal,
                                                        find: { db, id, p in try await CampaignSummaryRepository(db).find(id, as: p) }).register(on: router)
        ProblemItemRoutes(services: services).register(on: router)
        WorkflowActionRoutes<ProblemItemRepository>(services: services, principal: ProblemItemRoutes.principal,
                                                    find: { db, id, p in try await ProblemItemRepository(db).find(id, as: p) }).register(on: router)
        InspectionRoutes(services: services).register(on: router)
        LetterRoutes(services: services).register(on: router)
        WorkflowActionRoutes<LetterRepository>(services: services, principal: LetterRoutes.principal,
                                               find: { db, id, p in try await LetterRepository(db).find(id, as: p) }).register(on: router)
        IssuerNoticeRoutes(services: services).register(on: router)
        OfficerRoutes(services: services).register(on: router)
        WorkflowActionRoutes<SafetyOfficerRepository>(services: services, principal: OfficerRoutes.principal,
                                                      find: { db, id, p in try await SafetyOfficerRepository(db).find(id, as: p) }).register(on: router)
        WorkflowActionRoutes<IssuerNoticeRepository>(services: services, principal: EnforcementRoutes.principal,
                                                     find: { db, id, p in try await IssuerNoticeRepository(db).find(id, as: p) }).register(on: router)
        BatchDocumentRoutes(services: services).register(on: router)
        DrawRoutes(services: services).register(on: router)
        DrawListRoutes(services: services).register(on: router)
        WitnessRoutes(services: services).register(on: router)
        ResultImportRoutes(services: services).register(on: router)
        PublicRoutes(services: services).register(on: router)
        PublicDrawRoutes(services: services).register(on: router)
        PublicAlertRoutes(services: services).register(on: router)
        DrawProofRoutes(services: services).register(on: router)
        StatsRoutes(services: services).register(on: router)
        ArchiveRoutes(services: services).register(on: router)
        OversightRoutes(services: services).register(on: router)
        try APIHandler(services: services).registerHandlers(on: router, serverURL: URL(string: "/api/v1")!)
        return router
    }

    public static func application(services: AppServices, host: String, port: Int,
                                   registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) throws -> some ApplicationProtocol {
        Application(router: try router(services: services, registry: registry),
                    configuration: .init(address: .hostname(host, port: port), serverName: "Pinzhi"),
                    logger: services.logger)
    }
}
