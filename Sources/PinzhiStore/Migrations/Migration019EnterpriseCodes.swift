/// An enterprise's type and scale are stored as their ASCII codes (EnterpriseType, EnterpriseScale), like the stage
/// in migration 017. Audit rows keep the labels they were written with; both enums still read a label.
enum Migration019EnterpriseCodes {
    static let migration = Migration(19, "enterprise_codes") { _ in
        [("enterprise_type", [("生产", "producer"), ("销售", "seller"), ("电商平台内经营者", "platformSeller")]),
         ("scale", [("大型", "large"), ("中型", "medium"), ("小型", "small"), ("微型", "micro")])].flatMap { column, pairs in
            pairs.map { label, code in "UPDATE enterprises SET \(column) = '\(code)' WHERE \(column) = '\(label)'" }
        }
    }
}
