import Foundation
import SQLKit

/// Keeps each import's report, so its error file can be downloaded after the upload page has moved on.
public struct ImportResultStore: Sendable {
    public struct Stored: Sendable {
        public var id: Int64
        public var accountId: Int64?
        public var fileName: String
        public var createdAt: String
        public var report: ImportReport
    }

    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public func save(_ report: ImportReport, fileName: String, accountId: Int64?) async throws -> Int64 {
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        return try await database.transaction { db in
            let row = try await db.insert(into: "import_results")
                .columns("account_id", "kind", "file_name", "created_at", "committed", "report_json")
                .values(SQLBind(accountId), SQLBind(report.kind.rawValue), SQLBind(fileName), SQLBind(Clock.nowText()),
                        SQLBind(report.committed), SQLBind(json))
                .returning("id").first()
            guard let id = try row?.decode(column: "id", as: Int64.self) else { throw StoreError.internalError("导入结果未保存") }
            return id
        }
    }

    public func find(_ id: Int64) async throws -> Stored? {
        try await database.session { db in
            guard let row = try await db.select().column("*").from("import_results").where("id", .equal, id).first() else { return nil }
            let json = try row.decode(column: "report_json", as: String.self)
            return Stored(id: id, accountId: try row.decode(column: "account_id", as: Int64?.self),
                          fileName: try row.decode(column: "file_name", as: String.self),
                          createdAt: try row.decode(column: "created_at", as: String.self),
                          report: try JSONDecoder().decode(ImportReport.self, from: Data(json.utf8)))
        }
    }
}
