import Foundation
import Mustache
@testable import PinzhiApp
import Testing

/// A view model read through ViewNode renders exactly as swift-mustache renders it by reflection: every way the
/// templates read a model (names, dotted names, names found in an enclosing context, optionals, sections over arrays,
/// inverted sections, the empty() and first() transforms, sequence context, dictionaries, enums, values that
/// describe themselves).
@Suite("视图模型一次反射后的渲染与逐次反射一致")
struct ViewNodeTests {
    enum Tone: String { case calm, loud }
    struct Code: CustomStringConvertible {
        var raw: String
        var description: String { "C-\(raw)" }
    }
    struct Step { var action: String; var label: String }
    struct Row {
        var number: String
        var note: String?
        var overdue: Bool
        var code: Code
        var tone: Tone
        var steps: [Step]
        var count: Int
        var share: Double
        var id: Int64
    }
    struct Chrome { var csrf: String; var user: String? }
    struct Page {
        var chrome: Chrome
        var title: String
        var rows: [Row]
        var empty: [Row]
        var tags: [String]
        var labels: [String: String]
        var missing: Chrome?
        var flash: String?
    }

    static let template = """
    <h1>{{title}}</h1>{{#chrome.user}}<b>{{.}}</b>{{/chrome.user}}{{^chrome.user}}anon{{/chrome.user}}
    {{#missing}}never{{/missing}}{{^missing}}no chrome{{/missing}}{{#flash}}[{{flash}}]{{/flash}}
    {{#empty(empty)}}nothing{{/empty(empty)}}{{#empty(rows)}}bad{{/empty(rows)}}
    {{#first(rows)}}first={{number}}{{/first(rows)}}
    {{#rows}}<tr class="{{#overdue}}late{{/overdue}}{{#first}} top{{/first}}">{{number}} {{note}} {{code}} {{tone}} {{count}} {{share}} {{id}}
    {{#note}}({{.}}){{/note}}{{^note}}-{{/note}} {{title}} {{chrome.csrf}}
    {{#steps}}<a href="?a={{action}}&csrf={{chrome.csrf}}">{{label}}</a>{{#last}}.{{/last}}{{/steps}}{{^steps}}none{{/steps}}</tr>
    {{/rows}}
    {{#tags}}<i>{{.}}</i>{{/tags}} {{labels.a}} {{labels.z}} {{nosuch}} {{rows.count}}
    """

    static let page = Page(
        chrome: Chrome(csrf: "tok<&>", user: "市局"), title: "抽查批次",
        rows: [Row(number: "B-1", note: nil, overdue: true, code: Code(raw: "x"), tone: .loud,
                   steps: [Step(action: "sample", label: "抽样"), Step(action: "refuse", label: "拒检")], count: 3, share: 0.25, id: 9),
               Row(number: "B-2", note: "备注<b>", overdue: false, code: Code(raw: "y"), tone: .calm, steps: [], count: 0, share: 1, id: 10)],
        empty: [], tags: ["甲", "乙"], labels: ["a": "A"], missing: nil, flash: "已保存")

    @Test func aNodeRendersAsReflectionDoes() throws {
        var library = MustacheLibrary()
        try library.register(Self.template, named: "t")
        let byReflection = library.render(Self.page, withTemplate: "t")
        let byNode = library.render(ViewNode.wrap(Self.page)!, withTemplate: "t")
        #expect(byReflection != nil && byReflection == byNode)
        #expect(byNode?.contains("first=B-1") == true && byNode?.contains("C-x loud 3 0.25 9") == true && byNode?.contains("tok&lt;&amp;&gt;") == true)
        var anonymous = Self.page
        anonymous.chrome.user = nil
        #expect(library.render(anonymous, withTemplate: "t") == library.render(ViewNode.wrap(anonymous)!, withTemplate: "t"))
    }

    /// The templates escape with HTMLEscaping (its tag put first by ViewRenderer): the same page as swift-mustache's
    /// own HTML escaping gives, for texts with each escaped character, Chinese and emoji. One difference, on purpose:
    /// swift-mustache compares whole Characters, so a “<” followed by a combining mark is one Character and is left
    /// as it is, which a browser still reads as the start of a tag; byte by byte it is escaped.
    @Test func ourEscapingRendersAsSwiftMustachesDoes() throws {
        MustacheContentTypes.register(HTMLEscaping(), named: HTMLEscaping.name)
        var theirs = MustacheLibrary(), ours = MustacheLibrary()
        try theirs.register(Self.template, named: "t")
        try ours.register(HTMLEscaping.pragma + Self.template, named: "t")
        var page = Self.page
        for text in ["", "抽查批次", "<script>alert('x')</script>", "A & B \"引号\" 'single'", "👩‍👩‍👧 <b>&amp;</b>", "tok<&>"] {
            page.title = text
            page.chrome.csrf = text
            #expect(theirs.render(page, withTemplate: "t") == ours.render(ViewNode.wrap(page)!, withTemplate: "t"), "\(text)")
        }
        #expect(HTMLEscaping.escape("<a href='x'>\"甲\" & 乙</a>") == "&lt;a href=&#39;x&#39;&gt;&quot;甲&quot; &amp; 乙&lt;/a&gt;")
        #expect(HTMLEscaping.escape("<\u{301}script>") == "&lt;\u{301}script&gt;")
        let plain = "没有需要转义的字符"
        #expect(HTMLEscaping.escape(plain) == plain)
    }
}
