/// One or more field errors that refuse a write as a whole.
public struct ValidationFailure: Error, Sendable, Equatable {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) { self.errors = errors }

    public var summary: String { errors.map(\.message).joined(separator: "；") }
}
