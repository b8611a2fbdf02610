import PinzhiDomain

/// A create or edit form built from the record's field specs, with each field's error beside it.
struct FormPage {
    struct Field {
        var key: String
        var label: String
        var value: String
        var required: Bool
        var error: String?
        var isText: Bool = false
        var isTextarea: Bool = false
        var isSelect: Bool = false
        var isCheckbox: Bool = false
        var isDate: Bool = false
        var isNumber: Bool = false
        var isHidden: Bool = false
        var checked: Bool = false
        var maxLength: Int
        var options: [ListPage.Option] = []
    }

    var chrome: PageChrome
    var heading: String
    var action: String
    var cancelURL: String
    var version: Int?
    var fields: [Field]
    var errors: [String]
    var submitLabel: String

    static func fields(_ specs: [FieldSpec], values: [String: String], errors: [FieldError],
                       organisations: [(Int64, String)], hidden: Set<String>, products: [(id: Int64, label: String)] = []) -> [Field] {
        specs.map { spec in
            let value = values[spec.key] ?? ""
            var f = Field(key: spec.key, label: spec.label, value: value, required: spec.required,
                          error: errors.first { $0.field == spec.key }?.message, maxLength: spec.maxLength)
            if hidden.contains(spec.key) {
                f.isHidden = true
                return f
            }
            switch spec.type {
            case .text: f.isText = true
            case .longText: f.isTextarea = true
            case .integer, .decimal: f.isNumber = true
            case .date: f.isDate = true
            case .boolean:
                f.isCheckbox = true
                f.checked = value == "是"
            case .choice(let options):
                f.isSelect = true
                f.options = options.map { ListPage.Option(value: $0.code, label: $0.label, selected: $0.code == value) }
            case .district:
                f.isSelect = true
                f.options = [ListPage.Option(value: "", label: "（按信用代码自动判断）", selected: value.isEmpty)]
                    + District.all.map { ListPage.Option(value: $0.code, label: $0.name, selected: $0.code == value) }
            case .organisation:
                f.isSelect = true
                f.options = organisations.map { ListPage.Option(value: String($0.0), label: $0.1, selected: String($0.0) == value) }
            case .reference(.product) where !products.isEmpty:
                f.isSelect = true
                f.options = [ListPage.Option(value: "", label: "（请选择）", selected: value.isEmpty)]
                    + products.map { ListPage.Option(value: String($0.id), label: $0.label, selected: String($0.id) == value) }
            case .reference:
                f.isNumber = true
            }
            return f
        }
    }
}
