import Foundation
import OpenAPIRuntime
import PinzhiDomain
import PinzhiStore

/// Connects the generated API types to the repositories. Values cross as JSON: the generated schema types and the
/// domain records share their property names, and input goes through the same RecordBuilder as the web forms,
/// so the API accepts exactly what the forms accept.
struct APIBridge: Sendable {
    let services: AppServices

    func principal() throws -> Principal {
        guard let p = RequestPrincipal.current else { throw WebError.unauthenticated }
        return p
    }

    func require(_ kind: RecordKind, _ action: Action) throws -> Principal {
        let p = try principal()
        guard AccessPolicy.access(p.role, kind, action) != .denied else { throw WebError.forbidden }
        return p
    }

    struct PageBody<Item: Encodable>: Encodable {
        var items: [Item]
        var total: Int
        var nextCursor: String?
        /// Present (true) only when the matches were counted up to `total` and there are more.
        var totalIsLowerBound: Bool? = nil
    }

    /// A page size within the document's 1…500; outside it is the caller's mistake, not something to clamp quietly.
    static func limit(_ value: Int?) throws -> Int {
        guard let value else { return 50 }
        guard (1...500).contains(value) else { throw WebError.badRequest("limit 应在1到500之间", field: "limit") }
        return value
    }

    /// A year within the document's 2000…2100, or none.
    static func year(_ value: Int?, field: String = "year") throws -> Int? {
        guard let value else { return nil }
        guard (2000...2100).contains(value) else { throw WebError.badRequest("\(field) 应在2000到2100之间", field: field) }
        return value
    }

    /// A query text no longer than the document allows, or none.
    static func text(_ value: String?, field: String, maxLength: Int) throws -> String? {
        guard let value else { return nil }
        // JSON Schema counts code points, not the grapheme clusters of String.count.
        guard value.unicodeScalars.count <= maxLength else { throw WebError.badRequest("\(field) 不能超过\(maxLength)个字符", field: field) }
        return value
    }

    /// The offset a cursor stands for; no cursor, or an empty one, is the first page.
    static func offset(_ cursor: String?) throws -> Int {
        guard let cursor, !cursor.isEmpty else { return 0 }
        guard let offset = Cursor.decode(cursor) else { throw WebError.badRequest("cursor 无效", field: "cursor") }
        return offset
    }

    /// An uploaded file's bytes; past `limit` the upload stops and `tooLarge` is thrown (by default a 413).
    static func collect(_ upload: HTTPBody, upTo limit: Int,
                        tooLarge: @autoclosure () -> any Error = WebError(.contentTooLarge, code: "too_large", "文件超过上限")) async throws -> Data {
        do { return try await Data(collecting: upload, upTo: limit) } catch { throw tooLarge() }
    }

    func list<R: MasterRecord, Out: Decodable>(_ type: R.Type, search: String?, limit: Int?, cursor: String?, includeInactive: Bool?,
                                              filters: [String: String?]) async throws -> Out {
        let p = try require(R.kind, .read)
        let query = ListQuery(search: search, filters: filters.compactMapValues { $0 }, limit: try Self.limit(limit), offset: try Self.offset(cursor),
                              includeInactive: includeInactive ?? false)
        let page = try await services.repository(R.self).list(query, as: p)
        return try convert(PageBody(items: page.items.map(Labelled.init), total: page.total, nextCursor: page.nextCursor,
                                    totalIsLowerBound: page.totalIsLowerBound ? true : nil))
    }

    func children<C: MasterRecord, P: MasterRecord, Out: Decodable>(_ type: C.Type, of parent: P.Type, id: Int64) async throws -> Out {
        let p = try require(C.kind, .read)
        guard try await services.repository(P.self).find(id, as: p) != nil, let column = C.kind.parent?.column else { throw WebError.notFound }
        let page = try await services.repository(C.self).list(ListQuery(filters: [column: String(id)], limit: 500, includeInactive: true), as: p)
        return try convert(PageBody(items: page.items.map(Labelled.init), total: page.total, nextCursor: page.nextCursor))
    }

    func get<R: MasterRecord, Out: Decodable>(_ type: R.Type, id: Int64) async throws -> Out {
        let p = try require(R.kind, .read)
        guard let record = try await services.repository(R.self).find(id, as: p) else { throw WebError.notFound }
        return try convert(Labelled(record))
    }

    func create<R: MasterRecord, Out: Decodable>(_ type: R.Type, _ body: some Encodable) async throws -> Out {
        let p = try require(R.kind, .write)
        let record = try build(R.self, body, over: R())
        return try convert(Labelled(try await services.repository(R.self).create(record, as: p)))
    }

    func update<R: MasterRecord, Out: Decodable>(_ type: R.Type, id: Int64, version: Int, patch: some Encodable) async throws -> Out {
        let p = try require(R.kind, .write)
        guard let current = try await services.repository(R.self).find(id, as: p, for: .write) else { throw WebError.notFound }
        var record = try build(R.self, patch, over: current)
        record.id = id
        return try convert(Labelled(try await services.repository(R.self).update(record, expectedVersion: version, as: p)))
    }

    func deactivate<R: MasterRecord, Out: Decodable>(_ type: R.Type, id: Int64, version: Int) async throws -> Out {
        let p = try require(R.kind, .write)
        return try convert(Labelled(try await services.repository(R.self).setActive(id, false, expectedVersion: version, as: p)))
    }

    func reactivate<R: MasterRecord, Out: Decodable>(_ type: R.Type, id: Int64, version: Int) async throws -> Out {
        let p = try require(R.kind, .write)
        return try convert(Labelled(try await services.repository(R.self).setActive(id, true, expectedVersion: version, as: p)))
    }

    func history<R: MasterRecord, Out: Decodable>(_ type: R.Type, id: Int64) async throws -> Out {
        let p = try require(R.kind, .read)
        guard try await services.repository(R.self).find(id, as: p) != nil else { throw WebError.notFound }
        return try convert(try await services.audit.history(entity: R.kind.rawValue, id: id))
    }

    /// The body's fields as text for RecordBuilder; keys absent from the body keep the record's current values.
    func build<R: MasterRecord>(_ type: R.Type, _ body: some Encodable, over base: R) throws -> R {
        let data = try JSONEncoder().encode(body)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw WebError.badRequest("请求体应为JSON对象") }
        var values: [String: String] = [:]
        for spec in R.fields {
            guard let value = object[spec.key] else { continue }
            switch (spec.type, value) {
            case (_, is NSNull): values[spec.key] = ""
            case (.boolean, let n as NSNumber): values[spec.key] = n.boolValue ? "是" : "否"
            case (_, let s as String): values[spec.key] = s
            case (_, let n as NSNumber): values[spec.key] = n.stringValue
            default: values[spec.key] = "\(value)"
            }
        }
        switch RecordBuilder.build(R.self, values: values, over: base) {
        case .success(let record): return record
        case .failure(let failure): throw StoreError.invalid(failure)
        }
    }

    /// A record as the API sends it: its fields, and beside each coded choice the Chinese label (`stage` and
    /// `stageLabel`), like the spot-check types.
    struct Labelled<R: MasterRecord>: Encodable {
        let record: R
        init(_ record: R) { self.record = record }

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            try record.encode(to: encoder)
            // JSONEncoder hands back the same object for a second keyed container, so the labels join the record's keys.
            var container = encoder.container(keyedBy: Key.self)
            for (key, label) in record.choiceLabels { try container.encode(label, forKey: Key(stringValue: key)) }
        }
    }

    func convert<Out: Decodable>(_ value: some Encodable) throws -> Out {
        try JSONDecoder().decode(Out.self, from: JSONEncoder().encode(value))
    }
}
