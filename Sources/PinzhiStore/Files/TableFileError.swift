public enum TableFileError: Error, Sendable, Equatable {
    case encoding
    case notASpreadsheet
    case tooLarge(limitMB: Int)
    case noSheet
    case empty

    public var message: String {
        switch self {
        case .encoding: "文件编码无法识别，请保存为UTF-8编码的CSV或XLSX"
        case .notASpreadsheet: "文件不是有效的CSV或XLSX表格"
        case .tooLarge(let mb): "文件内容超过\(mb)MB上限"
        case .noSheet: "XLSX文件中没有工作表"
        case .empty: "文件中没有数据行"
        }
    }
}
