/// A master-data record: versioned for optimistic concurrency, deactivated rather than deleted.
public protocol MasterRecord: Codable, Sendable, Equatable {
    static var kind: RecordKind { get }
    /// The editable fields, in form order.
    static var fields: [FieldSpec] { get }
    /// Columns searched by the free-text box of the list.
    static var searchColumns: [String] { get }
    /// Searched columns whose two-character pieces are indexed (SearchGrams), for kinds with too many records to
    /// read them all on each search; a fragment with a non-ASCII character must then lie within one of these.
    static var indexedSearchColumns: [String] { get }
    /// The natural key that makes imports idempotent (e.g. the USCC).
    static var naturalKey: [String] { get }

    init()
    var id: Int64 { get set }
    var version: Int { get set }
    var active: Bool { get set }
    var displayName: String { get }

    /// Rules beyond the field types, with Chinese messages.
    func validate() -> [FieldError]
    /// Trims and derives fields (e.g. the district from the USCC) before validation.
    mutating func normalize()
}

extension MasterRecord {
    public static var searchColumns: [String] { ["name"] }
    public static var indexedSearchColumns: [String] { [] }
    public mutating func normalize() {}
}
