/// The organisations of SPEC ORG-1 that exist from the first migration on.
public struct OrganisationSeed: Sendable, Equatable {
    public var code: String
    public var name: String
    public var kind: OrganisationKind
    public var districtCode: String?

    public static let all: [OrganisationSeed] = {
        var list: [OrganisationSeed] = [
            .init(code: "SH-CITY", name: "上海市市场监督管理局（产品质量安全监督管理处）", kind: .cityBureau, districtCode: nil),
        ]
        list += District.all.map {
            .init(code: "SH-\($0.code)", name: "\($0.name)市场监督管理局", kind: .districtBureau, districtCode: $0.code)
        }
        list += [
            .init(code: "SH-LINGANG", name: "中国（上海）自由贸易试验区临港新片区市场监督管理局", kind: .specialBureau, districtCode: "310115"),
            .init(code: "SH-AIRPORT", name: "上海市市场监督管理局机场分局", kind: .specialBureau, districtCode: nil),
            .init(code: "SH-ENFORCE", name: "上海市市场监督管理局执法总队", kind: .enforcement, districtCode: nil),
            .init(code: "SH-SQI", name: "上海市质量监督检验技术研究院", kind: .riskMonitoring, districtCode: nil),
            .init(code: "SH-TECH", name: "上海市产品质量技术支撑中心", kind: .technicalSupport, districtCode: nil),
            .init(code: "SH-ASSOC", name: "上海市质量协会", kind: .association, districtCode: nil),
            .init(code: "SH-RISK-STATION", name: "上海市产品质量安全风险信息监测站", kind: .riskStation, districtCode: nil),
        ]
        return list
    }()
}
