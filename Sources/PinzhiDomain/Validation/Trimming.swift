extension String {
    /// The text without leading and trailing white space and line breaks (Unicode White_Space, as Foundation's
    /// `.whitespacesAndNewlines`), with no copy when there is none: every field of every workflow step is trimmed.
    public var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return self }
        if !first.properties.isWhitespace && !last.properties.isWhitespace { return self }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }
}

extension String {
    /// nil for an empty text: an optional column stores NULL rather than "".
    public var nilIfEmpty: String? { isEmpty ? nil : self }
}
