import Testing
@testable import PinzhiDomain

@Suite("数据范围（ORG-2）")
struct AccessPolicyTests {
    @Test("who reads enterprises, and within what", arguments: [
        (Role.cityAdmin, Access.all), (.citySupervisor, .all), (.enforcementOfficer, .all),
        (.districtSupervisor, .restricted(.district)), (.enterpriseUser, .restricted(.enterprise)),
        (.agencyUser, .denied), (.expert, .denied),
    ])
    func enterpriseRead(_ role: Role, _ expected: Access) {
        #expect(AccessPolicy.access(role, .enterprise, .read) == expected)
    }

    @Test func restrictedRolesWriteOnlyWithinTheirScope() {
        #expect(AccessPolicy.access(.districtSupervisor, .enterprise, .write) == .restricted(.district))
        #expect(AccessPolicy.access(.enterpriseUser, .enterprise, .write) == .denied)
        #expect(AccessPolicy.access(.agencyUser, .agency, .read) == .restricted(.agency))
        #expect(AccessPolicy.access(.agencyUser, .agency, .write) == .denied)
        #expect(AccessPolicy.access(.expert, .expert, .read) == .restricted(.expert))
        #expect(AccessPolicy.access(.districtSupervisor, .inspector, .read) == .restricted(.organisation))
    }

    @Test func everyRestrictionHasAColumnToFilterOn() {
        for role in Role.allCases {
            for kind in RecordKind.allCases {
                for action in Action.allCases {
                    if case .restricted(let dimension) = AccessPolicy.access(role, kind, action) {
                        #expect(kind.scopeColumn(dimension) != nil, "\(role) \(kind) \(action) has no \(dimension) column")
                    }
                }
            }
        }
    }

    @Test func everyRestrictedRoleMustBeBound() {
        for role in Role.allCases {
            for kind in RecordKind.allCases {
                if case .restricted(let dimension) = AccessPolicy.access(role, kind, .read), dimension != .organisation {
                    #expect(role.requiredBinding == dimension, "\(role) reads \(kind) by \(dimension) but is not bound to it")
                }
            }
        }
    }

    @Test func principalBindings() {
        let p = Principal(accountId: 1, username: "u", displayName: "U", role: .districtSupervisor, organisationId: 9, districtCode: "310114")
        #expect(p.binding(.district) == "310114")
        #expect(p.binding(.agency) == nil)
        #expect(p.binding(.organisation) == "9")
    }

    @Test func onlyTheCityAdministratorAdministers() {
        #expect(Role.allCases.filter(AccessPolicy.canAdminister) == [.cityAdmin])
    }
}
