import SQLKit

/// An enterprise's checks and risk items count in the risk map's rollups (ClusterRollup, RiskRollup) under its
/// industrial cluster as it is now. A change of its cluster, or a merge or its undo moving records between two
/// enterprises, moves them: what the enterprises count is taken out before the change and put back after it, in the
/// change's transaction, so that both rollups stay equal to a fresh count.
package enum EnterpriseRollupShare {
    package static func withdraw(_ db: any SQLDatabase, _ enterprises: [Int64]) async throws {
        try await ClusterRollup.share(db, enterprises: enterprises, sign: -1)
        try await RiskRollup.share(db, enterprises: enterprises, sign: -1)
    }

    package static func restore(_ db: any SQLDatabase, _ enterprises: [Int64]) async throws {
        try await ClusterRollup.share(db, enterprises: enterprises, sign: 1)
        try await RiskRollup.share(db, enterprises: enterprises, sign: 1)
    }
}
