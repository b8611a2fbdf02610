import Foundation
import OpenAPIRuntime
import PinzhiDomain
import PinzhiStore

/// Risk items and product grades as the pages have them (RiskRoutes), the steps through the workflow engine in the
/// shape of batches.
extension APIHandler {
    func riskReader() throws -> Principal {
        let p = try bridge.principal()
        guard RiskPolicy.readerRoles.contains(p.role) else { throw WebError.forbidden }
        return p
    }

    func listRiskItems(_ input: Operations.ListRiskItems.Input) async throws -> Operations.ListRiskItems.Output {
        let p = try riskReader()
        let q = input.query
        var f = RiskItemRepository.Filter()
        f.state = q.state.flatMap { RiskItemState(rawValue: $0.rawValue) }
        f.source = q.source.flatMap { RiskSource(rawValue: $0.rawValue) }
        f.level = q.level.flatMap { ProductRiskLevel(rawValue: $0.rawValue) }
        f.district = try APIBridge.text(q.district, field: "district", maxLength: 20)
        f.productId = q.productId
        f.year = try APIBridge.year(q.year)
        f.search = try APIBridge.text(q.q, field: "q", maxLength: 100)
        let limit = try APIBridge.limit(q.limit), offset = try APIBridge.offset(q.cursor)
        let page = try await RiskItemRepository(services.database).page(f, limit: limit, offset: offset, as: p)
        let (_, rules, calendar) = try await services.clockRules()
        return .ok(.init(body: .json(.init(items: page.items.map { APIRisk.item($0, deadline: Workflow<RiskItemKind>.deadline($0, rules: rules, calendar: calendar)) },
                                           total: page.total, nextCursor: Self.next(offset, page.items.count, page.total)))))
    }

    func createRiskItem(_ input: Operations.CreateRiskItem.Input) async throws -> Operations.CreateRiskItem.Output {
        let p = try riskReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        var reportedOn: Day?
        if let text = body.reportedOn {
            guard let day = Day(text) else { throw WebError.badRequest("reportedOn 应为“年-月-日”格式的日期", field: "reportedOn") }
            reportedOn = day
        }
        let item = try await RiskItemRepository(services.database).create(
            .init(source: RiskSource(rawValue: body.source.rawValue) ?? .complaint, productCode: body.productCode, uscc: body.uscc, districtCode: body.districtCode,
                  hazard: Hazard(rawValue: body.hazard.rawValue) ?? .other, userGroup: UserGroup(rawValue: body.userGroup.rawValue) ?? .general,
                  severity: body.severity, probability: body.probability, evidence: body.evidence, reporter: body.reporter, reportedOn: reportedOn),
            today: services.today(), as: p)
        return .created(.init(body: .json(APIRisk.item(item))))
    }

    func getRiskItem(_ input: Operations.GetRiskItem.Input) async throws -> Operations.GetRiskItem.Output {
        let p = try riskReader()
        guard let r = try await RiskItemRepository(services.database).find(input.path.id, as: p) else { throw WebError.notFound }
        let (_, rules, calendar) = try await services.clockRules()
        return .ok(.init(body: .json(.init(item: APIRisk.item(r, deadline: Workflow<RiskItemKind>.deadline(r, rules: rules, calendar: calendar)),
                                           actions: try await stepForms(RiskItemRepository.self, r, p), events: try await timeline(RiskItemKind.self, r.id)))))
    }

    func actOnRiskItem(_ input: Operations.ActOnRiskItem.Input) async throws -> Operations.ActOnRiskItem.Output {
        _ = try riskReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        guard let action = RiskAction(rawValue: input.path.action.rawValue) else { throw WebError.notFound }
        return .ok(.init(body: .json(APIRisk.item(try await act(RiskItemRepository.self, input.path.id, action, body)))))
    }

    func getProductRisk(_ input: Operations.GetProductRisk.Input) async throws -> Operations.GetProductRisk.Output {
        .ok(.init(body: .json(try await productRisk(input.path.id, try riskReader()))))
    }

    func overrideProductRisk(_ input: Operations.OverrideProductRisk.Input) async throws -> Operations.OverrideProductRisk.Output {
        let p = try riskReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        guard try await MasterRepository<Product>(services.database).find(input.path.id, as: p) != nil else { throw WebError.notFound }
        _ = try await ProductGradeStore(services.database).override(input.path.id, level: body.level.flatMap { ProductRiskLevel(rawValue: $0.rawValue) },
                                                                    expert: body.expert, reason: body.reason, today: services.today(), as: p)
        return .ok(.init(body: .json(try await productRisk(input.path.id, p))))
    }

    func getRiskMap(_ input: Operations.GetRiskMap.Input) async throws -> Operations.GetRiskMap.Output {
        let p = try riskReader()
        let (today, rules, _) = try await services.clockRules()
        let year = try APIBridge.year(input.query.year) ?? today.year
        let cells = try await RiskMapQuery(services.database).cells(year: year, today: today, rules: rules, as: p)
        let clusters = try await RiskMapQuery(services.database).clusters(year: year, today: today, rules: rules, as: p)
        return .ok(.init(body: .json(.init(year: year, windowMonths: rules.int("productGradeMonths"), cells: cells.filter { !$0.isEmpty }.map { c in
            .init(productId: c.productId, productName: c.productName, districtCode: c.districtCode, districtName: District.named(code: c.districtCode),
                  openItems: c.openItems, items: c.items, highestLevel: c.highestLevel.flatMap { .init(rawValue: $0.rawValue) },
                  productGrade: c.productGrade.flatMap { .init(rawValue: $0.rawValue) }, tested: c.tested, failed: c.failed, rate: c.rate,
                  rateLow: c.interval?.low, rateHigh: c.interval?.high)
        }, clusters: clusters.filter { $0.items > 0 || $0.tested > 0 }.map { c in
            .init(cluster: c.cluster, enterprises: c.enterprises, openItems: c.openItems, items: c.items,
                  highestLevel: c.highestLevel.flatMap { .init(rawValue: $0.rawValue) }, tested: c.tested, failed: c.failed, rate: c.rate,
                  rateLow: c.interval?.low, rateHigh: c.interval?.high)
        }))))
    }

    func productRisk(_ id: Int64, _ p: Principal) async throws -> Components.Schemas.ProductRisk {
        guard let product = try await MasterRepository<Product>(services.database).find(id, as: p) else { throw WebError.notFound }
        let (today, rules, _) = try await services.clockRules()
        let store = ProductGradeStore(services.database)
        let history = try await store.history(id)
        return APIRisk.product(product, live: try await store.model(id, today: today, rules: rules), history: history,
                               months: rules.int("productGradeMonths"))
    }
}

/// Risk items and grades as the API gives them: codes with their labels, days as text.
enum APIRisk {
    static func item(_ r: RiskItem, deadline: Deadline? = nil) -> Components.Schemas.RiskItem {
        .init(id: r.id, version: r.version, number: r.number, source: .init(rawValue: r.source.rawValue) ?? .complaint, sourceLabel: r.source.label,
              productId: r.productId, productName: r.productName, enterpriseId: r.enterpriseId, enterpriseName: r.enterpriseName, districtCode: r.districtCode,
              hazard: .init(rawValue: r.hazard.rawValue) ?? .other, hazardLabel: r.hazard.label, userGroup: .init(rawValue: r.userGroup.rawValue) ?? .general,
              userGroupLabel: r.userGroup.label, severity: r.severity, probability: r.probability, riskLevel: .init(rawValue: r.riskLevel.rawValue) ?? .low,
              grade: r.riskLevel.grade, evidence: r.evidence, reporter: r.reporter, reportedOn: r.reportedOn.description, batchId: r.batchId,
              batchNumber: r.batchNumber, state: .init(rawValue: r.state.rawValue) ?? .reported, stateLabel: r.state.label,
              deadline: deadline?.day?.description ?? deadline?.missingText, urgency: r.urgency.flatMap { .init(rawValue: $0.rawValue) },
              urgencyLabel: r.urgency?.label, gradedOn: r.gradedOn?.description, decisionNote: r.decisionNote, measures: r.measures, result: r.result)
    }

    static func product(_ product: Product, live: ProductGrade, history: [ProductGradeStore.Change], months: Int) -> Components.Schemas.ProductRisk {
        let current = ProductGradeStore.Current(history)
        func level(_ l: ProductRiskLevel?) -> Components.Schemas.ProductRisk.LevelPayload? { l.flatMap { .init(rawValue: $0.rawValue) } }
        return .init(productId: product.id, productName: product.name, level: level(current.effective), grade: current.effective?.grade,
                     modelLevel: current.model?.level.flatMap { .init(rawValue: $0.rawValue) },
                     overrideLevel: current.override?.level.flatMap { .init(rawValue: $0.rawValue) }, windowMonths: months,
                     since: live.since.description, itemCount: live.itemCount, decidingItemId: live.decidingItemId, explanation: live.explanation,
                     history: history.map { c in
                         .init(id: c.id, kind: .init(rawValue: c.kind.rawValue) ?? .model, kindLabel: c.kind.label,
                               level: c.level.flatMap { .init(rawValue: $0.rawValue) }, grade: c.level?.grade, inputs: c.inputs, reason: c.reason,
                               day: c.day.description, actor: c.actor)
                     })
    }
}
