import TaperCore
import TaperRender
import TaperTestSupport
import Testing

@Suite struct WeeklyHTMLTests {
  /// The HTML split at each page section, in ``PrintLayout/pages`` order.
  func sections(_ html: String) -> [String] {
    html.split(separator: "<section class=\"page", omittingEmptySubsequences: false).dropFirst().map(String.init)
  }

  @Test(arguments: Fixtures.planNames)
  func everyWeekSectionShowsEveryDoseOfItsWeek(_ name: String) throws {
    let plan = try Fixtures.plan(name)
    let html = WeeklyHTML.render(plan, options: fixedOptions)
    let pages = sections(html)
    let weeks = expectedWeeks(plan)
    let layout = PrintLayout(plan, schedule: WeeklySchedule(plan), options: fixedOptions)
    try #require(pages.count == layout.pageCount)
    for (i, dates) in weeks.enumerated() {
      let page = pages[layout.page(ofWeekAt: i) - 1]
      #expect(page.contains("Week \(i + 1) of \(weeks.count)"))
      for dose in expectedDoses(plan, on: dates) {
        #expect(page.contains(HTML(escaping: dose).description), "week \(i + 1) of \(name): \(dose) missing")
      }
    }
  }

  @Test(arguments: Fixtures.planNames)
  func selfContained(_ name: String) throws {
    let html = WeeklyHTML.render(try Fixtures.plan(name), options: fixedOptions)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains("<svg"))
    #expect(html.contains("@page"))
    #expect(html.contains("break-after: page"))
    for banned in ["<script", "<link", "<img", "src=", "@import", "url("] {
      #expect(!html.contains(banned), "\(banned) in \(name)")
    }
    // The only address is the SVG namespace, which is never fetched.
    #expect(html.split(separator: "http").count == 2)
  }

  @Test func draftIsMarkedOnEveryPage() throws {
    let plan = try Fixtures.plan("severe")
    #expect(plan.status == .draft)
    for page in sections(WeeklyHTML.render(plan, options: fixedOptions)) {
      #expect(page.contains("DRAFT — not approved for use"))
    }
    let approved = try Fixtures.plan("non-severe")
    #expect(!WeeklyHTML.render(approved, options: fixedOptions).contains("not approved for use"))
  }

  @Test func escapesText() {
    #expect(HTML(escaping: "<b> & \"x\" 'y'").description == "&lt;b&gt; &amp; &quot;x&quot; &#39;y&#39;")
  }
}
