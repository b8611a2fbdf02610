/// Every step of a batch, one value each: who takes it from which states, its form, what must hold, when it is due
/// and what it changes. docs/rules.md states each rule with its parameter and source.
extension BatchKind {
    public static func step(_ action: BatchAction) -> WorkflowStep<BatchKind> {
        switch action {
        case .sample:
            WorkflowStep("填写抽样单", parties: [.agency], from: [.drawn], to: .sampled, document: "sampling-form",
                fields: { _, _ in [
                    FieldSpec("sampledOn", "抽样日期", .date, required: true),
                    FieldSpec("sampleName", "样品名称", required: true, maxLength: 60),
                    FieldSpec("specification", "规格型号", maxLength: 60),
                    FieldSpec("lotNumber", "批号/生产日期批次", required: true, maxLength: 60),
                    FieldSpec("productionDate", "生产日期", .date),
                    FieldSpec("quantity", "抽样数量", required: true, maxLength: 30),
                    FieldSpec("backupQuantity", "备样数量", required: true, maxLength: 30),
                    FieldSpec("backupSealed", "备样已封存", .boolean),
                    FieldSpec("place", "抽样地点", required: true, maxLength: 120),
                    FieldSpec("price", "购样费用（元）", .decimal),
                    FieldSpec("online", "网络抽样（以消费者身份购买）", .boolean),
                    FieldSpec("orderNumber", "网络订单号", maxLength: 60),
                    FieldSpec("deliveryEvidence", "收货及拆封查验记录", .longText, maxLength: 500),
                ] },
                defaults: { b, today in ["sampledOn": today.description, "sampleName": b.productName, "backupSealed": "是"] },
                due: { b in .on(b.dueDate) },
                perform: { w throws(ValidationFailure) in
                    let day = w.form.day("sampledOn", notAfter: w.today)
                    if let day {
                        if let season = w.context.season, !PlanLineRules.inSeason(month: day.month, season) {
                            w.form.fail("sampledOn", "该计划行的抽查季节为\(season.start)月至\(season.end)月，抽样日期\(day)不在其中")
                        }
                        if let reason = YearlyLimits.tasksRefusal(sameDay: w.context.sampledTasks[day] ?? [], task: w.record.taskId,
                                                                  mode: w.record.mode, limit: w.rules.int("tasksPerCheck")) {
                            w.form.fail("sampledOn", reason)
                        }
                    }
                    // The backup sample is sealed on the spot (004 §十一).
                    if w.form.flag("backupSealed") == false { w.form.fail("backupSealed", "备样须当场封存，封存后方可完成抽样") }
                    let online = w.form.flag("online")
                    if online {
                        w.form.require("orderNumber", "网络抽样须填写订单号")
                        w.form.require("deliveryEvidence", "网络抽样须记录收货及拆封查验情况")
                    }
                    try w.form.finish()
                    w.record.sampleName = w.form["sampleName"]
                    w.record.lotNumber = w.form["lotNumber"]
                    w.record.sampledOn = day
                    w.record.online = online
                    w.summary = "抽样：\(w.form["sampleName"] ?? "")，批号\(w.form["lotNumber"] ?? "")\(online ? "（网络抽样）" : "")"
                })
        case .refuse:
            WorkflowStep("登记拒检", parties: [.agency], from: [.drawn], to: .refused,
                fields: { _, _ in [FieldSpec("refusedOn", "拒检日期", .date, required: true),
                                   FieldSpec("evidence", "拒检经过及证据", .longText, required: true, maxLength: 1000)] },
                defaults: { _, today in ["refusedOn": today.description] },
                due: { b in .on(b.dueDate) },
                perform: { w throws(ValidationFailure) in
                    _ = w.form.day("refusedOn", notAfter: w.today)
                    w.form.minLength("evidence", 10, "请具体记录拒检经过及证据（至少10个字）")
                    try w.form.finish()
                    w.effects.caseLead = LeadDraft(.refusal, "企业拒绝监督抽查（产品质量法第五十六条）：\(w.form["evidence"] ?? "")")
                    w.summary = "登记拒检，生成案件线索，企业列为跟踪抽查对象"
                })
        case .confirmSampling:
            WorkflowStep("确认抽样", parties: [.enterprise], from: [.sampled], to: nil,
                fields: { _, _ in [FieldSpec("note", "企业意见", .longText, maxLength: 500)] },
                precondition: { b in b.enterpriseConfirmed ? "企业已确认抽样" : nil },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    w.record.enterpriseConfirmed = true
                    w.summary = "企业确认抽样\(w.form["note"].map { "：\($0)" } ?? "")"
                })
        case .report, .reviseReport:
            reportStep(revising: action == .reviseReport)
        case .deliver:
            WorkflowStep("登记结果送达", parties: [.agency], from: [.reported], to: .notified,
                fields: { b, _ in
                    var specs = [FieldSpec("deliveredOn", "送达日期", .date, required: true),
                                 FieldSpec("method", "送达方式", .choice(Choice.plain(["直接送达", "邮寄送达", "电子送达"])), required: true),
                                 FieldSpec("recipient", "签收人", required: true, maxLength: 30)]
                    if b.stage.notifiesProducer { specs.append(FieldSpec("producerNotified", "已同时送达标称生产者", .boolean)) }
                    return specs
                },
                defaults: { _, today in ["deliveredOn": today.description] },
                due: { b in b.fastTrack ? .hours("fastTrackDeliveryHours", after: b.reportedOn) : .workingDays("deliveryWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    let day = w.form.day("deliveredOn", notAfter: w.today)
                    if let day, let reported = w.record.reportedOn, day < reported { w.form.fail("deliveredOn", "送达日期不能早于报告日期\(reported)") }
                    // A result of a sample bought from a seller also goes to the producer named on it (004 §十五).
                    if w.record.stage.notifiesProducer && !w.form.flag("producerNotified") {
                        w.form.fail("producerNotified", "在销售环节抽样的，检验结果应同时送达标称生产者")
                    }
                    try w.form.finish()
                    w.record.deliveredOn = day
                    w.record.objectionDeadline = day.map { ObjectionRules.deadline(deliveredOn: $0, rules: w.rules) }
                    w.summary = "结果送达（\(w.form["method"] ?? "")，签收人\(w.form["recipient"] ?? "")），异议期至\(w.record.objectionDeadline.map(\.description) ?? "")"
                })
        case .object:
            WorkflowStep("提出异议", parties: [.enterprise], from: [.notified], to: .objected,
                fields: { _, _ in [FieldSpec("reason", "异议理由", .longText, required: true, maxLength: 1000)] },
                precondition: { b in b.isFailure ? nil : "检验结论为合格，无需提出异议" },
                timing: { b, today in
                    guard let deadline = b.objectionDeadline, !ObjectionRules.withinPeriod(today: today, deadline: deadline) else { return nil }
                    return "已超过异议期限（\(deadline)止），不能再提出异议"
                },
                due: { b in .on(b.objectionDeadline) },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("reason", 10, "请具体说明异议理由（至少10个字）")
                    try w.form.finish()
                    w.record.objectionFiledOn = w.today
                    w.summary = "企业提出异议：\(w.form["reason"] ?? "")"
                })
        case .acceptObjection:
            // The recheck agency is drawn at random, never the first agency (004 §十六), in two moments as every draw
            // (docs/rules.md §1 draws, PZ-DRAW-2 §十四): the list of qualified agencies is committed here, the draw
            // follows from a value announced after it (drawRecheckAgency).
            WorkflowStep("受理异议并公布复检机构候选名单", parties: [.organiser], from: [.objected], to: .rechecking, document: "objection-decision",
                fields: { _, _ in [FieldSpec("note", "受理意见", .longText, maxLength: 500)] },
                due: { _ in .workingDays("objectionAcceptanceWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    guard let list = w.context.recheckList, list.eligibleCount > 0 else {
                        return w.refuse("没有除原承检机构外具备该产品资质的机构可承担复检，无法受理")
                    }
                    try w.form.finish()
                    w.record.objectionDecidedOn = w.today
                    w.record.recheckAgencyId = nil
                    w.record.recheckAgencyName = nil
                    w.effects.commitsRecheckList = true
                    w.summary = "受理异议，公布复检机构候选名单承诺（可抽\(list.eligibleCount)家），待承诺之后产生的公开随机值抽取"
                        + lateNote(w.before, w.today, w.context)
                })
        case .drawRecheckAgency:
            WorkflowStep("抽取复检机构", parties: [.organiser], from: [.rechecking], to: nil,
                fields: { _, _ in [FieldSpec("publicValue", "公开随机值（承诺之后公布，如彩票开奖号码）", required: true, maxLength: 200),
                                   FieldSpec("publicSource", "公开随机值来源", required: true, maxLength: 200)] },
                precondition: { b in b.recheckAgencyId == nil ? nil : "复检机构已抽取" },
                due: { _ in .workingDays("objectionAcceptanceWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    guard let list = w.context.recheckList else { return w.refuse("尚未公布复检机构候选名单承诺，不能抽取") }
                    var reveal = CommittedDraw.Reveal(publicValue: w.form["publicValue"] ?? "", publicSource: w.form["publicSource"] ?? "")
                    if let problem = CommittedDraw.revealProblem(reveal, witnessHash: nil) { w.form.fail("publicValue", problem) }
                    try w.form.finish()
                    // The witness's secret comes from its own account (DrawWitness), revealed after the commitment.
                    if list.witnessHash != nil {
                        guard let secret = w.context.recheckWitnessSecret else {
                            return w.refuse("承诺中登记了见证人秘密值的哈希，见证人尚未公开秘密值；请待见证人公开后再抽取")
                        }
                        reveal.witnessSecret = secret
                        if let problem = CommittedDraw.revealProblem(reveal, witnessHash: list.witnessHash) { return w.refuse(problem) }
                    }
                    let outcome = list.run(reveal)
                    guard let chosen = outcome.selectedIds.first else { return w.refuse("候选名单中没有可抽取的复检机构") }
                    w.record.recheckAgencyId = chosen
                    w.record.recheckAgencyName = w.context.agencyNames[chosen] ?? ""
                    w.effects.recheckDraw = (reveal, outcome)
                    w.summary = "按公开随机值抽取复检机构：\(w.record.recheckAgencyName ?? "")（种子 \(outcome.seed)）"
                })
        case .rejectObjection:
            WorkflowStep("不予受理异议", parties: [.organiser], from: [.objected], to: .concluded, document: "objection-decision",
                fields: { _, _ in [FieldSpec("reason", "不予受理理由", .longText, required: true, maxLength: 500)] },
                due: { _ in .workingDays("objectionAcceptanceWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("reason", 4, "请说明不予受理的理由")
                    try w.form.finish()
                    w.record.objectionDecidedOn = w.today
                    w.record.concludedOn = w.today
                    w.summary = "不予受理异议：\(w.form["reason"] ?? "")" + lateNote(w.before, w.today, w.context)
                })
        case .recheckResult:
            WorkflowStep("录入复检结论", parties: [.recheckAgency], from: [.rechecking], to: .concluded,
                fields: { _, _ in [FieldSpec("outcome", "复检结论", .choice(Choice.of(RecheckOutcome.self)), required: true),
                                   FieldSpec("reportNumber", "复检报告编号", required: true, maxLength: 40),
                                   FieldSpec("note", "说明", .longText, maxLength: 500)] },
                due: { _ in .workingDays("recheckWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    // The recheck's cost follows its outcome (004 §十六): the applicant's if upheld, the first agency's if not.
                    let outcome = RecheckOutcome(rawValue: w.form["outcome"] ?? "") ?? .upheld
                    w.record.recheckOutcome = outcome
                    w.record.costBearer = outcome.costBearer
                    if outcome == .overturned {
                        w.record.verdict = .pass
                        w.record.serious = false
                    }
                    w.record.concludedOn = w.today
                    w.summary = "复检结论：\(outcome.label)（复检报告\(w.form["reportNumber"] ?? "")），复检费用由\(w.record.costBearer ?? "")承担，结论：\(w.record.verdictLabel)"
                })
        case .conclude:
            WorkflowStep("异议期满，确认结论", parties: [.organiser], from: [.notified], to: .concluded,
                timing: { b, today in
                    guard let deadline = b.objectionDeadline, today <= deadline else { return nil }
                    return "异议期至\(deadline)，期满后方可确认结论"
                },
                due: { b in .on(b.objectionDeadline) },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    w.record.concludedOn = w.today
                    w.summary = "异议期满未提出异议，结论确定：\(w.record.verdictLabel)"
                })
        case .markSensitive:
            WorkflowStep("标记为敏感结果", parties: [.organiser], from: BatchState.final, to: nil, isDuty: false,
                fields: { _, _ in [FieldSpec("reason", "敏感理由（办结后再公布）", .longText, required: true, maxLength: 500)] },
                precondition: { b in b.sensitive || b.publishedOn != nil ? "已标记敏感或已公布" : nil },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("reason", 4, "请说明敏感理由")
                    try w.form.finish()
                    w.record.sensitive = true
                    w.record.sensitiveReason = w.form["reason"]
                    w.summary = "标记为敏感结果，办结后公布：\(w.form["reason"] ?? "")"
                })
        case .publish:
            WorkflowStep("公布抽查结果", parties: [.organiser], from: BatchState.final, to: nil,
                fields: { _, _ in [FieldSpec("note", "公布说明", .longText, maxLength: 500)] },
                precondition: { b in
                    if b.publishedOn != nil { return "结果已公布" }
                    // A sensitive result is published only after its handling is closed (004 §十九).
                    if b.sensitive && b.state != .closed { return "敏感结果须在后处理办结后公布" }
                    return nil
                },
                // The publication period counts from the conclusion; a sensitive result's, once closed, has none.
                due: { b in b.state == .concluded ? .days("publicationDelayDays") : nil },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    w.record.publishedOn = w.today
                    w.effects.publishes = true
                    w.summary = "公布抽查结果" + (w.record.sensitive ? "（敏感结果，后处理已办结）" : "")
                })
        case .transfer:
            WorkflowStep("移送企业所在区局", parties: [.organiser], from: [.concluded], to: .transferred,
                fields: { _, _ in [FieldSpec("note", "移送说明", .longText, maxLength: 500)] },
                precondition: { b in b.isFailure ? nil : "检验结论为合格，无后处理" },
                due: { _ in .workingDays("transferWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    let district = District.named(code: w.record.enterpriseDistrict)
                    w.summary = "移送\(district)市场监管局处理" + (w.record.serious ? "；涉及严重质量安全风险，同时抄告\(district)人民政府" : "")
                })
        case .receive:
            WorkflowStep("签收移送", parties: [.handlingDistrict], from: [.transferred], to: .received,
                fields: { _, _ in [FieldSpec("receiver", "签收人", required: true, maxLength: 30)] },
                due: { _ in .workingDays("receiptWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    w.summary = "\(District.named(code: w.record.enterpriseDistrict))市场监管局签收（签收人\(w.form["receiver"] ?? "")）"
                })
        case .order:
            WorkflowStep("下达责令改正通知书", parties: [.handlingDistrict], from: [.received], to: .ordered, document: "rectification-order",
                fields: { _, _ in [FieldSpec("noticeNumber", "责令改正通知书文号", required: true, maxLength: 40),
                                   FieldSpec("deadline", "整改期限", .date, required: true),
                                   FieldSpec("requirements", "整改要求", .longText, maxLength: 1000)] },
                due: { _ in .workingDays("orderWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    let deadline = w.form.day("deadline")
                    if let deadline, deadline <= w.today { w.form.fail("deadline", "整改期限应晚于今天") }
                    try w.form.finish()
                    w.record.rectificationDeadline = deadline
                    w.summary = "下达责令改正通知书\(w.form["noticeNumber"] ?? "")，整改期限\(deadline.map(\.description) ?? "")"
                })
        case .rectify:
            WorkflowStep("提交整改报告", parties: [.enterprise], from: [.ordered], to: .rectified,
                fields: { _, _ in [FieldSpec("report", "整改报告", .longText, required: true, maxLength: 2000)] },
                due: { b in .on(b.rectificationDeadline) },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("report", 10, "请具体填写整改报告（至少10个字）")
                    try w.form.finish()
                    w.summary = "企业提交整改报告"
                })
        case .review:
            WorkflowStep("录入复查结果", parties: [.handlingDistrict], from: [.rectified], to: .closed,
                fields: { _, _ in [FieldSpec("method", "复查方式", .choice(Choice.plain(["现场复查", "复抽样检验"])), required: true),
                                   FieldSpec("result", "复查结果", .choice(Choice.of(ReviewResult.self)), required: true),
                                   FieldSpec("newDeadline", "再次整改期限（不合格时）", .date),
                                   FieldSpec("note", "复查情况", .longText, maxLength: 1000)] },
                due: { _ in .workingDays("reviewWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    let passed = w.form["result"] == ReviewResult.rectified.rawValue
                    var newDeadline: Day?
                    if !passed {
                        newDeadline = w.form.day("newDeadline")
                        if newDeadline == nil, w.form.errors.isEmpty { w.form.fail("newDeadline", "整改不合格的，请填写再次整改期限") }
                        if let d = newDeadline, d <= w.today { w.form.fail("newDeadline", "再次整改期限应晚于今天") }
                    }
                    try w.form.finish()
                    if passed {
                        w.record.closedOn = w.today
                    } else {
                        // A failed review orders rectification again (004 §十八) and is a lead for enforcement (SPEC EN-1).
                        w.record.rectificationDeadline = newDeadline
                        w.target = .ordered
                        w.effects.caseLead = LeadDraft(.failedRecheck, "整改复查不合格（\(w.form["method"] ?? "")）：\(w.form["note"] ?? "再次责令整改")")
                    }
                    w.summary = "\(w.form["method"] ?? "")：\((passed ? ReviewResult.rectified : .notRectified).label)" + (passed ? "，后处理办结" : "，再次责令整改至\(newDeadline.map(\.description) ?? "")")
                })
        case .measure:
            // A serious risk is handled while an objection runs (SPEC SC-7): measures may be taken then too.
            WorkflowStep("登记处置措施", parties: [.handlingDistrict, .organiser], from: BatchState.final.union([.objected, .rechecking]), to: nil,
                isDuty: false,
                fields: { _, _ in [FieldSpec("kind", "措施", .choice(Choice.of(MeasureKind.self)), required: true),
                                   FieldSpec("note", "情况说明", .longText, required: true, maxLength: 1000)] },
                precondition: { b in
                    if !b.isFailure { return "检验结论为合格，无后处理" }
                    if !BatchState.final.contains(b.state) && !b.serious { return "异议处理期间，仅严重质量安全风险可先行处置" }
                    return nil
                },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    let kind = MeasureKind(rawValue: w.form["kind"] ?? "")
                    if kind?.makesCaseLead == true { w.effects.caseLead = LeadDraft(.measure, "监督抽查不合格立案查处：\(w.form["note"] ?? "")") }
                    w.summary = "处置措施：\(kind?.label ?? "")，\(w.form["note"] ?? "")"
                })
        case .suggest:
            // Every failed batch gets the agency's 质量建议书 once (004 §十八): a duty until it is issued.
            WorkflowStep("出具质量建议书", parties: [.agency], from: BatchState.final, to: nil, document: "quality-suggestion",
                fields: { _, _ in [FieldSpec("suggestion", "质量建议书内容（问题原因及改进建议）", .longText, required: true, maxLength: 2000)] },
                precondition: { b in b.isFailure ? b.suggestedOn == nil ? nil : "已出具质量建议书" : "检验结论为合格，无后处理" },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("suggestion", 10, "质量建议书内容过短（至少10个字）")
                    try w.form.finish()
                    w.record.suggestedOn = w.today
                    w.summary = "出具质量建议书"
                })
        }
    }

    /// A report, first or corrected: the item values are judged against their limits and the batch verdict follows.
    static func reportStep(revising: Bool) -> WorkflowStep<BatchKind> {
        WorkflowStep(revising ? "更正报告（新版本）" : "录入检验结果并出具报告", parties: [.agency],
            from: revising ? [.reported, .notified] : [.sampled], to: .reported, isDuty: !revising, document: "result-notice",
            fields: { _, context in
                var specs = [FieldSpec("reportNumber", "报告编号", required: true, maxLength: 40),
                             FieldSpec("signatory", "授权签字人", required: true, maxLength: 30),
                             FieldSpec("reportedOn", "报告日期", .date, required: true)]
                if revising { specs.append(FieldSpec("reason", "更正理由", .longText, required: true, maxLength: 500)) }
                specs += (context?.items ?? []).map { item in
                    FieldSpec("item\(item.id)", "\(item.name)（限值 \(item.limitExpression)\(item.unit.map { " \($0)" } ?? "")）", required: true, maxLength: 60)
                }
                return specs
            },
            defaults: { b, today in
                var values = ["reportedOn": today.description]
                if revising, let number = b.reportNumber { values["reportNumber"] = "\(number)-\(b.reportVersion + 1)" }
                return values
            },
            due: { b in revising ? nil : b.fastTrack ? .hours("fastTrackReportHours", after: b.sampledOn) : .on(b.dueDate) },
            perform: { w throws(ValidationFailure) in
                let day = w.form.day("reportedOn", notAfter: w.today)
                if let day, let sampled = w.record.sampledOn, day < sampled { w.form.fail("reportedOn", "报告日期不能早于抽样日期\(sampled)") }
                if revising { w.form.minLength("reason", 4, "更正报告须说明理由（至少4个字）") }
                var values: [Int64: String] = [:]
                for item in w.context.items { values[item.id] = w.form["item\(item.id)"] ?? "" }
                var results: [ItemResult] = []
                switch BatchVerdict.evaluate(items: w.context.items, values: values) {
                case .success(let r): results = r
                case .failure(let failure): failure.errors.forEach { w.form.fail($0.field, $0.message) }
                }
                try w.form.finish()
                var b = w.record
                b.reportNumber = w.form["reportNumber"]
                b.reportedOn = day
                b.reportVersion += 1
                b.verdict = BatchVerdict.verdict(results)
                b.serious = BatchVerdict.serious(results)
                let failed = results.filter { $0.verdict == .fail }.map(\.name)
                b.failedItems = failed.isEmpty ? nil : failed.joined(separator: "、")
                // A corrected report must be delivered again; the objection period restarts from that delivery.
                b.deliveredOn = nil
                b.objectionDeadline = nil
                // A failed 严重 item is a lead for enforcement once, when the failure first becomes serious (SPEC EN-1).
                if b.verdict == .fail && b.serious && !w.before.serious {
                    let serious = results.filter(\.isSeriousFailure).map(\.name).joined(separator: "、")
                    w.effects.caseLead = LeadDraft(.seriousFailure, "监督抽查严重不合格项目：\(serious)（报告\(b.reportNumber ?? "")）")
                }
                // A batch's first failure is risk information (SPEC RK-1, source 监督抽查) and re-grades its product (RK-2).
                w.effects.raisesRisk = b.verdict == .fail && w.before.verdict != .fail
                w.record = b
                w.effects.results = results
                w.summary = "\(revising ? "更正" : "出具")报告\(w.form["reportNumber"] ?? "")（第\(b.reportVersion)版），结论：\(b.verdictLabel)"
                    + (failed.isEmpty ? "" : "，不合格项目：\(failed.joined(separator: "、"))")
            })
    }

    /// An objection decided after the acceptance period says so (SPEC SC-7: N working days to accept).
    static func lateNote(_ b: Batch, _ today: Day, _ context: BatchContext) -> String {
        guard let filed = b.objectionFiledOn,
              let due = try? context.calendar.adding(workingDays: context.rules.int("objectionAcceptanceWorkingDays"), to: filed),
              today > due else { return "" }
        return "（超过受理时限\(due)）"
    }
}
