/// One step of a kind, as one value: its label, who takes it from which states, where it leads, its form, what must
/// hold, when it is due, whether it is somebody's duty, the document it produces and what it does.
public struct WorkflowStep<K: WorkflowKind>: Sendable {
    public var label: String
    public var parties: Set<K.Party>
    public var from: Set<K.State>
    /// Where the step leads; nil when it records without moving. `perform` may choose another target from the input.
    public var target: K.State?
    /// Shown in to-do lists with its deadline; the other steps are taken when needed.
    public var isDuty: Bool
    /// The printable document the step produces (its template name), if any.
    public var document: String?
    /// The form of the step for this record (a report's fields come from the product's test items in the context).
    public var fields: @Sendable (K.Record, K.Context?) -> [FieldSpec]
    /// The form's first values, for the page that shows it (dates of the step default to today there).
    public var defaults: @Sendable (K.Record, Day) -> [String: String]
    /// A reason the step does not apply to the record whoever asks, or nil.
    public var precondition: @Sendable (K.Record) -> String?
    /// A reason it is not the time for the step today (too early or too late), or nil.
    public var timing: @Sendable (K.Record, Day) -> String?
    /// When the step is due, while the record waits for it.
    public var due: @Sendable (K.Record) -> Due?
    /// Checks the input beyond the field specs and changes the record; throws the form's errors.
    public var perform: @Sendable (inout StepWork<K>) throws(ValidationFailure) -> Void

    public init(_ label: String, parties: Set<K.Party>, from: Set<K.State>, to target: K.State?, isDuty: Bool = true,
                document: String? = nil,
                fields: @escaping @Sendable (K.Record, K.Context?) -> [FieldSpec] = { _, _ in [] },
                defaults: @escaping @Sendable (K.Record, Day) -> [String: String] = { _, _ in [:] },
                precondition: @escaping @Sendable (K.Record) -> String? = { _ in nil },
                timing: @escaping @Sendable (K.Record, Day) -> String? = { _, _ in nil },
                due: @escaping @Sendable (K.Record) -> Due? = { _ in nil },
                perform: @escaping @Sendable (inout StepWork<K>) throws(ValidationFailure) -> Void = { work throws(ValidationFailure) in try work.form.finish() }) {
        self.label = label
        self.parties = parties
        self.from = from
        self.target = target
        self.isDuty = isDuty
        self.document = document
        self.fields = fields
        self.defaults = defaults
        self.precondition = precondition
        self.timing = timing
        self.due = due
        self.perform = perform
    }

    /// The field specs with the context of a step being taken.
    public func fields(_ record: K.Record, context: K.Context? = nil) -> [FieldSpec] { fields(record, context) }
}

/// What a step's `perform` works on: the checked input, the record as it will be, and what it fills in.
public struct StepWork<K: WorkflowKind>: Sendable {
    public let action: K.Action
    public var form: StepForm
    public var record: K.Record
    public let before: K.Record
    public let context: K.Context
    public let principal: Principal
    /// What the timeline and the audit log say of the step; the step's label unless perform says more.
    public var summary: String
    /// Set by perform when the input decides where the step leads (a failed review goes back to rectification).
    public var target: K.State?
    public var effects = K.Effects()
    /// Set by perform when the step cannot be taken as things stand (not the input's fault): answered as a conflict.
    public private(set) var conflict: String?

    /// Refuses the step as things stand, e.g. no agency left to draw for a recheck.
    public mutating func refuse(_ reason: String) { conflict = reason }

    public var today: Day { context.today }
    public var rules: RuleSet { context.rules }
}

extension WorkflowStep {
    /// A step that sends the record back with a written reason (退回): the reason is required, at least `minimum`
    /// characters, kept on the record by `keep` when the record shows it, and said in the timeline as “label：reason”.
    public static func returning(_ label: String, parties: Set<K.Party>, from: Set<K.State>, to target: K.State, isDuty: Bool = true,
                                 minimum: Int = 4, keep: @escaping @Sendable (inout K.Record, String) -> Void = { _, _ in }) -> WorkflowStep {
        WorkflowStep(label, parties: parties, from: from, to: target, isDuty: isDuty,
            fields: { _, _ in [FieldSpec("reason", "退回理由", .longText, required: true, maxLength: 500)] },
            perform: { w throws(ValidationFailure) in
                w.form.minLength("reason", minimum, "请写明退回理由（至少\(minimum)个字）")
                try w.form.finish()
                let reason = w.form["reason"] ?? ""
                keep(&w.record, reason)
                w.summary = "\(label)：\(reason)"
            })
    }
}
