import Foundation
import OpenAPIRuntime
import PinzhiDomain
import PinzhiStore

/// Leads, cases and the 转案率 as the pages have them (EnforcementRoutes), the steps through the workflow engine
/// in the shape of batches.
extension APIHandler {
    func enforcementReader() throws -> Principal {
        let p = try bridge.principal()
        guard EnforcementPolicy.readerRoles.contains(p.role) else { throw WebError.forbidden }
        return p
    }

    func listLeads(_ input: Operations.ListLeads.Input) async throws -> Operations.ListLeads.Output {
        let p = try enforcementReader()
        let q = input.query
        var f = LeadRepository.Filter()
        f.state = q.state.flatMap { LeadState(rawValue: $0.rawValue) }
        f.source = q.source.flatMap { LeadSource(rawValue: $0.rawValue) }
        f.district = try APIBridge.text(q.district, field: "district", maxLength: 20)
        f.year = try APIBridge.year(q.year)
        f.search = try APIBridge.text(q.q, field: "q", maxLength: 100)
        let limit = try APIBridge.limit(q.limit), offset = try APIBridge.offset(q.cursor)
        let page = try await LeadRepository(services.database).page(f, limit: limit, offset: offset, as: p)
        let (_, rules, calendar) = try await services.clockRules()
        return .ok(.init(body: .json(.init(items: page.items.map { APIEnforcement.lead($0, deadline: $0.state == .open ? Workflow<LeadKind>.deadline($0, rules: rules, calendar: calendar) : nil) },
                                           total: page.total, nextCursor: Self.next(offset, page.items.count, page.total)))))
    }

    static func next(_ offset: Int, _ count: Int, _ total: Int) -> String? {
        offset + count < total ? Cursor.encode(offset: offset + count) : nil
    }

    func createLead(_ input: Operations.CreateLead.Input) async throws -> Operations.CreateLead.Output {
        let p = try enforcementReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        var receivedOn: Day?
        if let text = body.receivedOn {
            guard let day = Day(text) else { throw WebError.badRequest("receivedOn 应为“年-月-日”格式的日期", field: "receivedOn") }
            receivedOn = day
        }
        let lead = try await LeadRepository(services.database).create(source: LeadSource(rawValue: body.source.rawValue) ?? .complaint,
                                                                      enterpriseId: body.enterpriseId, summary: body.summary, receivedOn: receivedOn,
                                                                      today: services.today(), as: p)
        return .created(.init(body: .json(APIEnforcement.lead(lead))))
    }

    func getLead(_ input: Operations.GetLead.Input) async throws -> Operations.GetLead.Output {
        let p = try enforcementReader()
        guard let l = try await LeadRepository(services.database).find(input.path.id, as: p) else { throw WebError.notFound }
        let (_, rules, calendar) = try await services.clockRules()
        return .ok(.init(body: .json(.init(lead: APIEnforcement.lead(l, deadline: l.state == .open ? Workflow<LeadKind>.deadline(l, rules: rules, calendar: calendar) : nil),
                                           actions: try await stepForms(LeadRepository.self, l, p), events: try await timeline(LeadKind.self, l.id)))))
    }

    func actOnLead(_ input: Operations.ActOnLead.Input) async throws -> Operations.ActOnLead.Output {
        _ = try enforcementReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        guard let action = LeadAction(rawValue: input.path.action.rawValue) else { throw WebError.notFound }
        return .ok(.init(body: .json(APIEnforcement.lead(try await act(LeadRepository.self, input.path.id, action, body)))))
    }

    func listCases(_ input: Operations.ListCases.Input) async throws -> Operations.ListCases.Output {
        let p = try enforcementReader()
        let q = input.query
        var f = CaseRepository.Filter()
        f.state = q.state.flatMap { CaseState(rawValue: $0.rawValue) }
        f.open = q.open
        f.fromSpotCheck = q.fromSpotCheck
        f.district = try APIBridge.text(q.district, field: "district", maxLength: 20)
        f.year = try APIBridge.year(q.year)
        f.planYear = try APIBridge.year(q.planYear, field: "planYear")
        f.search = try APIBridge.text(q.q, field: "q", maxLength: 100)
        let limit = try APIBridge.limit(q.limit), offset = try APIBridge.offset(q.cursor)
        let page = try await CaseRepository(services.database).page(f, limit: limit, offset: offset, as: p)
        return .ok(.init(body: .json(.init(items: page.items.map(APIEnforcement.case), total: page.total,
                                           nextCursor: Self.next(offset, page.items.count, page.total)))))
    }

    func getCase(_ input: Operations.GetCase.Input) async throws -> Operations.GetCase.Output {
        let p = try enforcementReader()
        guard let c = try await CaseRepository(services.database).find(input.path.id, as: p) else { throw WebError.notFound }
        return .ok(.init(body: .json(.init(_case: APIEnforcement.case(c), actions: try await stepForms(CaseRepository.self, c, p),
                                           events: try await timeline(CaseKind.self, c.id)))))
    }

    func actOnCase(_ input: Operations.ActOnCase.Input) async throws -> Operations.ActOnCase.Output {
        _ = try enforcementReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        guard let action = CaseAction(rawValue: input.path.action.rawValue) else { throw WebError.notFound }
        return .ok(.init(body: .json(APIEnforcement.case(try await act(CaseRepository.self, input.path.id, action, body)))))
    }

    func getCaseTransfer(_ input: Operations.GetCaseTransfer.Input) async throws -> Operations.GetCaseTransfer.Output {
        let p = try bridge.principal()
        guard StatsPolicy.seesStatistics(p.role) || EnforcementPolicy.readerRoles.contains(p.role) else { throw WebError.forbidden }
        let year = try APIBridge.year(input.query.year) ?? services.today().year
        let district = try APIBridge.text(input.query.district, field: "district", maxLength: 20).flatMap { $0.isEmpty ? nil : $0 }
        let result = try await CaseTransferRate(services.database).of(year: year, district: district, as: p)
        let t = result.total
        return .ok(.init(body: .json(.init(year: year, district: district, failedBatches: t.failedBatches, refusals: t.refusals, leads: t.leads, cases: t.cases,
                                           rate: t.rate, districts: result.districts.map(APIEnforcement.transfer)))))
    }

    func getEnforcementFigures(_ input: Operations.GetEnforcementFigures.Input) async throws -> Operations.GetEnforcementFigures.Output {
        let p = try bridge.principal()
        guard StatsPolicy.seesStatistics(p.role) || EnforcementPolicy.readerRoles.contains(p.role) else { throw WebError.forbidden }
        let today = services.today()
        // Absent, a bound of the current month; given, a date (an empty value is not one).
        func day(_ text: String?, field: String, _ fallback: Day) throws -> Day {
            guard let text = try APIBridge.text(text, field: field, maxLength: 10) else { return fallback }
            guard let d = Day(text) else { throw WebError.badRequest("日期格式应为YYYY-MM-DD", field: field) }
            return d
        }
        let from = try day(input.query.from, field: "from", Day(year: today.year, month: today.month, day: 1)!)
        let to = try day(input.query.to, field: "to", today)
        if to < from { throw WebError.badRequest("截止日不能早于起始日", field: "to") }
        if from.adding(days: 366) <= to { throw WebError.badRequest("期间不能超过366天", field: "to") }
        let district = try APIBridge.text(input.query.district, field: "district", maxLength: 20).flatMap { $0.isEmpty ? nil : $0 }
        let r = try await EnforcementFiguresQuery(services.database).of(from: from, to: to, district: district, as: p)
        func rows(_ groups: [String?: EnforcementFigures], label: (String?) -> String) -> [Components.Schemas.EnforcementFiguresRow] {
            groups.sorted { ($0.key ?? "\u{FFFF}") < ($1.key ?? "\u{FFFF}") }.map { .init(key: $0.key, label: label($0.key), figures: APIEnforcement.figures($0.value)) }
        }
        return .ok(.init(body: .json(.init(from: from.description, to: to.description, district: district, total: APIEnforcement.figures(r.total),
                                           categories: rows(r.categories) { $0 ?? "未关联产品" },
                                           districts: rows(r.districts) { $0.map { District.named(code: $0) } ?? "未分区" }))))
    }
}
