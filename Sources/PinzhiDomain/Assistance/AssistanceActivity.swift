/// An assistance activity (SPEC TA-3, seed 000 §二, 002): a 质量技术培训, a 质量分析会 or a 巡回问诊 visit to a cluster,
/// with the organisations and experts who took part and the enterprises that attended. The 000 table counts it on
/// its day (AssistanceReport.Activity); its sign-in sheet is printed from its page.
public struct AssistanceActivity: Sendable, Codable, Equatable {
    public var id: Int64
    public var kind: AssistanceActivityKind
    public var title: String
    public var districtCode: String?
    public var heldOn: Day
    public var place: String
    public var cluster: String?
    public var productIds: [Int64]
    /// The technical organisations taking part, by name (each counts one 家次).
    public var organisations: [String]
    public var expertIds: [Int64]
    public var enterpriseIds: [Int64]
    public var notes: String?
    public var createdBy: String

    public init(id: Int64 = 0, kind: AssistanceActivityKind, title: String, districtCode: String?, heldOn: Day, place: String, cluster: String? = nil,
                productIds: [Int64] = [], organisations: [String] = [], expertIds: [Int64] = [], enterpriseIds: [Int64] = [], notes: String? = nil,
                createdBy: String = "") {
        self.id = id
        self.kind = kind
        self.title = title
        self.districtCode = districtCode
        self.heldOn = heldOn
        self.place = place
        self.cluster = cluster
        self.productIds = productIds
        self.organisations = organisations
        self.expertIds = expertIds
        self.enterpriseIds = enterpriseIds
        self.notes = notes
        self.createdBy = createdBy
    }

    /// “HD2026-00003”.
    public var number: String { EnforcementNumber.make("HD", heldOn.year, id) }

    /// What is wrong with an activity as typed (the references are checked by the store).
    public static func check(title: String, place: String, organisations: [String], experts: Int, enterprises: Int, heldOn: Day, today: Day) -> [FieldError] {
        var errors: [FieldError] = []
        if title.trimmed.count < 4 || title.count > 100 { errors.append(FieldError("title", "请填写活动名称（4至100个字）")) }
        if place.trimmed.count < 2 || place.count > 200 { errors.append(FieldError("place", "请填写活动地点（2至200个字）")) }
        if organisations.isEmpty { errors.append(FieldError("organisations", "请至少填写一个参与的技术机构（每行一个）")) }
        if organisations.contains(where: { $0.count > 100 }) { errors.append(FieldError("organisations", "技术机构名称不超过100个字")) }
        if experts == 0 { errors.append(FieldError("experts", "请至少填写一名参与的专家编号")) }
        if enterprises == 0 { errors.append(FieldError("enterprises", "请至少填写一家参加的企业（统一社会信用代码，每行一个）")) }
        if heldOn.year < today.year - 5 || heldOn > today.adding(months: 12) { errors.append(FieldError("heldOn", "活动日期应在近五年至一年后之间")) }
        return errors
    }

    /// Lines of a text area: trimmed, empty ones dropped, each once in order.
    public static func lines(_ text: String) -> [String] {
        var seen = Set<String>()
        return text.split(whereSeparator: \.isNewline).map { String($0).trimmed }.filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
