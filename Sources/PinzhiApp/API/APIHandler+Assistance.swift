import Foundation
import OpenAPIRuntime
import PinzhiDomain
import PinzhiStore

/// Quality technical assistance as the pages have it (AssistanceRoutes, AssistanceActivityRoutes,
/// AssistanceReportRoutes); a case's steps through the workflow engine in the shape of batches.
extension APIHandler {
    func assistanceReader() throws -> Principal {
        let p = try bridge.principal()
        guard AssistancePolicy.readerRoles.contains(p.role) else { throw WebError.forbidden }
        return p
    }

    func listAssistanceCases(_ input: Operations.ListAssistanceCases.Input) async throws -> Operations.ListAssistanceCases.Output {
        let p = try assistanceReader()
        let q = input.query
        var f = AssistanceRepository.Filter()
        f.state = q.state.flatMap { AssistanceState(rawValue: $0.rawValue) }
        f.mode = q.mode.flatMap { AssistanceMode(rawValue: $0.rawValue) }
        f.origin = q.origin.flatMap { AssistanceOrigin(rawValue: $0.rawValue) }
        f.district = try APIBridge.text(q.district, field: "district", maxLength: 20)
        f.year = try APIBridge.year(q.year)
        f.search = try APIBridge.text(q.q, field: "q", maxLength: 100)
        let limit = try APIBridge.limit(q.limit), offset = try APIBridge.offset(q.cursor)
        let page = try await AssistanceRepository(services.database).page(f, limit: limit, offset: offset, as: p)
        let (_, rules, calendar) = try await services.clockRules()
        return .ok(.init(body: .json(.init(items: page.items.map { APIAssistance.item($0, deadline: Workflow<AssistanceKind>.deadline($0, rules: rules, calendar: calendar)) },
                                           total: page.total, nextCursor: Self.next(offset, page.items.count, page.total)))))
    }

    func createAssistanceCase(_ input: Operations.CreateAssistanceCase.Input) async throws -> Operations.CreateAssistanceCase.Output {
        let p = try assistanceReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let c = try await AssistanceRepository(services.database).request(
            .init(uscc: body.uscc, batchId: body.batchId, problemItemId: body.problemItemId, productCode: body.productCode, mode: AssistanceMode(rawValue: body.mode.rawValue) ?? .routine,
                  problems: body.problems ?? ""),
            today: services.today(), as: p)
        return .created(.init(body: .json(APIAssistance.item(c))))
    }

    func getAssistanceCase(_ input: Operations.GetAssistanceCase.Input) async throws -> Operations.GetAssistanceCase.Output {
        let p = try assistanceReader()
        guard let c = try await AssistanceRepository(services.database).find(input.path.id, as: p) else { throw WebError.notFound }
        let (_, rules, calendar) = try await services.clockRules()
        return .ok(.init(body: .json(.init(item: APIAssistance.item(c, deadline: Workflow<AssistanceKind>.deadline(c, rules: rules, calendar: calendar)),
                                           actions: try await stepForms(AssistanceRepository.self, c, p),
                                           events: try await timeline(AssistanceKind.self, c.id)))))
    }

    func actOnAssistanceCase(_ input: Operations.ActOnAssistanceCase.Input) async throws -> Operations.ActOnAssistanceCase.Output {
        _ = try assistanceReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        guard let action = AssistanceAction(rawValue: input.path.action.rawValue) else { throw WebError.notFound }
        return .ok(.init(body: .json(APIAssistance.item(try await act(AssistanceRepository.self, input.path.id, action, body)))))
    }

    func activityReader() throws -> Principal {
        let p = try bridge.principal()
        guard AssistancePolicy.organiserRoles.contains(p.role) || p.role == .expert else { throw WebError.forbidden }
        return p
    }

    func listAssistanceActivities(_ input: Operations.ListAssistanceActivities.Input) async throws -> Operations.ListAssistanceActivities.Output {
        let p = try activityReader()
        let q = input.query
        var f = AssistanceActivityRepository.Filter()
        f.kind = q.kind.flatMap { AssistanceActivityKind(rawValue: $0.rawValue) }
        f.year = try APIBridge.year(q.year)
        f.search = try APIBridge.text(q.q, field: "q", maxLength: 100)
        let limit = try APIBridge.limit(q.limit), offset = try APIBridge.offset(q.cursor)
        let page = try await AssistanceActivityRepository(services.database).page(f, limit: limit, offset: offset, as: p)
        return .ok(.init(body: .json(.init(items: page.items.map(APIAssistance.activity), total: page.total,
                                           nextCursor: Self.next(offset, page.items.count, page.total)))))
    }

    func createAssistanceActivity(_ input: Operations.CreateAssistanceActivity.Input) async throws -> Operations.CreateAssistanceActivity.Output {
        let p = try activityReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        guard let held = Day(body.heldOn) else { throw WebError.badRequest("heldOn 应为“年-月-日”格式的日期", field: "heldOn") }
        let lines = { (values: [String]?) in AssistanceActivity.lines((values ?? []).joined(separator: "\n")) }
        let a = try await AssistanceActivityRepository(services.database).create(
            .init(kind: AssistanceActivityKind(rawValue: body.kind.rawValue) ?? .training, title: body.title, heldOn: held, place: body.place,
                  cluster: body.cluster, productCodes: lines(body.productCodes), organisations: lines(body.organisations), expertCodes: lines(body.expertCodes),
                  usccs: lines(body.usccs), notes: body.notes),
            today: services.today(), as: p)
        return .created(.init(body: .json(APIAssistance.activity(a))))
    }

    func getAssistanceActivity(_ input: Operations.GetAssistanceActivity.Input) async throws -> Operations.GetAssistanceActivity.Output {
        let p = try activityReader()
        guard let a = try await AssistanceActivityRepository(services.database).find(input.path.id, as: p) else { throw WebError.notFound }
        return .ok(.init(body: .json(APIAssistance.activity(a))))
    }

    func getAssistanceReport(_ input: Operations.GetAssistanceReport.Input) async throws -> Operations.GetAssistanceReport.Output {
        let p = try bridge.principal()
        guard AssistanceReportQuery.mayRead(p) else { throw WebError.forbidden }
        let q = input.query
        let district = try APIBridge.text(q.district, field: "district", maxLength: 20)
        if let district, !District.isKnown(district) { throw WebError.badRequest("未知的区代码", field: "district") }
        let (from, to) = try AssistanceReportRoutes.period(from: q.from, to: q.to, today: services.today())
        let result = try await AssistanceReportQuery(services.database).report(from: from, to: to, district: district, as: p)
        if q.format == .xlsx {
            return .ok(.init(body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(HTTPBody(try AssistanceReportRoutes.xlsx(result, from: from, to: to)))))
        }
        let r = result.report
        return .ok(.init(body: .json(.init(from: from.description, to: to.description, district: result.district, unit: AssistanceReportRoutes.unit(result.district),
                                           productKinds: r.productKinds, enterprises: r.enterprises, smallEnterprises: r.smallEnterprises, clusters: r.clusters,
                                           institutionVisits: r.institutionVisits, expertVisits: r.expertVisits, trainings: r.trainings,
                                           analysisMeetings: r.analysisMeetings, problemsSolved: r.problemsSolved, diagnosisLetters: r.diagnosisLetters,
                                           outputValueGained: r.outputValueGained, typical: result.typical,
                                           columns: AssistanceReport.groups.flatMap(\.columns)))))
    }
}

/// Assistance as the API gives it: codes with their labels, days as text.
enum APIAssistance {
    static func item(_ c: AssistanceCase, deadline: Deadline? = nil) -> Components.Schemas.AssistanceCase {
        .init(id: c.id, version: c.version, number: c.number, enterpriseId: c.enterpriseId, enterpriseName: c.enterpriseName, districtCode: c.districtCode,
              productId: c.productId, productName: c.productName, mode: .init(rawValue: c.mode.rawValue) ?? .routine, modeLabel: c.mode.label,
              origin: .init(rawValue: c.origin.rawValue) ?? .enterprise, originLabel: c.origin.label, batchId: c.batchId, problems: c.problems,
              suggestion: c.suggestion, requestedOn: c.requestedOn.description, state: .init(rawValue: c.state.rawValue) ?? .requested,
              stateLabel: c.state.label, deadline: deadline?.day?.description ?? deadline?.missingText,
              experts: c.experts.map { .init(expertId: $0.expertId, code: $0.code, name: $0.name, organisation: $0.organisation) },
              servedOn: c.servedOn?.description,
              diagnosis: c.diagnosis.map { d in
                  Components.Schemas.AssistanceDiagnosis(number: d.number, issuedOn: d.issuedOn.description, problems: d.problems, causes: d.causes,
                                                         measures: d.measures.map { .init(text: $0.text, deadline: $0.deadline.description) },
                                                         acknowledgedOn: d.acknowledgedOn?.description)
              },
              rectification: c.rectification, rating: c.rating, ratingComment: c.ratingComment, problemsSolved: c.problemsSolved,
              outputValueGained: c.outputValueGained, outputEvidence: c.outputEvidence, closedOn: c.closedOn?.description, revisitDue: c.revisitDue?.description,
              revisitedOn: c.revisitedOn?.description)
    }

    static func activity(_ a: AssistanceActivity) -> Components.Schemas.AssistanceActivity {
        .init(id: a.id, number: a.number, kind: .init(rawValue: a.kind.rawValue) ?? .training, kindLabel: a.kind.label, title: a.title,
              districtCode: a.districtCode, heldOn: a.heldOn.description, place: a.place, cluster: a.cluster, productIds: a.productIds,
              organisations: a.organisations, expertIds: a.expertIds, enterpriseIds: a.enterpriseIds, notes: a.notes)
    }
}

/// 提质强企 (SPEC TA-4) as StrengtheningRoutes has it.
extension APIHandler {
    func listAssistanceTargets(_ input: Operations.ListAssistanceTargets.Input) async throws -> Operations.ListAssistanceTargets.Output {
        let p = try bridge.principal()
        let today = services.today()
        let year = try APIBridge.year(input.query.year) ?? today.year
        let asked = try APIBridge.text(input.query.district, field: "district", maxLength: 20)
        if let asked, !District.isKnown(asked) { throw WebError.badRequest("未知的区代码", field: "district") }
        let district = p.role == .districtSupervisor ? p.districtCode : asked
        let repo = StrengtheningRepository(services.database)
        let progress = try await repo.progress(year: year, as: p)
        var suggestions: [Components.Schemas.AssistanceTargetSuggestion] = []
        if let district {
            suggestions = try await repo.suggestions(year: year, district: district, today: today, as: p).map {
                .init(enterpriseId: $0.enterpriseId, name: $0.name, uscc: $0.uscc, reasons: $0.reasons.compactMap { .init(rawValue: $0.rawValue) }, failures: $0.failures)
            }
        }
        return .ok(.init(body: .json(.init(year: year, district: district, targets: try await repo.targets(year: year, district: district, as: p).map(APIAssistance.target),
                                           suggestions: suggestions, keyProducersHelped: progress.keyProducersHelped, keyProducersTarget: TargetRule.keyProducers,
                                           clustersServed: progress.clustersServed, clustersTarget: TargetRule.clusters, clustersRecorded: progress.clustersRecorded))))
    }

    func confirmAssistanceTargets(_ input: Operations.ConfirmAssistanceTargets.Input) async throws -> Operations.ConfirmAssistanceTargets.Output {
        let p = try bridge.principal()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let n = try await StrengtheningRepository(services.database).confirm(year: body.year ?? services.today().year, district: body.district,
                                                                             enterpriseIds: body.enterpriseIds ?? [], usccs: body.usccs ?? [],
                                                                             today: services.today(), as: p)
        return .created(.init(body: .json(.init(confirmed: n))))
    }

    func planAssistanceTarget(_ input: Operations.PlanAssistanceTarget.Input) async throws -> Operations.PlanAssistanceTarget.Output {
        let p = try bridge.principal()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(APIAssistance.target(try await StrengtheningRepository(services.database).plan(input.path.id, text: body.plan ?? "", as: p)))))
    }

    func listAssistanceClusters(_ input: Operations.ListAssistanceClusters.Input) async throws -> Operations.ListAssistanceClusters.Output {
        .ok(.init(body: .json(try await StrengtheningRepository(services.database).clusters(as: try bridge.principal()).map(APIAssistance.cluster))))
    }

    func createAssistanceCluster(_ input: Operations.CreateAssistanceCluster.Input) async throws -> Operations.CreateAssistanceCluster.Output {
        let p = try bridge.principal()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let k = try await StrengtheningRepository(services.database).createCluster(name: body.name ?? "", productCodes: body.productCodes ?? [],
                                                                                   leaderUscc: body.leaderUscc, focus: body.focus ?? "", as: p)
        return .created(.init(body: .json(APIAssistance.cluster(k))))
    }

    func getAssistanceCluster(_ input: Operations.GetAssistanceCluster.Input) async throws -> Operations.GetAssistanceCluster.Output {
        guard let (k, members) = try await StrengtheningRepository(services.database).cluster(input.path.id, as: try bridge.principal()) else { throw WebError.notFound }
        return .ok(.init(body: .json(.init(item: APIAssistance.cluster(k), members: members.map { .init(id: $0.id, name: $0.name, uscc: $0.uscc, scale: $0.scale) }))))
    }

    func listAssistanceLibrary(_ input: Operations.ListAssistanceLibrary.Input) async throws -> Operations.ListAssistanceLibrary.Output {
        let p = try bridge.principal()
        let q = input.query
        var f = AssistanceLibraryRepository.Filter()
        f.category = q.category.flatMap { ProblemCategory(rawValue: $0.rawValue) }
        f.productId = q.productId
        f.search = try APIBridge.text(q.q, field: "q", maxLength: 100)
        let limit = try APIBridge.limit(q.limit), offset = try APIBridge.offset(q.cursor)
        let page = try await AssistanceLibraryRepository(services.database).page(f, limit: limit, offset: offset, as: p)
        return .ok(.init(body: .json(.init(items: page.items.map(APIAssistance.entry), total: page.total, nextCursor: Self.next(offset, page.items.count, page.total)))))
    }

    func createLibraryEntry(_ input: Operations.CreateLibraryEntry.Input) async throws -> Operations.CreateLibraryEntry.Output {
        let p = try bridge.principal()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let e = try await AssistanceLibraryRepository(services.database).create(
            category: ProblemCategory(rawValue: body.category.rawValue) ?? .management, productCode: body.productCode, title: body.title ?? "",
            problem: body.problem ?? "", cause: body.cause ?? "", solution: body.solution ?? "", caseId: body.caseId, today: services.today(), as: p)
        return .created(.init(body: .json(APIAssistance.entry(e))))
    }

    func getLibraryEntry(_ input: Operations.GetLibraryEntry.Input) async throws -> Operations.GetLibraryEntry.Output {
        guard let e = try await AssistanceLibraryRepository(services.database).find(input.path.id, as: try bridge.principal()) else { throw WebError.notFound }
        return .ok(.init(body: .json(APIAssistance.entry(e))))
    }
}

extension APIAssistance {
    static func target(_ t: TargetEntry) -> Components.Schemas.AssistanceTarget {
        .init(id: t.id, year: t.year, districtCode: t.districtCode, enterpriseId: t.enterpriseId, enterpriseName: t.enterpriseName,
              reasons: t.reasons.compactMap { .init(rawValue: $0.rawValue) }, plan: t.plan, confirmedBy: t.confirmedBy, confirmedOn: t.confirmedOn.description)
    }

    static func cluster(_ k: AssistanceCluster) -> Components.Schemas.AssistanceCluster {
        .init(id: k.id, name: k.name, districtCode: k.districtCode, productIds: k.productIds, leaderId: k.leaderId, leaderName: k.leaderName, focus: k.focus,
              members: k.members)
    }

    static func entry(_ e: LibraryEntry) -> Components.Schemas.LibraryEntry {
        .init(id: e.id, category: .init(rawValue: e.category.rawValue) ?? .management, categoryLabel: e.category.label, productId: e.productId,
              productName: e.productName, title: e.title, problem: e.problem, cause: e.cause, solution: e.solution, createdOn: e.createdOn.description)
    }
}
