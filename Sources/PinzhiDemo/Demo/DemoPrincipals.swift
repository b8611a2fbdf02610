import PinzhiDomain
import PinzhiStore

/// The people of the demo year: the city account's name, and each district, agency and enterprise acting through
/// its own principal, as the real accounts would.
enum DemoPrincipals {
    static let city = Principal(accountId: 0, username: "city", displayName: "市局监管员 周敏", role: .citySupervisor, organisationId: 0,
                         organisationName: "上海市市场监督管理局")

    static func district(_ code: String) -> Principal {
        Principal(accountId: 0, username: "district-\(code)", displayName: "\(District.named(code: code))市场监管局", role: .districtSupervisor,
                  organisationId: 0, organisationName: "\(District.named(code: code))市场监管局", districtCode: code)
    }

    static func agency(_ id: Int64, _ name: String) -> Principal {
        Principal(accountId: 0, username: "agency-\(id)", displayName: "\(name) 检验员", role: .agencyUser, organisationId: 0, organisationName: name, agencyId: id)
    }

    static func enterprise(_ b: Batch) -> Principal {
        Principal(accountId: 0, username: "enterprise-\(b.enterpriseId)", displayName: "\(b.enterpriseName) 质量负责人", role: .enterpriseUser,
                  organisationId: 0, organisationName: b.enterpriseName, enterpriseId: b.enterpriseId)
    }
}

extension DemoPrincipals {
    /// The draws' witness (驻局纪检监察组), the demo account `jijian`.
    static let witness = Principal(accountId: 0, username: "jijian", displayName: "驻局纪检监察组 刘洁", role: .witness, organisationId: 0,
                                   organisationName: "上海市市场监督管理局")

    static let enforcement = Principal(accountId: 0, username: "enforce", displayName: "执法总队 陈刚", role: .enforcementOfficer, organisationId: 0,
                                       organisationName: "上海市市场监督管理局执法总队")

    /// Who decides a lead or handles a case in the demo: its district's bureau, or 执法总队 for a major case.
    static func handler(district: String?, corps: Bool) -> Principal {
        if corps { return enforcement }
        return district.map(Self.district) ?? enforcement
    }
}
