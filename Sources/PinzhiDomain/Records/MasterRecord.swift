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
    /// Copies the computed fields (FieldSpec.computed) of the stored record over a written one. Nothing by default.
    mutating func keepComputed(from stored: Self)
    /// What the record's page points out about it without refusing it (an enterprise whose address and USCC name
    /// different districts). None by default.
    var notices: [String] { get }
}

extension MasterRecord {
    public mutating func keepComputed(from stored: Self) {}
    public static var searchColumns: [String] { ["name"] }
    public static var indexedSearchColumns: [String] { [] }
    public mutating func normalize() {}
    public var notices: [String] { [] }
}

extension MasterRecord {
    /// The Chinese label of each coded choice field, keyed `<field>Label` (the API sends it beside the code, SPEC X-3).
    /// Choices whose code is their own label (credit classes A–D, free wording) have none.
    public var choiceLabels: [String: String] {
        let coded = Self.fields.compactMap { spec -> (String, [Choice])? in
            guard case .choice(let options) = spec.type, options.contains(where: { $0.code != $0.label }) else { return nil }
            return (spec.key, options)
        }
        guard !coded.isEmpty, let object = RecordBuilder.jsonObject(self) else { return [:] }
        var labels: [String: String] = [:]
        for (key, options) in coded {
            if let code = object[key] as? String { labels[key + "Label"] = options.label(for: code) }
        }
        return labels
    }
}
