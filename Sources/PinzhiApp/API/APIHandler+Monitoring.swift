import Foundation
import OpenAPIRuntime
import PinzhiDomain
import PinzhiStore

/// Risk monitoring as the pages have it (MonitoringRoutes), the steps through the workflow engine in the shape of batches.
extension APIHandler {
    func monitoringReader() throws -> Principal {
        let p = try bridge.principal()
        guard MonitoringPolicy.readerRoles.contains(p.role) else { throw WebError.forbidden }
        return p
    }

    func listMonitoringPlans(_ input: Operations.ListMonitoringPlans.Input) async throws -> Operations.ListMonitoringPlans.Output {
        let p = try monitoringReader()
        let plans = try await MonitoringRepository(services.database).plans(year: try APIBridge.year(input.query.year), as: p)
        return .ok(.init(body: .json(plans.map(APIMonitoring.plan))))
    }

    func createMonitoringPlan(_ input: Operations.CreateMonitoringPlan.Input) async throws -> Operations.CreateMonitoringPlan.Output {
        let p = try monitoringReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let plan = try await MonitoringRepository(services.database).createPlan(
            .init(year: body.year, title: body.title, productCode: body.productCode, agencyId: body.agencyId, items: body.items,
                  focus: MonitoringFocus(rawValue: body.focus.rawValue) ?? .other, plannedBatches: body.plannedBatches),
            today: services.today(), as: p)
        return .created(.init(body: .json(APIMonitoring.plan(plan))))
    }

    func getMonitoringPlan(_ input: Operations.GetMonitoringPlan.Input) async throws -> Operations.GetMonitoringPlan.Output {
        let p = try monitoringReader()
        guard let plan = try await MonitoringRepository(services.database).plan(input.path.id, as: p) else { throw WebError.notFound }
        return .ok(.init(body: .json(APIMonitoring.plan(plan))))
    }

    func listMonitoringBatches(_ input: Operations.ListMonitoringBatches.Input) async throws -> Operations.ListMonitoringBatches.Output {
        let p = try monitoringReader()
        let q = input.query
        var f = MonitoringRepository.Filter()
        f.planId = q.planId
        f.state = q.state.flatMap { MonitoringState(rawValue: $0.rawValue) }
        f.finding = q.finding
        f.year = try APIBridge.year(q.year)
        f.search = try APIBridge.text(q.q, field: "q", maxLength: 100)
        let limit = try APIBridge.limit(q.limit), offset = try APIBridge.offset(q.cursor)
        let page = try await MonitoringRepository(services.database).page(f, limit: limit, offset: offset, as: p)
        let (_, rules, calendar) = try await services.clockRules()
        return .ok(.init(body: .json(.init(items: page.items.map { APIMonitoring.batch($0, deadline: Workflow<MonitoringBatchKind>.deadline($0, rules: rules, calendar: calendar)) },
                                           total: page.total, nextCursor: Self.next(offset, page.items.count, page.total)))))
    }

    func createMonitoringBatch(_ input: Operations.CreateMonitoringBatch.Input) async throws -> Operations.CreateMonitoringBatch.Output {
        let p = try monitoringReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        guard let sampled = Day(body.sampledOn) else { throw WebError.badRequest("sampledOn 应为“年-月-日”格式的日期", field: "sampledOn") }
        let batch = try await MonitoringRepository(services.database).create(
            .init(planId: body.planId, channel: MonitoringChannel(rawValue: body.channel.rawValue) ?? .market, source: body.source,
                  sampleName: body.sampleName, uscc: body.uscc, sampledOn: sampled),
            today: services.today(), as: p)
        return .created(.init(body: .json(APIMonitoring.batch(batch))))
    }

    func getMonitoringBatch(_ input: Operations.GetMonitoringBatch.Input) async throws -> Operations.GetMonitoringBatch.Output {
        let p = try monitoringReader()
        guard let b = try await MonitoringRepository(services.database).find(input.path.id, as: p) else { throw WebError.notFound }
        let (_, rules, calendar) = try await services.clockRules()
        return .ok(.init(body: .json(.init(item: APIMonitoring.batch(b, deadline: Workflow<MonitoringBatchKind>.deadline(b, rules: rules, calendar: calendar)),
                                           actions: try await stepForms(MonitoringRepository.self, b, p),
                                           events: try await timeline(MonitoringBatchKind.self, b.id)))))
    }

    func actOnMonitoringBatch(_ input: Operations.ActOnMonitoringBatch.Input) async throws -> Operations.ActOnMonitoringBatch.Output {
        _ = try monitoringReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        guard let action = MonitoringAction(rawValue: input.path.action.rawValue) else { throw WebError.notFound }
        return .ok(.init(body: .json(APIMonitoring.batch(try await act(MonitoringRepository.self, input.path.id, action, body)))))
    }
}

/// Monitoring as the API gives it: codes with their labels, days as text.
enum APIMonitoring {
    static func plan(_ m: MonitoringPlan) -> Components.Schemas.MonitoringPlan {
        .init(id: m.id, number: m.number, year: m.year, title: m.title, productId: m.productId, productName: m.productName, agencyId: m.agencyId,
              agencyName: m.agencyName, items: m.itemList, focus: .init(rawValue: m.focus.rawValue) ?? .other, focusLabel: m.focus.label,
              plannedBatches: m.plannedBatches, recorded: m.recorded, findings: m.findings, createdOn: m.createdOn.description)
    }

    static func batch(_ b: MonitoringBatch, deadline: Deadline? = nil) -> Components.Schemas.MonitoringBatch {
        .init(id: b.id, version: b.version, number: b.number, planId: b.planId, planTitle: b.planTitle, productId: b.productId, productName: b.productName,
              agencyId: b.agencyId, channel: .init(rawValue: b.channel.rawValue) ?? .market, channelLabel: b.channel.label, source: b.source,
              sampleName: b.sampleName, enterpriseId: b.enterpriseId, enterpriseName: b.enterpriseName, districtCode: b.districtCode,
              sampledOn: b.sampledOn.description, state: .init(rawValue: b.state.rawValue) ?? .sampled, stateLabel: b.state.label,
              deadline: deadline?.day?.description ?? deadline?.missingText, results: b.results, finding: b.finding, findingText: b.findingText,
              riskItemId: b.riskItemId)
    }
}
