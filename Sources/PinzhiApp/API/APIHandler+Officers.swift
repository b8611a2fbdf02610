import Foundation
import OpenAPIRuntime
import PinzhiDomain
import PinzhiStore

/// Quality-safety officers as the pages have them (OfficerRoutes, SPEC EN-4): officers and their steps, an
/// enterprise's officers, routine records and risk-control list, the random assessments, and the figures.
extension APIHandler {
    func officerReader() throws -> Principal {
        let p = try bridge.principal()
        guard OfficerPolicy.readerRoles.contains(p.role) else { throw WebError.forbidden }
        return p
    }

    func listOfficers(_ input: Operations.ListOfficers.Input) async throws -> Operations.ListOfficers.Output {
        let p = try officerReader()
        let q = input.query
        var f = SafetyOfficerRepository.Filter()
        f.role = q.role.flatMap { OfficerRole(rawValue: $0.rawValue) }
        f.state = q.state.flatMap { OfficerState(rawValue: $0.rawValue) }
        f.pendingAssessment = q.pending
        f.district = try APIBridge.text(q.district, field: "district", maxLength: 20)
        f.enterpriseId = q.enterpriseId
        f.search = try APIBridge.text(q.q, field: "q", maxLength: 100)
        let limit = try APIBridge.limit(q.limit), offset = try APIBridge.offset(q.cursor)
        let page = try await SafetyOfficerRepository(services.database).page(f, limit: limit, offset: offset, as: p)
        return .ok(.init(body: .json(.init(items: page.items.map(APIOfficers.officer), total: page.total,
                                           nextCursor: Self.next(offset, page.items.count, page.total)))))
    }

    func getOfficer(_ input: Operations.GetOfficer.Input) async throws -> Operations.GetOfficer.Output {
        let p = try officerReader()
        guard let o = try await SafetyOfficerRepository(services.database).find(input.path.id, as: p) else { throw WebError.notFound }
        return .ok(.init(body: .json(.init(officer: APIOfficers.officer(o), actions: try await stepForms(SafetyOfficerRepository.self, o, p),
                                           events: try await timeline(SafetyOfficerKind.self, o.id)))))
    }

    func actOnOfficer(_ input: Operations.ActOnOfficer.Input) async throws -> Operations.ActOnOfficer.Output {
        _ = try officerReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        guard let action = OfficerAction(rawValue: input.path.action.rawValue) else { throw WebError.notFound }
        return .ok(.init(body: .json(APIOfficers.officer(try await act(SafetyOfficerRepository.self, input.path.id, action, body)))))
    }

    /// The enterprise, if the principal reads it; not found otherwise.
    func readableEnterprise(_ id: Int64) async throws -> Principal {
        let p = try officerReader()
        guard try await QualityRoutineRepository(services.database).canRead(enterpriseId: id, as: p) else { throw WebError.notFound }
        return p
    }

    func listEnterpriseOfficers(_ input: Operations.ListEnterpriseOfficers.Input) async throws -> Operations.ListEnterpriseOfficers.Output {
        let id = input.path.id
        let p = try await readableEnterprise(id)
        let row = try await OfficerStaffing(services.database).enterprises(enterpriseId: id, as: p).first
        var f = SafetyOfficerRepository.Filter()
        f.enterpriseId = id
        let officers = try await SafetyOfficerRepository(services.database).page(f, limit: 500, offset: 0, as: p).items
        return .ok(.init(body: .json(.init(enterpriseId: id, inScope: row != nil, order: row.map { OfficerDuty.order($0.type) },
                                           missing: row.map { OfficerDuty.missing(scale: $0.scale, active: $0.officers.map(\.role)) }?
                                               .compactMap { .init(rawValue: $0.rawValue) } ?? [],
                                           flag: row?.flag, officers: officers.map(APIOfficers.officer)))))
    }

    func appointOfficer(_ input: Operations.AppointOfficer.Input) async throws -> Operations.AppointOfficer.Output {
        let p = try await readableEnterprise(input.path.id)
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        var values = ["role": body.role.rawValue, "name": try APIBridge.text(body.name, field: "name", maxLength: 30) ?? "",
                      "appointedOn": body.appointedOn,
                      "appointmentDocument": try APIBridge.text(body.appointmentDocument, field: "appointmentDocument", maxLength: 100) ?? ""]
        values["phone"] = try APIBridge.text(body.phone, field: "phone", maxLength: 20)
        var form = StepForm(values, specs: SafetyOfficerKind.appointFields)
        SafetyOfficerKind.checkAppointment(&form, today: services.today())
        do { try form.finish() } catch { throw StoreError.invalid(error) }
        guard let appointment = SafetyOfficerRepository.Appointment(form) else { throw WebError.badRequest("请求不完整") }
        let o = try await SafetyOfficerRepository(services.database).appoint(appointment, enterpriseId: input.path.id, as: p)
        return .created(.init(body: .json(APIOfficers.officer(o))))
    }

    func listRoutines(_ input: Operations.ListRoutines.Input) async throws -> Operations.ListRoutines.Output {
        let p = try officerReader()
        let limit = try APIBridge.limit(input.query.limit), offset = try APIBridge.offset(input.query.cursor)
        let page = try await QualityRoutineRepository(services.database).routines(enterpriseId: input.path.id,
                                                                                 kind: input.query.kind.flatMap { RoutineKind(rawValue: $0.rawValue) },
                                                                                 limit: limit, offset: offset, as: p)
        return .ok(.init(body: .json(.init(items: page.items.map(APIOfficers.routine), total: page.total,
                                           nextCursor: Self.next(offset, page.items.count, page.total)))))
    }

    func fileRoutine(_ input: Operations.FileRoutine.Input) async throws -> Operations.FileRoutine.Output {
        let p = try officerReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        var values = ["kind": body.kind.rawValue, "day": body.day, "summary": try APIBridge.text(body.summary, field: "summary", maxLength: 2000) ?? ""]
        values["officerId"] = body.officerId.map(String.init)
        values["problemsFound"] = body.problemsFound.map(String.init)
        values["problemsFixed"] = body.problemsFixed.map(String.init)
        let r = try await QualityRoutineRepository(services.database).file(values, enterpriseId: input.path.id, today: services.today(), as: p)
        return .created(.init(body: .json(APIOfficers.routine(r))))
    }

    func listRiskControls(_ input: Operations.ListRiskControls.Input) async throws -> Operations.ListRiskControls.Output {
        let p = try officerReader()
        let items = try await QualityRoutineRepository(services.database).riskControls(enterpriseId: input.path.id, as: p)
        return .ok(.init(body: .json(.init(items: items.map(APIOfficers.riskControl)))))
    }

    func addRiskControl(_ input: Operations.AddRiskControl.Input) async throws -> Operations.AddRiskControl.Output {
        let p = try officerReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        var values = ["hazard": try APIBridge.text(body.hazard, field: "hazard", maxLength: 200) ?? "",
                      "measure": try APIBridge.text(body.measure, field: "measure", maxLength: 1000) ?? "", "level": body.level.rawValue]
        values["officerId"] = body.officerId.map(String.init)
        let c = try await QualityRoutineRepository(services.database).addRiskControl(values, enterpriseId: input.path.id, as: p)
        return .created(.init(body: .json(APIOfficers.riskControl(c))))
    }

    func removeRiskControl(_ input: Operations.RemoveRiskControl.Input) async throws -> Operations.RemoveRiskControl.Output {
        let p = try officerReader()
        try await QualityRoutineRepository(services.database).removeRiskControl(input.path.item, enterpriseId: input.path.id,
                                                                                expectedVersion: input.query.version, as: p)
        return .noContent(.init())
    }

    func listOfficerAssessments(_ input: Operations.ListOfficerAssessments.Input) async throws -> Operations.ListOfficerAssessments.Output {
        let p = try officerReader()
        let repository = OfficerAssessmentRepository(services.database)
        var items: [Components.Schemas.OfficerAssessment] = []
        for a in try await repository.list(as: p) {
            guard let full = try await repository.find(a.id, as: p) else { continue }
            items.append(APIOfficers.assessment(full, verified: try await repository.verify(a.id) ?? false))
        }
        return .ok(.init(body: .json(.init(items: items))))
    }

    func commitOfficerAssessment(_ input: Operations.CommitOfficerAssessment.Input) async throws -> Operations.CommitOfficerAssessment.Output {
        let p = try officerReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let period = try APIBridge.text(body.period, field: "period", maxLength: 7) ?? ""
        let district = try APIBridge.text(body.district, field: "district", maxLength: 20)
        let record = try await OfficerAssessmentRepository(services.database).commit(district: district, period: period, count: body.count,
                                                                                     today: services.today(), as: p)
        return .created(.init(body: .json(try await APIDrawLists.list(record, services.database))))
    }

    func drawOfficerAssessment(_ input: Operations.DrawOfficerAssessment.Input) async throws -> Operations.DrawOfficerAssessment.Output {
        let p = try officerReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let reveal = CommittedDraw.Reveal(publicValue: try APIBridge.text(body.publicValue, field: "publicValue", maxLength: 200) ?? "",
                                          publicSource: try APIBridge.text(body.publicSource, field: "publicSource", maxLength: 200) ?? "")
        let repository = OfficerAssessmentRepository(services.database)
        let a = try await repository.draw(commitmentId: input.path.id, reveal: reveal, today: services.today(), as: p)
        return .created(.init(body: .json(APIOfficers.assessment(a, verified: try await repository.verify(a.id) ?? false))))
    }

    func getDrawList(_ input: Operations.GetDrawList.Input) async throws -> Operations.GetDrawList.Output {
        let p = try bridge.principal()
        guard let record = try await ListCommitmentStore.find(services.database, input.path.id, as: p) else { throw WebError.notFound }
        return .ok(.init(body: .json(try await APIDrawLists.list(record, services.database))))
    }

    func getOfficerAssessment(_ input: Operations.GetOfficerAssessment.Input) async throws -> Operations.GetOfficerAssessment.Output {
        let p = try officerReader()
        let repository = OfficerAssessmentRepository(services.database)
        guard let a = try await repository.find(input.path.id, as: p) else { throw WebError.notFound }
        return .ok(.init(body: .json(APIOfficers.assessment(a, verified: try await repository.verify(a.id) ?? false))))
    }

    func getOfficerStats(_ input: Operations.GetOfficerStats.Input) async throws -> Operations.GetOfficerStats.Output {
        let p = try officerReader()
        guard p.role != .enterpriseUser else { throw WebError.forbidden }
        // As the staffing page: the current year's daily routine over the last 30 days, a past year's over the year.
        let (today, _, calendar) = try await services.clockRules()
        let year = try APIBridge.year(input.query.year) ?? today.year
        let district = try APIBridge.text(input.query.district, field: "district", maxLength: 20).flatMap { $0.isEmpty ? nil : $0 }
        let (total, districts) = try await OfficerStaffing(services.database).figures(from: Day(year: year, month: 1, day: 1)!, to: Day(year: year, month: 12, day: 31)!,
                                                                                      today: today, district: district,
                                                                                      routineFrom: year == today.year ? today.adding(days: -29) : nil,
                                                                                      calendar: calendar, as: p)
        return .ok(.init(body: .json(.init(year: year, total: APIOfficers.figures(total, district: district),
                                           districts: districts.sorted { $0.key < $1.key }.map { APIOfficers.figures($0.value, district: $0.key) }))))
    }
}

/// Officers, routines, risk controls, assessments and figures as the API gives them: codes with their labels.
enum APIOfficers {
    static func officer(_ o: SafetyOfficer) -> Components.Schemas.Officer {
        .init(id: o.id, version: o.version, enterpriseId: o.enterpriseId, enterpriseName: o.enterpriseName, districtCode: o.districtCode,
              role: .init(rawValue: o.role.rawValue) ?? .officer, roleLabel: o.role.label, name: o.name, phone: o.phone, appointedOn: o.appointedOn.description,
              appointmentDocument: o.appointmentDocument, state: .init(rawValue: o.state.rawValue) ?? .appointed, stateLabel: o.state.label,
              trainedOn: o.trainedOn?.description, trainingHours: o.trainingHours, dismissedOn: o.dismissedOn?.description,
              pendingAssessment: o.pendingAssessment, lastScore: o.lastScore, lastPassed: o.lastPassed)
    }

    static func routine(_ r: RoutineRecord) -> Components.Schemas.Routine {
        .init(id: r.id, enterpriseId: r.enterpriseId, kind: .init(rawValue: r.kind.rawValue) ?? .daily, kindLabel: r.kind.label, period: r.period.description,
              officerId: r.officerId, officerName: r.officerName, summary: r.summary, problemsFound: r.problemsFound, problemsFixed: r.problemsFixed,
              filedBy: r.filedBy, filedAt: r.filedAt)
    }

    static func riskControl(_ c: RiskControl) -> Components.Schemas.RiskControl {
        .init(id: c.id, version: c.version, enterpriseId: c.enterpriseId, hazard: c.hazard, measure: c.measure, level: .init(rawValue: c.level.rawValue) ?? .low,
              levelLabel: c.level.label, officerId: c.officerId, officerName: c.officerName, active: c.active)
    }

    static func assessment(_ a: OfficerAssessmentRepository.Assessment, verified: Bool) -> Components.Schemas.OfficerAssessment {
        .init(id: a.id, scope: a.scope, scopeLabel: a.scopeLabel, period: a.period, drawnOn: a.drawnOn.description, requested: a.requested,
              algorithm: a.algorithm, seed: String(a.seed), listHash: a.listHash, candidates: a.candidates, candidatesText: a.candidatesText,
              items: a.items.map { i in
                  .init(officerId: i.officerId, officerName: i.officerName, role: .init(rawValue: i.role.rawValue) ?? .officer, enterpriseId: i.enterpriseId,
                        enterpriseName: i.enterpriseName, districtCode: i.districtCode, drawOrder: i.drawOrder, score: i.score, passed: i.passed,
                        assessedOn: i.assessedOn?.description)
              },
              listId: a.listId, verified: verified)
    }

    static func figures(_ f: OfficerFigures, district: String?) -> Components.Schemas.OfficerFigures {
        .init(district: district, districtName: district.map { District.named(code: $0) }, inScope: f.inScope, staffed: f.staffed,
              staffingRate: f.staffingRate, officers: f.officers, trained: f.trained, assessed: f.assessed, passed: f.passed, passRate: f.passRate,
              dailyDone: f.dailyDone, dailyOwed: f.dailyOwed, routineCompletion: f.routineCompletion)
    }
}

/// A committed list other than a task's (PZ-DRAW-2 §十四) as the API gives it, verified on reading.
enum APIDrawLists {
    static func list(_ r: ListCommitmentRecord, _ database: PinzhiDatabase) async throws -> Components.Schemas.DrawList {
        .init(id: r.id, kind: .init(rawValue: r.kind.rawValue) ?? .recheckAgency, kindLabel: r.kind.label, subject: r.subject, recordId: r.recordId,
                     text: r.text, hash: r.hash, root: r.root, witnessHash: r.witnessHash, leavesText: r.leavesText, candidates: r.candidates,
                     eligible: r.eligible, count: r.count, createdBy: r.createdBy, createdAt: r.createdAt, drawn: r.isDrawn, seed: r.seed.map(String.init),
                     publicValue: r.publicValue, publicSource: r.publicSource, witnessSecret: r.witnessSecret, resultText: r.resultText,
                     drawnAt: r.drawnAt, verified: try await ListCommitmentStore.verify(database, r))
    }
}
