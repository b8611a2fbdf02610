/// A notice to the body that issued a licence or CCC certificate (SPEC EN-2, CP-4: "licence or CCC holders → notice
/// to the issuing body to revoke"): written, one per valid certificate the enterprise holds, in the transaction of
/// the case step that establishes a serious violation — a penalty decided as 情节严重, or a referral to the police —
/// and followed until the issuing body's answer is recorded.
public struct IssuerNotice: Sendable, Codable, Equatable {
    public var id: Int64
    public var version: Int
    public var caseId: Int64
    public var licenceId: Int64
    public var licenceKind: LicenceKind
    public var licenceNumber: String
    /// 发证机关, as the certificate names it.
    public var issuer: String
    public var enterpriseId: Int64
    public var enterpriseName: String
    public var districtCode: String?
    /// Who handles the case, and so follows the notice (a district, or 执法总队).
    public var handler: CaseHandler
    public var reason: String
    public var state: IssuerNoticeState
    public var sentOn: Day
    public var enteredOn: Day
    public var measure: IssuerMeasure?
    public var answer: String?
    public var answeredOn: Day?

    public init(id: Int64 = 0, version: Int = 1, caseId: Int64, licenceId: Int64, licenceKind: LicenceKind, licenceNumber: String, issuer: String,
                enterpriseId: Int64, enterpriseName: String = "", districtCode: String?, handler: CaseHandler, reason: String,
                state: IssuerNoticeState = .sent, sentOn: Day) {
        self.id = id
        self.version = version
        self.caseId = caseId
        self.licenceId = licenceId
        self.licenceKind = licenceKind
        self.licenceNumber = licenceNumber
        self.issuer = issuer
        self.enterpriseId = enterpriseId
        self.enterpriseName = enterpriseName
        self.districtCode = districtCode
        self.handler = handler
        self.reason = reason
        self.state = state
        self.sentOn = sentOn
        self.enteredOn = sentOn
    }

    /// “TB2026-00003”: 通报, the year sent and the id.
    public var number: String { EnforcementNumber.make("TB", sentOn.year, id) }
}

public enum IssuerNoticeState: String, Sendable, Codable, CaseIterable, CodedValue {
    case sent
    case answered

    public var label: String {
        switch self {
        case .sent: "已通报，待回复"
        case .answered: "发证机关已回复"
        }
    }
}

/// What the issuing body did with the certificate.
public enum IssuerMeasure: String, Sendable, Codable, CaseIterable, CodedValue {
    case revoked
    case suspended
    case rectification
    case noAction = "no_action"

    public var label: String {
        switch self {
        case .revoked: "吊销或撤销证书"
        case .suspended: "暂停证书"
        case .rectification: "责令整改"
        case .noAction: "不予处理"
        }
    }

    /// The certificate's status once the measure is recorded: a revoked or suspended certificate stops counting as
    /// valid on the enterprise's page and in the expiry warnings.
    public var licenceStatus: LicenceStatus? {
        switch self {
        case .revoked: .revoked
        case .suspended: .suspended
        case .rectification, .noAction: nil
        }
    }
}

public enum IssuerNoticeAction: String, Sendable, Codable, CaseIterable, CodedValue {
    case answer

    public var label: String { IssuerNoticeKind.step(self).label }
}

/// The notice as a workflow kind: the case's handler records the issuing body's answer; a revocation or suspension
/// is written to the certificate in the same transaction.
public enum IssuerNoticeKind: WorkflowKind {
    public typealias Record = IssuerNotice
    public typealias State = IssuerNoticeState
    public typealias Action = IssuerNoticeAction
    public typealias Party = EnforcementParty
    public typealias Context = BasicContext
    public typealias Effects = NoEffects

    public static let name = "issuer_notice"
    public static let path = "issuer-notices"
    public static let label = "发证机关通报"

    public static func id(of n: IssuerNotice) -> Int64 { n.id }
    public static func version(of n: IssuerNotice) -> Int { n.version }
    public static func state(of n: IssuerNotice) -> IssuerNoticeState { n.state }
    public static func stateLabel(_ s: IssuerNoticeState) -> String { s.label }
    public static func enteredState(of n: IssuerNotice) -> Day? { n.enteredOn }
    public static func enter(_ state: IssuerNoticeState, on day: Day, _ n: inout IssuerNotice) {
        n.state = state
        n.enteredOn = day
    }
    public static func title(of n: IssuerNotice) -> String { "通报\(n.number)" }
    public static func subject(of n: IssuerNotice) -> String { "\(n.enterpriseName) · \(n.licenceKind.label)\(n.licenceNumber) → \(n.issuer)" }

    public static func includes(_ party: EnforcementParty, _ p: Principal, _ n: IssuerNotice) -> Bool {
        p.role == .enforcementOfficer || (n.handler == .district && EnforcementPolicy.handles(p, districtCode: n.districtCode))
    }

    public static func parties(of role: Role) -> Set<EnforcementParty> { EnforcementPolicy.handlerRoles.contains(role) ? [.handler] : [] }

    public static func step(_ action: IssuerNoticeAction) -> WorkflowStep<IssuerNoticeKind> {
        switch action {
        case .answer:
            return WorkflowStep("登记发证机关回复", parties: [.handler], from: [.sent], to: .answered,
                fields: { _, _ in [FieldSpec("measure", "处理结果", .choice(Choice.of(IssuerMeasure.self)), required: true),
                                   FieldSpec("answer", "回复内容", .longText, required: true, maxLength: 2000),
                                   FieldSpec("answeredOn", "回复日期", .date, required: true)] },
                defaults: { _, today in ["answeredOn": today.description] },
                due: { _ in .workingDays("issuerNoticeAnswerWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    let day = w.form.day("answeredOn", notAfter: w.today)
                    if let day, day < w.record.sentOn { w.form.fail("answeredOn", "回复日期不能早于通报日期（\(w.record.sentOn)）") }
                    w.form.minLength("answer", 4, "请写明发证机关的回复（至少4个字）")
                    try w.form.finish()
                    let measure = w.form["measure"].flatMap(IssuerMeasure.init(codeOrLabel:))
                    w.record.measure = measure
                    w.record.answer = w.form["answer"]
                    w.record.answeredOn = day
                    w.summary = "\(w.record.issuer)回复（\(day?.description ?? "")）：\(measure?.label ?? "")。\(w.form["answer"] ?? "")"
                })
        }
    }
}

/// A step of a case that establishes a serious violation asks the store to notify the issuers of the enterprise's
/// valid certificates (IssuerNotice), with this reason.
public struct CaseEffects: StepEffects {
    public var notifyIssuers: String?
    public init() {}
}
