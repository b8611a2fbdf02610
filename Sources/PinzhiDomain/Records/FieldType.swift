/// How a field is entered and stored. Drives forms, imports and exports alike.
public enum FieldType: Sendable, Equatable {
    case text
    case longText
    case integer
    case decimal
    case boolean
    case date
    /// One of a fixed list. The stored value is the choice's code; people see and may type its label.
    case choice([Choice])
    /// A district division code, chosen from the district list.
    case district
    /// An organisation, by id.
    case organisation
    /// A reference to another record by id.
    case reference(RecordKind)
}

/// One option of a choice field: the stored code and the Chinese label people read.
public struct Choice: Sendable, Equatable {
    public let code: String
    public let label: String

    public init(code: String, label: String) {
        self.code = code
        self.label = label
    }

    /// Options whose stored value is the text itself (free wording that no rule branches on).
    public static func plain(_ labels: [String]) -> [Choice] { labels.map { Choice(code: $0, label: $0) } }

    /// The options of a domain enum: its ASCII code is stored, its label shown.
    public static func of<E: CodedValue>(_: E.Type) -> [Choice] { E.allCases.map { Choice(code: $0.rawValue, label: $0.label) } }
}

extension [Choice] {
    /// The code for what someone typed or picked: the code itself or the label (imports carry labels).
    public func code(for input: String) -> String? {
        first { $0.code == input }?.code ?? first { $0.label == input }?.code
    }

    public func label(for code: String) -> String { first { $0.code == code }?.label ?? code }

    /// "生产、流通、网络": the labels, for an error message.
    public var labelList: String { map(\.label).joined(separator: "、") }
}

/// A domain enum with a stable ASCII code (its raw value: stored and used by the API) and a Chinese label.
public protocol CodedValue: RawRepresentable<String>, CaseIterable, Sendable {
    var label: String { get }
}

extension CodedValue {
    /// The value for a code or a label.
    public init?(codeOrLabel input: String) {
        guard let value = Self(rawValue: input) ?? Self.allCases.first(where: { $0.label == input }) else { return nil }
        self = value
    }

    /// Reads the code, and the label that records written before the codes (audit rows, exported files) carry.
    public static func decodeCodeOrLabel(_ decoder: any Decoder) throws -> Self {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(codeOrLabel: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "“\(text)”不是可选的值"))
        }
        return value
    }
}
