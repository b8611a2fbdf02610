import PinzhiDomain

/// The organisations of SPEC ORG-1, with their division codes.
enum Migration002Organisations {
    static let migration = Migration(2, "organisations") { _ in
        OrganisationSeed.all.map { org in
            let district = org.districtCode.map { "'\($0)'" } ?? "NULL"
            return "INSERT INTO organisations (code, name, kind, district_code) VALUES ('\(org.code)', '\(org.name)', '\(org.kind.rawValue)', \(district))"
        }
    }
}
