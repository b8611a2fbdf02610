/// The batch state machine (SPEC SC-5 … SC-9): which steps a principal may take now, and what a step does. Every
/// check is here, in pure code; the store only persists the outcome with its audit row.
public enum BatchWorkflow {
    /// The steps this principal may take on the batch as it is; with `today`, only those whose time it is (a
    /// conclusion waits for the end of the objection period, an objection is not offered after it).
    public static func available(_ p: Principal, _ b: Batch, today: Day? = nil) -> [BatchAction] {
        BatchAction.allCases.filter { action in
            action.from.contains(b.state) && action.parties.contains { $0.includes(p, b) } && precondition(action, b) == nil
                && !(action == .conclude && today.map { t in b.objectionDeadline.map { t <= $0 } ?? false } == true)
                && !(action == .object && today.map { t in b.objectionDeadline.map { t > $0 } ?? false } == true)
        }
    }

    /// Steps that are someone's duty, shown in to-do lists; the others (measures, suggestions, corrections, marking
    /// a result sensitive) are taken when needed.
    public static func isDuty(_ action: BatchAction) -> Bool {
        ![.measure, .suggest, .reviseReport, .markSensitive].contains(action)
    }

    /// The states in which a principal of this role can have a duty on some batch: the store reads only those for
    /// a work list, instead of every open batch.
    public static func dutyStates(for role: Role) -> Set<BatchState> {
        let parties: Set<BatchParty> = switch role {
        case .citySupervisor, .cityAdmin: [.organiser]
        case .districtSupervisor: [.organiser, .handlingDistrict]
        case .agencyUser: [.agency, .recheckAgency]
        case .enterpriseUser: [.enterprise]
        default: []
        }
        return Set(BatchAction.allCases.filter { isDuty($0) && $0.parties.contains(where: parties.contains) }.flatMap(\.from))
    }

    /// A reason the step does not apply to this batch regardless of who asks, or nil.
    static func precondition(_ action: BatchAction, _ b: Batch) -> String? {
        switch action {
        case .confirmSampling: b.enterpriseConfirmed ? "企业已确认抽样" : nil
        case .object: b.isFailure ? nil : "检验结论为合格，无需提出异议"
        case .transfer, .suggest: b.isFailure ? nil : "检验结论为合格，无后处理"
        case .measure:
            if !b.isFailure { "检验结论为合格，无后处理" }
            else if !BatchState.final.contains(b.state) && !b.serious { "异议处理期间，仅严重质量安全风险可先行处置" }
            else { nil }
        case .markSensitive: b.sensitive || b.publishedOn != nil ? "已标记敏感或已公布" : nil
        case .publish:
            if b.publishedOn != nil { "结果已公布" }
            else if b.sensitive && b.state != .closed { "敏感结果须在后处理办结后公布" }
            else { nil }
        default: nil
        }
    }

    public static func apply(_ action: BatchAction, to batch: Batch, by p: Principal, input raw: [String: String],
                             context: BatchContext) -> Result<BatchStep, BatchRefusal> {
        guard action.parties.contains(where: { $0.includes(p, batch) }) else { return .failure(.forbidden) }
        guard action.from.contains(batch.state) else {
            return .failure(.wrongState("该批次当前为“\(batch.state.label)”，不能\(action.label)"))
        }
        if let reason = precondition(action, batch) { return .failure(.wrongState(reason)) }
        let input = raw.mapValues(\.trimmed)
        var form = StepForm(input, specs: action.fields(batch, items: context.items))
        var b = batch
        var results: [ItemResult] = []
        var summary = action.label
        var caseLead: String?
        let today = context.today
        do {
            switch action {
            case .sample:
                let day = form.day("sampledOn", notAfter: today)
                if form.flag("backupSealed") == false { form.fail("backupSealed", "备样须当场封存，封存后方可完成抽样") }
                let online = form.flag("online")
                if online {
                    form.require("orderNumber", "网络抽样须填写订单号")
                    form.require("deliveryEvidence", "网络抽样须记录收货及拆封查验情况")
                }
                try form.finish()
                b.sampleName = form["sampleName"]
                b.lotNumber = form["lotNumber"]
                b.sampledOn = day
                b.online = online
                summary = "抽样：\(form["sampleName"] ?? "")，批号\(form["lotNumber"] ?? "")\(online ? "（网络抽样）" : "")"
            case .refuse:
                _ = form.day("refusedOn", notAfter: today)
                form.minLength("evidence", 10, "请具体记录拒检经过及证据（至少10个字）")
                try form.finish()
                caseLead = "企业拒绝监督抽查（产品质量法第五十六条）：\(form["evidence"] ?? "")"
                summary = "登记拒检，生成案件线索，企业列为跟踪抽查对象"
            case .confirmSampling:
                try form.finish()
                b.enterpriseConfirmed = true
                summary = "企业确认抽样\(form["note"].map { "：\($0)" } ?? "")"
            case .report, .reviseReport:
                let day = form.day("reportedOn", notAfter: today)
                if let day, let sampled = b.sampledOn, day < sampled { form.fail("reportedOn", "报告日期不能早于抽样日期\(sampled)") }
                if action == .reviseReport { form.minLength("reason", 4, "更正报告须说明理由（至少4个字）") }
                var values: [Int64: String] = [:]
                for item in context.items { values[item.id] = form["item\(item.id)"] ?? "" }
                switch BatchVerdict.evaluate(items: context.items, values: values) {
                case .success(let r): results = r
                case .failure(let failure): failure.errors.forEach { form.fail($0.field, $0.message) }
                }
                try form.finish()
                b.reportNumber = form["reportNumber"]
                b.reportedOn = day
                b.reportVersion += 1
                b.verdict = BatchVerdict.verdict(results)
                b.serious = BatchVerdict.serious(results)
                let failed = results.filter { $0.verdict == .fail }.map(\.name)
                b.failedItems = failed.isEmpty ? nil : failed.joined(separator: "、")
                // A corrected report must be delivered again; the objection period restarts from that delivery.
                b.deliveredOn = nil
                b.objectionDeadline = nil
                summary = "\(action == .reviseReport ? "更正" : "出具")报告\(form["reportNumber"] ?? "")（第\(b.reportVersion)版），结论：\(b.verdictLabel)"
                    + (failed.isEmpty ? "" : "，不合格项目：\(failed.joined(separator: "、"))")
            case .deliver:
                let day = form.day("deliveredOn", notAfter: today)
                if let day, let reported = b.reportedOn, day < reported { form.fail("deliveredOn", "送达日期不能早于报告日期\(reported)") }
                if b.stage != "生产" && !form.flag("producerNotified") {
                    form.fail("producerNotified", "在销售环节抽样的，检验结果应同时送达标称生产者")
                }
                try form.finish()
                b.deliveredOn = day
                b.objectionDeadline = day.map { ObjectionRules.deadline(deliveredOn: $0, rules: context.rules) }
                summary = "结果送达（\(form["method"] ?? "")，签收人\(form["recipient"] ?? "")），异议期至\(b.objectionDeadline.map(\.description) ?? "")"
            case .object:
                if let deadline = b.objectionDeadline, !ObjectionRules.withinPeriod(today: today, deadline: deadline) {
                    return .failure(.wrongState("已超过异议期限（\(deadline)止），不能再提出异议"))
                }
                form.minLength("reason", 10, "请具体说明异议理由（至少10个字）")
                try form.finish()
                b.objectionFiledOn = today
                summary = "企业提出异议：\(form["reason"] ?? "")"
            case .acceptObjection:
                guard let agency = context.recheckAgency else {
                    return .failure(.wrongState("没有除原承检机构外具备该产品资质的机构可承担复检，无法受理"))
                }
                try form.finish()
                b.objectionDecidedOn = today
                b.recheckAgencyId = agency.id
                b.recheckAgencyName = agency.name
                summary = "受理异议，随机抽取复检机构：\(agency.name)" + lateNote(b, today, context)
            case .rejectObjection:
                form.minLength("reason", 4, "请说明不予受理的理由")
                try form.finish()
                b.objectionDecidedOn = today
                b.concludedOn = today
                summary = "不予受理异议：\(form["reason"] ?? "")" + lateNote(b, today, context)
            case .recheckResult:
                try form.finish()
                let upheld = form["outcome"] == "维持原结论"
                b.recheckOutcome = upheld ? "维持原结论" : "推翻原结论"
                b.costBearer = upheld ? "异议申请人（企业）" : "原承检机构"
                if !upheld {
                    b.verdict = .pass
                    b.serious = false
                }
                b.concludedOn = today
                summary = "复检结论：\(b.recheckOutcome ?? "")（复检报告\(form["reportNumber"] ?? "")），复检费用由\(b.costBearer ?? "")承担，结论：\(b.verdictLabel)"
            case .conclude:
                if let deadline = b.objectionDeadline, today <= deadline {
                    return .failure(.wrongState("异议期至\(deadline)，期满后方可确认结论"))
                }
                try form.finish()
                b.concludedOn = today
                summary = "异议期满未提出异议，结论确定：\(b.verdictLabel)"
            case .markSensitive:
                form.minLength("reason", 4, "请说明敏感理由")
                try form.finish()
                b.sensitive = true
                b.sensitiveReason = form["reason"]
                summary = "标记为敏感结果，办结后公布：\(form["reason"] ?? "")"
            case .publish:
                try form.finish()
                b.publishedOn = today
                summary = "公布抽查结果" + (b.sensitive ? "（敏感结果，后处理已办结）" : "")
            case .transfer:
                try form.finish()
                summary = "移送\(District.named(code: b.enterpriseDistrict))市场监管局处理"
                    + (b.serious ? "；涉及严重质量安全风险，同时抄告\(District.named(code: b.enterpriseDistrict))人民政府" : "")
            case .receive:
                try form.finish()
                summary = "\(District.named(code: b.enterpriseDistrict))市场监管局签收（签收人\(form["receiver"] ?? "")）"
            case .order:
                let deadline = form.day("deadline")
                if let deadline, deadline <= today { form.fail("deadline", "整改期限应晚于今天") }
                try form.finish()
                b.rectificationDeadline = deadline
                summary = "下达责令改正通知书\(form["noticeNumber"] ?? "")，整改期限\(deadline.map(\.description) ?? "")"
            case .rectify:
                form.minLength("report", 10, "请具体填写整改报告（至少10个字）")
                try form.finish()
                summary = "企业提交整改报告"
            case .review:
                let passed = form["result"] == "整改合格"
                var newDeadline: Day?
                if !passed {
                    newDeadline = form.day("newDeadline")
                    if newDeadline == nil, form.errors.isEmpty { form.fail("newDeadline", "整改不合格的，请填写再次整改期限") }
                    if let d = newDeadline, d <= today { form.fail("newDeadline", "再次整改期限应晚于今天") }
                }
                try form.finish()
                if passed {
                    b.closedOn = today
                } else {
                    b.rectificationDeadline = newDeadline
                }
                summary = "\(form["method"] ?? "")：\(form["result"] ?? "")" + (passed ? "，后处理办结" : "，再次责令整改至\(newDeadline.map(\.description) ?? "")")
            case .measure:
                try form.finish()
                let kind = MeasureKind(rawValue: form["kind"] ?? "")
                if kind?.makesCaseLead == true { caseLead = "监督抽查不合格立案查处：\(form["note"] ?? "")" }
                summary = "处置措施：\(form["kind"] ?? "")，\(form["note"] ?? "")"
            case .suggest:
                form.minLength("suggestion", 10, "质量建议书内容过短（至少10个字）")
                try form.finish()
                summary = "出具质量建议书"
            }
        } catch let failure as ValidationFailure {
            return .failure(.invalid(failure))
        } catch {
            return .failure(.invalid(ValidationFailure([FieldError("", "\(error)")])))
        }
        if let next = target(action, b, form) {
            b.state = next
            b.stateSince = today
        }
        b.rulesVersion = context.rules.version
        return .success(BatchStep(action: action, batch: b, data: form.values, results: results, summary: summary,
                                  caseLead: caseLead, publishes: action == .publish))
    }

    static func target(_ action: BatchAction, _ b: Batch, _ form: StepForm) -> BatchState? {
        if action == .review && form["result"] != "整改合格" { return .ordered }
        return action.target
    }

    static func lateNote(_ b: Batch, _ today: Day, _ context: BatchContext) -> String {
        guard let filed = b.objectionFiledOn,
              let due = try? context.calendar.adding(workingDays: context.rules.int("objectionAcceptanceWorkingDays"), to: filed),
              today > due else { return "" }
        return "（超过受理时限\(due)）"
    }

    /// The deadline of the step the batch waits for, or nil when nothing is pending. Rule-driven periods count
    /// from the day the batch entered its state; a missing calendar year leaves the deadline unknown (nil).
    public static func deadline(_ b: Batch, rules: RuleSet, calendar: WorkingDayCalendar) -> Day? {
        func workingDays(_ key: String) -> Day? { try? calendar.adding(workingDays: rules.int(key), to: b.stateSince) }
        func hours(_ key: String, from day: Day?) -> Day? {
            day.map { $0.adding(days: Int((rules.value(key) / 24).rounded(.up))) }
        }
        switch b.state {
        case .drawn: return b.dueDate
        case .sampled: return b.fastTrack ? hours("fastTrackReportHours", from: b.sampledOn) : b.dueDate
        case .reported: return b.fastTrack ? hours("fastTrackDeliveryHours", from: b.reportedOn) : workingDays("deliveryWorkingDays")
        case .notified: return b.objectionDeadline
        case .objected: return workingDays("objectionAcceptanceWorkingDays")
        case .rechecking: return workingDays("recheckWorkingDays")
        case .concluded:
            let publication = b.publishedOn == nil && !b.sensitive ? b.stateSince.adding(days: rules.int("publicationDelayDays")) : nil
            let transfer = b.isFailure ? workingDays("transferWorkingDays") : nil
            return [publication, transfer].compactMap { $0 }.min()
        case .transferred: return workingDays("receiptWorkingDays")
        case .received: return workingDays("orderWorkingDays")
        case .ordered: return b.rectificationDeadline
        case .rectified: return workingDays("reviewWorkingDays")
        case .closed, .refused, .cancelled: return nil
        }
    }
}
