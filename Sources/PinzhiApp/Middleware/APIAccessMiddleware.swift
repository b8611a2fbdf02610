import Hummingbird
import PinzhiDomain
import PinzhiStore

/// Asks the access policy before the API reads a request body, so a role that may not use an area gets 403 whatever
/// it sends (the generated handlers validate the body before our code runs). Scope within an area is still decided
/// per record by the repositories.
struct APIAccessMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static let areas: [String: RecordKind] = [
        "enterprises": .enterprise, "products": .product, "test-items": .testItem, "agencies": .agency,
        "agency-contracts": .agencyContract, "inspectors": .inspector, "experts": .expert, "expert-conflicts": .expertConflict,
        "national-plan": .nationalPlanEntry, "enterprise-products": .enterpriseProduct, "licences": .licence,
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/v1/"), let principal = context.principal else { return try await next(request, context) }
        let segments = request.uri.path.dropFirst("/api/v1/".count).split(separator: "/")
        guard let first = segments.first.map(String.init) else { return try await next(request, context) }
        if first == "audit" || first == "accounts", !AccessPolicy.canAdminister(principal.role) { throw WebError.forbidden }
        // The calendar is read by all and entered by the city administrator only.
        if first == "calendar", request.method != .get, request.method != .head, !AccessPolicy.canAdminister(principal.role) { throw WebError.forbidden }
        // Plans are the supervisors' (PlanPolicy): other roles are refused the whole area, as on the web pages.
        if first == "plans", PlanPolicy.visibility(principal) == .none { throw WebError.forbidden }
        // Only the levels that draft plans write to them; enforcement reads them.
        if first == "plans", request.method != .get, request.method != .head,
           ![.cityAdmin, .citySupervisor, .districtSupervisor].contains(principal.role) { throw WebError.forbidden }
        let writing = request.method != .get && request.method != .head
        // Writes whose body the generated layer would check first are refused here to whoever may not make them.
        if first == "rules", writing, !AccessPolicy.canAdminister(principal.role) { throw WebError.forbidden }
        if first == "tasks", segments.last == "results", !TaskPolicy.mayImportResults(principal) { throw WebError.forbidden }
        if first == "batches", segments.last == "attachments", writing, !BatchPolicy.mayAttach(principal) { throw WebError.forbidden }
        // Leads, cases and notices to issuers are enforcement's, the districts' for their own and the city's to read (EnforcementPolicy);
        // only the handlers write to them.
        if first == "leads" || first == "cases" || first == "issuer-notices" {
            if !EnforcementPolicy.readerRoles.contains(principal.role) { throw WebError.forbidden }
            if writing, !EnforcementPolicy.handlerRoles.contains(principal.role) { throw WebError.forbidden }
        }
        // Risk items and a product's grade are RiskPolicy's: its readers report items; only a party of some step takes
        // steps; only the city overrides a grade.
        let productRisk = first == "products" && segments.count >= 3 && segments[2] == "risk"
        if first == "risk-items" || first == "risk-map" || productRisk {
            if !RiskPolicy.readerRoles.contains(principal.role) { throw WebError.forbidden }
            if writing, segments.count > 1, productRisk ? !RiskPolicy.graderRoles.contains(principal.role) : RiskItemKind.parties(of: principal.role).isEmpty {
                throw WebError.forbidden
            }
            return try await next(request, context)
        }
        // Monitoring is MonitoringPolicy's: the city writes plans, the agencies record and step their batches.
        if first == "monitoring-plans" || first == "monitoring-batches" {
            if !MonitoringPolicy.readerRoles.contains(principal.role) { throw WebError.forbidden }
            if writing, first == "monitoring-plans", !RiskPolicy.graderRoles.contains(principal.role) { throw WebError.forbidden }
            if writing, first == "monitoring-batches", principal.role != .agencyUser { throw WebError.forbidden }
            return try await next(request, context)
        }
        // Assistance is AssistancePolicy's: cases read by the bureau, the experts drawn and the enterprise helped, requested
        // by the bureau and enterprises, stepped by their parties; activities and the 000 table are the bureau's (experts
        // read the activities they took part in).
        let assistanceAreas = ["assistance-cases", "assistance-activities", "assistance", "assistance-targets", "assistance-clusters", "assistance-library"]
        if assistanceAreas.contains(first) {
            let role = principal.role, organiser = AssistancePolicy.organiserRoles.contains(role)
            let reads = switch first {
            case "assistance-cases", "assistance-library": AssistancePolicy.readerRoles.contains(role)
            case "assistance-activities": organiser || role == .expert
            default: organiser
            }
            if !reads { throw WebError.forbidden }
            if writing, first == "assistance-cases", segments.count == 1, !AssistanceRepository.mayRequest(principal) { throw WebError.forbidden }
            if writing, first == "assistance-cases", AssistanceKind.parties(of: role).isEmpty { throw WebError.forbidden }
            if writing, first != "assistance-cases", !organiser { throw WebError.forbidden }
            return try await next(request, context)
        }
        // Campaigns (CampaignRepository, ProblemPolicy): read by the bureau, enforcement and enterprises; created by the
        // city; problem items entered by the bureau and stepped by their parties; inspections recorded by the bureau and
        // confirmed by the enterprise; forms read and stepped by the city and the districts.
        if ["campaigns", "campaign-forms", "problem-items", "campaign-inspections"].contains(first) {
            let role = principal.role, bureau = ProblemItemRepository.mayEnter(principal)
            let reads = switch first {
            case "campaigns": segments.count > 2 ? bureau : CampaignRepository.readerRoles.contains(role)
            case "campaign-forms": bureau
            default: ProblemPolicy.readerRoles.contains(role)
            }
            if !reads { throw WebError.forbidden }
            if writing {
                let may = switch first {
                case "campaigns": CampaignRepository.mayCreate(principal)
                case "campaign-forms": !CampaignFormKind.parties(of: role).isEmpty
                case "problem-items": segments.count == 1 ? bureau : !ProblemItemKind.parties(of: role).isEmpty
                default: segments.last == "confirm" ? role == .enterpriseUser : InspectionRepository.mayRecord(principal)
                }
                if !may { throw WebError.forbidden }
            }
            return try await next(request, context)
        }
        // Alerts are read by RiskPolicy's readers; drafted by the city and the district bureaus, stepped by their parties.
        if first == "alerts" {
            if !RiskPolicy.readerRoles.contains(principal.role) { throw WebError.forbidden }
            if writing, RiskAlertKind.parties(of: principal.role).isEmpty { throw WebError.forbidden }
            return try await next(request, context)
        }
        // Letters are read by LetterPolicy's readers; drafted by the issuing bureaus, stepped by issuers and addressees.
        if first == "letters" {
            if !LetterPolicy.readerRoles.contains(principal.role) { throw WebError.forbidden }
            if writing, segments.count == 1, !LetterPolicy.issuerRoles.contains(principal.role) { throw WebError.forbidden }
            if writing, LetterKind.parties(of: principal.role).isEmpty { throw WebError.forbidden }
        }
        // An enterprise's officers, routine and risk-control list are OfficerPolicy's (the enterprise writes its own):
        // checked by the store, not by the enterprise area's write policy.
        let officerChild = first == "enterprises" && segments.count >= 3 && ["officers", "routines", "risk-controls"].contains(String(segments[2]))
        let assessments = first == "officer-assessments" || first == "officer-assessment-commitments"
        if first == "officers" || assessments || officerChild {
            if !OfficerPolicy.readerRoles.contains(principal.role) { throw WebError.forbidden }
            // The routine and the list are the enterprise's own to write; an appointment the enterprise's or a bureau's.
            if officerChild, writing, segments[2] != "officers", principal.role != .enterpriseUser { throw WebError.forbidden }
            if officerChild, writing, segments[2] == "officers", principal.role == .enforcementOfficer { throw WebError.forbidden }
            if assessments, writing, ![.cityAdmin, .citySupervisor, .districtSupervisor].contains(principal.role) {
                throw WebError.forbidden
            }
        } else if let kind = Self.areas[first] {
            // A child list (/agencies/1/contracts) is read with the parent's area; both share a policy.
            let action: Action = request.method == .get || request.method == .head ? .read : .write
            if AccessPolicy.access(principal.role, kind, action) == .denied { throw WebError.forbidden }
        }
        return try await next(request, context)
    }
}
