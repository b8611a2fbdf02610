import Foundation
import PinzhiDomain
import PinzhiStore

/// Shows a record's fields as people read them: district names, organisation names, 是/否, links to parents.
struct RecordPresenter: Sendable {
    let organisations: [Int64: String]
    /// The catalogue is small; references to products show as "code name".
    let products: [Int64: String]

    static func load(_ services: AppServices) async throws -> RecordPresenter {
        let orgs = try await services.organisations.all()
        return RecordPresenter(organisations: Dictionary(orgs.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }),
                               products: Dictionary(try await ProductChoices.all(services.database).map { ($0.id, $0.label) },
                                                    uniquingKeysWith: { a, _ in a }))
    }

    func display<R: MasterRecord>(_ record: R) -> [String: String] {
        var values = RecordBuilder.text(of: record, forDisplay: true)
        for spec in R.fields {
            if case .organisation = spec.type, let id = Int64(values[spec.key] ?? "") {
                values[spec.key] = organisations[id] ?? "#\(id)"
            }
            if case .reference(.product) = spec.type, let id = Int64(values[spec.key] ?? "") {
                values[spec.key] = products[id] ?? "#\(id)"
            }
        }
        return values
    }

    /// The fields that differ between two audit snapshots, as "标签：旧 → 新".
    func changes<R: MasterRecord>(_ type: R.Type, before: String?, after: String?) -> [String] {
        guard let before, let after,
              let old = try? JSONDecoder().decode(R.self, from: Data(before.utf8)),
              let new = try? JSONDecoder().decode(R.self, from: Data(after.utf8)) else { return [] }
        let a = display(old), b = display(new)
        var out = R.fields.compactMap { spec -> String? in
            let x = a[spec.key] ?? "", y = b[spec.key] ?? ""
            return x == y ? nil : "\(spec.label)：\(x.isEmpty ? "（空）" : x) → \(y.isEmpty ? "（空）" : y)"
        }
        if old.active != new.active { out.append("状态：\(old.active ? "有效" : "停用") → \(new.active ? "有效" : "停用")") }
        return out
    }
}
