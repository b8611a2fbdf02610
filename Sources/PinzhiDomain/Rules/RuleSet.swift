import Foundation

/// The rule parameters in force from a date on (SPEC: "a versioned, effective-dated rules table"). Decisions record
/// the version they used, so a later change never rewrites how an earlier decision was made.
public struct RuleSet: Sendable, Equatable, Codable {
    public var version: Int
    public var effectiveFrom: Day
    public var values: [String: Double]
    public var reason: String
    public var createdBy: String

    public init(version: Int, effectiveFrom: Day, values: [String: Double], reason: String, createdBy: String) {
        self.version = version
        self.effectiveFrom = effectiveFrom
        self.values = values
        self.reason = reason
        self.createdBy = createdBy
    }

    public static var defaults: [String: Double] {
        Dictionary(uniqueKeysWithValues: RuleParameter.all.map { ($0.key, $0.defaultValue) })
    }

    /// A parameter's value; the default where an older version predates the parameter.
    public func value(_ key: String) -> Double {
        values[key] ?? RuleParameter.all.first { $0.key == key }?.defaultValue ?? 0
    }

    public func int(_ key: String) -> Int { Int(value(key).rounded()) }

    /// Checks values typed by the administrator; every parameter must be present and in its range.
    public static func validate(_ values: [String: Double], reason: String) -> [FieldError] {
        var errors: [FieldError] = []
        for p in RuleParameter.all {
            guard let v = values[p.key] else {
                errors.append(FieldError(p.key, "\(p.label)不能为空"))
                continue
            }
            if !p.range.contains(v) {
                errors.append(FieldError(p.key, "\(p.label)应在\(format(p.range.lowerBound))至\(format(p.range.upperBound))\(p.unit)之间"))
            }
        }
        if reason.trimmingCharacters(in: .whitespaces).count < 4 {
            errors.append(FieldError("reason", "请写明调整理由（至少4个字）"))
        }
        return errors
    }

    public static func format(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(v)
    }
}
