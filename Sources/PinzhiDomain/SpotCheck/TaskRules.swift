/// Rules for giving a plan line's batches to agencies (SPEC SC-3, seed 004 §八): only an issued plan is split into
/// tasks; the agency must hold an active contract for the line's product (by id) in the plan's year; the tasks of a
/// line never add up to more batches than the line, those under a contract never to more than it was signed for, and
/// an agency's tasks of a year never to more than its stated yearly capacity; a task is due after today.
public enum TaskRules {
    /// What is already given out when a new task is weighed: batches of the line, of the contract and of the agency's
    /// year, counting every task that was not declined.
    public struct Load: Sendable, Equatable {
        public var line: Int
        public var contract: Int
        public var agencyYear: Int
        /// The agency's 年承检能力 in batches; nil when the agency states none.
        public var agencyCapacity: Int?

        public init(line: Int, contract: Int = 0, agencyYear: Int = 0, agencyCapacity: Int? = nil) {
            self.line = line
            self.contract = contract
            self.agencyYear = agencyYear
            self.agencyCapacity = agencyCapacity
        }
    }

    public static func check(plan: Plan, line: PlanLine, batches: Int, load: Load, contract: AgencyContract?,
                             dueDate: Day?, today: Day) -> [FieldError] {
        var errors: [FieldError] = []
        if plan.state != .issued { errors.append(FieldError("", "计划尚未下达，不能分配任务")) }
        if batches <= 0 { errors.append(FieldError("batches", "批次数应大于0")) }
        let left = line.batches - load.line
        if batches > left { errors.append(FieldError("batches", "该计划行还可分配\(left)批次，本次\(batches)批次超出")) }
        if let c = contract {
            if c.year != plan.year { errors.append(FieldError("agencyId", "所选合同为\(c.year)年度，与计划年度\(plan.year)不符")) }
            if c.productId != line.productId { errors.append(FieldError("agencyId", "所选合同“\(c.name)”不涵盖产品“\(line.productName)”")) }
            if !c.active { errors.append(FieldError("agencyId", "所选合同已停用")) }
            if batches > 0 && load.contract + batches > c.batches {
                errors.append(FieldError("batches", "合同“\(c.name)”共\(c.batches)批次，已分配\(load.contract)批次，本次\(batches)批次超出合同"))
            }
        } else {
            errors.append(FieldError("agencyId", "该承检机构没有\(plan.year)年度“\(line.productName)”的承检合同"))
        }
        if let capacity = load.agencyCapacity, batches > 0, load.agencyYear + batches > capacity {
            errors.append(FieldError("batches", "该承检机构年承检能力为\(capacity)批次，\(plan.year)年已分配\(load.agencyYear)批次，本次\(batches)批次超出"))
        }
        if let due = dueDate {
            if due <= today { errors.append(FieldError("dueDate", "完成期限应晚于今天")) }
        } else {
            errors.append(FieldError("dueDate", "请填写“年-月-日”格式的完成期限"))
        }
        return errors
    }
}
