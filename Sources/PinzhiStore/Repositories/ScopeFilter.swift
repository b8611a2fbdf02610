import PinzhiDomain
import SQLKit

/// Turns the access policy's answer into a WHERE clause. Every repository query of a scoped kind goes through here.
public enum ScopeFilter {
    public enum Predicate: Sendable {
        case none
        case all
        case column(String, any Encodable & Sendable)
    }

    public static func predicate(_ kind: RecordKind, _ principal: Principal, _ action: Action) -> Predicate {
        switch AccessPolicy.access(principal.role, kind, action) {
        case .denied:
            return .none
        case .all:
            return .all
        case .restricted(let dimension):
            guard let column = kind.scopeColumn(dimension), let value = typedBinding(principal, dimension) else { return .none }
            return .column(column, value)
        }
    }

    static func typedBinding(_ p: Principal, _ dimension: ScopeDimension) -> (any Encodable & Sendable)? {
        switch dimension {
        case .district: p.districtCode
        case .agency: p.agencyId
        case .enterprise: p.enterpriseId
        case .expert: p.expertId
        case .organisation: p.organisationId
        }
    }

    static func apply<B: SQLPredicateBuilder>(_ predicate: Predicate, to builder: B, table: String? = nil) -> B {
        switch predicate {
        case .none: return builder.where(SQLRaw("1 = 0"))
        case .all: return builder
        case .column(let column, let value):
            let id: any SQLExpression = table.map { SQLColumn(column, table: $0) } ?? SQLIdentifier(column)
            return builder.where(id, .equal, SQLBind(value))
        }
    }
}
