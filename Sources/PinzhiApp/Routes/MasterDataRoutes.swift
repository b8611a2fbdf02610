import Foundation
import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The pages of one kind of master-data record: list with search, filters, sort, paging and export; detail with
/// child lists and history; create; edit with optimistic concurrency; deactivate and reactivate.
struct MasterDataRoutes<R: MasterRecord>: Sendable {
    let services: AppServices
    var screen: Screen { Screen.of(R.kind) }
    var repo: MasterRepository<R> { services.repository(R.self) }

    func register(on router: Router<AppRequestContext>) {
        let base = RouterPath(screen.url)
        router.get(base) { request, context in try await list(request, context) }
        router.get("\(screen.url)/export.csv") { request, context in try await export(request, context, "csv") }
        router.get("\(screen.url)/export.xlsx") { request, context in try await export(request, context, "xlsx") }
        router.get("\(screen.url)/new") { request, context in try await newForm(request, context) }
        router.post(base) { request, context in try await create(request, context) }
        router.get("\(screen.url)/:id") { request, context in try await detail(request, context) }
        router.get("\(screen.url)/:id/edit") { _, context in try await editForm(context) }
        router.post("\(screen.url)/:id") { _, context in try await update(context) }
        router.post("\(screen.url)/:id/deactivate") { _, context in try await toggle(context, active: false) }
        router.post("\(screen.url)/:id/reactivate") { _, context in try await toggle(context, active: true) }
    }

    // MARK: List and export

    func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.require(R.kind, .read)
        let req = ListRequest(request)
        let page = try await repo.list(req.query, as: principal)
        let presenter = try await RecordPresenter.load(services)
        let listed = R.fields.filter(\.listed)
        let columns = listed.map { spec -> ListPage.Column in
            let column = Naming.snake(spec.key)
            let sorted = req.sort == column
            return ListPage.Column(label: spec.label, sortURL: req.url(screen.url, sort: column, descending: sorted && !req.descending),
                                   sorted: sorted, descending: sorted && req.descending)
        }
        let rows = page.items.map { record -> ListPage.Row in
            let values = presenter.display(record)
            return ListPage.Row(url: "\(screen.url)/\(record.id)", cells: listed.map { .init(text: values[$0.key] ?? "") },
                                inactive: !record.active)
        }
        let pageCount = max(1, (page.total + ListRequest.pageSize - 1) / ListRequest.pageSize)
        let canWrite = AccessPolicy.access(principal.role, R.kind, .write) != .denied
        let importKind = ImportKind.allCases.first { $0.recordKind == R.kind }
        let model = ListPage(
            chrome: PageChrome(title: screen.title, context: context, active: screen.url, flash: Flash.message(request.uri.queryParameters.get("msg"))),
            heading: screen.title, basePath: screen.url, search: req.search, filters: filters(req), includeInactive: req.includeInactive,
            columns: columns, rows: rows, total: page.total, totalIsLowerBound: page.totalIsLowerBound, pageNumber: req.page, pageCount: pageCount,
            previousURL: req.page > 1 ? req.url(screen.url, page: req.page - 1) : nil,
            nextURL: page.hasNext ? req.url(screen.url, page: req.page + 1) : nil,
            exportCSV: req.url(screen.url + "/export.csv"), exportXLSX: req.url(screen.url + "/export.xlsx"),
            newURL: canWrite && R.kind.parent == nil ? "\(screen.url)/new" : nil,
            importURL: importKind.flatMap { $0.mayImport(principal.role) ? "/import?kind=\($0.rawValue)" : nil },
            links: screen.links.map { ListPage.Link(label: $0.label, url: $0.url) })
        return try services.views.page(model, "list")
    }

    func filters(_ req: ListRequest) -> [ListPage.Filter] {
        R.fields.filter(\.listed).compactMap { spec in
            let column = Naming.snake(spec.key)
            let current = req.filters[column] ?? ""
            let options: [(String, String)]
            switch spec.type {
            case .choice(let values): options = values.map { ($0.code, $0.label) }
            case .district: options = District.all.map { ($0.code, $0.name) }
            case .boolean: options = [("1", "是"), ("0", "否")]
            default: return nil
            }
            return ListPage.Filter(key: "f_" + column, label: spec.label,
                                   options: [ListPage.Option(value: "", label: "全部", selected: current.isEmpty)]
                                       + options.map { ListPage.Option(value: $0.0, label: $0.1, selected: $0.0 == current) })
        }
    }

    func export(_ request: Request, _ context: AppRequestContext, _ format: String) async throws -> Response {
        let principal = try context.require(R.kind, .read)
        var query = ListRequest(request).query
        query.offset = 0
        let presenter = try await RecordPresenter.load(services)
        var rows: [[String]] = [R.fields.map(\.label) + ["状态"]]
        try await repo.forEachBatch(query, as: principal) { batch in
            for record in batch {
                let values = presenter.display(record)
                rows.append(R.fields.map { values[$0.key] ?? "" } + [record.active ? "有效" : "停用"])
            }
        }
        return try ExportResponse.make(rows: rows, name: screen.title, format: format)
    }

    // MARK: Detail

    func detail(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.require(R.kind, .read)
        guard let record = try await repo.find(try context.id(), as: principal) else { throw WebError.notFound }
        let presenter = try await RecordPresenter.load(services)
        let values = presenter.display(record)
        let history = try await services.audit.history(entity: R.kind.rawValue, id: record.id).map { entry in
            DetailPage.HistoryRow(at: DisplayTime.text(entry.at), actor: entry.actorName, summary: entry.summary,
                                  changes: ImportSeal.read(entry).map { ["由此次导入新建（共\($0.count)条，文件SHA-256：\($0.file.prefix(16))…）"] }
                                    ?? presenter.changes(R.self, before: entry.beforeJson, after: entry.afterJson))
        }
        var children: [DetailPage.Child] = []
        for kind in screen.children {
            children.append(try await ChildLists.section(kind, parentId: record.id, principal: principal, services: services, presenter: presenter))
        }
        let canWrite = try await repo.find(record.id, as: principal, for: .write) != nil
        var parentURL: String?
        if let parent = R.kind.parent, let id = values[parentKey(parent.column)] {
            parentURL = "\(Screen.of(parent.kind).url)/\(id)"
        }
        let model = DetailPage(
            chrome: PageChrome(title: record.displayName, context: context, active: screen.url,
                               flash: Flash.message(request.uri.queryParameters.get("msg"))),
            heading: "\(R.kind.label)：\(record.displayName)", listURL: parentURL ?? screen.url, parentURL: parentURL,
            notices: record.notices, survivorURL: (record as? Enterprise)?.mergedInto.map { "/enterprises/\($0)" },
            mergesURL: R.kind == .enterprise && AccessPolicy.canAdminister(principal.role) ? "/enterprises/\(record.id)/merges" : nil,
            active: record.active, version: record.version,
            fields: R.fields.filter { spec in R.kind.parent.map { parentKey($0.column) != spec.key } ?? true }
                .map { DetailPage.Field(label: $0.label, value: values[$0.key] ?? "") },
            children: children, history: history,
            editURL: canWrite ? "\(screen.url)/\(record.id)/edit" : nil,
            toggleURL: canWrite ? "\(screen.url)/\(record.id)/\(record.active ? "deactivate" : "reactivate")" : nil,
            toggleLabel: record.active ? "停用" : "启用",
            archiveURL: R.kind == .enterprise ? "/enterprises/\(record.id)/archive" : nil)
        return try services.views.page(model, "detail")
    }

    func parentKey(_ column: String) -> String {
        R.fields.first { Naming.snake($0.key) == column }?.key ?? column
    }

    // MARK: Create and edit

    func newForm(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        _ = try context.require(R.kind, .write)
        var values = RecordBuilder.text(of: R())
        var hidden: Set<String> = []
        if let parent = R.kind.parent {
            guard let id = request.uri.queryParameters.get("parent") else { throw WebError.badRequest("缺少上级记录") }
            values[parentKey(parent.column)] = id
            hidden.insert(parentKey(parent.column))
        }
        return try await form(context, values: values, errors: [], version: nil, action: screen.url, hidden: hidden, status: .ok)
    }

    func editForm(_ context: AppRequestContext) async throws -> Response {
        let principal = try context.require(R.kind, .write)
        guard let record = try await repo.find(try context.id(), as: principal, for: .write) else { throw WebError.notFound }
        return try await form(context, values: RecordBuilder.text(of: record), errors: [], version: record.version,
                              action: "\(screen.url)/\(record.id)", hidden: hiddenParent, status: .ok)
    }

    var hiddenParent: Set<String> { R.kind.parent.map { [parentKey($0.column)] } ?? [] }

    func create(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.require(R.kind, .write)
        let values = submitted(context)
        switch RecordBuilder.build(R.self, values: values, over: R()) {
        case .failure(let failure):
            return try await form(context, values: values, errors: failure.errors, version: nil, action: screen.url,
                                  hidden: hiddenParent, status: .badRequest)
        case .success(let record):
            do {
                let saved = try await repo.create(record, as: principal)
                return redirect("\(screen.url)/\(saved.id)?msg=created")
            } catch let error as StoreError where error.isUserFixable {
                return try await form(context, values: values, errors: error.fieldErrors, version: nil, action: screen.url,
                                      hidden: hiddenParent, status: WebError(error).status)
            }
        }
    }

    func update(_ context: AppRequestContext) async throws -> Response {
        let principal = try context.require(R.kind, .write)
        let id = try context.id()
        guard let current = try await repo.find(id, as: principal, for: .write) else { throw WebError.notFound }
        let values = submitted(context)
        let version = Int(context.form["_version"] ?? "") ?? -1
        let action = "\(screen.url)/\(id)"
        switch RecordBuilder.build(R.self, values: values, over: current) {
        case .failure(let failure):
            return try await form(context, values: values, errors: failure.errors, version: version, action: action,
                                  hidden: hiddenParent, status: .badRequest)
        case .success(var record):
            record.id = id
            do {
                _ = try await repo.update(record, expectedVersion: version, as: principal)
                return redirect("\(action)?msg=saved")
            } catch let error as StoreError where error.isUserFixable {
                return try await form(context, values: values, errors: error.fieldErrors, version: version, action: action,
                                      hidden: hiddenParent, status: WebError(error).status)
            }
        }
    }

    func toggle(_ context: AppRequestContext, active: Bool) async throws -> Response {
        let principal = try context.require(R.kind, .write)
        let id = try context.id()
        let version = Int(context.form["_version"] ?? "") ?? -1
        _ = try await repo.setActive(id, active, expectedVersion: version, as: principal)
        return redirect("\(screen.url)/\(id)?msg=\(active ? "reactivated" : "deactivated")")
    }

    /// The form's values for the record's fields; an unticked checkbox sends nothing and means 否.
    func submitted(_ context: AppRequestContext) -> [String: String] {
        var values: [String: String] = [:]
        for spec in R.fields {
            if case .boolean = spec.type { values[spec.key] = context.form[spec.key] == nil ? "否" : "是" }
            else { values[spec.key] = context.form[spec.key] ?? "" }
        }
        return values
    }

    func form(_ context: AppRequestContext, values: [String: String], errors: [FieldError], version: Int?, action: String,
              hidden: Set<String>, status: HTTPResponse.Status) async throws -> Response {
        let orgs = try await services.organisations.all().map { ($0.id, $0.name) }
        let general = errors.filter { e in e.field.isEmpty || !R.fields.contains { $0.key == e.field } }.map(\.message)
        let model = FormPage(
            chrome: PageChrome(title: screen.title, context: context, active: screen.url),
            heading: version == nil ? "新建\(R.kind.label)" : "修改\(R.kind.label)", action: action,
            cancelURL: version == nil ? screen.url : action, version: version,
            fields: FormPage.fields(FieldSpec.typed(R.fields), values: values, errors: errors, organisations: orgs, hidden: hidden,
                                    products: R.fields.contains { if case .reference(.product) = $0.type { true } else { false } }
                                        ? try await ProductChoices.all(services.database) : []),
            errors: general.isEmpty && !errors.isEmpty ? ["请修改标红的字段后再提交"] : general,
            submitLabel: "保存")
        return try services.views.page(model, "form", status: status)
    }
}

extension StoreError {
    /// Errors the person filling the form can fix, shown on the form rather than as an error page.
    var isUserFixable: Bool {
        switch self {
        case .invalid, .duplicate, .staleVersion, .conflict: true
        default: false
        }
    }

    var fieldErrors: [FieldError] {
        switch self {
        case .invalid(let failure): failure.errors
        case .duplicate(let field, let message): [FieldError(field, message)]
        default: [FieldError("", message)]
        }
    }
}
