/// A record's page: its fields, its child lists, its history, and what the viewer may do with it.
struct DetailPage {
    struct Field {
        var label: String
        var value: String
    }

    struct HistoryRow {
        var at: String
        var actor: String
        var summary: String
        var changes: [String]
    }

    struct Child {
        var title: String
        var columns: [String]
        var rows: [ListPage.Row]
        var newURL: String?
        var empty: Bool { rows.isEmpty }
    }

    var chrome: PageChrome
    var heading: String
    var listURL: String
    var parentURL: String?
    /// What the record's page points out about it (MasterRecord.notices).
    var notices: [String] = []
    /// An enterprise merged into another: the record that stays.
    var survivorURL: String?
    /// The city administrator's way to an enterprise's merges (EnterpriseMergeRoutes).
    var mergesURL: String?
    var active: Bool
    var version: Int
    var fields: [Field]
    var children: [Child]
    var history: [HistoryRow]
    var editURL: String?
    var toggleURL: String?
    var toggleLabel: String
    /// An enterprise's quality archive 企业质量档案.
    var archiveURL: String?
}
