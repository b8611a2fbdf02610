import Foundation
@testable import PinzhiApp
import PinzhiDomain
import PinzhiStore
import SQLKit

/// A lead entered by a district for one of its enterprises, filed and carried to the decision through the workflow
/// store: records on both sides of a district's scope for the access matrix.
enum EnforcementFixture {
    /// `serious`: the enterprise holds a production licence and the decision is 情节严重, so its issuer is notified.
    @discardableResult
    static func decidedCase(_ app: TestApp, district user: String, serious: Bool = false) async throws -> EnforcementCase {
        let db = app.services.database
        let p = try await app.session(user).principal
        let enterprise = try await db.session { s in
            try await s.raw("SELECT id FROM enterprises WHERE district_code = \(bind: p.districtCode ?? "") ORDER BY id").first()!.decode(column: "id", as: Int64.self)
        }
        let today = app.services.today()
        if serious {
            var licence = Licence()
            licence.enterpriseId = enterprise
            licence.number = "XK-\(user.uppercased())-\(enterprise)"
            licence.productUnit = "电线电缆"
            licence.issuer = "上海市市场监督管理局"
            licence.expiresOn = today.adding(days: 400).description
            let record = licence
            try await db.transaction { tx in _ = try await MasterRepository<Licence>(db).insert(tx, record, actor: .system()) }
        }
        let lead = try await LeadRepository(db).create(source: .complaint, enterpriseId: enterprise, summary: "消费者投诉产品存在安全隐患，附照片",
                                                       receivedOn: today, today: today, as: p)
        _ = try await WorkflowStore<LeadRepository>(db).act(lead.id, .file, input: ["handler": "district", "article": "art49", "summary": "消费者投诉线索经核查属实，立案调查"],
                                                            expectedVersion: lead.version, today: today, as: p)
        var c = try await CaseRepository(db).find(try await LeadRepository(db).find(lead.id, as: p)!.caseId!, as: p)!
        let store = WorkflowStore<CaseRepository>(db)
        for (action, input) in [(CaseAction.investigate, [:]), (.review, ["article": "art49", "goodsValue": "10000", "findings": "违法事实清楚"]),
                                (.notify, ["fine": "20000"]),
                                (.decide, ["fine": "20000", "decidedOn": today.description, "serious": serious ? "yes" : "no"])] as [(CaseAction, [String: String])] {
            c = try await store.act(c.id, action, input: input, expectedVersion: c.version, today: today, as: p)
        }
        return c
    }

    /// A letter drafted, signed and sent by `user` (the city or a district) to an enterprise.
    @discardableResult
    static func sentLetter(_ app: TestApp, from user: String, to enterprise: Int64, type: LetterType = .rectification) async throws -> Letter {
        let db = app.services.database
        let p = try await app.session(user).principal
        let today = app.services.today()
        var l = try await LetterRepository(db).create(.init(type: type, target: .enterprise, enterpriseId: enterprise, district: nil,
                                                            reason: "监督抽查发现产品不合格，整改不到位", requiredActions: "立即整改并书面报告",
                                                            deadline: today.adding(days: 10), linkedRecords: nil), today: today, as: p)
        let store = WorkflowStore<LetterRepository>(db)
        l = try await store.act(l.id, .submit, input: [:], expectedVersion: l.version, today: today, as: p)
        return try await store.act(l.id, .approve, input: ["signer": "王局长"], expectedVersion: l.version, today: today, as: p)
    }
}
