import PinzhiDomain
import PinzhiStore

/// Leads, cases and letters as the API gives them: codes with their labels, amounts in yuan, days as text.
enum APIEnforcement {
    static func lead(_ l: CaseLead, deadline: Deadline? = nil) -> Components.Schemas.Lead {
        .init(id: l.id, version: l.version, number: l.number, source: .init(rawValue: l.source.rawValue) ?? .complaint, sourceLabel: l.source.label,
              batchId: l.batchId, batchNumber: l.batchNumber, enterpriseId: l.enterpriseId, enterpriseName: l.enterpriseName, districtCode: l.districtCode,
              summary: l.summary, state: .init(rawValue: l.state.rawValue) ?? .open, stateLabel: l.state.label, receivedOn: l.receivedOn.description,
              deadline: deadline?.day?.description ?? deadline?.missingText, extended: l.extended, decidedOn: l.decidedOn?.description,
              decisionNote: l.decisionNote, caseId: l.caseId)
    }

    static func `case`(_ c: EnforcementCase) -> Components.Schemas.Case {
        .init(id: c.id, version: c.version, number: c.number, leadId: c.leadId, leadSource: .init(rawValue: c.leadSource.rawValue) ?? .complaint,
              leadSourceLabel: c.leadSource.label, batchId: c.batchId, enterpriseId: c.enterpriseId, enterpriseName: c.enterpriseName,
              districtCode: c.districtCode, handler: .init(rawValue: c.handler.rawValue) ?? .district, handlerLabel: c.handler.label,
              article: c.article?.rawValue, articleLabel: c.article?.label, summary: c.summary, state: .init(rawValue: c.state.rawValue) ?? .filed,
              stateLabel: c.state.label, filedOn: c.filedOn.description, decisionDue: c.decisionDue.description, extended: c.extended,
              goodsValue: c.goodsValue, fine: c.fine, confiscation: c.confiscation, penaltyTotal: c.penaltyTotal, caseValue: c.caseValue,
              fineWarning: c.fine.flatMap { c.article?.fineWarning(fine: $0, goodsValue: c.goodsValue) }, decidedOn: c.decidedOn?.description,
              closedOn: c.closedOn?.description, referralDecidedOn: c.referralDecidedOn?.description, referredOn: c.referredOn?.description,
              disciplineSentOn: c.disciplineSentOn?.description, disciplineFeedback: c.disciplineFeedback)
    }

    static func letter(_ l: Letter, today: Day) -> Components.Schemas.Letter {
        .init(id: l.id, version: l.version, number: l.number, _type: .init(rawValue: l.type.rawValue) ?? .reminder, typeLabel: l.type.label,
              target: .init(rawValue: l.target.rawValue) ?? .enterprise, targetLabel: l.target.label, enterpriseId: l.enterpriseId, addressee: l.addressee,
              districtCode: l.districtCode, issuerDistrict: l.issuerDistrict, issuer: l.issuerName, reason: l.reason, requiredActions: l.requiredActions,
              deadline: l.deadline.description, linkedRecords: l.linkedRecords, state: .init(rawValue: l.state.rawValue) ?? .draft, stateLabel: l.state.label,
              createdOn: l.createdOn.description, signer: l.signer, issuedOn: l.issuedOn?.description, servedOn: l.servedOn?.description, reply: l.reply,
              repliedOn: l.repliedOn?.description, interviewRecord: l.interviewRecord, verificationNote: l.verificationNote,
              verifiedOn: l.verifiedOn?.description, closedOn: l.closedOn?.description, escalatedFrom: l.escalatedFrom, escalatedTo: l.escalatedTo,
              overdue: l.isIgnored(today: today))
    }

    static func transfer(_ r: CaseTransferRate.Row) -> Components.Schemas.CaseTransferRow {
        .init(district: r.district, districtName: r.district.map { District.named(code: $0) }, failedBatches: r.failedBatches, refusals: r.refusals,
              leads: r.leads, cases: r.cases, rate: r.rate)
    }

    static func figures(_ f: EnforcementFigures) -> Components.Schemas.EnforcementFigures {
        .init(cases: f.cases, penaltyTotal: f.penaltyTotal, caseValue: f.caseValue, finedCases: f.finedCases, judicialReferrals: f.judicialReferrals,
              disciplineLinks: f.disciplineLinks, interviewedEnterprises: f.interviewedEnterprises)
    }

    static func notice(_ n: IssuerNotice) -> Components.Schemas.IssuerNotice {
        .init(id: n.id, version: n.version, number: n.number, caseId: n.caseId, licenceId: n.licenceId,
              licenceKind: .init(rawValue: n.licenceKind.rawValue) ?? .production, licenceKindLabel: n.licenceKind.label, licenceNumber: n.licenceNumber,
              issuer: n.issuer, enterpriseId: n.enterpriseId, enterpriseName: n.enterpriseName, districtCode: n.districtCode, reason: n.reason,
              state: .init(rawValue: n.state.rawValue) ?? .sent, stateLabel: n.state.label, sentOn: n.sentOn.description,
              measure: n.measure.flatMap { .init(rawValue: $0.rawValue) }, measureLabel: n.measure?.label, answer: n.answer,
              answeredOn: n.answeredOn?.description)
    }
}
