import PinzhiDomain
import PinzhiStore

/// The 20 key products of seed 001 with the test items, limits and standards of their implementation rules.
/// Item tuple: name, clause, unit, limit, key safety item, severity is serious (严重) when key.
enum DemoCatalogue {
    struct Entry {
        var code: String
        var name: String
        var major: String
        var middle: String
        var national: Bool
        var licence: Bool
        var ccc: Bool
        var fastTrack: Bool
        var season: (Int, Int)?
        var standards: String
        var items: [(String, String, String, String, Bool)]
    }

    static let entries: [Entry] = [
        Entry(code: "P001", name: "危险化学品（工业硫酸）", major: "化工产品", middle: "危险化学品", national: true, licence: true, ccc: false, fastTrack: false, season: nil,
              standards: "GB/T 534-2014 工业硫酸；GB 15258-2009 化学品安全标签编写规定",
              items: [("硫酸含量", "4.1", "%", "≥92.5", false), ("灰分", "4.2", "%", "≤0.03", false), ("铁含量", "4.3", "%", "≤0.010", false),
                      ("砷含量", "4.4", "%", "≤0.005", true), ("安全标签", "GB 15258 第5章", "", "符合", true)]),
        Entry(code: "P002", name: "危险化学品包装物", major: "化工产品", middle: "危险化学品包装物", national: true, licence: true, ccc: false, fastTrack: false, season: nil,
              standards: "GB 12463-2009 危险货物运输包装通用技术条件；GB 19269-2009",
              items: [("跌落试验", "5.3.1", "", "符合", true), ("气密试验", "5.3.2", "", "符合", true), ("液压试验", "5.3.3", "", "符合", false),
                      ("堆码试验", "5.3.4", "", "符合", false)]),
        Entry(code: "P003", name: "车载常压罐体", major: "交通运输设备", middle: "罐式车辆罐体", national: true, licence: false, ccc: false, fastTrack: false, season: nil,
              standards: "GB 18564.1-2019 道路运输液体危险货物罐式车辆 第1部分：金属常压罐体技术要求",
              items: [("罐体设计代码", "4.1", "", "符合", false), ("罐体最小厚度", "5.4", "mm", "≥4", true), ("气密性试验", "7.4", "", "符合", true),
                      ("紧急切断装置", "6.3", "", "符合", true)]),
        Entry(code: "P004", name: "钢筋混凝土用热轧带肋钢筋", major: "建筑材料", middle: "钢材", national: true, licence: true, ccc: false, fastTrack: false, season: nil,
              standards: "GB/T 1499.2-2018 钢筋混凝土用钢 第2部分：热轧带肋钢筋",
              items: [("下屈服强度", "7.4.1", "MPa", "≥400", true), ("抗拉强度", "7.4.1", "MPa", "≥540", true), ("断后伸长率", "7.4.1", "%", "≥16", false),
                      ("最大力总延伸率", "7.4.1", "%", "≥7.5", true), ("重量偏差", "8.4", "%", "-5~5", false), ("弯曲性能", "7.5", "", "符合", false)]),
        Entry(code: "P005", name: "通用硅酸盐水泥", major: "建筑材料", middle: "水泥", national: true, licence: true, ccc: false, fastTrack: false, season: nil,
              standards: "GB 175-2023 通用硅酸盐水泥",
              items: [("3d抗压强度", "7.3.2", "MPa", "≥17.0", false), ("28d抗压强度", "7.3.2", "MPa", "≥42.5", true), ("初凝时间", "7.3.1", "min", "≥45", false),
                      ("安定性", "7.3.1", "", "符合", true), ("氧化镁", "7.1", "%", "≤5.0", false), ("三氧化硫", "7.1", "%", "≤3.5", false)]),
        Entry(code: "P006", name: "电线电缆（聚氯乙烯绝缘电缆）", major: "电工及材料", middle: "电线电缆", national: true, licence: true, ccc: true, fastTrack: false, season: nil,
              standards: "GB/T 5023.3-2008 额定电压450/750V及以下聚氯乙烯绝缘电缆 第3部分",
              items: [("导体电阻（4mm²）", "2.2", "Ω/km", "≤4.61", true), ("绝缘平均厚度", "2.3", "mm", "≥0.8", true), ("绝缘最薄处厚度", "2.3", "mm", "≥0.62", false),
                      ("老化前绝缘抗张强度", "2.4", "N/mm²", "≥12.5", false), ("成品电缆电压试验", "2.5", "", "符合", true)]),
        Entry(code: "P007", name: "家用燃气灶具", major: "燃气用品", middle: "燃气具", national: true, licence: false, ccc: true, fastTrack: true, season: nil,
              standards: "GB 16410-2020 家用燃气灶具",
              items: [("燃气系统气密性", "5.1.1", "", "符合", true), ("熄火保护装置", "5.3.5", "", "符合", true), ("热负荷偏差", "5.2.1", "%", "-10~10", false),
                      ("热效率", "5.2.6", "%", "≥63", false), ("干烟气中CO浓度", "5.2.4", "%", "≤0.05", true)]),
        Entry(code: "P008", name: "烟花爆竹", major: "轻工产品", middle: "烟花爆竹", national: true, licence: false, ccc: false, fastTrack: false, season: (11, 2),
              standards: "GB 10631-2013 烟花爆竹 安全与质量",
              items: [("标志标签", "5.1", "", "符合", false), ("含药量", "5.2", "g", "≤10", true), ("禁限用药物", "5.3", "", "符合", true),
                      ("燃放性能", "5.4", "", "符合", false), ("结构与材质", "5.5", "", "符合", false)]),
        Entry(code: "P009", name: "电动自行车", major: "交通运输设备", middle: "电动自行车", national: true, licence: false, ccc: true, fastTrack: false, season: nil,
              standards: "GB 17761-2024 电动自行车安全技术规范",
              items: [("最高设计车速", "4.1.1", "km/h", "≤25", true), ("整车质量", "4.1.3", "kg", "≤63", true), ("制动性能", "4.2.2", "", "符合", true),
                      ("防篡改", "4.3.2", "", "符合", false), ("阻燃性能", "4.4.1", "", "符合", false)]),
        Entry(code: "P010", name: "电动自行车充电器和电池", major: "电子电器", middle: "电池及充电器", national: true, licence: false, ccc: true, fastTrack: false, season: nil,
              standards: "GB 43854-2024 电动自行车用锂离子蓄电池安全技术规范",
              items: [("过充电保护", "5.2.1", "", "符合", true), ("外部短路保护", "5.2.3", "", "符合", true), ("热滥用", "5.3.2", "", "符合", false),
                      ("电池组标称电压", "5.1", "V", "≤48", false)]),
        Entry(code: "P011", name: "日常防护型口罩", major: "纺织服装", middle: "防护用品", national: false, licence: false, ccc: false, fastTrack: false, season: nil,
              standards: "GB/T 32610-2016 日常防护型口罩技术规范",
              items: [("过滤效率", "6.6", "%", "≥90", true), ("吸气阻力", "6.7", "Pa", "≤175", false), ("呼气阻力", "6.8", "Pa", "≤145", false),
                      ("甲醛含量", "6.4", "mg/kg", "≤20", false), ("环氧乙烷残留量", "6.4", "μg/g", "≤10", true)]),
        Entry(code: "P012", name: "车用汽油", major: "石油化工", middle: "车用成品油", national: false, licence: false, ccc: false, fastTrack: true, season: nil,
              standards: "GB 17930-2016 车用汽油",
              items: [("硫含量", "表1", "mg/kg", "≤10", true), ("苯含量", "表1", "%(体积分数)", "≤0.8", true), ("烯烃含量", "表1", "%(体积分数)", "≤18", false),
                      ("研究法辛烷值", "表1", "", "≥92", false), ("蒸气压", "表1", "kPa", "40~85", false)]),
        Entry(code: "P013", name: "车用尿素水溶液", major: "石油化工", middle: "车用尿素", national: false, licence: false, ccc: false, fastTrack: false, season: nil,
              standards: "GB 29518-2013 柴油发动机氮氧化物还原剂 尿素水溶液（AUS 32）",
              items: [("尿素含量", "4.2", "%", "31.8~33.2", true), ("缩二脲", "4.2", "%", "≤0.3", false), ("醛类", "4.2", "mg/kg", "≤5", false),
                      ("不溶物", "4.2", "mg/kg", "≤20", false)]),
        Entry(code: "P014", name: "塑料购物袋", major: "塑料制品", middle: "塑料袋", national: false, licence: false, ccc: false, fastTrack: false, season: nil,
              standards: "GB/T 21661-2020 塑料购物袋",
              items: [("厚度", "5.3", "mm", "≥0.025", true), ("提吊试验", "5.5", "", "符合", false), ("落镖冲击", "5.5", "", "符合", false),
                      ("标志", "8.1", "", "符合", false)]),
        Entry(code: "P015", name: "聚乙烯吹塑农用地面覆盖薄膜", major: "塑料制品", middle: "农用薄膜", national: false, licence: false, ccc: false, fastTrack: false, season: (2, 5),
              standards: "GB 13735-2017 聚乙烯吹塑农用地面覆盖薄膜",
              items: [("厚度", "5.2", "mm", "≥0.010", true), ("拉伸断裂应力", "5.4", "MPa", "≥18", false), ("断裂标称应变", "5.4", "%", "≥300", false),
                      ("直角撕裂强度", "5.4", "kN/m", "≥50", false)]),
        Entry(code: "P016", name: "一次性发泡塑料餐具", major: "塑料制品", middle: "食品接触塑料制品", national: false, licence: true, ccc: false, fastTrack: false, season: nil,
              standards: "GB 4806.7-2023 食品接触用塑料材料及制品；GB 18006.1-2009",
              items: [("高锰酸钾消耗量", "4.3", "mg/kg", "≤10", true), ("总迁移量", "4.3", "mg/dm²", "≤10", true), ("重金属（以Pb计）", "4.3", "mg/kg", "≤1", false),
                      ("负重性能", "5.2", "", "符合", false)]),
        Entry(code: "P017", name: "手提式灭火器", major: "消防产品", middle: "灭火器", national: false, licence: false, ccc: true, fastTrack: true, season: nil,
              standards: "GB 4351-2023 手提式灭火器",
              items: [("有效喷射时间", "6.3", "s", "≥8", false), ("喷射滞后时间", "6.4", "s", "≤5", false), ("喷射剩余率", "6.5", "%", "≤10", false),
                      ("灭火性能", "6.6", "", "符合", true), ("水压试验", "6.9", "", "符合", true)]),
        Entry(code: "P018", name: "防火门", major: "消防产品", middle: "防火门窗", national: false, licence: false, ccc: true, fastTrack: true, season: nil,
              standards: "GB 12955-2024 防火门",
              items: [("耐火性能", "5.10", "min", "≥60", true), ("闭门器", "5.3.1", "", "符合", false), ("防火锁", "5.3.2", "", "符合", false),
                      ("填充材料", "5.2.4", "", "符合", true)]),
        Entry(code: "P019", name: "防爆电气（隔爆型电动机）", major: "电工及材料", middle: "防爆电气", national: false, licence: true, ccc: true, fastTrack: false, season: nil,
              standards: "GB/T 3836.1-2021 爆炸性环境 第1部分；GB/T 3836.2-2021",
              items: [("隔爆接合面", "GB/T 3836.2 第5章", "", "符合", true), ("温度组别", "5.3", "", "符合", true), ("外壳防护等级", "第26章", "", "符合", false),
                      ("防爆标志", "第29章", "", "符合", false)]),
        Entry(code: "P020", name: "工业和商用电热食品加工设备", major: "电子电器", middle: "商用电器", national: false, licence: false, ccc: false, fastTrack: false, season: nil,
              standards: "GB 4706.1-2005 家用和类似用途电器的安全 通用要求；GB 4706.38-2008",
              items: [("泄漏电流", "13.2", "mA", "≤0.75", true), ("电气强度", "16.3", "", "符合", true), ("接地电阻", "27.5", "Ω", "≤0.1", true),
                      ("发热", "11", "", "符合", false), ("标志和说明", "7", "", "符合", false)]),
    ]
}
