import Foundation
import PinzhiDomain
import PinzhiStore

/// The rule parameters' versions (as /rules) and the city's inspections of agencies (as /oversight).
extension APIHandler {
    func listRuleVersions(_ input: Operations.ListRuleVersions.Input) async throws -> Operations.ListRuleVersions.Output {
        _ = try bridge.principal()
        return .ok(.init(body: .json(try await RuleRepository(services.database).versions().map(Self.ruleVersion))))
    }

    func createRuleVersion(_ input: Operations.CreateRuleVersion.Input) async throws -> Operations.CreateRuleVersion.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let p = try administrator()
        let repo = RuleRepository(services.database)
        guard let effective = Day(body.effectiveFrom) else {
            throw StoreError.invalid(ValidationFailure([FieldError("effectiveFrom", "生效日期应为“年-月-日”")]))
        }
        let unknown = body.values.map(\.key).filter { key in !RuleParameter.all.contains { $0.key == key } }
        guard unknown.isEmpty else { throw StoreError.invalid(ValidationFailure(unknown.map { FieldError($0, "没有名为“\($0)”的规则参数") })) }
        // What the caller leaves out keeps the value of the version in force on the day the new one starts.
        var values = try await repo.effective(on: effective).values
        for v in body.values { values[v.key] = v.value }
        let set = try await repo.create(values: values, effectiveFrom: effective, reason: body.reason, today: services.today(), by: p)
        return .created(.init(body: .json(Self.ruleVersion(set))))
    }

    func recordAgencyInspection(_ input: Operations.RecordAgencyInspection.Input) async throws -> Operations.RecordAgencyInspection.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let p = try bridge.principal()
        guard AgencyInspectionRepository.mayRecord(p) else { throw WebError.forbidden }
        let saved = try await AgencyInspectionRepository(services.database).record(
            agencyId: input.path.id, inspectedOn: Day(body.inspectedOn), findings: body.findings, deduction: String(body.deduction),
            today: services.today(), as: p)
        return .created(.init(body: .json(.init(id: saved.id, agencyId: saved.agencyId, inspectedOn: saved.inspectedOn, findings: saved.findings,
                                                deduction: saved.deduction, createdBy: saved.createdBy))))
    }

    static func ruleVersion(_ set: RuleSet) -> Components.Schemas.RuleVersion {
        .init(version: set.version, effectiveFrom: set.effectiveFrom.description,
              values: RuleParameter.all.map { .init(key: $0.key, label: $0.label, unit: $0.unit, value: set.value($0.key)) },
              reason: set.reason, createdBy: set.createdBy)
    }
}
