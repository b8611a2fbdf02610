import Foundation
import PinzhiDomain
import SQLKit

/// Imports master data from CSV or XLSX (SPEC MD-5): every row checked by the same rules as the forms, every problem
/// reported with its row and column, and then either all rows written in one transaction or none.
/// Records are matched on their natural key, and unchanged ones are not touched, so a second run writes nothing.
public struct Importer: Sendable {
    public typealias Progress = @Sendable (_ phase: String, _ done: Int, _ total: Int) -> Void

    let database: PinzhiDatabase
    /// Rows checked and written at a time: the import holds one slice's records, not the file's (issue 21 item 4; at a
    /// million rows it held 7 GB).
    let slice: Int

    public init(_ database: PinzhiDatabase, slice: Int = 20_000) {
        self.database = database
        self.slice = max(1, slice)
    }

    /// `sheet` names the worksheet of an XLSX file to read; without it, the sheet whose header names the kind's columns.
    public func run(_ kind: ImportKind, data: Data, sheet: String? = nil, mode: ImportMode = .allOrNothing, actor: AuditActor,
                    progress: @escaping Progress = { _, _, _ in }) async throws -> ImportReport {
        var report = ImportReport(kind: kind)
        let table: Table
        do { table = try TableFile.table(data, sheet: sheet, naming: HeaderMap.namesAny(Self.fields(kind))) } catch let error as TableFileError {
            report.issues = [ImportIssue(row: 0, column: "", message: error.message)]
            return report
        }
        switch kind {
        case .enterprises: return try await importSimple(Enterprise.self, table, data, kind, mode, actor, progress)
        case .agencies: return try await importSimple(Agency.self, table, data, kind, mode, actor, progress)
        case .experts: return try await importSimple(Expert.self, table, data, kind, mode, actor, progress)
        case .nationalPlan: return try await importSimple(NationalPlanEntry.self, table, data, kind, mode, actor, progress)
        case .licences:
            let (resolved, unknown) = try await enterpriseIds(table)
            var report = try await importSimple(Licence.self, resolved, data, kind, mode, actor, progress)
            // A code that names no enterprise is said as such, not as “企业应为整数”.
            report.issues = report.issues.map { issue in
                guard issue.column == "企业", let code = unknown[issue.row] else { return issue }
                return ImportIssue(row: issue.row, column: issue.column, message: "未找到统一社会信用代码为\(code)的企业")
            }
            if !unknown.isEmpty, !report.errorFile.isEmpty {
                report.errorFile = errorFile(table, Dictionary(grouping: report.issues, by: \.row).mapValues { $0.map(\.text) })
            }
            return report
        case .products: return try await importProducts(table, mode, actor, progress)
        case .riskItems:
            // Risk items need the reporter's scope: RiskItemImport.run, with the principal.
            report.issues = [ImportIssue(row: 0, column: "", message: "风险信息请按报送人导入")]
            return report
        }
    }

    /// The columns a kind's file has, by which its header row is found.
    static func fields(_ kind: ImportKind) -> [FieldSpec] {
        switch kind {
        case .enterprises: Enterprise.fields
        case .agencies: Agency.fields
        case .experts: Expert.fields
        case .nationalPlan: NationalPlanEntry.fields
        case .licences: Licence.fields
        case .products: Product.fields + TestItem.fields.filter { $0.key != "productId" }
        case .riskItems: []
        }
    }

    /// The rows are checked and written a slice at a time in one transaction, the next slice checked on the other
    /// cores while one is written. All or nothing still holds: after a first bad row nothing more is written, the rest
    /// is still checked so that every problem is reported, and the transaction is rolled back.
    func importSimple<R: MasterRecord>(_ type: R.Type, _ table: Table, _ file: Data, _ kind: ImportKind, _ mode: ImportMode,
                                       _ actor: AuditActor, _ progress: @escaping Progress) async throws -> ImportReport {
        var report = ImportReport(kind: kind)
        let map = HeaderMap(header: table.header, fields: R.fields)
        if !checkHeader(map, R.fields, table, &report) { return report }
        let body = table.body
        let upsert = BulkUpsert(repository: MasterRepository<R>(database))
        let slices = stride(from: 0, to: body.count, by: slice).map { $0..<min($0 + slice, body.count) }
        do {
            return try await database.transaction { db in
                var report = ImportReport(kind: kind)
                var seen: [String: Int] = [:]
                var badRows: [Int: [String]] = [:]
                var sealer = ImportSeal.Sealer()
                var pieces: [SearchIndex.Piece] = []
                let lookup = try await upsert.lookup(db, incoming: body.count)
                func check(_ index: Int) -> Task<[Result<BulkUpsert<R>.Row, ValidationFailure>], any Error>? {
                    guard slices.indices.contains(index) else { return nil }
                    let rows = Array(body[slices[index]])
                    return Task { try await Self.built(R.self, rows, map) }
                }
                var next = check(0)
                defer { next?.cancel() }
                for index in slices.indices {
                    guard let checking = next else { break }
                    let built = try await checking.value
                    next = check(index + 1)
                    var valid: [BulkUpsert<R>.Row] = []
                    for (line, outcome) in zip(body[slices[index]], built) {
                        report.rowsRead += 1
                        switch outcome {
                        case .success(let row):
                            if let first = seen[row.key] {
                                let issue = ImportIssue(row: line.number, column: R.fields.first.map(\.label) ?? "", message: "与第\(first)行重复（\(row.key)）")
                                report.issues.append(issue)
                                badRows[line.number, default: []].append(issue.text)
                            } else {
                                seen[row.key] = line.number
                                valid.append(row)
                            }
                        case .failure(let failure):
                            for error in failure.errors {
                                let issue = ImportIssue(row: line.number, column: label(error.field, R.fields), message: error.message)
                                report.issues.append(issue)
                                badRows[line.number, default: []].append(issue.text)
                            }
                        }
                    }
                    if report.issues.isEmpty || mode == .validRowsOnly {
                        let written = try await upsert.write(db, valid, lookup: lookup, actor: actor)
                        report.inserted += written.inserted
                        report.updated += written.updated
                        report.unchanged += written.unchanged
                        try await sealer.add(written.created)
                        pieces += written.pieces
                    }
                    progress("校验并写入", slices[index].upperBound, body.count)
                }
                report.errorFile = errorFile(table, badRows)
                if !report.issues.isEmpty && mode == .allOrNothing { throw Rejected(report: report) }
                report.skipped = badRows.count
                try await SearchIndex.insert(db, upsert.repository.table, pieces: pieces)
                if report.inserted + report.updated > 0 {
                    // One chained row for the whole import; the new records are sealed in it, not audited one by one.
                    let seal = sealer.count == 0 ? nil : sealer.seal(file: file)
                    try await AuditLog.append(db, actor: actor, action: ImportSeal.importAction, entity: R.kind.rawValue, entityId: nil,
                                              summary: "导入\(kind.label)：新增\(report.inserted)条，更新\(report.updated)条，未变\(report.unchanged)条",
                                              after: AuditLog.json(seal))
                }
                report.committed = true
                return report
            }
        } catch let rejected as Rejected {
            return rejected.report
        }
    }

    /// A file with problems in all-or-nothing mode: what was written of it is rolled back and the report returned.
    struct Rejected: Error {
        let report: ImportReport
    }

    /// Each row of a slice checked and encoded for its INSERT, in the order of the rows: the rows are independent, so
    /// the slice is cut into one part per core and the parts are checked at once (issue 21 item 4).
    static func built<R: MasterRecord>(_ type: R.Type, _ rows: [(number: Int, cells: [String])],
                                       _ map: HeaderMap) async throws -> [Result<BulkUpsert<R>.Row, ValidationFailure>] {
        try await Slices.mapSlices(rows) { rows in
            let build = RecordBuilder.builder(R.self, over: R())
            var out: [Result<BulkUpsert<R>.Row, ValidationFailure>] = []
            out.reserveCapacity(rows.count)
            for (_, row) in rows {
                switch build(map.values(row, R.fields)) {
                case .success(let record): out.append(.success(try BulkUpsert<R>.row(record)))
                case .failure(let failure): out.append(.failure(failure))
                }
            }
            return out
        }
    }

    /// The issuers' lists name the holder by its USCC: the 企业 column takes a USCC (or the enterprise's number)
    /// and is read as the enterprise's id; an unknown code stays as it is and is returned by its row number.
    func enterpriseIds(_ table: Table) async throws -> (table: Table, unknown: [Int: String]) {
        guard let column = table.header.firstIndex(of: "企业") else { return (table, [:]) }
        let body = table.body
        let codes = Set(body.compactMap { $0.cells.indices.contains(column) ? $0.cells[column].trimmingCharacters(in: .whitespaces).uppercased() : nil }
            .filter { $0.count == 18 })
        guard !codes.isEmpty else { return (table, [:]) }
        let ids: [String: Int64] = try await database.session { db in
            var found: [String: Int64] = [:]
            for chunk in stride(from: 0, to: codes.count, by: 500).map({ Array(Array(codes)[$0..<min($0 + 500, codes.count)]) }) {
                for row in try await db.select().column("id").column("uscc").from("enterprises").where("uscc", .in, SQLBind.group(chunk)).all() {
                    found[try row.decode(column: "uscc", as: String.self)] = try row.decode(column: "id", as: Int64.self)
                }
            }
            return found
        }
        var unknown: [Int: String] = [:]
        var resolved = table
        for (number, cells) in body where cells.indices.contains(column) {
            let code = cells[column].trimmingCharacters(in: .whitespaces).uppercased()
            if let id = ids[code] { resolved.rows[number - 1][column] = String(id) } else if code.count == 18 { unknown[number] = code }
        }
        return (resolved, unknown)
    }

    /// Products come with their test items, one item per row; the product columns repeat or are left blank.
    func importProducts(_ table: Table, _ mode: ImportMode, _ actor: AuditActor, _ progress: Progress) async throws -> ImportReport {
        var report = ImportReport(kind: .products)
        let itemFields = TestItem.fields.filter { $0.key != "productId" }
        let productMap = HeaderMap(header: table.header, fields: Product.fields)
        let itemMap = HeaderMap(header: table.header, fields: itemFields)
        if !checkHeader(productMap, Product.fields, table, &report) { return report }
        var products: [String: (row: Int, product: Product)] = [:]
        var order: [String] = []
        var items: [(code: String, item: TestItem)] = []
        var itemKeys: [String: Int] = [:]
        var badRows: [Int: [String]] = [:]
        func fail(_ row: Int, _ column: String, _ message: String) {
            let issue = ImportIssue(row: row, column: column, message: message)
            report.issues.append(issue)
            badRows[row, default: []].append(issue.text)
        }
        for (number, row) in table.body {
            report.rowsRead += 1
            let productValues = productMap.values(row, Product.fields)
            let code = (productValues["code"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !code.isEmpty else { fail(number, "产品编码", "产品编码不能为空"); continue }
            if products[code] == nil {
                switch RecordBuilder.build(Product.self, values: productValues, over: Product()) {
                case .success(let product): products[code] = (number, product); order.append(code)
                case .failure(let failure): failure.errors.forEach { fail(number, label($0.field, Product.fields), $0.message) }
                }
            }
            let itemValues = itemMap.values(row, itemFields)
            guard let name = itemValues["name"], !name.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            var values = itemValues
            values["productId"] = "1"
            switch RecordBuilder.build(TestItem.self, values: values, over: TestItem()) {
            case .success(let item):
                let key = code + "|" + item.name
                if let first = itemKeys[key] { fail(number, "检验项目", "与第\(first)行的检验项目重复") }
                else { itemKeys[key] = number; items.append((code, item)) }
            case .failure(let failure): failure.errors.forEach { fail(number, label($0.field, itemFields), $0.message) }
            }
        }
        report.errorFile = errorFile(table, badRows)
        if !report.issues.isEmpty && mode == .allOrNothing { return report }
        report.skipped = badRows.count
        let productRepo = MasterRepository<Product>(database)
        let itemRepo = MasterRepository<TestItem>(database)
        let plannedProducts = order.compactMap { products[$0]?.product }
        let plannedItems = items
        let counts = try await database.transaction { db in
            var counts = (0, 0, 0)
            func count(_ outcome: UpsertOutcome) {
                switch outcome {
                case .inserted: counts.0 += 1
                case .updated: counts.1 += 1
                case .unchanged: counts.2 += 1
                }
            }
            var ids: [String: Int64] = [:]
            for product in plannedProducts {
                count(try await productRepo.upsert(db, product, actor: actor))
                ids[product.code] = try await productRepo.findByNaturalKey(db, product)?.id
            }
            for (index, entry) in plannedItems.enumerated() {
                guard let productId = ids[entry.code] else { continue }
                var item = entry.item
                item.productId = productId
                count(try await itemRepo.upsert(db, item, actor: actor))
                if index % 200 == 0 { progress("写入", index + 1, plannedItems.count) }
            }
            if counts.0 + counts.1 > 0 {
                try await AuditLog.append(db, actor: actor, action: "import", entity: "product", entityId: nil,
                                          summary: "导入产品及检验项目：新增\(counts.0)条，更新\(counts.1)条，未变\(counts.2)条")
            }
            return counts
        }
        (report.inserted, report.updated, report.unchanged) = counts
        report.committed = true
        return report
    }

    func checkHeader(_ map: HeaderMap, _ fields: [FieldSpec], _ table: Table, _ report: inout ImportReport) -> Bool {
        let missing = map.missingRequired(fields)
        for field in missing {
            report.issues.append(ImportIssue(row: table.headerRow, column: field.label, message: "表头缺少必填列“\(field.label)”"))
        }
        return missing.isEmpty
    }

    func label(_ key: String, _ fields: [FieldSpec]) -> String {
        fields.first { $0.key == key }?.label ?? key
    }

    /// The rows in error as they were in the file, each with its row number and what is wrong, to fix and re-import.
    func errorFile(_ table: Table, _ bad: [Int: [String]]) -> [[String]] {
        guard !bad.isEmpty else { return [] }
        let header = table.header, rows = table.rows
        var out = [["行号"] + header + ["错误说明"]]
        for number in bad.keys.sorted() {
            let row = number - 1 < rows.count ? rows[number - 1] : []
            out.append([String(number)] + row + Array(repeating: "", count: max(0, header.count - row.count)) + [bad[number]!.joined(separator: "；")])
        }
        return out
    }
}
