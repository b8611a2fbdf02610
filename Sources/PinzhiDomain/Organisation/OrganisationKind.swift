public enum OrganisationKind: String, Codable, Sendable, CaseIterable {
    case cityBureau = "city_bureau"
    case districtBureau = "district_bureau"
    case specialBureau = "special_bureau"
    case enforcement
    case riskMonitoring = "risk_monitoring"
    case testingAgency = "testing_agency"
    case technicalSupport = "technical_support"
    case association
    case riskStation = "risk_station"
    case enterprise

    public var label: String {
        switch self {
        case .cityBureau: "市局"
        case .districtBureau: "区局"
        case .specialBureau: "分局/新片区"
        case .enforcement: "执法总队"
        case .riskMonitoring: "风险监测机构"
        case .testingAgency: "承检机构"
        case .technicalSupport: "技术支撑单位"
        case .association: "行业协会"
        case .riskStation: "风险信息监测站"
        case .enterprise: "企业"
        }
    }
}
