import Foundation
import OpenAPIRuntime
import PinzhiDomain
import PinzhiStore

/// Spot-check values as the API shows them: dates as ISO text, states by their codes with Chinese labels.
enum APISpotCheck {
    static func date(_ day: Day) -> String { day.description }

    static func task(_ t: CheckTask) -> Components.Schemas.Task {
        .init(id: t.id, version: t.version, planId: t.planId, planLineId: t.planLineId, districtCode: t.districtCode, agencyId: t.agencyId,
              agencyName: t.agencyName, productId: t.productId, productName: t.productName, mode: mode(t.mode), modeLabel: t.mode.label,
              stage: stage(t.stage), stageLabel: t.stage.label, batches: t.batches, area: t.area, dueDate: t.dueDate.description, state: .init(rawValue: t.state.rawValue) ?? .assigned,
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
              candidateHash: r.candidateHash, reason: r.reason, supersededBy: r.supersededBy, createdBy: r.createdBy, createdAt: r.createdAt,
              commitmentId: r.commitmentId, publicValue: r.publicValue, publicSource: r.publicSource, witnessSecret: r.witnessSecret,
              resultText: r.resultText)
    }

    static func commitment(_ c: DrawCommitmentRecord) -> Components.Schemas.DrawCommitment {
        .init(id: c.id, taskId: c.taskId, algorithm: c.algorithm, text: c.text, hash: c.hash, root: c.root, witnessHash: c.witnessHash,
              drawId: c.drawId, createdAt: c.createdAt)
    }

    static func batch(_ b: Batch) -> Components.Schemas.Batch {
        func day(_ d: Day?) -> String? { d?.description }
        return .init(
            id: b.id, version: b.version, number: b.number, taskId: b.taskId, drawId: b.drawId, planId: b.planId,
            planDistrictCode: b.planDistrictCode, agencyId: b.agencyId, agencyName: b.agencyName, enterpriseId: b.enterpriseId,
            enterpriseName: b.enterpriseName, enterpriseUscc: b.enterpriseUscc, enterpriseDistrict: b.enterpriseDistrict,
            productId: b.productId, productName: b.productName, mode: mode(b.mode), modeLabel: b.mode.label,
            stage: stage(b.stage), stageLabel: b.stage.label, fastTrack: b.fastTrack, dueDate: b.dueDate.description,
            state: .init(rawValue: b.state.rawValue) ?? .drawn, stateLabel: b.state.label, stateSince: b.stateSince.description,
            inspectors: b.inspectors, sampleName: b.sampleName, lotNumber: b.lotNumber, sampledOn: day(b.sampledOn),
            reportNumber: b.reportNumber, reportVersion: b.reportVersion, reportedOn: day(b.reportedOn),
            verdict: b.verdict.flatMap { .init(rawValue: $0.rawValue) }, serious: b.serious, failedItems: b.failedItems,
            deliveredOn: day(b.deliveredOn), objectionDeadline: day(b.objectionDeadline), objectionFiledOn: day(b.objectionFiledOn),
            recheckAgencyId: b.recheckAgencyId, recheckAgencyName: b.recheckAgencyName, recheckOutcome: b.recheckOutcome.flatMap { .init(rawValue: $0.rawValue) }, recheckOutcomeLabel: b.recheckOutcome?.label,
            costBearer: b.costBearer, concludedOn: day(b.concludedOn), rectificationDeadline: day(b.rectificationDeadline),
            sensitive: b.sensitive, publishedOn: day(b.publishedOn), closedOn: day(b.closedOn), rulesVersion: b.rulesVersion)
    }

    static func mode(_ m: CheckMode) -> Components.Schemas.CheckMode { .init(rawValue: m.rawValue) ?? .routine }
    static func stage(_ s: SamplingStage) -> Components.Schemas.SamplingStage { .init(rawValue: s.rawValue) ?? .production }

    static func planLine(_ l: PlanLine) -> Components.Schemas.PlanLine {
        .init(id: l.id, productId: l.productId, productName: l.productName, mode: mode(l.mode), modeLabel: l.mode.label,
              stage: stage(l.stage), stageLabel: l.stage.label, batches: l.batches, seasonStart: l.seasonStart, seasonEnd: l.seasonEnd)
    }
}
