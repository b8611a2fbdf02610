import PinzhiStore

/// The audit log as a table, hashes included, for the page's download and the API's (`GET /api/v1/audit/export`):
/// an archived copy can be checked elsewhere link by link.
enum AuditExport {
    static let header = ["序号", "时间（UTC）", "操作人", "角色", "单位", "操作", "对象", "对象编号", "内容", "前序哈希", "哈希"]

    static func row(_ e: AuditEntry) -> [String] {
        [String(e.seq), e.at, e.actorName, e.actorRole, e.actorOrganisation, e.action, e.entity,
         e.entityId.map(String.init) ?? "", e.summary, e.prevHash, e.hash]
    }

    /// Every entry of the filter (empty filters match all), newest first like the page, read 2,000 at a time.
    static func csv(_ audit: AuditQueries, entity: String, actor: String) async throws -> AsyncThrowingStream<ArraySlice<UInt8>, any Error> {
        try await CSVStream.make(header: header) { offset, size in
            try await audit.page(entity: entity, actor: actor, limit: size, offset: offset, changes: false).items.map(row)
        }
    }
}
