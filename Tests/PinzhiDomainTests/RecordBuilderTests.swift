import Foundation
import Testing
@testable import PinzhiDomain

@Suite("表单与导入的字段校验")
struct RecordBuilderTests {
    func enterpriseValues(_ overrides: [String: String] = [:]) -> [String: String] {
        var v = ["uscc": "91310115MA1H7GQ93J", "name": "上海测试有限公司", "address": "上海市浦东新区川沙路1号",
                 "enterpriseType": "生产", "scale": "小型", "creditClass": "B"]
        for (k, x) in overrides { v[k] = x }
        return v
    }

    @Test func aValidEnterpriseTakesItsDistrictFromTheCode() throws {
        let e = try RecordBuilder.build(Enterprise.self, values: enterpriseValues(), over: Enterprise()).get()
        #expect(e.districtCode == "310115")
        #expect(e.isSME)
    }

    @Test func wrongUSCCIsReportedOnItsField() {
        let result = RecordBuilder.build(Enterprise.self, values: enterpriseValues(["uscc": "91310115MA1H7GQ93K"]), over: Enterprise())
        guard case .failure(let failure) = result else { Issue.record("should fail"); return }
        #expect(failure.errors.first?.field == "uscc")
        #expect(failure.errors.first?.message.contains("应为“J”") == true)
    }

    @Test("each field type refuses bad text in Chinese", arguments: [
        ("scale", "巨型", "企业规模应为以下之一"), ("name", "", "企业名称不能为空"), ("licenceValidUntil", "2026-02-30", "日期"),
        ("districtCode", "火星区", "不是本市的区"), ("name", String(repeating: "长", count: 101), "不能超过100个字"),
    ])
    func fieldErrors(_ key: String, _ value: String, _ fragment: String) {
        let result = RecordBuilder.build(Enterprise.self, values: enterpriseValues([key: value]), over: Enterprise())
        guard case .failure(let failure) = result else { Issue.record("should fail"); return }
        #expect(failure.errors.contains { $0.field == key && $0.message.contains(fragment) })
    }

    @Test func districtByNameOrCode() throws {
        #expect(try RecordBuilder.build(Enterprise.self, values: enterpriseValues(["districtCode": "嘉定区"]), over: Enterprise()).get().districtCode == "310114")
        #expect(try RecordBuilder.build(Enterprise.self, values: enterpriseValues(["districtCode": "嘉定"]), over: Enterprise()).get().districtCode == "310114")
    }

    @Test("a coded choice stores the code, takes the code or the label, shows the label", arguments: [
        ("circulation", SamplingStage.circulation), ("流通", .circulation), ("production", .production), ("网络", .online),
    ])
    func codedChoice(_ typed: String, _ stage: SamplingStage) throws {
        let link = try RecordBuilder.build(EnterpriseProduct.self, values: ["enterpriseId": "1", "productId": "2", "stage": typed], over: EnterpriseProduct()).get()
        #expect(link.stage == stage)
        #expect(RecordBuilder.text(of: link)["stage"] == stage.rawValue)
        #expect(RecordBuilder.text(of: link, forDisplay: true)["stage"] == stage.label)
    }

    @Test func anUnknownStageIsRefusedWithTheLabels() {
        let result = RecordBuilder.build(EnterpriseProduct.self, values: ["enterpriseId": "1", "productId": "2", "stage": "仓储"], over: EnterpriseProduct())
        guard case .failure(let failure) = result else { Issue.record("should fail"); return }
        #expect(failure.errors == [FieldError("stage", "环节应为以下之一：生产、流通、网络")])
    }

    @Test func aSeriousItemIsKnownByItsCodeWhicheverWayItWasTyped() throws {
        let base = ["productId": "1", "name": "硫含量", "limitExpression": "≤0.1", "keySafety": "是"]
        for typed in ["严重", "serious"] {
            let item = try RecordBuilder.build(TestItem.self, values: base.merging(["severity": typed]) { $1 }, over: TestItem()).get()
            #expect(item.severity == .serious && RecordBuilder.text(of: item)["severity"] == "serious")
        }
        let failed = ItemResult(testItemId: 1, name: "硫含量", unit: nil, limit: "≤0.1", value: "0.3", verdict: .fail, severity: .serious)
        #expect(failed.isSeriousFailure)
        #expect(!ItemResult(testItemId: 2, name: "标志", unit: nil, limit: "符合", value: "不符合", verdict: .fail, severity: .general).isSeriousFailure)
        #expect(try JSONDecoder().decode(Severity.self, from: Data(#""严重""#.utf8)) == .serious, "stored results written before the codes")
    }

    /// Audit rows written before the codes carry the label; they must still read.
    @Test func aStageDecodesFromItsCodeOrItsOldLabel() throws {
        let decoded = try JSONDecoder().decode([SamplingStage].self, from: Data(#"["production","流通","online"]"#.utf8))
        #expect(decoded == [.production, .circulation, .online])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([SamplingStage].self, from: Data(#"["仓储"]"#.utf8)) }
        #expect(SamplingStage.allCases.filter(\.notifiesProducer) == [.circulation, .online])
    }

    @Test func editsKeepFieldsThatWereNotSent() throws {
        var base = try RecordBuilder.build(Enterprise.self, values: enterpriseValues(["cluster": "康桥工业区"]), over: Enterprise()).get()
        base.id = 7
        base.version = 3
        let edited = try RecordBuilder.build(Enterprise.self, values: ["name": "新名称"], over: base).get()
        #expect(edited.name == "新名称")
        #expect(edited.cluster == "康桥工业区")
        #expect(edited.id == 7 && edited.version == 3)
    }

    @Test func booleansAndNumbers() throws {
        let values = ["code": "P1", "name": "x", "categoryMajor": "a", "categoryMiddle": "b", "fastTrack": "是", "seasonStartMonth": "13", "seasonEndMonth": "2"]
        guard case .failure(let failure) = RecordBuilder.build(Product.self, values: values, over: Product()) else { Issue.record("month 13"); return }
        #expect(failure.errors.first?.field == "seasonStartMonth")
        var ok = values
        ok["seasonStartMonth"] = "11"
        let p = try RecordBuilder.build(Product.self, values: ok, over: Product()).get()
        #expect(p.fastTrack && p.seasonStartMonth == 11)
    }

    @Test func testItemLimitIsCheckedAndCanonicalised() throws {
        let base = ["productId": "1", "name": "硫含量", "severity": "严重", "keySafety": "是"]
        var values = base
        values["limitExpression"] = "<=10"
        let item = try RecordBuilder.build(TestItem.self, values: values, over: TestItem()).get()
        #expect(item.limitExpression == "≤10")
        #expect(item.safety, "a key safety item is a safety item")
        values["limitExpression"] = "大约10"
        guard case .failure(let f) = RecordBuilder.build(TestItem.self, values: values, over: TestItem()) else { Issue.record("bad limit"); return }
        #expect(f.errors.first?.field == "limitExpression")
    }

    @Test func controlCharactersAreRefused() {
        let result = RecordBuilder.build(Enterprise.self, values: enterpriseValues(["name": "坏\u{0}名"]), over: Enterprise())
        guard case .failure = result else { Issue.record("control character accepted"); return }
    }

    @Test func accountsMustBeBoundToTheirScope() {
        let a = Account(username: "dist1", displayName: "区", role: .districtSupervisor, organisationId: 1)
        #expect(a.validate().map(\.field) == ["districtCode"])
        #expect(Account(username: "a b", displayName: "x", role: .cityAdmin, organisationId: 1).validate().map(\.field) == ["username"])
    }

    @Test func passwordRules() {
        #expect(PasswordPolicy.check("short1", username: "u")?.field == "password")
        #expect(PasswordPolicy.check("onlyletters", username: "u") != nil)
        #expect(PasswordPolicy.check("admin12345x", username: "admin") != nil)
        #expect(PasswordPolicy.check("Pinzhi@2026", username: "admin") == nil)
    }

    /// Records are decoded from the field object directly (FieldObjectDecoder), no longer through JSON text: every kind,
    /// with every typed field filled, comes out as the JSON round trip made it.
    @Test func theFieldObjectDecodesEveryKindAsJSONDid() throws {
        func check<R: MasterRecord>(_ type: R.Type) throws {
            var object = try #require(RecordBuilder.jsonObject(R()))
            #expect(RecordBuilder.decode(R.self, object) == R(), "\(R.self) empty")
            for spec in R.fields {
                let text: String = switch spec.type {
                case .text, .longText: "测试文字"
                case .date: "2026-03-01"
                case .integer, .reference, .organisation: "7"
                case .decimal: "1.5"
                case .boolean: "是"
                case .choice(let options): options.last?.code ?? ""
                case .district: "310115"
                }
                object[spec.key] = try RecordBuilder.parse(text, spec).get()
            }
            let viaJSON = try JSONDecoder().decode(R.self, from: JSONSerialization.data(withJSONObject: object))
            #expect(RecordBuilder.decode(R.self, object) == viaJSON, "\(R.self) filled")
        }
        try check(Enterprise.self)
        try check(Agency.self)
        try check(AgencyContract.self)
        try check(Expert.self)
        try check(ExpertConflict.self)
        try check(Inspector.self)
        try check(Licence.self)
        try check(NationalPlanEntry.self)
        try check(Product.self)
        try check(TestItem.self)
        try check(EnterpriseProduct.self)
    }
}
