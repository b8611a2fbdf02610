/// The input of one step, checked against the step's field specs: required fields, lengths, dates, choices. Errors
/// collect so that the person sees all of them at once.
public struct StepForm: Sendable {
    public private(set) var values: [String: String]
    public private(set) var errors: [FieldError] = []

    public init(_ input: [String: String], specs: [FieldSpec]) {
        var kept: [String: String] = [:]
        for spec in specs {
            var value = input[spec.key] ?? ""
            if case .choice(let options) = spec.type, let code = options.code(for: value) { value = code }
            if !value.isEmpty { kept[spec.key] = value }
            if spec.required && value.isEmpty && spec.type != .boolean {
                errors.append(FieldError(spec.key, "请填写“\(spec.label)”"))
            } else if value.hasInvisibleControl {
                errors.append(FieldError(spec.key, "“\(spec.label)”含有不可见的控制字符"))
            } else if value.count > spec.maxLength {
                errors.append(FieldError(spec.key, "“\(spec.label)”不能超过\(spec.maxLength)个字"))
            } else if !value.isEmpty, case .choice(let options) = spec.type, options.code(for: value) == nil {
                errors.append(FieldError(spec.key, "“\(spec.label)”应为：\(options.labelList)"))
            } else if !value.isEmpty, spec.type == .decimal, Double(value)?.isFinite != true {
                errors.append(FieldError(spec.key, "“\(spec.label)”应为数字"))
            } else if !value.isEmpty, spec.type == .date, Day(value) == nil {
                errors.append(FieldError(spec.key, "“\(spec.label)”应为“年-月-日”格式的日期"))
            }
        }
        values = kept
    }

    public subscript(_ key: String) -> String? { values[key] }

    /// A checkbox: "是", "true", "on" or "1" count as ticked.
    public func flag(_ key: String) -> Bool { ["是", "true", "on", "1"].contains(values[key] ?? "") }

    public mutating func fail(_ field: String, _ message: String) {
        if !errors.contains(where: { $0.field == field }) { errors.append(FieldError(field, message)) }
    }

    public mutating func require(_ field: String, _ message: String) {
        if (values[field] ?? "").isEmpty { fail(field, message) }
    }

    public mutating func minLength(_ field: String, _ length: Int, _ message: String) {
        if let v = values[field], v.count < length { fail(field, message) }
    }

    public mutating func day(_ field: String, notAfter limit: Day? = nil) -> Day? {
        guard let text = values[field], let day = Day(text) else { return nil }
        if let limit, day > limit { fail(field, "日期不能晚于今天（\(limit)）") }
        return day
    }

    /// A whole number within `range`, else the message.
    public mutating func int(_ field: String, in range: ClosedRange<Int>, _ message: String) -> Int? {
        guard let text = values[field] else { return nil }
        guard let v = Int(text), range.contains(v) else {
            fail(field, message)
            return nil
        }
        return v
    }

    public func finish() throws(ValidationFailure) {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}
