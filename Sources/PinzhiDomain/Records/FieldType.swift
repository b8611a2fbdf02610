/// How a field is entered and stored. Drives forms, imports and exports alike.
public enum FieldType: Sendable, Equatable {
    case text
    case longText
    case integer
    case decimal
    case boolean
    case date
    case choice([String])
    /// A district division code, chosen from the district list.
    case district
    /// An organisation, by id.
    case organisation
    /// A reference to another record by id.
    case reference(RecordKind)
}
