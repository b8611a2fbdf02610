import Foundation
import OpenAPIRuntime
import PinzhiDomain
import PinzhiStore

/// Implements the operations generated from openapi.yaml. The compiler checks that every operation of the document
/// is implemented with the document's types; the principal comes from the API's session middleware.
struct APIHandler: APIProtocol {
    let services: AppServices
    var bridge: APIBridge { APIBridge(services: services) }

    init(services: AppServices) { self.services = services }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let p = try bridge.principal()
        return .ok(.init(body: .json(.init(
            accountId: p.accountId, username: p.username, displayName: p.displayName,
            role: .init(rawValue: p.role.rawValue) ?? .enterpriseUser, roleLabel: p.role.label, organisationId: p.organisationId,
            organisationName: p.organisationName, districtCode: p.districtCode, agencyId: p.agencyId, enterpriseId: p.enterpriseId,
            expertId: p.expertId))))
    }

    func listOrganisations(_ input: Operations.ListOrganisations.Input) async throws -> Operations.ListOrganisations.Output {
        let p = try bridge.principal()
        return .ok(.init(body: .json(try bridge.convert(try await services.organisations.visible(to: p)))))
    }

    func checkUscc(_ input: Operations.CheckUscc.Input) async throws -> Operations.CheckUscc.Output {
        _ = try bridge.principal()
        let code = input.path.code
        switch USCC.validate(code) {
        case .success(let normalised):
            let division = USCC.divisionCode(normalised)
            return .ok(.init(body: .json(.init(code: normalised, valid: true, divisionCode: division,
                                               district: District.isKnown(division ?? "") ? District.named(code: division) : nil))))
        case .failure(let violation):
            return .ok(.init(body: .json(.init(code: code, valid: false, message: violation.message))))
        }
    }

    func evaluateLimit(_ input: Operations.EvaluateLimit.Input) async throws -> Operations.EvaluateLimit.Output {
        _ = try bridge.principal()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let expression: LimitExpression
        switch LimitExpression.parse(body.expression) {
        case .success(let parsed): expression = parsed
        case .failure(let error): throw WebError.badRequest(error.message, field: "expression")
        }
        switch expression.evaluate(body.value) {
        case .success(let verdict):
            return .ok(.init(body: .json(.init(expression: expression.text, verdict: verdict == .pass ? .pass : .fail, label: verdict.label))))
        case .failure(let error):
            throw WebError.badRequest(error.message, field: "value")
        }
    }

    func listAudit(_ input: Operations.ListAudit.Input) async throws -> Operations.ListAudit.Output {
        let p = try bridge.principal()
        guard AccessPolicy.canAdminister(p.role) else { throw WebError.forbidden }
        let page = try await services.audit.page(entity: input.query.entity, actor: input.query.actor,
                                                 limit: try APIBridge.limit(input.query.limit), offset: try APIBridge.offset(input.query.cursor))
        return .ok(.init(body: .json(try bridge.convert(APIBridge.PageBody(items: page.items, total: page.total, nextCursor: page.nextCursor)))))
    }

    /// The filtered log as CSV, hashes included (AuditExport, the page's download).
    func exportAudit(_ input: Operations.ExportAudit.Input) async throws -> Operations.ExportAudit.Output {
        let p = try bridge.principal()
        guard AccessPolicy.canAdminister(p.role) else { throw WebError.forbidden }
        let stream = try await AuditExport.csv(services.audit, entity: input.query.entity ?? "", actor: input.query.actor ?? "")
        return .ok(.init(body: .csv(HTTPBody(stream, length: .unknown, iterationBehavior: .single))))
    }

    func verifyAudit(_ input: Operations.VerifyAudit.Input) async throws -> Operations.VerifyAudit.Output {
        let p = try bridge.principal()
        guard AccessPolicy.canAdminister(p.role) else { throw WebError.forbidden }
        switch try await AuditVerifier(services.database).verify() {
        case .intact(let rows): return .ok(.init(body: .json(.init(intact: true, rows: rows))))
        case .broken(let seq, let reason): return .ok(.init(body: .json(.init(intact: false, brokenAt: seq, reason: reason))))
        }
    }

    func importRecords(_ input: Operations.ImportRecords.Input) async throws -> Operations.ImportRecords.Output {
        let p = try bridge.principal()
        guard let kind = ImportKind(rawValue: input.path.kind.rawValue) else { throw WebError.notFound }
        guard kind.mayImport(p.role) else { throw WebError.forbidden }
        guard case .binary(let upload) = input.body else { throw WebError.badRequest("请求体应为文件内容") }
        let data = try await APIBridge.collect(upload, upTo: services.settings.maxBodyBytes)
        let mode: ImportMode = input.query.mode == .valid ? .validRowsOnly : .allOrNothing
        let report = try await ImportJob(services: services, kind: kind, data: data, sheet: input.query.sheet, mode: mode,
                                         fileName: "api-upload", principal: p).report()
        _ = try await ImportResultStore(services.database).save(report, fileName: "api-upload", accountId: p.accountId)
        let answer: Components.Schemas.ImportReport = try bridge.convert(ReportBody(report))
        return report.committed ? .ok(.init(body: .json(answer))) : .unprocessableContent(.init(body: .json(answer)))
    }

    struct ReportBody: Encodable {
        var committed: Bool
        var summary: String
        var rowsRead: Int
        var inserted: Int
        var updated: Int
        var unchanged: Int
        var skipped: Int
        var issues: [ImportIssue]

        init(_ r: ImportReport) {
            committed = r.committed
            summary = r.summary
            rowsRead = r.rowsRead
            inserted = r.inserted
            updated = r.updated
            unchanged = r.unchanged
            skipped = r.skipped
            issues = r.issues
        }
    }
}
