import Foundation

/// Turns text typed into a form, a CSV cell or an XLSX cell into a record, checking each field by its spec and then
/// the record's own rules; and turns a record back into text. Forms, imports and exports all go through here, so a
/// value accepted by one path is accepted by all.
public enum RecordBuilder {
    public static func build<R: MasterRecord>(
        _ type: R.Type, values: [String: String], over base: R
    ) -> Result<R, ValidationFailure> {
        builder(type, over: base)(values)
    }

    /// `build` over one base for many records: the base is turned into fields once (an import builds every row
    /// over the same empty record).
    public static func builder<R: MasterRecord>(_ type: R.Type, over base: R) -> ([String: String]) -> Result<R, ValidationFailure> {
        guard let object = jsonObject(base) else { return { _ in .failure(ValidationFailure([FieldError("", "内部错误：记录无法编码")])) } }
        return { values in build(type, values: values, over: object) }
    }

    static func build<R: MasterRecord>(_ type: R.Type, values: [String: String], over base: [String: Any]) -> Result<R, ValidationFailure> {
        var errors: [FieldError] = []
        var object = base
        for spec in R.fields where !spec.computed {
            guard let raw = values[spec.key] else { continue }
            switch parse(raw, spec) {
            case .success(let value): object[spec.key] = value
            case .failure(let error): errors.append(error)
            }
        }
        guard errors.isEmpty else { return .failure(ValidationFailure(errors)) }
        guard var record = decode(R.self, object) else {
            return .failure(ValidationFailure([FieldError("", "记录内容不完整")]))
        }
        record.normalize()
        let ruleErrors = record.validate()
        return ruleErrors.isEmpty ? .success(record) : .failure(ValidationFailure(ruleErrors))
    }

    /// The record's fields as text for forms and exports.
    public static func text<R: MasterRecord>(of record: R, forDisplay: Bool = false) -> [String: String] {
        let object = jsonObject(record) ?? [:]
        var out: [String: String] = [:]
        for spec in R.fields {
            out[spec.key] = text(object[spec.key], spec, forDisplay: forDisplay)
        }
        return out
    }

    static func text(_ value: Any?, _ spec: FieldSpec, forDisplay: Bool) -> String {
        guard let value, !(value is NSNull) else { return "" }
        switch spec.type {
        case .boolean:
            return (value as? Bool ?? false) ? "是" : "否"
        case .district:
            let code = "\(value)"
            return forDisplay ? District.named(code: code) : code
        case .choice(let options):
            return forDisplay ? options.label(for: "\(value)") : "\(value)"
        case .decimal:
            if let d = value as? Double { return d == d.rounded() ? String(Int64(d)) : String(d) }
            return "\(value)"
        default:
            return "\(value)"
        }
    }

    static func parse(_ raw: String, _ spec: FieldSpec) -> Result<Any, FieldError> {
        let s = raw.trimmed
        if s.isEmpty {
            if spec.type == .boolean { return .success(false) }
            return spec.required ? .failure(FieldError(spec.key, "\(spec.label)不能为空")) : .success(NSNull())
        }
        switch spec.type {
        case .text, .longText:
            if s.count > spec.maxLength { return .failure(FieldError(spec.key, "\(spec.label)不能超过\(spec.maxLength)个字")) }
            if s.hasInvisibleControl {
                return .failure(FieldError(spec.key, "\(spec.label)含有不可见的控制字符"))
            }
            return .success(s)
        case .choice(let options):
            return options.code(for: s).map { .success($0) }
                ?? .failure(FieldError(spec.key, "\(spec.label)应为以下之一：\(options.labelList)"))
        case .district:
            if let d = District.all.first(where: { $0.code == s || $0.name == s || $0.name.dropLast() == s }) {
                return .success(d.code)
            }
            return .failure(FieldError(spec.key, "\(spec.label)“\(s)”不是本市的区"))
        case .date:
            // Written as a file has it (2026/3/1, 2026年3月1日 …), stored as YYYY-MM-DD.
            return Day.written(s).map { .success($0.description) }
                ?? .failure(FieldError(spec.key, "\(spec.label)应为“年-月-日”格式的日期，如2026-03-01"))
        case .integer, .organisation, .reference:
            guard let n = Int64(s) else { return .failure(FieldError(spec.key, "\(spec.label)应为整数")) }
            return .success(n)
        case .decimal:
            guard let d = Double(s), d.isFinite else { return .failure(FieldError(spec.key, "\(spec.label)应为数字")) }
            return .success(d)
        case .boolean:
            switch s.lowercased() {
            case "是", "true", "1", "on", "yes", "y": return .success(true)
            case "否", "false", "0", "off", "no", "n": return .success(false)
            default: return .failure(FieldError(spec.key, "\(spec.label)应填“是”或“否”"))
            }
        }
    }

    static func jsonObject<R: Encodable>(_ record: R) -> [String: Any]? {
        guard let data = try? JSONEncoder().encode(record) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    static func decode<R: Decodable>(_ type: R.Type, _ object: [String: Any]) -> R? {
        try? R(from: FieldObjectDecoder(object))
    }
}
