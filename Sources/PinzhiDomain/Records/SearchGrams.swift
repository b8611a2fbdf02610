/// The two-character pieces by which a search box finds a fragment inside names and addresses without reading every
/// row: a text contains a term only if it contains each of the term's pieces. Characters are Unicode scalars, as
/// SQLite's and PostgreSQL's substr and length count them, and texts come already folded as the database folds them.
public enum SearchGrams {
    /// The distinct pieces of each text (none across two texts).
    public static func of(_ texts: [String]) -> Set<String> {
        var out: Set<String> = []
        for text in texts {
            var previous: Unicode.Scalar?
            for scalar in text.unicodeScalars {
                if let previous {
                    var gram = String.UnicodeScalarView()
                    gram.append(previous)
                    gram.append(scalar)
                    out.insert(String(gram))
                }
                previous = scalar
            }
        }
        return out
    }

    /// Whether a term is looked up by its pieces: two characters or more, and one of them outside ASCII (a Chinese
    /// fragment). ASCII terms, such as code fragments, are searched as before, through every searched column.
    public static func indexable(_ term: String) -> Bool {
        term.unicodeScalars.count >= 2 && term.unicodeScalars.contains { !$0.isASCII }
    }
}
