import PinzhiDomain
import PinzhiStore

/// The page of one case-like record of any workflow kind that needs no screen of its own: its state and deadline,
/// the steps this person may take (the generic step pages), its facts, links to related records, its printable
/// documents and its timeline from `<kind>_events`.
struct WorkflowRecordPage {
    struct Field {
        var label: String
        var value: String
    }

    struct Link {
        var label: String
        var url: String
    }

    struct Step {
        var day: String
        var actor: String
        var role: String
        var summary: String
    }

    var chrome: PageChrome
    var heading: String
    var state: String
    var deadline: String
    var overdue: Bool
    var listURL: String
    var actions: [Link]
    var fields: [Field]
    var links: [Link]
    var documents: [Link]
    var steps: [Step]

    /// The parts every kind fills the same way: state, deadline, open steps and timeline.
    static func make<K: WorkflowKind>(_ kind: K.Type, _ record: K.Record, chrome: PageChrome, p: Principal, today: Day, rules: RuleSet,
                                      calendar: WorkingDayCalendar, events: [WorkflowEvent], fields: [Field], links: [Link],
                                      documents: [Link] = []) -> WorkflowRecordPage {
        let deadline = Workflow<K>.deadline(record, rules: rules, calendar: calendar)
        let id = K.id(of: record)
        return WorkflowRecordPage(
            chrome: chrome, heading: "\(K.title(of: record)) \(K.subject(of: record))", state: K.stateLabel(K.state(of: record)),
            deadline: deadline?.day?.description ?? deadline?.missingText ?? "—", overdue: deadline?.day.map { $0 < today } ?? false,
            listURL: "/\(K.path)",
            actions: Workflow<K>.available(p, record, today: today).map { Link(label: K.step($0).label, url: "/\(K.path)/\(id)/act/\($0.rawValue)") },
            fields: fields, links: links, documents: documents,
            steps: events.map { Step(day: $0.day, actor: $0.actorName, role: $0.actorRole, summary: $0.summary) })
    }
}

/// A list of case-like records: search, filters, a page of rows with a link in the first cell, paging, export.
struct RecordListPage {
    struct Row {
        var url: String
        var cells: [ListPage.Cell]
        var overdue: Bool

        init(url: String, cells: [String], overdue: Bool = false) {
            self.url = url
            self.cells = cells.map { ListPage.Cell(text: $0) }
            self.overdue = overdue
        }
    }

    var chrome: PageChrome
    var heading: String
    var basePath: String
    var search: String
    var searchHint = "企业名称、内容检索"
    var filters: [ListPage.Filter]
    var columns: [String]
    var rows: [Row]
    /// "共 N 条，第 p/n 页", or past RecordLists.countLimit "超过 N 条，第 p 页".
    var count: String
    var pageNumber: Int
    var pageCount: Int
    var previousURL: String?
    var nextURL: String?
    var exportURL: String
    var newURL: String?
    var links: [WorkflowRecordPage.Link]
    /// What the list is of, when it is one record's (a monitoring plan's batches): shown above the filters.
    var summary: [WorkflowRecordPage.Field] = []
    var empty: Bool { rows.isEmpty }
}
