/// One list screen: search, filters, sortable columns, a page of rows, paging and export links.
struct ListPage {
    struct Column {
        var label: String
        var sortURL: String
        var sorted: Bool
        var descending: Bool
    }

    struct Row {
        var url: String
        var cells: [Cell]
        var inactive: Bool
    }

    struct Cell {
        var text: String
    }

    struct Filter {
        var key: String
        var label: String
        var options: [Option]
    }

    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    var chrome: PageChrome
    var heading: String
    var basePath: String
    var search: String
    var filters: [Filter]
    var includeInactive: Bool
    var columns: [Column]
    var rows: [Row]
    var total: Int
    /// Only counted up to `total` (a search by a common fragment): shown as “超过…条”.
    var totalIsLowerBound: Bool
    var pageNumber: Int
    var pageCount: Int
    var previousURL: String?
    var nextURL: String?
    var exportCSV: String
    var exportXLSX: String
    var newURL: String?
    var importURL: String?
    var links: [Link]

    struct Link {
        var label: String
        var url: String
    }
    var empty: Bool { rows.isEmpty }
}
