import Testing
@testable import PinzhiDomain

@Suite("限值表达式")
struct LimitExpressionTests {
    @Test("parsing", arguments: [
        ("≤0.5", LimitExpression.atMost(0.5)), ("<=0.5", .atMost(0.5)), ("≥ 10", .atLeast(10)), (">=10", .atLeast(10)),
        ("<5", .lessThan(5)), (">5", .greaterThan(5)), ("=3", .equals(3)), ("==3", .equals(3)),
        ("0.5~1.0", .range(0.5, 1.0)), ("31.8～33.2", .range(31.8, 33.2)), ("-5~5", .range(-5, 5)), ("１０至２０", .range(10, 20)),
        ("文本:无异味", .text("无异味")), ("文本：无", .text("无")), ("符合", .passFail), ("≤０.５", .atMost(0.5)),
    ])
    func parses(_ text: String, _ expected: LimitExpression) throws {
        #expect(try LimitExpression.parse(text).get() == expected)
    }

    @Test("refused with a Chinese message", arguments: ["", "abc", "≤", "≤x", "5~", "10~5", "文本:", "1~2~3"])
    func refuses(_ text: String) {
        guard case .failure(let error) = LimitExpression.parse(text) else {
            Issue.record("\(text) should be refused")
            return
        }
        #expect(!error.message.isEmpty)
    }

    @Test("verdicts at and around the limits", arguments: [
        ("≤0.5", "0.5", ItemVerdict.pass), ("≤0.5", "0.51", .fail), ("<0.5", "0.5", .fail), ("<0.5", "0.49", .pass),
        ("≥10", "10", .pass), ("≥10", "9.99", .fail), (">10", "10", .fail), (">10", "10.01", .pass),
        ("31.8~33.2", "31.8", .pass), ("31.8~33.2", "33.2", .pass), ("31.8~33.2", "33.21", .fail), ("31.8~33.2", "31.79", .fail),
        ("=3", "3", .pass), ("=3", "3.0", .pass), ("=3", "3.1", .fail),
        ("文本:无异味", "无异味", .pass), ("文本:无异味", "有异味", .fail),
        ("符合", "符合", .pass), ("符合", "不符合", .fail), ("符合", "合格", .pass), ("符合", "不合格", .fail),
        ("≤10", "１０", .pass),
    ])
    func verdicts(_ limit: String, _ value: String, _ expected: ItemVerdict) throws {
        let expression = try LimitExpression.parse(limit).get()
        #expect(try expression.evaluate(value).get() == expected)
    }

    @Test func unreadableValuesAreErrorsNotFailures() throws {
        #expect(throws: LimitExpressionError.self) { try LimitExpression.parse("≤0.5").get().evaluate("约0.3").get() }
        #expect(throws: LimitExpressionError.self) { try LimitExpression.parse("符合").get().evaluate("0.3").get() }
    }

    @Test func canonicalTextRoundTrips() throws {
        for text in ["≤0.5", "≥10", "<5", ">5", "0.5~1", "=3", "文本:无", "符合"] {
            let parsed = try LimitExpression.parse(text).get()
            #expect(try LimitExpression.parse(parsed.text).get() == parsed)
        }
    }
}
