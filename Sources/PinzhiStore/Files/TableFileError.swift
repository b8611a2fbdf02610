public enum TableFileError: Error, Sendable, Equatable {
    case encoding
    case notASpreadsheet
    case tooLarge(limitMB: Int)
    case noSheet
    case noSuchSheet(name: String, available: [String])
    case digitsLost(cells: [String])
    case empty

    public var message: String {
        switch self {
        case .encoding: "文件编码无法识别：既不是UTF-8，也不是GBK/GB18030。请在Excel或WPS中另存为“CSV UTF-8(逗号分隔)”或XLSX后重新导入"
        case .notASpreadsheet: "文件不是有效的CSV或XLSX表格"
        case .tooLarge(let mb): "文件内容超过\(mb)MB上限"
        case .noSheet: "XLSX文件中没有工作表"
        case .noSuchSheet(let name, let available):
            "XLSX文件中没有名为“\(name)”的工作表" + (available.isEmpty ? "" : "（文件中的工作表：\(available.joined(separator: "、"))）")
        case .digitsLost(let cells):
            "以下代码单元格被表格软件当作数字并显示为科学计数法，后几位已经丢失、无法还原：\(cells.joined(separator: "、"))。"
                + "请把这些列设为“文本”格式，重新填写完整代码后再导入"
        case .empty: "文件中没有数据行"
        }
    }
}
