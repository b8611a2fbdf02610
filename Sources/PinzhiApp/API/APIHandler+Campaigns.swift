import Foundation
import OpenAPIRuntime
import PinzhiDomain
import PinzhiStore

/// Campaigns as the pages have them (CampaignRoutes, CampaignFormRoutes, ProblemItemRoutes, InspectionRoutes): the
/// campaigns, the monthly form as JSON or XLSX, the problem list and its steps, the on-site inspections.
extension APIHandler {
    func campaignReader() throws -> Principal {
        let p = try bridge.principal()
        guard CampaignRepository.readerRoles.contains(p.role) else { throw WebError.forbidden }
        return p
    }

    func problemReader() throws -> Principal {
        let p = try bridge.principal()
        guard ProblemPolicy.readerRoles.contains(p.role) else { throw WebError.forbidden }
        return p
    }

    func listCampaigns(_ input: Operations.ListCampaigns.Input) async throws -> Operations.ListCampaigns.Output {
        let p = try campaignReader()
        return .ok(.init(body: .json(.init(items: try await CampaignRepository(services.database).list(as: p).map(APICampaigns.campaign)))))
    }

    func createCampaign(_ input: Operations.CreateCampaign.Input) async throws -> Operations.CreateCampaign.Output {
        let p = try campaignReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let day = { (text: String?, field: String) throws -> Day? in
            guard let text else { return nil }
            guard let d = Day(text) else { throw WebError.badRequest("\(field) 应为“年-月-日”格式的日期", field: field) }
            return d
        }
        let c = try await CampaignRepository(services.database).create(
            .init(name: body.name, year: body.year, startsOn: try day(body.startsOn, "startsOn"), endsOn: try day(body.endsOn, "endsOn"),
                  phases: (2000...2100).contains(body.year) ? Campaign.phases001(year: body.year) : nil, productIds: body.productIds), as: p)
        return .created(.init(body: .json(APICampaigns.campaign(c))))
    }

    func getCampaignForm(_ input: Operations.GetCampaignForm.Input) async throws -> Operations.GetCampaignForm.Output {
        let p = try bridge.principal()
        guard [.cityAdmin, .citySupervisor, .districtSupervisor].contains(p.role) else { throw WebError.forbidden }
        guard let c = try await CampaignRepository(services.database).find(input.path.id, as: p) else { throw WebError.notFound }
        guard let period = FormPeriod(input.path.period), c.periods(through: c.endsOn).contains(period) else { throw WebError.notFound }
        var district = try APIBridge.text(input.query.district, field: "district", maxLength: 20)
        if let d = district, !District.isKnown(d) { throw WebError.badRequest("未知的区代码", field: "district") }
        if p.role == .districtSupervisor {
            if let d = district, d != p.districtCode { throw WebError.forbidden }
            district = p.districtCode
        }
        let current = try await MonthlyFormQuery(services.database).form(c, period: period, district: district, as: p)
        let record = try await district.asyncMap { try await CampaignFormRepository(services.database).find(campaign: c.id, district: $0, period: period, as: p) } ?? nil
        let texts = record?.figures ?? current.texts
        let labels = record?.rowLabels ?? current.rows.map(\.label)
        if input.query.format == .xlsx {
            var sheet = current.sheet(title: CampaignFormRoutes.title)
            sheet.rows = Array(sheet.rows.prefix(5)) + zip(labels, texts).map { [$0] + $1 }
            return .ok(.init(body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(
                HTTPBody(try XLSXWriter.data(sheet.rows, sheetName: "统计表", merges: sheet.merges, boldRows: [0, 2, 3, 4])))))
        }
        let differences = record?.figures.map { MonthlyForm.differences(locked: $0, lockedLabels: labels, current: current) } ?? []
        return .ok(.init(body: .json(.init(
            campaignId: c.id, period: period.description, district: district, unit: current.unit, from: current.from.description, to: current.to.description,
            formId: record?.id, state: record.flatMap { .init(rawValue: $0.state.rawValue) }, stateLabel: record?.state.label, locked: record?.isLocked,
            returnReason: record?.state == .returned ? record?.returnReason : nil, columns: MonthlyForm.Column.allCases.map(\.title),
            rows: zip(labels, texts).map { label, cells in
                let live = current.rows.first { $0.label == label }
                return .init(label: label, productId: live?.productId, cells: cells,
                             // 监督抽查's batches are counted, not listed (MonthlyFormFacts.Checks): the page's drill-down lists them.
                             counted: live?.cells.map { $0.refs.map { "\($0.path)/\($0.id)" } } ?? [])
            },
            differences: differences.map { .init(row: $0.row, column: $0.column, locked: $0.locked, now: $0.now) }))))
    }

    func actOnCampaignForm(_ input: Operations.ActOnCampaignForm.Input) async throws -> Operations.ActOnCampaignForm.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        guard let action = CampaignFormAction(rawValue: input.path.action.rawValue) else { throw WebError.notFound }
        let f = try await act(CampaignFormRepository.self, input.path.id, action, body)
        return .ok(.init(body: .json(.init(id: f.id, version: f.version, campaignId: f.campaignId, districtCode: f.districtCode, period: f.period.description,
                                           state: .init(rawValue: f.state.rawValue) ?? .open, stateLabel: f.state.label, submittedOn: f.submittedOn?.description,
                                           approvedOn: f.approvedOn?.description, returnReason: f.returnReason))))
    }

    func listProblemItems(_ input: Operations.ListProblemItems.Input) async throws -> Operations.ListProblemItems.Output {
        let p = try problemReader()
        let q = input.query
        var f = ProblemItemRepository.Filter()
        f.campaignId = q.campaign
        f.state = q.state.flatMap { ProblemState(rawValue: $0.rawValue) }
        f.source = q.source.flatMap { ProblemSource(rawValue: $0.rawValue) }
        f.severity = q.severity.flatMap { ProblemSeverity(rawValue: $0.rawValue) }
        f.district = try APIBridge.text(q.district, field: "district", maxLength: 20)
        if q.overdue == true { f.overdueOn = services.today() }
        f.search = try APIBridge.text(q.q, field: "q", maxLength: 100)
        let limit = try APIBridge.limit(q.limit), offset = try APIBridge.offset(q.cursor)
        let page = try await ProblemItemRepository(services.database).page(f, limit: limit, offset: offset, as: p)
        let today = services.today()
        return .ok(.init(body: .json(.init(items: page.items.map { APICampaigns.item($0, today: today) }, total: page.total,
                                           nextCursor: Self.next(offset, page.items.count, page.total)))))
    }

    func createProblemItem(_ input: Operations.CreateProblemItem.Input) async throws -> Operations.CreateProblemItem.Output {
        let p = try problemReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let item = try await ProblemItemRepository(services.database).enter(
            .init(campaignId: body.campaignId, uscc: body.uscc, productCode: body.productCode, stage: ProblemStage(rawValue: body.stage.rawValue) ?? .production,
                  source: ProblemSource(rawValue: body.source.rawValue) ?? .complaint, problem: body.problem, evidence: body.evidence),
            today: services.today(), as: p)
        return .created(.init(body: .json(APICampaigns.item(item, today: services.today()))))
    }

    func getProblemItem(_ input: Operations.GetProblemItem.Input) async throws -> Operations.GetProblemItem.Output {
        let p = try problemReader()
        guard let i = try await ProblemItemRepository(services.database).find(input.path.id, as: p) else { throw WebError.notFound }
        return .ok(.init(body: .json(.init(item: APICampaigns.item(i, today: services.today()), actions: try await stepForms(ProblemItemRepository.self, i, p),
                                           events: try await timeline(ProblemItemKind.self, i.id)))))
    }

    func actOnProblemItem(_ input: Operations.ActOnProblemItem.Input) async throws -> Operations.ActOnProblemItem.Output {
        _ = try problemReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        guard let action = ProblemAction(rawValue: input.path.action.rawValue) else { throw WebError.notFound }
        return .ok(.init(body: .json(APICampaigns.item(try await act(ProblemItemRepository.self, input.path.id, action, body), today: services.today()))))
    }

    func listCampaignInspections(_ input: Operations.ListCampaignInspections.Input) async throws -> Operations.ListCampaignInspections.Output {
        let p = try problemReader()
        let q = input.query
        var f = InspectionRepository.Filter()
        f.campaignId = q.campaign
        f.district = try APIBridge.text(q.district, field: "district", maxLength: 20)
        f.stage = q.stage.flatMap { ProblemStage(rawValue: $0.rawValue) }
        f.search = try APIBridge.text(q.q, field: "q", maxLength: 100)
        let limit = try APIBridge.limit(q.limit), offset = try APIBridge.offset(q.cursor)
        let page = try await InspectionRepository(services.database).page(f, limit: limit, offset: offset, as: p)
        return .ok(.init(body: .json(.init(items: page.items.map(APICampaigns.inspection), total: page.total,
                                           nextCursor: Self.next(offset, page.items.count, page.total)))))
    }

    func createCampaignInspection(_ input: Operations.CreateCampaignInspection.Input) async throws -> Operations.CreateCampaignInspection.Output {
        let p = try problemReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        guard let day = Day(body.inspectedOn) else { throw WebError.badRequest("inspectedOn 应为“年-月-日”格式的日期", field: "inspectedOn") }
        let answers = body.answers.compactMap { a in
            ChecklistItem(rawValue: a.item.rawValue).flatMap { item in
                ChecklistResult(rawValue: a.result.rawValue).map { ChecklistAnswer(item: item, result: $0, note: a.note ?? "") }
            }
        }
        let (inspection, items) = try await InspectionRepository(services.database).record(
            .init(campaignId: body.campaignId, uscc: body.uscc, productCode: body.productCode, stage: ProblemStage(rawValue: body.stage.rawValue) ?? .production,
                  basis: InspectionBasis(rawValue: body.basis.rawValue) ?? .riskDraw, inspectedOn: day, inspectors: body.inspectors, answers: answers),
            today: services.today(), as: p)
        let today = services.today()
        return .created(.init(body: .json(.init(inspection: APICampaigns.inspection(inspection), problemItems: items.map { APICampaigns.item($0, today: today) }))))
    }

    func getCampaignInspection(_ input: Operations.GetCampaignInspection.Input) async throws -> Operations.GetCampaignInspection.Output {
        let p = try problemReader()
        guard let i = try await InspectionRepository(services.database).find(input.path.id, as: p) else { throw WebError.notFound }
        return .ok(.init(body: .json(APICampaigns.inspection(i))))
    }

    func confirmCampaignInspection(_ input: Operations.ConfirmCampaignInspection.Input) async throws -> Operations.ConfirmCampaignInspection.Output {
        let p = try problemReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let i = try await InspectionRepository(services.database).confirm(input.path.id, remark: body.remark, today: services.today(), as: p)
        return .ok(.init(body: .json(APICampaigns.inspection(i))))
    }
}

/// Campaign records as the API gives them: codes with their labels, days as text.
enum APICampaigns {
    static func campaign(_ c: Campaign) -> Components.Schemas.Campaign {
        .init(id: c.id, version: c.version, name: c.name, year: c.year, startsOn: c.startsOn.description, endsOn: c.endsOn.description,
              phases: c.phases.map { .init(kind: .init(rawValue: $0.kind.rawValue) ?? .deploy, kindLabel: $0.kind.label, startsOn: $0.startsOn.description,
                                           endsOn: $0.endsOn.description) },
              productIds: c.productIds, organisations: c.organisations.map { .init(name: $0.name, duty: $0.duty) },
              state: .init(rawValue: c.state.rawValue) ?? .active, stateLabel: c.state.label, closedOn: c.closedOn?.description)
    }

    static func item(_ i: ProblemItem, today: Day) -> Components.Schemas.ProblemItem {
        .init(id: i.id, version: i.version, number: i.number, campaignId: i.campaignId, campaignName: i.campaignName, districtCode: i.districtCode,
              enterpriseId: i.enterpriseId, enterpriseName: i.enterpriseName, productId: i.productId, productName: i.productName,
              stage: .init(rawValue: i.stage.rawValue) ?? .production, stageLabel: i.stage.label, source: .init(rawValue: i.source.rawValue) ?? .inspection,
              sourceLabel: i.source.label, problem: i.problem, evidence: i.evidence, reportedOn: i.reportedOn.description,
              state: .init(rawValue: i.state.rawValue) ?? .listed, stateLabel: i.state.label, deadline: i.deadline?.description, overdue: i.isOverdue(on: today),
              severity: i.severity.flatMap { .init(rawValue: $0.rawValue) }, measures: i.measures.compactMap { .init(rawValue: $0.rawValue) },
              responsibleOrganisation: i.responsibleOrganisation, responsiblePerson: i.responsiblePerson, rootCause: i.rootCause,
              closureEvidence: i.closureEvidence, closedOn: i.closedOn?.description, reviewDue: i.reviewDue?.description, reviewFinding: i.reviewFinding,
              carriedOver: i.carriedOver, batchId: i.batchId, inspectionId: i.inspectionId, leadId: i.leadId, caseId: i.caseId, caseNumber: i.caseNumber,
              relapseOf: i.relapseOf)
    }

    static func inspection(_ i: Inspection) -> Components.Schemas.CampaignInspection {
        .init(id: i.id, number: i.number, campaignId: i.campaignId, districtCode: i.districtCode, enterpriseId: i.enterpriseId, enterpriseName: i.enterpriseName,
              productId: i.productId, productName: i.productName, stage: .init(rawValue: i.stage.rawValue) ?? .production,
              basis: .init(rawValue: i.basis.rawValue) ?? .riskDraw, inspectedOn: i.inspectedOn.description, inspectors: i.inspectors,
              answers: i.answers.map { .init(item: .init(rawValue: $0.item.rawValue) ?? .responsibility, itemLabel: $0.item.label,
                                            result: .init(rawValue: $0.result.rawValue) ?? .compliant, note: $0.note.nilIfEmpty) },
              confirmedOn: i.confirmedOn?.description, enterpriseRemark: i.enterpriseRemark)
    }
}
