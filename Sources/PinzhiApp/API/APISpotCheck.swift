import Foundation
import OpenAPIRuntime
import PinzhiDomain
import PinzhiStore

/// Spot-check values as the API shows them: dates as ISO text, states by their codes with Chinese labels.
enum APISpotCheck {
    static func date(_ day: Day) -> String { day.description }

    static func task(_ t: CheckTask) throws -> Components.Schemas.Task {
        .init(id: t.id, version: t.version, planId: t.planId, planLineId: t.planLineId, districtCode: t.districtCode, agencyId: t.agencyId,
              agencyName: t.agencyName, productId: t.productId, productName: t.productName, mode: t.mode.rawValue, stage: t.stage,
              batches: t.batches, area: t.area, dueDate: t.dueDate.description, state: .init(rawValue: t.state.rawValue) ?? .assigned,
              declineReason: t.declineReason)
    }

    static func plan(_ p: Plan) -> Components.Schemas.PlanSummary {
        .init(id: p.id, version: p.version, year: p.year, districtCode: p.districtCode, title: p.title, state: p.state.rawValue, lineCount: p.lines.count)
    }

    static func calendarYear(_ y: CalendarYear) -> Components.Schemas.CalendarYear {
        .init(year: y.year, holidays: y.off.map(\.description), adjustedWorkdays: y.on.map(\.description), source: y.source)
    }

        static func draw(_ r: DrawRecord) -> Components.Schemas.Draw {
        .init(id: r.id, taskId: r.taskId, purpose: r.purpose, batchId: r.batchId, seed: String(r.seed), algorithm: r.algorithm,
              candidateHash: r.candidateHash, reason: r.reason, supersededBy: r.supersededBy, createdBy: r.createdBy, createdAt: r.createdAt)
    }

    static func batch(_ b: Batch) throws -> Components.Schemas.Batch {
        var dict: [String: Any?] = [
            "id": b.id, "version": b.version, "number": b.number, "taskId": b.taskId, "drawId": b.drawId, "planId": b.planId,
            "planDistrictCode": b.planDistrictCode, "agencyId": b.agencyId, "agencyName": b.agencyName, "enterpriseId": b.enterpriseId,
            "enterpriseName": b.enterpriseName, "enterpriseUscc": b.enterpriseUscc, "enterpriseDistrict": b.enterpriseDistrict,
            "productId": b.productId, "productName": b.productName, "mode": b.mode.rawValue, "stage": b.stage, "fastTrack": b.fastTrack,
            "dueDate": b.dueDate.description, "state": b.state.rawValue, "stateLabel": b.state.label, "stateSince": b.stateSince.description,
            "inspectors": b.inspectors, "sampleName": b.sampleName, "lotNumber": b.lotNumber, "reportNumber": b.reportNumber,
            "reportVersion": b.reportVersion, "verdict": b.verdict?.rawValue, "serious": b.serious, "failedItems": b.failedItems,
            "recheckAgencyId": b.recheckAgencyId, "recheckAgencyName": b.recheckAgencyName, "recheckOutcome": b.recheckOutcome,
            "costBearer": b.costBearer, "sensitive": b.sensitive, "rulesVersion": b.rulesVersion,
        ]
        let dates: [String: Day?] = [
            "sampledOn": b.sampledOn, "reportedOn": b.reportedOn, "deliveredOn": b.deliveredOn, "objectionDeadline": b.objectionDeadline,
            "objectionFiledOn": b.objectionFiledOn, "concludedOn": b.concludedOn, "rectificationDeadline": b.rectificationDeadline,
            "publishedOn": b.publishedOn, "closedOn": b.closedOn,
        ]
        for (key, day) in dates { dict[key] = day.map(\.description) }
        let data = try JSONSerialization.data(withJSONObject: dict.compactMapValues { $0 })
        return try JSONDecoder().decode(Components.Schemas.Batch.self, from: data)
    }
}
