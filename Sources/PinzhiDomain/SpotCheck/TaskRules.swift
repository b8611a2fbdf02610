/// Rules for giving a plan line's batches to agencies (SPEC SC-3, seed 004 §八): only an issued plan is split into
/// tasks; the agency must hold a contract for the product in the plan's year; the tasks of a line never add up to
/// more batches than the line; a task is due after today.
public enum TaskRules {
    public static func check(plan: Plan, line: PlanLine, batches: Int, alreadyAssigned: Int, contract: AgencyContract?,
                             dueDate: Day?, today: Day) -> [FieldError] {
        var errors: [FieldError] = []
        if plan.state != .issued { errors.append(FieldError("", "计划尚未下达，不能分配任务")) }
        if batches <= 0 { errors.append(FieldError("batches", "批次数应大于0")) }
        let left = line.batches - alreadyAssigned
        if batches > left { errors.append(FieldError("batches", "该计划行还可分配\(left)批次，本次\(batches)批次超出")) }
        if let c = contract {
            if c.year != plan.year { errors.append(FieldError("agencyId", "所选合同为\(c.year)年度，与计划年度\(plan.year)不符")) }
            if !c.active { errors.append(FieldError("agencyId", "所选合同已停用")) }
        } else {
            errors.append(FieldError("agencyId", "该承检机构没有\(plan.year)年度“\(line.productName)”的承检合同"))
        }
        if let due = dueDate {
            if due <= today { errors.append(FieldError("dueDate", "完成期限应晚于今天")) }
        } else {
            errors.append(FieldError("dueDate", "请填写“年-月-日”格式的完成期限"))
        }
        return errors
    }
}
