import PinzhiDomain
import PinzhiStore

/// Binds a new account to what its role is restricted to (a district, an agency, an enterprise by its code, an
/// expert by number) and to the organisation that follows from it: the same for the page and the API.
struct AccountBinding: Sendable {
    let services: AppServices

    /// Binds the account to what its role is restricted to, and to the organisation that follows from it.
    func bind(_ account: Account, form f: [String: String], admin: Principal) async throws -> Account {
        var a = account
        let orgs = services.organisations
        let actor = AuditActor(admin)
        func fail(_ field: String, _ message: String) -> StoreError { .invalid(ValidationFailure([FieldError(field, message)])) }
        switch a.role {
        case .cityAdmin, .citySupervisor, .witness:
            // A witness (纪检监察, or a notary the bureau engages) is registered under the city bureau.
            a.organisationId = try await orgs.find(code: "SH-CITY")?.id ?? 0
        case .enforcementOfficer:
            a.organisationId = try await orgs.find(code: "SH-ENFORCE")?.id ?? 0
        case .districtSupervisor:
            guard let code = f["districtCode"], District.isKnown(code), let org = try await orgs.find(code: "SH-\(code)")
            else { throw fail("districtCode", "区局用户必须指定所属区") }
            a.districtCode = code
            a.organisationId = org.id
        case .agencyUser:
            guard let id = Int64(f["agencyId"] ?? ""), let agency = try await services.repository(Agency.self).find(id, as: admin)
            else { throw fail("agencyId", "承检机构用户必须指定承检机构") }
            a.agencyId = agency.id
            a.organisationId = try await orgs.ensure(code: "AG-\(agency.code)", name: agency.name, kind: .testingAgency, districtCode: nil, actor: actor).id
        case .enterpriseUser:
            let uscc = (f["enterpriseUscc"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
            let page = try await services.repository(Enterprise.self).list(ListQuery(search: uscc, limit: 5), as: admin)
            guard let enterprise = page.items.first(where: { $0.uscc == uscc })
            else { throw fail("enterpriseUscc", "未找到统一社会信用代码为“\(uscc)”的企业") }
            a.enterpriseId = enterprise.id
            a.organisationId = try await orgs.ensure(code: "EN-\(enterprise.uscc)", name: enterprise.name, kind: .enterprise,
                                                     districtCode: enterprise.districtCode, actor: actor).id
        case .expert:
            let code = (f["expertCode"] ?? "").trimmingCharacters(in: .whitespaces)
            let page = try await services.repository(Expert.self).list(ListQuery(search: code, limit: 5), as: admin)
            guard let expert = page.items.first(where: { $0.code == code }) else { throw fail("expertCode", "未找到专家编号为“\(code)”的专家") }
            a.expertId = expert.id
            a.organisationId = try await orgs.find(code: "SH-TECH")?.id ?? 0
        }
        return a
    }
}
