import TaperCore
import TaperRender
import TaperTestSupport
import Testing

/// The `HTML` type: text is escaped where it is interpolated, markup written in code is not.
@Suite struct HTMLTests {
  @Test(arguments: [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\"", "&quot;"), ("'", "&#39;")])
  func escapesEachSpecialCharacter(_ character: String, _ reference: String) {
    let text = "a\(character)b"
    let html: HTML = "<p>\(text)</p>"
    #expect(html.description == "<p>a\(reference)b</p>")
    #expect(HTML(escaping: character).description == reference)
    #expect(HTML.attribute(character).description == reference)
  }

  @Test func keepsEveryOtherCharacter() {
    let text = "Prednisolone 7.5 mg — 5 mg + 2.5 mg · ½ é 日本 👩🏽‍⚕️ \n\t"
    #expect(HTML(escaping: text).description == text)
    #expect(HTML(escaping: "").description == "")
  }

  @Test func escapesByCodePointNotByCharacter() {
    // "<" + a combining acute accent is one Character, but the browser still reads a "<".
    #expect(HTML(escaping: "<\u{301}script>").description == "&lt;\u{301}script&gt;")
    #expect(HTML(escaping: "\"\u{301}").description == "&quot;\u{301}")
  }

  @Test func literalsAreMarkupAndHTMLIsEmbeddedRaw() {
    let inner: HTML = "<b>\("x & y")</b>"
    let outer: HTML = "<p class=\"a\">\(inner)</p>"
    #expect(outer.description == "<p class=\"a\"><b>x &amp; y</b></p>")
    #expect(HTML.raw("<svg/>").description == "<svg/>")
    let embedded: HTML = "<div>\(HTML.raw("<svg>\"</svg>"))</div>"
    #expect(embedded.description == "<div><svg>\"</svg></div>")
  }

  @Test func valuesAndSubstringsAreEscapedText() {
    let count = 3
    let date = CivilDate(year: 2027, month: 1, day: 4)!
    let part = "a<b>c".dropFirst()
    let html: HTML = "\(count) \(date) \(part)"
    #expect(html.description == "3 2027-01-04 &lt;b&gt;c")
  }

  @Test func ternaryOfLiteralsIsTextUnlessTypedAsHTML() {
    // A conditional attribute must be typed HTML to stay markup; as a String it is shown as text.
    let asText: HTML = "<tr\(true ? " class=\"x\"" : "")>"
    let attribute: HTML = " class=\"x\""
    let asMarkup: HTML = "<tr\(attribute)>"
    #expect(asText.description == "<tr class=&quot;x&quot;>")
    #expect(asMarkup.description == "<tr class=\"x\">")
  }

  @Test func pathComponentsArePercentEncoded() {
    #expect(HTML.pathComponent("demo-specialist_004.v2~").description == "demo-specialist_004.v2~")
    #expect(HTML.pathComponent("a b/c?d#e&f\"g'").description == "a%20b%2Fc%3Fd%23e%26f%22g%27")
    #expect(HTML.pathComponent("é").description == "%C3%A9")
    let link: HTML = "<a href=\"/plans/\(HTML.pathComponent("x/../y"))\">"
    #expect(link.description == "<a href=\"/plans/x%2F..%2Fy\">")
  }

  @Test func joinsWithMarkupSeparators() {
    let items: [HTML] = ["<li>\("a<")</li>", "<li>b</li>"]
    #expect(items.joined().description == "<li>a&lt;</li><li>b</li>")
    #expect(items.joined(separator: "\n").description == "<li>a&lt;</li>\n<li>b</li>")
    #expect([HTML]().joined(separator: ", ").isEmpty)
    var html: HTML = "<p>"
    html += "\("&")" + "</p>"
    #expect(html == HTML.raw("<p>&amp;</p>"))
  }

  @Test func printedScheduleEscapesAScriptInTheTitleLabelAndInstructions() throws {
    var plan = try Fixtures.plan("non-severe")
    let attack = "<script>alert('x')</script>"
    plan.title = "Plan \(attack)"
    plan.patient.label = "J. \"Smith\" \(attack)"
    plan.medicines[0].instructions.append("Take \(attack) & water")
    let html = WeeklyHTML.render(plan, options: fixedOptions)
    #expect(!html.contains("<script"))
    #expect(!html.contains("alert('x')"))
    let escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
    #expect(html.contains("<title>Plan \(escaped) — "))
    #expect(html.contains("<h1>Plan \(escaped)</h1>"))
    #expect(html.contains("<p class=\"patient\">Patient: J. &quot;Smith&quot; \(escaped)</p>"))
    #expect(html.contains("<p>Take \(escaped) &amp; water</p>"))
  }

  @Test(arguments: Fixtures.planNames)
  func documentIsComposedFromItsParts(_ name: String) throws {
    let plan = try Fixtures.plan(name)
    let parts = WeeklyHTML.parts(plan, options: fixedOptions)
    let html = WeeklyHTML.render(plan, options: fixedOptions)
    #expect(html.contains("<style>\n\(parts.css)</style>\n</head>\n"))
    #expect(html.hasSuffix("\(parts.body)</body>\n</html>\n"))
    #expect(html.ranges(of: "<style>").count == 1)
    #expect(!parts.css.description.contains("<"))
  }
}
