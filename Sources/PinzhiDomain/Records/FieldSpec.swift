/// One field of a record as people see it: its key in the record, its Chinese label and how it is entered.
public struct FieldSpec: Sendable {
    public var key: String
    public var label: String
    public var type: FieldType
    public var required: Bool
    public var maxLength: Int
    /// Shown in list tables.
    public var listed: Bool

    public init(_ key: String, _ label: String, _ type: FieldType = .text, required: Bool = false,
                maxLength: Int = 200, listed: Bool = false) {
        self.key = key
        self.label = label
        self.type = type
        self.required = required
        self.maxLength = maxLength
        self.listed = listed
    }
}
