import Foundation
import OpenAPIRuntime
import PinzhiDomain
import PinzhiStore

/// The master-data operations of the API. Each one is a line that hands the generated input to the generic
/// bridge (APIBridge), which applies the same scope, rules and audit as the web pages.
extension APIHandler {
    func listEnterprises(_ input: Operations.ListEnterprises.Input) async throws -> Operations.ListEnterprises.Output {
        let q = input.query
        return .ok(.init(body: .json(try await bridge.list(Enterprise.self, search: q.q, limit: q.limit, cursor: q.cursor,
                                                           includeInactive: q.includeInactive, filters: ["district_code": q.district, "credit_class": q.creditClass, "enterprise_type": q.enterpriseType]))))
    }

    func createEnterprise(_ input: Operations.CreateEnterprise.Input) async throws -> Operations.CreateEnterprise.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .created(.init(body: .json(try await bridge.create(Enterprise.self, body))))
    }

    func getEnterprise(_ input: Operations.GetEnterprise.Input) async throws -> Operations.GetEnterprise.Output {
        .ok(.init(body: .json(try await bridge.get(Enterprise.self, id: input.path.id))))
    }

    func updateEnterprise(_ input: Operations.UpdateEnterprise.Input) async throws -> Operations.UpdateEnterprise.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.update(Enterprise.self, id: input.path.id, version: body.version, patch: body))))
    }

    func deactivateEnterprise(_ input: Operations.DeactivateEnterprise.Input) async throws -> Operations.DeactivateEnterprise.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.deactivate(Enterprise.self, id: input.path.id, version: body.version))))
    }

    func getEnterpriseHistory(_ input: Operations.GetEnterpriseHistory.Input) async throws -> Operations.GetEnterpriseHistory.Output {
        .ok(.init(body: .json(try await bridge.history(Enterprise.self, id: input.path.id))))
    }

    func listProducts(_ input: Operations.ListProducts.Input) async throws -> Operations.ListProducts.Output {
        let q = input.query
        return .ok(.init(body: .json(try await bridge.list(Product.self, search: q.q, limit: q.limit, cursor: q.cursor,
                                                           includeInactive: q.includeInactive, filters: ["fast_track": q.fastTrack, "campaign_key": q.campaignKey]))))
    }

    func createProduct(_ input: Operations.CreateProduct.Input) async throws -> Operations.CreateProduct.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .created(.init(body: .json(try await bridge.create(Product.self, body))))
    }

    func getProduct(_ input: Operations.GetProduct.Input) async throws -> Operations.GetProduct.Output {
        .ok(.init(body: .json(try await bridge.get(Product.self, id: input.path.id))))
    }

    func updateProduct(_ input: Operations.UpdateProduct.Input) async throws -> Operations.UpdateProduct.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.update(Product.self, id: input.path.id, version: body.version, patch: body))))
    }

    func deactivateProduct(_ input: Operations.DeactivateProduct.Input) async throws -> Operations.DeactivateProduct.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.deactivate(Product.self, id: input.path.id, version: body.version))))
    }

    func getProductHistory(_ input: Operations.GetProductHistory.Input) async throws -> Operations.GetProductHistory.Output {
        .ok(.init(body: .json(try await bridge.history(Product.self, id: input.path.id))))
    }

    func listAgencies(_ input: Operations.ListAgencies.Input) async throws -> Operations.ListAgencies.Output {
        let q = input.query
        return .ok(.init(body: .json(try await bridge.list(Agency.self, search: q.q, limit: q.limit, cursor: q.cursor,
                                                           includeInactive: q.includeInactive, filters: ["first_time": q.firstTime]))))
    }

    func createAgency(_ input: Operations.CreateAgency.Input) async throws -> Operations.CreateAgency.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .created(.init(body: .json(try await bridge.create(Agency.self, body))))
    }

    func getAgency(_ input: Operations.GetAgency.Input) async throws -> Operations.GetAgency.Output {
        .ok(.init(body: .json(try await bridge.get(Agency.self, id: input.path.id))))
    }

    func updateAgency(_ input: Operations.UpdateAgency.Input) async throws -> Operations.UpdateAgency.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.update(Agency.self, id: input.path.id, version: body.version, patch: body))))
    }

    func deactivateAgency(_ input: Operations.DeactivateAgency.Input) async throws -> Operations.DeactivateAgency.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.deactivate(Agency.self, id: input.path.id, version: body.version))))
    }

    func getAgencyHistory(_ input: Operations.GetAgencyHistory.Input) async throws -> Operations.GetAgencyHistory.Output {
        .ok(.init(body: .json(try await bridge.history(Agency.self, id: input.path.id))))
    }

    func listInspectors(_ input: Operations.ListInspectors.Input) async throws -> Operations.ListInspectors.Output {
        let q = input.query
        return .ok(.init(body: .json(try await bridge.list(Inspector.self, search: q.q, limit: q.limit, cursor: q.cursor,
                                                           includeInactive: q.includeInactive, filters: ["organisation_id": q.organisationId]))))
    }

    func createInspector(_ input: Operations.CreateInspector.Input) async throws -> Operations.CreateInspector.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .created(.init(body: .json(try await bridge.create(Inspector.self, body))))
    }

    func getInspector(_ input: Operations.GetInspector.Input) async throws -> Operations.GetInspector.Output {
        .ok(.init(body: .json(try await bridge.get(Inspector.self, id: input.path.id))))
    }

    func updateInspector(_ input: Operations.UpdateInspector.Input) async throws -> Operations.UpdateInspector.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.update(Inspector.self, id: input.path.id, version: body.version, patch: body))))
    }

    func deactivateInspector(_ input: Operations.DeactivateInspector.Input) async throws -> Operations.DeactivateInspector.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.deactivate(Inspector.self, id: input.path.id, version: body.version))))
    }

    func getInspectorHistory(_ input: Operations.GetInspectorHistory.Input) async throws -> Operations.GetInspectorHistory.Output {
        .ok(.init(body: .json(try await bridge.history(Inspector.self, id: input.path.id))))
    }

    func listNationalPlanEntries(_ input: Operations.ListNationalPlanEntries.Input) async throws -> Operations.ListNationalPlanEntries.Output {
        let q = input.query
        return .ok(.init(body: .json(try await bridge.list(NationalPlanEntry.self, search: q.q, limit: q.limit, cursor: q.cursor,
                                                           includeInactive: q.includeInactive, filters: ["year": q.year, "product_id": q.productId]))))
    }

    func createNationalPlanEntry(_ input: Operations.CreateNationalPlanEntry.Input) async throws -> Operations.CreateNationalPlanEntry.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .created(.init(body: .json(try await bridge.create(NationalPlanEntry.self, body))))
    }

    func getNationalPlanEntry(_ input: Operations.GetNationalPlanEntry.Input) async throws -> Operations.GetNationalPlanEntry.Output {
        .ok(.init(body: .json(try await bridge.get(NationalPlanEntry.self, id: input.path.id))))
    }

    func updateNationalPlanEntry(_ input: Operations.UpdateNationalPlanEntry.Input) async throws -> Operations.UpdateNationalPlanEntry.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.update(NationalPlanEntry.self, id: input.path.id, version: body.version, patch: body))))
    }

    func deactivateNationalPlanEntry(_ input: Operations.DeactivateNationalPlanEntry.Input) async throws -> Operations.DeactivateNationalPlanEntry.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.deactivate(NationalPlanEntry.self, id: input.path.id, version: body.version))))
    }

    func getNationalPlanEntryHistory(_ input: Operations.GetNationalPlanEntryHistory.Input) async throws -> Operations.GetNationalPlanEntryHistory.Output {
        .ok(.init(body: .json(try await bridge.history(NationalPlanEntry.self, id: input.path.id))))
    }

    func listEnterpriseProducts(_ input: Operations.ListEnterpriseProducts.Input) async throws -> Operations.ListEnterpriseProducts.Output {
        let q = input.query
        return .ok(.init(body: .json(try await bridge.list(EnterpriseProduct.self, search: q.q, limit: q.limit, cursor: q.cursor,
                                                           includeInactive: q.includeInactive, filters: ["enterprise_id": q.enterpriseId, "product_id": q.productId, "stage": q.stage]))))
    }

    func createEnterpriseProduct(_ input: Operations.CreateEnterpriseProduct.Input) async throws -> Operations.CreateEnterpriseProduct.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .created(.init(body: .json(try await bridge.create(EnterpriseProduct.self, body))))
    }

    func getEnterpriseProduct(_ input: Operations.GetEnterpriseProduct.Input) async throws -> Operations.GetEnterpriseProduct.Output {
        .ok(.init(body: .json(try await bridge.get(EnterpriseProduct.self, id: input.path.id))))
    }

    func updateEnterpriseProduct(_ input: Operations.UpdateEnterpriseProduct.Input) async throws -> Operations.UpdateEnterpriseProduct.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.update(EnterpriseProduct.self, id: input.path.id, version: body.version, patch: body))))
    }

    func deactivateEnterpriseProduct(_ input: Operations.DeactivateEnterpriseProduct.Input) async throws -> Operations.DeactivateEnterpriseProduct.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.deactivate(EnterpriseProduct.self, id: input.path.id, version: body.version))))
    }

    func getEnterpriseProductHistory(_ input: Operations.GetEnterpriseProductHistory.Input) async throws -> Operations.GetEnterpriseProductHistory.Output {
        .ok(.init(body: .json(try await bridge.history(EnterpriseProduct.self, id: input.path.id))))
    }

    func reactivateEnterpriseProduct(_ input: Operations.ReactivateEnterpriseProduct.Input) async throws -> Operations.ReactivateEnterpriseProduct.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.reactivate(EnterpriseProduct.self, id: input.path.id, version: body.version))))
    }

    func listLicences(_ input: Operations.ListLicences.Input) async throws -> Operations.ListLicences.Output {
        let q = input.query
        return .ok(.init(body: .json(try await bridge.list(Licence.self, search: q.q, limit: q.limit, cursor: q.cursor,
                                                           includeInactive: q.includeInactive, filters: ["enterprise_id": q.enterpriseId, "licence_kind": q.licenceKind, "status": q.status]))))
    }

    func createLicence(_ input: Operations.CreateLicence.Input) async throws -> Operations.CreateLicence.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .created(.init(body: .json(try await bridge.create(Licence.self, body))))
    }

    func getLicence(_ input: Operations.GetLicence.Input) async throws -> Operations.GetLicence.Output {
        .ok(.init(body: .json(try await bridge.get(Licence.self, id: input.path.id))))
    }

    func updateLicence(_ input: Operations.UpdateLicence.Input) async throws -> Operations.UpdateLicence.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.update(Licence.self, id: input.path.id, version: body.version, patch: body))))
    }

    func deactivateLicence(_ input: Operations.DeactivateLicence.Input) async throws -> Operations.DeactivateLicence.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.deactivate(Licence.self, id: input.path.id, version: body.version))))
    }

    func getLicenceHistory(_ input: Operations.GetLicenceHistory.Input) async throws -> Operations.GetLicenceHistory.Output {
        .ok(.init(body: .json(try await bridge.history(Licence.self, id: input.path.id))))
    }

    func reactivateLicence(_ input: Operations.ReactivateLicence.Input) async throws -> Operations.ReactivateLicence.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.reactivate(Licence.self, id: input.path.id, version: body.version))))
    }

    func listEnterpriseLicences(_ input: Operations.ListEnterpriseLicences.Input) async throws -> Operations.ListEnterpriseLicences.Output {
        .ok(.init(body: .json(try await bridge.children(Licence.self, of: Enterprise.self, id: input.path.id))))
    }

    func listExperts(_ input: Operations.ListExperts.Input) async throws -> Operations.ListExperts.Output {
        let q = input.query
        return .ok(.init(body: .json(try await bridge.list(Expert.self, search: q.q, limit: q.limit, cursor: q.cursor,
                                                           includeInactive: q.includeInactive, filters: ["reliability": q.reliability]))))
    }

    func createExpert(_ input: Operations.CreateExpert.Input) async throws -> Operations.CreateExpert.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .created(.init(body: .json(try await bridge.create(Expert.self, body))))
    }

    func getExpert(_ input: Operations.GetExpert.Input) async throws -> Operations.GetExpert.Output {
        .ok(.init(body: .json(try await bridge.get(Expert.self, id: input.path.id))))
    }

    func updateExpert(_ input: Operations.UpdateExpert.Input) async throws -> Operations.UpdateExpert.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.update(Expert.self, id: input.path.id, version: body.version, patch: body))))
    }

    func deactivateExpert(_ input: Operations.DeactivateExpert.Input) async throws -> Operations.DeactivateExpert.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.deactivate(Expert.self, id: input.path.id, version: body.version))))
    }

    func getExpertHistory(_ input: Operations.GetExpertHistory.Input) async throws -> Operations.GetExpertHistory.Output {
        .ok(.init(body: .json(try await bridge.history(Expert.self, id: input.path.id))))
    }

    func listProductTestItems(_ input: Operations.ListProductTestItems.Input) async throws -> Operations.ListProductTestItems.Output {
        .ok(.init(body: .json(try await bridge.children(TestItem.self, of: Product.self, id: input.path.id))))
    }

    func createTestItem(_ input: Operations.CreateTestItem.Input) async throws -> Operations.CreateTestItem.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .created(.init(body: .json(try await bridge.create(TestItem.self, body))))
    }

    func getTestItem(_ input: Operations.GetTestItem.Input) async throws -> Operations.GetTestItem.Output {
        .ok(.init(body: .json(try await bridge.get(TestItem.self, id: input.path.id))))
    }

    func updateTestItem(_ input: Operations.UpdateTestItem.Input) async throws -> Operations.UpdateTestItem.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.update(TestItem.self, id: input.path.id, version: body.version, patch: body))))
    }

    func deactivateTestItem(_ input: Operations.DeactivateTestItem.Input) async throws -> Operations.DeactivateTestItem.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.deactivate(TestItem.self, id: input.path.id, version: body.version))))
    }

    func getTestItemHistory(_ input: Operations.GetTestItemHistory.Input) async throws -> Operations.GetTestItemHistory.Output {
        .ok(.init(body: .json(try await bridge.history(TestItem.self, id: input.path.id))))
    }

    func listAgencyContracts(_ input: Operations.ListAgencyContracts.Input) async throws -> Operations.ListAgencyContracts.Output {
        .ok(.init(body: .json(try await bridge.children(AgencyContract.self, of: Agency.self, id: input.path.id))))
    }

    func createAgencyContract(_ input: Operations.CreateAgencyContract.Input) async throws -> Operations.CreateAgencyContract.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .created(.init(body: .json(try await bridge.create(AgencyContract.self, body))))
    }

    func getAgencyContract(_ input: Operations.GetAgencyContract.Input) async throws -> Operations.GetAgencyContract.Output {
        .ok(.init(body: .json(try await bridge.get(AgencyContract.self, id: input.path.id))))
    }

    func updateAgencyContract(_ input: Operations.UpdateAgencyContract.Input) async throws -> Operations.UpdateAgencyContract.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.update(AgencyContract.self, id: input.path.id, version: body.version, patch: body))))
    }

    func deactivateAgencyContract(_ input: Operations.DeactivateAgencyContract.Input) async throws -> Operations.DeactivateAgencyContract.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.deactivate(AgencyContract.self, id: input.path.id, version: body.version))))
    }

    func getAgencyContractHistory(_ input: Operations.GetAgencyContractHistory.Input) async throws -> Operations.GetAgencyContractHistory.Output {
        .ok(.init(body: .json(try await bridge.history(AgencyContract.self, id: input.path.id))))
    }

    func listExpertConflicts(_ input: Operations.ListExpertConflicts.Input) async throws -> Operations.ListExpertConflicts.Output {
        .ok(.init(body: .json(try await bridge.children(ExpertConflict.self, of: Expert.self, id: input.path.id))))
    }

    func createExpertConflict(_ input: Operations.CreateExpertConflict.Input) async throws -> Operations.CreateExpertConflict.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .created(.init(body: .json(try await bridge.create(ExpertConflict.self, body))))
    }

    func getExpertConflict(_ input: Operations.GetExpertConflict.Input) async throws -> Operations.GetExpertConflict.Output {
        .ok(.init(body: .json(try await bridge.get(ExpertConflict.self, id: input.path.id))))
    }

    func updateExpertConflict(_ input: Operations.UpdateExpertConflict.Input) async throws -> Operations.UpdateExpertConflict.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.update(ExpertConflict.self, id: input.path.id, version: body.version, patch: body))))
    }

    func deactivateExpertConflict(_ input: Operations.DeactivateExpertConflict.Input) async throws -> Operations.DeactivateExpertConflict.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.deactivate(ExpertConflict.self, id: input.path.id, version: body.version))))
    }

    func getExpertConflictHistory(_ input: Operations.GetExpertConflictHistory.Input) async throws -> Operations.GetExpertConflictHistory.Output {
        .ok(.init(body: .json(try await bridge.history(ExpertConflict.self, id: input.path.id))))
    }

    func reactivateEnterprise(_ input: Operations.ReactivateEnterprise.Input) async throws -> Operations.ReactivateEnterprise.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.reactivate(Enterprise.self, id: input.path.id, version: body.version))))
    }

    func reactivateProduct(_ input: Operations.ReactivateProduct.Input) async throws -> Operations.ReactivateProduct.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.reactivate(Product.self, id: input.path.id, version: body.version))))
    }

    func reactivateAgency(_ input: Operations.ReactivateAgency.Input) async throws -> Operations.ReactivateAgency.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.reactivate(Agency.self, id: input.path.id, version: body.version))))
    }

    func reactivateInspector(_ input: Operations.ReactivateInspector.Input) async throws -> Operations.ReactivateInspector.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.reactivate(Inspector.self, id: input.path.id, version: body.version))))
    }

    func reactivateNationalPlanEntry(_ input: Operations.ReactivateNationalPlanEntry.Input) async throws -> Operations.ReactivateNationalPlanEntry.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.reactivate(NationalPlanEntry.self, id: input.path.id, version: body.version))))
    }

    func reactivateExpert(_ input: Operations.ReactivateExpert.Input) async throws -> Operations.ReactivateExpert.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.reactivate(Expert.self, id: input.path.id, version: body.version))))
    }

    func reactivateTestItem(_ input: Operations.ReactivateTestItem.Input) async throws -> Operations.ReactivateTestItem.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.reactivate(TestItem.self, id: input.path.id, version: body.version))))
    }

    func reactivateAgencyContract(_ input: Operations.ReactivateAgencyContract.Input) async throws -> Operations.ReactivateAgencyContract.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.reactivate(AgencyContract.self, id: input.path.id, version: body.version))))
    }

    func reactivateExpertConflict(_ input: Operations.ReactivateExpertConflict.Input) async throws -> Operations.ReactivateExpertConflict.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        return .ok(.init(body: .json(try await bridge.reactivate(ExpertConflict.self, id: input.path.id, version: body.version))))
    }
}
