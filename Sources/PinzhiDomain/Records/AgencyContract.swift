/// A tender won by an agency: year, lot, the product it covers, how many batches and the bid price 中标价格
/// (SPEC MD-3). Tasks are assigned under it by product id, up to its batches (docs/rules.md "Assignment").
public struct AgencyContract: MasterRecord {
    public static let kind = RecordKind.agencyContract
    public static let fields: [FieldSpec] = [
        FieldSpec("agencyId", "承检机构", .reference(.agency), required: true),
        FieldSpec("year", "年度", .integer, required: true, listed: true),
        FieldSpec("tenderNumber", "招标编号", required: true, maxLength: 40, listed: true),
        FieldSpec("name", "标段名称", required: true, maxLength: 100, listed: true),
        FieldSpec("productId", "产品", .reference(.product), required: true, listed: true),
        FieldSpec("bidPrice", "中标价格（元/批次）", .decimal, required: true, listed: true),
        FieldSpec("batches", "合同批次数", .integer, required: true, listed: true),
    ]
    public static let searchColumns = ["name", "tender_number"]
    public static let naturalKey = ["agency_id", "tender_number", "name"]

    public var id: Int64 = 0
    public var version: Int = 0
    public var active: Bool = true
    public var agencyId: Int64 = 0
    public var year: Int = 2026
    public var tenderNumber: String = ""
    public var name: String = ""
    /// Optional only for contracts entered before products were linked by id whose lot named no product: they cover
    /// nothing until someone picks the product.
    public var productId: Int64?
    public var bidPrice: Double = 0
    public var batches: Int = 0

    public init() {}

    public var displayName: String { "\(year) \(name)" }

    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if !(2000...2100).contains(year) { errors.append(FieldError("year", "年度应为2000至2100之间的四位数")) }
        if bidPrice <= 0 { errors.append(FieldError("bidPrice", "中标价格应大于0")) }
        if batches <= 0 { errors.append(FieldError("batches", "合同批次数应大于0")) }
        return errors
    }
}
