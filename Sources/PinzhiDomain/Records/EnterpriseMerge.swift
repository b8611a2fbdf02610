/// Merging a duplicate enterprise record into the one that stays (SPEC MD-1 "merge of duplicates keeps history";
/// docs/rules.md MD-1 merge). The merged record is kept, deactivated and pointing to the survivor; what named it
/// (batches, licences, cases, risk items …) moves to the survivor, except rows the survivor already has under the same
/// key (its product, its year's target …), which stay and are counted. Undoing is a record of its own: the moved rows
/// go back and the merged record is restored; nothing is deleted.
public struct EnterpriseMerge: Sendable, Equatable, Codable {
    public enum Kind: String, CodedValue, Codable {
        case merge
        case undo

        public var label: String {
            switch self {
            case .merge: "合并"
            case .undo: "撤销合并"
            }
        }
    }

    public var id: Int64 = 0
    public var kind: Kind = .merge
    public var mergedId: Int64 = 0
    public var survivorId: Int64 = 0
    /// The merge an undo undoes.
    public var undoes: Int64?
    public var reason: String = ""
    /// Table → ids of the rows that moved to the survivor (an undo moves these back).
    public var moved: [String: [Int64]] = [:]
    /// Assistance activities' enterprise lists as they were before the merge (activity id → list), restored by an undo.
    public var lists: [String: String] = [:]
    /// Table → how many rows stayed with the merged record because the survivor had the same already.
    public var kept: [String: Int] = [:]
    /// Whether the merged record was active, so that an undo restores it as it was.
    public var mergedWasActive = true
    public var by: String = ""
    public var at: String = ""

    public init() {}

    public static let maxReason = 500

    /// Why a merge may not be made, said for the person choosing the records.
    public static func check(merged: Enterprise?, survivor: Enterprise?, reason: String) -> [FieldError] {
        var errors: [FieldError] = []
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { errors.append(FieldError("reason", "请填写合并原因（如：同一企业的重复登记、旧代码记录）")) }
        if reason.count > maxReason { errors.append(FieldError("reason", "合并原因不得超过\(maxReason)个字")) }
        guard let merged else { return errors + [FieldError("mergedId", "要合并的企业不存在")] }
        guard let survivor else { return errors + [FieldError("into", "保留的企业不存在，请填写其统一社会信用代码")] }
        if merged.id == survivor.id { errors.append(FieldError("into", "不能把企业合并到它自己")) }
        if let into = merged.mergedInto { errors.append(FieldError("mergedId", "该企业已合并到企业（编号\(into)），不能再次合并")) }
        if let into = survivor.mergedInto {
            errors.append(FieldError("into", "保留的企业已合并到企业（编号\(into)），请选择最终保留的那条记录"))
        }
        if !survivor.active && survivor.mergedInto == nil { errors.append(FieldError("into", "保留的企业已停用，请先启用")) }
        return errors
    }

    /// Why a merge may not be undone: it is an undo itself, was undone already, or the survivor has since been merged
    /// on (undo that first) — the moved rows must go back to a record that still holds them.
    public static func checkUndo(_ merge: EnterpriseMerge, undoneAlready: Bool, merged: Enterprise?, survivor: Enterprise?, reason: String) -> [FieldError] {
        var errors: [FieldError] = []
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { errors.append(FieldError("reason", "请填写撤销原因")) }
        if reason.count > maxReason { errors.append(FieldError("reason", "撤销原因不得超过\(maxReason)个字")) }
        if merge.kind != .merge { errors.append(FieldError("mergeId", "这是一条撤销记录，不能再撤销")) }
        if undoneAlready { errors.append(FieldError("mergeId", "该合并已撤销")) }
        if merged?.mergedInto != merge.survivorId { errors.append(FieldError("mergeId", "该企业当前未合并到这条合并记录的保留企业")) }
        if let into = survivor?.mergedInto {
            errors.append(FieldError("mergeId", "保留的企业此后又合并到企业（编号\(into)），请先撤销那次合并"))
        }
        return errors
    }

    /// "批次 12 条、许可证 2 条；保留企业已有而未移动：生产销售的产品 1 条".
    public static func summary(moved: [(label: String, count: Int)], kept: [(label: String, count: Int)]) -> String {
        let m = moved.filter { $0.count > 0 }.map { "\($0.label)\($0.count)条" }
        let k = kept.filter { $0.count > 0 }.map { "\($0.label)\($0.count)条" }
        return (m.isEmpty ? "没有需要移动的记录" : "移动" + m.joined(separator: "、")) + (k.isEmpty ? "" : "；保留企业已有相同记录而未移动：" + k.joined(separator: "、"))
    }
}
