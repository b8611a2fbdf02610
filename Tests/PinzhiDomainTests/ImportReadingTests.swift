import Testing
@testable import PinzhiDomain

/// How imports read what people write (issue 22): districts from registered addresses, dates as spreadsheets write
/// them, and the progress of a long import.
@Suite("导入：地址、日期与进度")
struct ImportReadingTests {
    @Test("a registered address names its district", arguments: [
        ("上海市松江区九亭镇涞寅路1号", "310117"),
        ("上海浦东新区张江路88号", "310115"),
        ("中国(上海)自由贸易试验区临港新片区环湖西二路888号", "310115"),
        ("中国（上海）自由贸易试验区临港新片区业盛路188号A-1187室", "310115"),
        ("上海市奉贤区临港新片区（奉贤园区）正博路1号", "310120"),
        ("上海市闸北区共和新路1号", "310106"),
        ("上海市崇明县城桥镇1号", "310151"),
        ("上海市嘉定九亭路1号", "310114"),
        ("中国上海市 虹口区 四川北路1号", "310109"),
    ])
    func addressDistrict(_ address: String, _ code: String) {
        #expect(AddressDistrict.code(address) == code, "\(address)")
    }

    @Test("roads named after a district, and addresses outside Shanghai, name none", arguments: [
        "上海市黄浦路99号", "上海市浦东大道1号", "松江路1号", "上海市测试路1号", "江苏省苏州市工业园区星湖街1号", "",
    ])
    func noDistrict(_ address: String) {
        #expect(AddressDistrict.code(address) == nil, "\(address)")
    }

    @Test func anAddressAndACodeFromDifferentDistrictsAreShown() {
        let code = USCC.complete("91310114MA1GT0001")  // registered in 嘉定 (310114)
        var moved = Enterprise()
        moved.uscc = code
        moved.address = "上海市松江区九亭镇1号"
        moved.normalize()
        #expect(moved.districtCode == "310117", "the address, where it is now, decides")
        #expect(moved.notices.count == 1 && moved.notices[0].contains("嘉定区") && moved.notices[0].contains("松江区"))
        var chosen = moved
        chosen.districtCode = "310101"
        #expect(chosen.notices.count == 2, "a chosen district that is not the address's is said too")
        var agreeing = Enterprise()
        agreeing.uscc = code
        agreeing.address = "上海市嘉定区1号"
        agreeing.normalize()
        #expect(agreeing.notices.isEmpty)
        var cityRegistered = Enterprise()
        cityRegistered.uscc = USCC.complete("91310000MA1GT0001")  // the city's own registry: not a district
        cityRegistered.address = "上海市松江区1号"
        cityRegistered.normalize()
        #expect(cityRegistered.notices.isEmpty && cityRegistered.districtCode == "310117")
    }

    @Test("dates as files write them", arguments: [
        ("2026-03-01", "2026-03-01"), ("2026-3-1", "2026-03-01"), ("2026/3/1", "2026-03-01"), ("2026.3.1", "2026-03-01"),
        ("2026年3月1日", "2026-03-01"), (" 2026/12/31 ", "2026-12-31"), ("2026-03-01 00:00:00", "2026-03-01"),
    ])
    func writtenDates(_ text: String, _ iso: String) {
        #expect(Day.written(text)?.description == iso)
    }

    @Test("not dates", arguments: ["2026/03-01", "2026-02-30", "26-3-1", "2026-3", "2026年3-1", "2026-03-01 10:00:00", "三月一日"])
    func notDates(_ text: String) {
        #expect(Day.written(text) == nil)
    }

    @Test func aDateFieldStoresTheISOForm() throws {
        let spec = FieldSpec("d", "日期", .date)
        guard case .success(let value) = RecordBuilder.parse("2026/3/1", spec) else { Issue.record("refused"); return }
        #expect(value as? String == "2026-03-01")
    }

    @Test func progressSaysRowsRateAndTimeLeft() {
        let early = ProgressReading(phase: "校验", done: 100, total: 10_000, seconds: 0.2)
        #expect(early.rate == nil && early.text() == "校验 100/10000 行")
        let half = ProgressReading(phase: "校验", done: 5000, total: 10_000, seconds: 2)
        #expect(half.percent == 50)
        #expect(half.text() == "校验 5000/10000 行，2500 行/秒，约2秒后完成")
        let slow = ProgressReading(phase: "写入", done: 3, total: 1000, seconds: 2)
        #expect(slow.text() == "写入 3/1000 行，1.5 行/秒，约11分5秒后完成")
        #expect(ProgressReading(phase: "写入", done: 1000, total: 1000, seconds: 4).text() == "写入 1000/1000 行，250 行/秒")
    }
}
