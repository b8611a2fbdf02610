import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PinzhiApp
import PinzhiDomain
import PinzhiStore
import Testing

@Suite("抽查批次页面、文书与公告")
struct BatchPageTests {
    @Test func stepsThroughFormsWithErrorsShownAndDocumentsPrinted() async throws {
        try await TestApp.with { app, client in
            let b = try await APISpotCheckTests.drawnBatch(app)
            let agency = try await app.session("agency")
            try await client.execute(uri: "/batches/\(b.id)", method: .get, headers: agency.headers) { r in
                #expect(r.status == .ok && r.text.contains(b.number) && r.text.contains("填写抽样单"))
            }
            try await client.execute(uri: "/batches/\(b.id)/act/sample", method: .get, headers: agency.headers) { r in
                #expect(r.status == .ok && r.text.contains("备样已封存"))
            }
            // A form with errors comes back with the messages and what was typed; nothing moves.
            let (h1, body1) = agency.form(["_version": String(b.version), "sampleName": "电缆样品", "sampledOn": "2099-01-01"])
            try await client.execute(uri: "/batches/\(b.id)/act/sample", method: .post, headers: h1, body: body1) { r in
                #expect(r.status == .badRequest && r.text.contains("日期不能晚于今天") && r.text.contains("电缆样品"))
            }
            let (h2, body2) = agency.form(["_version": String(b.version), "sampleName": "电缆样品", "sampledOn": TestApp.today.description,
                                           "lotNumber": "L9", "quantity": "3卷", "backupQuantity": "1卷", "backupSealed": "是", "place": "仓库"])
            try await client.execute(uri: "/batches/\(b.id)/act/sample", method: .post, headers: h2, body: body2) { r in
                #expect(r.status == .seeOther && r.headers[.location] == "/batches/\(b.id)?msg=saved")
            }
            try await client.execute(uri: "/batches/\(b.id)/documents/sampling-record", method: .get, headers: agency.headers) { r in
                #expect(r.status == .ok && r.text.contains("产品质量监督抽查抽样单") && r.text.contains("L9") && r.text.contains("编号：\(b.number)"))
            }
            try await client.execute(uri: "/batches/\(b.id)/documents/rectification-order", method: .get, headers: agency.headers) { r in
                #expect(r.status == .notFound, "no order before one is issued")
            }
            // Without the CSRF token a step is refused.
            try await client.execute(uri: "/batches/\(b.id)/act/report", method: .post,
                                     headers: [.cookie: agency.cookie, .contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "_version=2")) { r in
                #expect(r.status == .forbidden)
            }
            let expert = try await app.session("expert")
            try await client.execute(uri: "/batches", method: .get, headers: expert.headers) { #expect($0.status == .forbidden) }
            let pudong = try await app.session("pudong")
            if b.enterpriseDistrict != "310115" {
                try await client.execute(uri: "/batches/\(b.id)", method: .get, headers: pudong.headers) { #expect($0.status == .notFound) }
            }
            let city = try await app.session("city")
            try await client.execute(uri: "/batches?state=sampled&q=\(b.number)", method: .get, headers: city.headers) { r in
                #expect(r.text.contains(b.number) && r.text.contains("共 1 批次"))
            }
            try await client.execute(uri: "/batches/export?format=csv&state=sampled", method: .get, headers: city.headers) { r in
                #expect(r.status == .ok && r.text.contains(b.number))
            }
            try await client.execute(uri: "/", method: .get, headers: city.headers) { r in
                #expect(r.text.contains("待办事项"))
            }
        }
    }

    @Test func theEnterpriseArchiveIsItsOwnAndSupervisorsInScope() async throws {
        try await TestApp.with { app, client in
            let b = try await APISpotCheckTests.drawnBatch(app)
            let firm = try await app.session("enterprise")
            try await client.execute(uri: "/enterprises/\(b.enterpriseId)/archive", method: .get, headers: firm.headers) { r in
                #expect(r.status == .ok && r.text.contains("企业质量档案") && r.text.contains(b.number))
            }
            let other = try await app.enterprises(as: "city").first { $0.id != b.enterpriseId }!
            try await client.execute(uri: "/enterprises/\(other.id)/archive", method: .get, headers: firm.headers) { #expect($0.status == .notFound) }
            let agency = try await app.session("agency")
            try await client.execute(uri: "/enterprises/\(b.enterpriseId)/archive", method: .get, headers: agency.headers) { #expect($0.status == .forbidden) }
            let city = try await app.session("city")
            try await client.execute(uri: "/enterprises/\(b.enterpriseId)/archive", method: .get, headers: city.headers) { r in
                #expect(r.status == .ok && r.text.contains(b.number))
            }
        }
    }

    @Test func publicPagesNeedNoSignInAndHideCandidates() async throws {
        try await TestApp.with { app, client in
            let b = try await APISpotCheckTests.drawnBatch(app)
            try await client.execute(uri: "/public/results", method: .get) { r in
                #expect(r.status == .ok && r.text.contains("监督抽查结果公告"))
            }
            // Until a batch of the task is published, the draw's result would announce the visit: not found. Its
            // commitment is public from the start, without names or codes.
            try await client.execute(uri: "/public/draws/\(b.drawId)", method: .get) { #expect($0.status == .notFound) }
            let record = try #require(try await DrawRepository(app.services.database).find(b.drawId))
            let commitment = try #require(record.commitmentId)
            try await client.execute(uri: "/public/draw-commitments/\(commitment)", method: .get) { r in
                #expect(r.status == .ok && r.text.contains("PZ-DRAW-2 commitment") && !r.text.contains(b.enterpriseName) && !r.text.contains(b.enterpriseUscc))
            }
            try await client.execute(uri: "/public/draw-commitments/\(commitment)/leaves.txt", method: .get) { r in
                #expect(r.status == .ok && r.headers[.contentType]?.hasPrefix("text/plain") == true && !r.text.contains(b.enterpriseUscc))
            }
            try await client.execute(uri: "/public/results?q=\(b.number)", method: .get) { r in
                #expect(r.status == .ok && !r.text.contains(b.enterpriseName), "an unpublished batch is not on the portal")
            }
            try await client.execute(uri: "/public/stats?year=\(TestApp.today.year)", method: .get) { r in
                #expect(r.status == .ok && r.text.contains("批次少于5的单元不公布比率"))
            }
            try await client.execute(uri: "/public/draw-method", method: .get) { r in
                #expect(r.status == .ok && r.text.contains("SplitMix64"))
            }
            try await client.execute(uri: "/draws/\(b.drawId)", method: .get) { r in
                #expect(r.status == .seeOther || r.status == .unauthorized, "the full draw record needs a sign-in")
            }
        }
    }
}
