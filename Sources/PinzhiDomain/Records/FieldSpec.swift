/// One field of a record as people see it: its key in the record, its Chinese label and how it is entered.
public struct FieldSpec: Sendable {
    public var key: String
    public var label: String
    public var type: FieldType
    public var required: Bool
    public var maxLength: Int
    /// Shown in list tables.
    public var listed: Bool
    /// Set by the system (an enterprise's credit class, RK-3): shown, exported and filtered on, never read from a
    /// form, an import or an API body, and kept as stored when the rest of the record is written.
    public var computed: Bool

    public init(_ key: String, _ label: String, _ type: FieldType = .text, required: Bool = false,
                maxLength: Int = 200, listed: Bool = false, computed: Bool = false) {
        self.key = key
        self.label = label
        self.type = type
        self.required = required
        self.maxLength = maxLength
        self.listed = listed
        self.computed = computed
    }

    /// The fields a person types: every field but the computed ones.
    public static func typed(_ fields: [FieldSpec]) -> [FieldSpec] { fields.filter { !$0.computed } }
}
