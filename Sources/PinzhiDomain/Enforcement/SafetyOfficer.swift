/// A quality-safety officer (SPEC EN-4; SAMR Orders 75 and 76, 003 §十): the 质量安全总监 or a 质量安全员 an
/// enterprise in scope appoints, with the appointment, its trainings, the random assessments it was drawn for and,
/// once relieved, the day it was dismissed.
public struct SafetyOfficer: Sendable, Codable, Equatable {
    public var id: Int64
    public var version: Int
    public var enterpriseId: Int64
    public var enterpriseName: String
    /// The enterprise's district when appointed: the district bureau that follows it.
    public var districtCode: String?
    public var role: OfficerRole
    public var name: String
    public var phone: String?
    public var appointedOn: Day
    /// 任命文件: the enterprise's appointment decision, by its number or title.
    public var appointmentDocument: String
    public var state: OfficerState
    public var enteredOn: Day
    public var trainedOn: Day?
    /// Training hours recorded so far (each training adds its hours).
    public var trainingHours: Int
    public var dismissedOn: Day?
    /// The assessment this officer was drawn for and has not been scored in yet (OfficerAssessmentDraw).
    public var pendingAssessment: Int64?
    /// The latest score, and whether it passed.
    public var lastScore: Int?
    public var lastPassed: Bool?

    public init(id: Int64 = 0, version: Int = 1, enterpriseId: Int64, enterpriseName: String = "", districtCode: String?, role: OfficerRole,
                name: String, phone: String? = nil, appointedOn: Day, appointmentDocument: String, state: OfficerState = .appointed) {
        self.id = id
        self.version = version
        self.enterpriseId = enterpriseId
        self.enterpriseName = enterpriseName
        self.districtCode = districtCode
        self.role = role
        self.name = name
        self.phone = phone
        self.appointedOn = appointedOn
        self.appointmentDocument = appointmentDocument
        self.state = state
        self.enteredOn = appointedOn
        self.trainingHours = 0
    }

    public var isActive: Bool { state != .dismissed }
}

/// 质量安全总监 and 质量安全员 (Orders 75 and 76).
public enum OfficerRole: String, Sendable, Codable, CaseIterable, CodedValue {
    case director
    case officer

    public var label: String {
        switch self {
        case .director: "质量安全总监"
        case .officer: "质量安全员"
        }
    }
}

public enum OfficerState: String, Sendable, Codable, CaseIterable, CodedValue {
    /// Appointed, no training recorded yet.
    case appointed
    /// In post with training recorded.
    case trained
    case dismissed

    public var label: String {
        switch self {
        case .appointed: "已任命，待培训"
        case .trained: "在岗（已培训）"
        case .dismissed: "已免职"
        }
    }
}

public enum OfficerAction: String, Sendable, Codable, CaseIterable, CodedValue {
    case train
    case addTraining = "add_training"
    case assess
    case dismiss

    public var label: String { SafetyOfficerKind.step(self).label }
}

/// Who takes an officer's steps: the enterprise itself (trainings, dismissal) or the bureau that follows it
/// (the city, the enterprise's district: trainings it organised, the assessment's score).
public enum OfficerParty: String, Sendable, Hashable {
    case enterprise
    case bureau
}

/// The duty to staff quality-safety officers (SPEC EN-4). An enterprise is in scope when it makes or sells a product
/// under production licence, CCC certification or the national key-product catalogue (the catalogue's flags):
/// producers under Order 75, sellers under Order 76. The orders ask for officers in proportion to the enterprise's
/// size; the bureau's reading (docs/rules.md §5b): large and medium enterprises appoint a 质量安全总监 and at least one
/// 质量安全员, small and micro enterprises at least one 质量安全员.
public enum OfficerDuty {
    public static func order(_ type: EnterpriseType) -> String {
        type == .producer ? "市场监管总局令第75号" : "市场监管总局令第76号"
    }

    public static func requiredRoles(_ scale: EnterpriseScale) -> [OfficerRole] {
        switch scale {
        case .large, .medium: [.director, .officer]
        case .small, .micro: [.officer]
        }
    }

    /// The roles still missing among the active officers; empty when the enterprise is staffed.
    public static func missing(scale: EnterpriseScale, active: [OfficerRole]) -> [OfficerRole] {
        requiredRoles(scale).filter { !active.contains($0) }
    }

    /// "尚未配备质量安全总监、质量安全员", or nil when staffed.
    public static func flag(scale: EnterpriseScale, active: [OfficerRole]) -> String? {
        let missing = missing(scale: scale, active: active)
        return missing.isEmpty ? nil : "尚未配备" + missing.map(\.label).joined(separator: "、")
    }
}
