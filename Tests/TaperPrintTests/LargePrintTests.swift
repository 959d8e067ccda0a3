import Foundation
import TaperCore
import TaperPrint
import TaperRender
import TaperTestSupport
import Testing

/// `taper print --large-print` measured from the PDF with pdfplumber: every patient page at 16 pt or more,
/// portrait, a tick box of at least 8 mm for every dose and blood test, every dose on its day (issue 20).
@Suite struct LargePrintTests {
  static var options: PrintOptions {
    var options = fixedOptions
    options.largePrint = true
    return options
  }

  static func measure(_ pdf: RenderedPDF) throws -> [[String: Any]] {
    let (status, output) = try PrintAccessibilityTests.run(
      Fixtures.root.appendingPathComponent(".venv/bin/python").path,
      [Fixtures.root.appendingPathComponent("tools/print/font_sizes.py").path, pdf.url.path])
    #expect(status == 0, "\(output)")
    let line = try #require(output.split(separator: "\n").last { $0.hasPrefix("{") }, "\(output)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    return try #require(report["pages"] as? [[String: Any]])
  }

  @Test(arguments: Fixtures.planNames)
  func everyPatientPageIsSixteenPointPortraitWithATickBoxPerDose(_ name: String) throws {
    let plan = try Fixtures.plan(name)
    let pdf = try RenderedPDF(PDFSchedule.render(plan, options: Self.options))
    defer { pdf.remove() }
    let pages = try Self.measure(pdf)
    try #require(pages.count >= 3)
    #expect(pages.last?["clinician"] as? Bool == true, "\(name): the clinician page is last")
    var ticks = 0
    for page in pages where page["clinician"] as? Bool != true {
      let number = page["page"] as? Int ?? 0
      #expect((page["min_size"] as? Double ?? 0) >= 16, "\(name) page \(number): \(page["min_size"] ?? "no text") pt")
      #expect((page["height"] as? Double ?? 0) > (page["width"] as? Double ?? 0), "\(name) page \(number) is not portrait")
      ticks += page["ticks"] as? Int ?? 0
      if let side = page["min_tick_mm"] as? Double { #expect(side >= 8, "\(name) page \(number): tick box \(side) mm") }
    }
    // One row, and one tick box, per dose and per blood test.
    let doses = plan.days.reduce(0) { $0 + $1.administrations.count }
    let tests = WeeklySchedule(plan).weeks.reduce(0) { $0 + $1.days.filter(\.inPlan).reduce(0) { $0 + $1.tests.count } }
    #expect(ticks == doses + tests, "\(name): \(ticks) tick boxes for \(doses) doses and \(tests) blood tests")
    // Every dose of a week is on the pages, by its day.
    let text = PatientPagesTests.flat(try pdf.rawPages().joined(separator: " "))
    for dose in expectedDoses(plan, on: expectedWeeks(plan)[0]) {
      #expect(text.contains(dose), "\(name): \(dose)")
    }
    #expect(text.contains(PatientCatalogue.english.headings.helpNow))
  }

  @Test(arguments: Fixtures.planNames)
  func goldenLargePrintText(_ name: String) throws {
    let pdf = try RenderedPDF(PDFSchedule.render(try Fixtures.plan(name), options: Self.options))
    defer { pdf.remove() }
    try expectGolden(pdf.text(), at: "print/large-print/\(name).txt")
  }

  @Test func theLargePrintHTMLIsPortraitAndSixteenPoint() throws {
    let plan = try Fixtures.plan("severe")
    let html = WeeklyHTML.render(plan, options: Self.options)
    #expect(html.contains("portrait"))
    #expect(html.contains("class=\"tick\""))
    // Every size in the style sheet is 16 pt or more, except the clinician page's.
    let css = try #require(html.components(separatedBy: "<style>").last?.components(separatedBy: "</style>").first)
    for rule in css.split(separator: "\n") where !rule.contains(".clinician") {
      for match in rule.matches(of: /font-size: ([0-9.]+)pt/) {
        #expect(Double(match.1)! >= 16, "\(rule)")
      }
    }
    for text in PatientAdvice(plan).medicines.flatMap({ $0.unwell + $0.missed }).map(\.text) {
      #expect(html.contains(HTML(escaping: text).description))
    }
  }

  @Test func aScreenshotOfALargePrintPage() throws {
    try FileManager.default.createDirectory(at: PrintAccessibilityTests.artifacts, withIntermediateDirectories: true)
    let pdf = try RenderedPDF(PDFSchedule.render(try Fixtures.plan("severe"), options: Self.options))
    defer { pdf.remove() }
    let prefix = PrintAccessibilityTests.artifacts.appendingPathComponent("severe-large-print-week").path
    // Page 1 is the cover; the first week's list follows the advice and the card.
    let pages = try pdf.rawPages()
    let week = try #require(pages.firstIndex { $0.contains("Week 1 of") }) + 1
    _ = try poppler("pdftoppm", ["-r", "60", "-png", "-singlefile", "-f", "\(week)", "-l", "\(week)", pdf.url.path, prefix])
    let size = (try? FileManager.default.attributesOfItem(atPath: prefix + ".png")[.size] as? Int) ?? 0
    #expect(size > 10_000)
  }
}
