import Foundation
import PinzhiDomain
import SQLKit

/// Risk items from CSV or XLSX (SPEC RK-1: reported by hand, imported, or made by the system): one row per item,
/// each checked as a hand report is (RiskItemRepository.check and .resolve), every problem named by its row and
/// column; then all rows written in one transaction, or none (or only the valid ones when asked). A row equal to an
/// item already stored (same source, product, day and evidence) is left alone, so a file imported twice writes
/// nothing the second time.
public struct RiskItemImport: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    /// The columns of the file, by the labels of the hand-report form; values are codes or their Chinese labels.
    public static let columns: [(key: String, label: String)] = [
        ("source", "来源"), ("productCode", "产品编码"), ("uscc", "企业统一社会信用代码"), ("districtCode", "所在区"), ("hazard", "危害类型"),
        ("userGroup", "使用人群"), ("severity", "伤害严重程度"), ("probability", "伤害发生概率"), ("reporter", "报送人或报送单位"),
        ("reportedOn", "报送日期"), ("evidence", "内容与证据"),
    ]
    static let required: Set<String> = ["source", "productCode", "hazard", "severity", "probability", "reporter", "evidence"]

    public static var header: [String] { columns.map(\.label) }

    static func label(_ key: String) -> String { columns.first { $0.key == key }?.label ?? key }

    /// A coded value from its code or its label.
    static func coded<T: CodedValue & CaseIterable>(_ text: String, _ type: T.Type, among allowed: [T]? = nil) -> T? {
        (allowed ?? Array(T.allCases)).first { $0.rawValue == text || $0.label == text }
    }

    /// The report a row says, or its problems.
    static func report(_ values: [String: String], today: Day) -> Result<RiskItemRepository.Report, ValidationFailure> {
        var errors: [FieldError] = []
        for key in required where (values[key] ?? "").isEmpty { errors.append(FieldError(key, "不能为空")) }
        let source = values["source"].flatMap { coded($0, RiskSource.self, among: RiskSource.entered) }
        if source == nil, !(values["source"] ?? "").isEmpty { errors.append(FieldError("source", "应为：\(RiskSource.entered.map(\.label).joined(separator: "、"))")) }
        let hazard = values["hazard"].flatMap { coded($0, Hazard.self) }
        if hazard == nil, !(values["hazard"] ?? "").isEmpty { errors.append(FieldError("hazard", "应为：\(Hazard.allCases.map(\.label).joined(separator: "、"))")) }
        let group = (values["userGroup"] ?? "").isEmpty ? UserGroup.general : coded(values["userGroup"] ?? "", UserGroup.self)
        if group == nil { errors.append(FieldError("userGroup", "应为：\(UserGroup.allCases.map(\.label).joined(separator: "、"))")) }
        let districtText = values["districtCode"] ?? ""
        let district = districtText.isEmpty ? nil : District.all.first { $0.code == districtText || $0.name == districtText }?.code
        if !districtText.isEmpty, district == nil { errors.append(FieldError("districtCode", "未知的区：\(districtText)")) }
        let dayText = (values["reportedOn"] ?? "").replacingOccurrences(of: "/", with: "-")
        let day = dayText.isEmpty ? nil : Day.written(dayText)
        if !dayText.isEmpty, day == nil { errors.append(FieldError("reportedOn", "应为“年-月-日”格式的日期")) }
        let severity = Int(values["severity"] ?? "")
        if severity == nil, !(values["severity"] ?? "").isEmpty { errors.append(FieldError("severity", "伤害严重程度应为1至4")) }
        guard errors.isEmpty, let source, let hazard, let group else { return .failure(ValidationFailure(errors)) }
        let report = RiskItemRepository.Report(source: source, productCode: values["productCode"] ?? "", uscc: values["uscc"], districtCode: district,
                                               hazard: hazard, userGroup: group, severity: severity ?? 0, probability: values["probability"] ?? "",
                                               evidence: values["evidence"] ?? "", reporter: values["reporter"] ?? "", reportedOn: day)
        let problems = RiskItemRepository.check(report, today: today)
        return problems.isEmpty ? .success(report) : .failure(ValidationFailure(problems))
    }

    public func run(_ data: Data, sheet: String? = nil, mode: ImportMode = .allOrNothing, today: Day, as p: Principal) async throws -> ImportReport {
        guard RiskPolicy.readerRoles.contains(p.role) else { throw StoreError.forbidden }
        var result = ImportReport(kind: .riskItems)
        let table: Table
        do {
            table = try TableFile.table(data, sheet: sheet) { heading in Self.columns.contains { Table.heading($0.label) == heading || $0.key == heading } }
        } catch let error as TableFileError {
            result.issues = [ImportIssue(row: 0, column: "", message: error.message)]
            return result
        }
        var index: [String: Int] = [:]
        for (i, name) in table.header.enumerated() {
            if let column = Self.columns.first(where: { Table.heading($0.label) == name || $0.key == name }) { index[column.key] = index[column.key] ?? i }
        }
        let missing = Self.columns.filter { Self.required.contains($0.key) && index[$0.key] == nil }
        guard missing.isEmpty else {
            result.issues = missing.map { ImportIssue(row: table.headerRow, column: $0.label, message: "表头缺少必填列“\($0.label)”") }
            return result
        }
        let body = table.body
        result.rowsRead = body.count
        let rules = try await RuleRepository(database).effective(on: today)
        let start = result, found = index
        return try await database.transaction { db in
            var result = start, bad: [Int: [String]] = [:]
            var items: [(row: Int, item: RiskItem)] = []
            for (number, row) in body {
                var values: [String: String] = [:]
                for (key, i) in found { values[key] = i < row.count ? row[i].trimmed : "" }
                if values.values.allSatisfy(\.isEmpty) { continue }
                func fail(_ failure: ValidationFailure) {
                    for e in failure.errors {
                        let issue = ImportIssue(row: number, column: e.field.isEmpty ? "" : Self.label(e.field), message: e.message)
                        result.issues.append(issue)
                        bad[number, default: []].append(issue.text)
                    }
                }
                switch Self.report(values, today: today) {
                case .failure(let failure): fail(failure)
                case .success(let report):
                    switch try await RiskItemRepository.resolve(db, report, today: today, as: p) {
                    case .failure(let failure): fail(failure)
                    case .success(let item): items.append((number, item))
                    }
                }
            }
            if !result.issues.isEmpty {
                result.errorFile = Importer(database).errorFile(table, bad)
                if mode == .allOrNothing { return result }
                result.skipped = bad.count
            }
            let now = Clock.nowText()
            for (_, item) in items {
                let same = try await db.select().column("id").from("risk_items").where("source", .equal, SQLBind(item.source.rawValue))
                    .where("product_id", .equal, SQLBind(item.productId)).where("reported_on", .equal, SQLBind(item.reportedOn.description))
                    .where("evidence", .equal, SQLBind(item.evidence)).first()
                if same != nil { result.unchanged += 1; continue }
                _ = try await RiskItemRepository.insert(db, item, today: today, rules: rules, by: p.username, actor: AuditActor(p), at: now)
                result.inserted += 1
            }
            result.committed = true
            return result
        }
    }
}
