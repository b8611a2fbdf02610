/// Where a task samples (SPEC SC-3/SC-4: candidates in the task's area): a district named by its name or division
/// code, or a production or sales cluster 产业集聚区 / place matched in the enterprise's cluster or address. No area:
/// the whole of the plan's scope.
public enum TaskArea: Sendable, Equatable {
    case everywhere
    case district(String)
    case place(String)

    public init(_ text: String?) {
        let area = (text ?? "").trimmed
        if area.isEmpty {
            self = .everywhere
        } else if let district = District.all.first(where: { $0.code == area || $0.name == area || $0.name.dropLast() == area }) {
            self = .district(district.code)
        } else {
            self = .place(area)
        }
    }

    /// Whether an enterprise of this district, cluster and address is in the area.
    public func contains(district: String?, cluster: String?, address: String) -> Bool {
        switch self {
        case .everywhere: true
        case .district(let code): district == code
        case .place(let text): (cluster ?? "").contains(text) || address.contains(text)
        }
    }
}
