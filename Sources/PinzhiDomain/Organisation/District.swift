/// The 16 districts of Shanghai with their division codes (SPEC ORG-1).
public struct District: Sendable, Equatable, Codable {
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }

    public static let all: [District] = [
        .init(code: "310101", name: "黄浦区"), .init(code: "310104", name: "徐汇区"),
        .init(code: "310105", name: "长宁区"), .init(code: "310106", name: "静安区"),
        .init(code: "310107", name: "普陀区"), .init(code: "310109", name: "虹口区"),
        .init(code: "310110", name: "杨浦区"), .init(code: "310112", name: "闵行区"),
        .init(code: "310113", name: "宝山区"), .init(code: "310114", name: "嘉定区"),
        .init(code: "310115", name: "浦东新区"), .init(code: "310116", name: "金山区"),
        .init(code: "310117", name: "松江区"), .init(code: "310118", name: "青浦区"),
        .init(code: "310120", name: "奉贤区"), .init(code: "310151", name: "崇明区"),
    ]

    public static func named(code: String?) -> String {
        guard let code else { return "" }
        return all.first { $0.code == code }?.name ?? code
    }

    public static func isKnown(_ code: String) -> Bool { all.contains { $0.code == code } }
}
