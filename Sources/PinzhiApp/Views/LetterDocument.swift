import PinzhiDomain
import PinzhiStore

/// The printable documents of a letter (SPEC EN-3): the letter itself once signed, and for an 约谈通知书 the 约谈记录
/// once entered. Their contents come from the letter and the steps that made them.
enum LetterDocument: String, CaseIterable {
    case letter
    case interview

    func title(_ l: Letter) -> String {
        switch self {
        case .letter: l.type.label
        case .interview: "约谈记录"
        }
    }

    func isAvailable(_ l: Letter) -> Bool {
        switch self {
        case .letter: l.issuedOn != nil
        case .interview: l.interviewRecord != nil
        }
    }

    func page(_ l: Letter) -> BatchDocumentRoutes.DocumentPage {
        let day = (self == .letter ? l.issuedOn : nil) ?? l.enteredOn
        let rows: [(String, String)]
        switch self {
        case .letter:
            rows = [("致", l.addressee), ("事由", l.reason), ("要求事项", l.requiredActions),
                    ("回复期限", "请于\(l.deadline.year)年\(l.deadline.month)月\(l.deadline.day)日前书面回复整改情况"),
                    ("关联记录", l.linkedRecords ?? "—"), ("签发人", l.signer ?? "—"),
                    ("说明", l.type.escalation.map { "逾期未回复或整改不到位的，将依法采取\($0.label)等措施。" } ?? "逾期未整改的，将依法依规严肃处理。")]
        case .interview:
            rows = [("约谈对象", l.addressee), ("约谈事由", l.reason), ("约谈情况", l.interviewRecord ?? ""), ("要求事项", l.requiredActions)]
        }
        return BatchDocumentRoutes.DocumentPage(title: title(l), number: l.number + (self == .interview ? "-JL" : ""), issuer: l.issuerName,
                                                date: "\(day.year)年\(day.month)月\(day.day)日", batchNumber: l.number,
                                                rows: rows.map { BatchDocumentRoutes.Row(label: $0.0, value: $0.1) }, backURL: "/letters/\(l.id)",
                                                backLabel: "返回文书", referenceLabel: "文书编号")
    }
}
