import PinzhiDomain
import PinzhiStore

/// The child lists shown on a parent's page: a product's test items, an agency's contracts, an expert's conflicts.
enum ChildLists {
    static func section(_ kind: RecordKind, parentId: Int64, principal: Principal, services: AppServices,
                        presenter: RecordPresenter) async throws -> DetailPage.Child {
        switch kind {
        case .testItem: try await section(TestItem.self, parentId, principal, services, presenter)
        case .agencyContract: try await section(AgencyContract.self, parentId, principal, services, presenter)
        case .expertConflict: try await section(ExpertConflict.self, parentId, principal, services, presenter)
        case .enterpriseProduct: try await section(EnterpriseProduct.self, parentId, principal, services, presenter)
        case .licence: try await section(Licence.self, parentId, principal, services, presenter)
        default: DetailPage.Child(title: kind.label, columns: [], rows: [], newURL: nil)
        }
    }

    static func section<C: MasterRecord>(_ type: C.Type, _ parentId: Int64, _ principal: Principal, _ services: AppServices,
                                         _ presenter: RecordPresenter) async throws -> DetailPage.Child {
        guard let parent = C.kind.parent else { return DetailPage.Child(title: C.kind.label, columns: [], rows: [], newURL: nil) }
        let screen = Screen.of(C.kind)
        let page = try await services.repository(C.self).list(
            ListQuery(filters: [parent.column: String(parentId)], limit: 500, includeInactive: true), as: principal)
        let listed = C.fields.filter(\.listed)
        let rows = page.items.map { record -> ListPage.Row in
            let values = presenter.display(record)
            return ListPage.Row(url: "\(screen.url)/\(record.id)", cells: listed.map { .init(text: values[$0.key] ?? "") }, inactive: !record.active)
        }
        let canWrite = AccessPolicy.access(principal.role, C.kind, .write) != .denied
        return DetailPage.Child(title: C.kind.label, columns: listed.map(\.label), rows: rows,
                                newURL: canWrite ? "\(screen.url)/new?parent=\(parentId)" : nil)
    }
}
