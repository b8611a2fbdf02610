/// An enterprise's self-inspection 自查 and its quality-safety commitment 质量安全承诺 (SPEC CP-2, seed 001 §四2), filed
/// from its own account: 经营资质, 质量控制 and 产品标识 each found in order or not, the problems found and those
/// rectified (the record of rectification kept), and the commitment signed. A problem found and not yet rectified
/// becomes a problem-list item (source 企业自查).
public struct SelfInspection: Sendable, Codable, Equatable {
    public var id: Int64
    public var campaignId: Int64
    public var enterpriseId: Int64
    public var enterpriseName: String
    public var districtCode: String?
    public var filedOn: Day
    public var sections: [Section]
    public var problemsRectified: String?
    public var problemsOpen: String?
    public var signatory: String
    public var committed: Bool

    public struct Section: Sendable, Codable, Equatable {
        public var topic: SelfInspectionTopic
        public var inOrder: Bool
        public var note: String

        public init(topic: SelfInspectionTopic, inOrder: Bool, note: String = "") {
            self.topic = topic
            self.inOrder = inOrder
            self.note = note
        }
    }

    public init(id: Int64 = 0, campaignId: Int64, enterpriseId: Int64, enterpriseName: String = "", districtCode: String? = nil, filedOn: Day,
                sections: [Section], problemsRectified: String? = nil, problemsOpen: String? = nil, signatory: String, committed: Bool) {
        self.id = id
        self.campaignId = campaignId
        self.enterpriseId = enterpriseId
        self.enterpriseName = enterpriseName
        self.districtCode = districtCode
        self.filedOn = filedOn
        self.sections = sections
        self.problemsRectified = problemsRectified
        self.problemsOpen = problemsOpen
        self.signatory = signatory
        self.committed = committed
    }

    /// The commitment the enterprise signs (001 §四2: 作出产品质量安全承诺).
    public static let commitmentText = "本企业承诺：严格落实产品质量安全主体责任，依法依规组织生产经营，不生产、销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品，对自查发现的问题及时整改并保留整改记录，接受监管部门和社会监督。"

    /// Every fault at once: each topic answered once, a note where something is not in order, the problems written
    /// when any topic is not in order, the commitment signed by a named person.
    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        for topic in SelfInspectionTopic.allCases {
            let given = sections.filter { $0.topic == topic }
            guard let s = given.first, given.count == 1 else {
                errors.append(FieldError("topic_\(topic.rawValue)", "请填写“\(topic.label)”的自查结论"))
                continue
            }
            if !s.inOrder && s.note.trimmed.count < 4 { errors.append(FieldError("note_\(topic.rawValue)", "“\(topic.label)”存在问题，请写明情况（至少4个字）")) }
        }
        let found = sections.contains { !$0.inOrder }
        if found && (problemsRectified ?? "").trimmed.isEmpty && (problemsOpen ?? "").trimmed.isEmpty {
            errors.append(FieldError("problemsOpen", "自查发现问题，请写明已整改的问题或尚未整改的问题"))
        }
        if !committed { errors.append(FieldError("committed", "请阅读并签署质量安全承诺")) }
        if signatory.trimmed.count < 2 { errors.append(FieldError("signatory", "请填写承诺签署人（法定代表人或质量安全负责人）")) }
        return errors
    }
}

public enum SelfInspectionTopic: String, Sendable, Codable, CaseIterable, CodedValue {
    case qualification
    case qualityControl = "quality_control"
    case labelling

    public var label: String {
        switch self {
        case .qualification: "经营资质"
        case .qualityControl: "质量控制"
        case .labelling: "产品标识"
        }
    }
}
