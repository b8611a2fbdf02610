extension String {
    /// Whether the text holds an invisible control character other than a line break or a tab. Such text is refused
    /// wherever people type: a NUL in particular would be stored and read back cut short (SQLite's text is read up to
    /// the first NUL), so a record or an audit row would no longer match what was written.
    public var hasInvisibleControl: Bool {
        unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t" }
    }
}
