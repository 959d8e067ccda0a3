import Foundation
import TaperCore
import TaperPlanFile
import TaperPrint
import TaperRender
import TaperTestSupport
import Testing

/// The printout of a revised plan: a "What changed" page first, then the weeks from the revision's week (every
/// week with `allWeeks`), numbered in order.
@Suite struct RevisionPrintTests {
  static func plans() throws -> (old: TreatmentPlan, new: TreatmentPlan) {
    let text = try Fixtures.text("revisions/flare.yaml")
    let old = try PlanFile.plan(text: text, fileName: "flare.yaml", asOf: 1).0
    let new = try PlanFile.plan(text: text, fileName: "flare.yaml").0
    return (old, new)
  }

  static func options(_ diff: PlanDiff, allWeeks: Bool = false) -> PrintOptions {
    var options = fixedOptions
    options.whatChanged = diff
    options.allWeeks = allWeeks
    return options
  }

  @Test func thePDFStartsWithWhatChangedAndTheRevisionsWeek() throws {
    let (old, new) = try Self.plans()
    let diff = PlanDiff.between(old, new)
    let pdf = try RenderedPDF(PDFSchedule.render(new, options: Self.options(diff)))
    defer { pdf.remove() }
    let pages = try pdf.pages()
    let weeks = expectedWeeks(new)
    // What changed, page 1, the advice page, the steroid card, weeks 8 to 23, the supply, the clinician page.
    let card = new.steroidCard == nil ? 0 : 1
    #expect(pages.count == 1 + 2 + card + (weeks.count - 7) + 2)
    let first = pages[0].replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
    #expect(first.contains("What changed from Monday 22 February 2027"))
    #expect(first.contains("Prednisolone goes back up to 30 mg a day (it was 20 mg), holds it for 2 weeks"))
    #expect(first.contains("Every day before Monday 22 February 2027 is as in revision 1."))
    let week8 = pages[3 + card]
    #expect(week8.contains("Week 8 of \(weeks.count)"))
    #expect(week8.contains("Page \(4 + card) of \(pages.count)"))
    for dose in expectedDoses(new, on: weeks[7]) { #expect(week8.contains(dose), "\(dose)") }
    #expect(pages.last?.contains("Page \(pages.count) of \(pages.count)") == true)
    // The whole history on request.
    let all = try RenderedPDF(PDFSchedule.render(new, options: Self.options(diff, allWeeks: true)))
    defer { all.remove() }
    #expect(try all.pageCount() == 1 + 2 + card + weeks.count + 2)
  }

  @Test func theHTMLStartsWithWhatChangedToo() throws {
    let (old, new) = try Self.plans()
    let html = WeeklyHTML.render(new, options: Self.options(PlanDiff.between(old, new)))
    let changes = try #require(html.range(of: "<section class=\"page changes\">"))
    let cover = try #require(html.range(of: "<section class=\"page cover\">"))
    #expect(changes.lowerBound < cover.lowerBound)
    #expect(html.contains("<h1>What changed from Monday 22 February 2027</h1>"))
    #expect(!html.contains("id=\"week-7\"") && html.contains("id=\"week-8\""))
  }

  @Test func aPlanNeverRevisedPrintsAsBefore() throws {
    let plan = try Fixtures.plan("severe")
    let layout = PrintLayout(plan, schedule: WeeklySchedule(plan), options: fixedOptions)
    #expect(layout.pages.first == .cover)
    #expect(layout.pageCount == WeeklySchedule(plan).weeks.count + 2 + (plan.steroidCard == nil ? 0 : 1) + 2)
  }
}
