import Foundation
import TaperCore
import TaperPrint
import TaperRender
import TaperTestSupport
import Testing

@Suite struct PDFScheduleTests {
  /// The pages, in order: page 1, the advice page, the steroid card when the plan meets its criterion, one
  /// page per week, the supply, and the clinician page last.
  @Test(arguments: Fixtures.planNames)
  func pagesAreCoverAdviceCardWeeksSupplyAndClinician(_ name: String) throws {
    let plan = try Fixtures.plan(name)
    let pdf = try RenderedPDF(PDFSchedule.render(plan, options: fixedOptions))
    defer { pdf.remove() }
    let card = plan.steroidCard == nil ? 0 : 1
    #expect(try pdf.pageCount() == 2 + card + expectedWeeks(plan).count + 2)
    let layout = PrintLayout(plan, schedule: WeeklySchedule(plan), options: fixedOptions)
    #expect(layout.pages.first == .cover && layout.pages.last == .clinician)
    #expect(layout.pages.contains(.steroidCard) == (plan.steroidCard != nil))
  }

  @Test(arguments: Fixtures.planNames)
  func everyWeekPageShowsEveryDoseOfItsWeek(_ name: String) throws {
    let plan = try Fixtures.plan(name)
    let pdf = try RenderedPDF(PDFSchedule.render(plan, options: fixedOptions))
    defer { pdf.remove() }
    let pages = try pdf.pages()
    let weeks = expectedWeeks(plan)
    let layout = PrintLayout(plan, schedule: WeeklySchedule(plan), options: fixedOptions)
    try #require(pages.count == layout.pageCount)
    for (i, dates) in weeks.enumerated() {
      let number = layout.page(ofWeekAt: i)
      let page = pages[number - 1]
      #expect(page.contains("Week \(i + 1) of \(weeks.count)"), "page \(number)")
      #expect(page.contains("Page \(number) of \(layout.pageCount)"), "page \(number)")
      for dose in expectedDoses(plan, on: dates) {
        #expect(page.contains(dose), "week \(i + 1) of \(name): \(dose) missing")
      }
      if plan.status == .draft { #expect(page.contains("DRAFT"), "page \(number)") }
      let tests = plan.monitoring.filter { dates.contains($0.date) }
      if !tests.isEmpty { #expect(page.contains("Blood test"), "week \(i + 1) of \(name): blood test missing") }
    }
    if plan.status == .draft {
      #expect(pages.first?.contains("DRAFT") == true)
      #expect(pages.last?.contains("DRAFT") == true)
    }
  }

  @Test(arguments: Fixtures.planNames)
  func goldenTextExtraction(_ name: String) throws {
    let plan = try Fixtures.plan(name)
    let pdf = try RenderedPDF(PDFSchedule.render(plan, options: fixedOptions))
    defer { pdf.remove() }
    try expectGolden(pdf.text(), at: "print/\(name).txt")
  }

  @Test func pageOneAndAWeekPageAreNotBlank() throws {
    let plan = try Fixtures.plan("severe")
    let pdf = try RenderedPDF(PDFSchedule.render(plan, options: fixedOptions))
    defer { pdf.remove() }
    let cover = try pdf.inkShare(page: 1)
    let week = try pdf.inkShare(page: 2)
    #expect(cover > 0.02, "page 1 is nearly blank: \(cover)")
    #expect(week > 0.02, "page 2 is nearly blank: \(week)")
    #expect(cover < 0.9 && week < 0.9, "a page is nearly all ink")
  }

  @Test func sameInputGivesSameBytes() throws {
    let plan = try Fixtures.plan("specialist")
    #expect(try PDFSchedule.render(plan, options: fixedOptions) == PDFSchedule.render(plan, options: fixedOptions))
  }

  @Test func metadataDatesComeFromTheTimestamp() throws {
    let plan = try Fixtures.plan("remission")
    let pdf = try RenderedPDF(PDFSchedule.render(plan, options: fixedOptions))
    defer { pdf.remove() }
    let info = String(decoding: try poppler("pdfinfo", ["-isodates", pdf.url.path]), as: UTF8.self)
    #expect(info.contains("2026-01-01T00:00:00"))
    #expect(info.contains("Taper 0.1.0"))
  }

  @Test func pageOneHasContactsChartAndGuideline() throws {
    let plan = try Fixtures.plan("severe")
    let pdf = try RenderedPDF(PDFSchedule.render(plan, options: fixedOptions))
    defer { pdf.remove() }
    let page = try pdf.pages()[0].split(whereSeparator: \.isWhitespace).joined(separator: " ")
    for text in [
      "Patient: J. Smith", "+44 20 7946 0000", "Dr A. Example", "When to get help now", "38 °C or more",
      "Show your steroid emergency card", "Taper chart", "5 mg", "Taper 0.1.0", "BMJ Best Practice", "once weekly on Monday", "DRAFT",
    ] {
      #expect(page.contains(text), "page 1 lacks \(text)")
    }
  }

  @Test func lastWeekSaysContinueUntilReview() throws {
    let plan = try Fixtures.plan("severe")
    let pdf = try RenderedPDF(PDFSchedule.render(plan, options: fixedOptions))
    defer { pdf.remove() }
    let pages = try pdf.pages()
    let layout = PrintLayout(plan, schedule: WeeklySchedule(plan), options: fixedOptions)
    let last = pages[layout.page(ofWeekAt: layout.weeks.count - 1) - 1].split(whereSeparator: \.isWhitespace)
      .joined(separator: " ")
    for m in plan.medicines {
      guard let c = m.continuation else { continue }
      #expect(last.contains(c), "last week lacks: \(c)")
    }
  }

  @Test func letterPaperAndSundayWeeks() throws {
    let plan = try Fixtures.plan("specialist")
    var options = fixedOptions
    options.paper = .letter
    options.weekStart = .sunday
    let pdf = try RenderedPDF(PDFSchedule.render(plan, options: options))
    defer { pdf.remove() }
    let info = String(decoding: try poppler("pdfinfo", [pdf.url.path]), as: UTF8.self)
    #expect(info.contains("792 x 612"))
    #expect(try pdf.pageCount() == 2 + (plan.steroidCard == nil ? 0 : 1) + expectedWeeks(plan, weekStart: .sunday).count + 2)
  }

  /// Not a pass/fail test: measures a two-year plan and prints the time.
  @Test func twoYearPlanRenderTime() throws {
    var spec = try Fixtures.spec("severe")
    spec.weeks = 104
    let plan = try Planner.plan(spec)
    let clock = ContinuousClock()
    var bytes: [UInt8] = []
    let pdfTime = try clock.measure { bytes = try PDFSchedule.render(plan, options: fixedOptions) }
    var html = ""
    let htmlTime = clock.measure { html = WeeklyHTML.render(plan, options: fixedOptions) }
    print("two-year plan: \(plan.days.count) days, PDF \(bytes.count) bytes in \(pdfTime), HTML \(html.utf8.count) bytes in \(htmlTime)")
    #expect(plan.days.count >= 700)
  }
}
