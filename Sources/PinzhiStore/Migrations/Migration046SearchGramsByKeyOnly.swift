/// The enterprises' search pieces are kept by their key (gram, record_id) alone: the index by record served only to
/// delete all of a record's pieces at an edit, which now deletes the pieces that changed by the key
/// (SearchIndex.change). Writing that index cost more than the pieces themselves at an import, about a third of its
/// time at 100,000 rows, and its space at a million enterprises (issue 21 items 2 and 4).
enum Migration046SearchGramsByKeyOnly {
    static let migration = Migration(46, "search grams by key only") { _ in
        ["DROP INDEX enterprises_grams_record"]
    }
}
