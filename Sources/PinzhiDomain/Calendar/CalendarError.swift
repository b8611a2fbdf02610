public enum CalendarError: Error, Sendable, Equatable {
    case noData(year: Int)

    public var message: String {
        switch self {
        case .noData(let year): "缺少\(year)年的节假日安排，无法计算工作日。请市局管理员先在“工作日历”中录入该年的放假与调休安排。"
        }
    }
}
