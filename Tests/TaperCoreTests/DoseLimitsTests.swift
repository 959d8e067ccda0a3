import Foundation
import TaperTestSupport
import Testing

@testable import TaperCore

/// The dose-limit table holds the seed's numbers, and the README's "Dose limits" section is generated from it.
@Suite struct DoseLimitsTests {
  /// One seed number: the seed's words (as `Guideline` quotes them in a drug's `dose:`), and the table's value
  /// written the way the seed writes it.
  struct SeedNumber: CustomTestStringConvertible, Sendable {
    var quote: String
    var table: String
    var seed: String
    var testDescription: String { quote }
  }

  static func number(_ m: Mass) -> String { Mass.decimalText(m.micrograms, scale: 1000) }
  static func number(_ r: MassPerKilogram) -> String { Mass.decimalText(r.microgramsPerKilogram, scale: 1000) }
  static let pulse = DoseLimits.methylprednisolonePulse, pred = DoseLimits.prednisolone
  static let mtx = DoseLimits.methotrexate, aza = DoseLimits.azathioprine
  static let mmf = DoseLimits.mycophenolateMofetil, ivig = DoseLimits.ivig

  /// "lower SEP upper" of a range, each bound shown by `show`.
  static func span<T>(_ range: ClosedRange<T>, _ separator: String, _ show: (T) -> String) -> String {
    show(range.lowerBound) + separator + show(range.upperBound)
  }

  static let seedNumbers: [SeedNumber] = [
    .init(quote: "1 g intravenously every 24 hours", table: pulse.seedDose.exactGramsText, seed: "1 g"),
    .init(quote: "every 24 hours for 3-5 days", table: span(pulse.days, "-") { "\($0)" }, seed: "3-5"),
    .init(quote: "0.5 to 1 mg/kg/day orally initially", table: span(pred.startPerKilogram, " to ", number), seed: "0.5 to 1"),
    .init(quote: "maximum 80 mg/day", table: number(pred.maximumDaily), seed: "80"),
    .init(quote: "usual maintenance dose <5 mg/day", table: number(pred.usualMaintenanceBelow), seed: "5"),
    .init(quote: "7.5 to 25 mg orally/subcutaneously/intramuscularly once weekly", table: span(mtx.weeklyDose, " to ", number), seed: "7.5 to 25"),
    .init(quote: "25-50 mg orally once daily initially", table: span(aza.start, "-", number), seed: "25-50"),
    .init(quote: "maximum 2 mg/kg/day", table: number(aza.maximumPerKilogram), seed: "2"),
    .init(quote: "500 mg orally once or twice daily initially", table: number(mmf.singleStartDose), seed: "500"),
    .init(quote: "maximum 3000 mg/day in 2 divided doses", table: number(mmf.maximum), seed: "3000"),
    .init(quote: "3000 mg/day in 2 divided doses", table: "\(mmf.dividedDoses)", seed: "2"),
    .init(quote: "2 g/kg intravenously", table: ivig.coursePerKilogram.gPerKgText, seed: "2 g/kg"),
    .init(
      quote: "over 2-5 consecutive days", table: span(ivig.days, "-") { "\($0)" }, seed: "2-5"),
    .init(quote: "consecutive days) every 4 weeks", table: "\(ivig.everyWeeks.lowerBound)", seed: "4"),
  ]

  @Test(arguments: seedNumbers) func eachLimitIsTheSeeds(_ row: SeedNumber) {
    // The quote is the seed's own text, as Guideline records it; the number in it is the table's.
    let doses = Guideline.options.flatMap(\.drugs).map(\.dose)
    #expect(doses.contains { $0.contains(row.quote) }, "not a seed quotation: \(row.quote)")
    #expect(row.quote.contains(row.seed))
    #expect(row.table == row.seed)
  }

  @Test func theDerivedLimitsFollowFromTheSeeds() {
    // "500 mg once or twice daily": 500–1000 mg a day; mycophenolic acid is 720 mg per 1 g of mofetil.
    #expect(DoseLimits.mycophenolateMofetil.start == Mass(mg: 500)...Mass(mg: 1000))
    let mpa = DoseLimits.mycophenolicAcid
    #expect(mpa.start == Mass(mg: 360)...Mass(mg: 720))
    #expect(mpa.lowest == Mass(mg: 180) && mpa.maximum == Mass(mg: 2160))
    #expect(DoseLimits.corticosteroidPrednisoloneEquivalent == DoseLimits.prednisolone.maximumDaily)
    #expect(DoseLimits.methotrexate.weeklyDose.lowerBound.isMultiple(of: DoseLimits.methotrexate.step))
    #expect(DoseLimits.methotrexate.weeklyDose.upperBound.isMultiple(of: DoseLimits.methotrexate.step))
  }

  /// `taper guideline` prints the limits from the table; these are its texts, byte for byte.
  @Test func theGuidelineTextsAreUnchanged() {
    let limits = Set(Guideline.options.flatMap(\.drugs).map(\.limits))
    #expect(
      limits == [
        "2 g/kg per course, over 2–5 consecutive days, courses at least 4 weeks apart",
        "7.5–25 mg once weekly on one named weekday",
        "start 25–50 mg/day at initial presentation; maximum 2 mg/kg/day",
        "start 500–1000 mg/day at initial presentation; maximum 3000 mg/day in 2 divided doses",
        "no dose is computed: the specialist's dose is entered as text",
        "1 g/day for 3–5 days",
        "0.5–1 mg/kg/day, maximum 80 mg/day; starts after the pulse",
        "0.5–1 mg/kg/day, maximum 80 mg/day; usual maintenance < 5 mg/day",
      ])
  }

  /// Messages built from the table that no golden file shows, pinned byte for byte as they were written
  /// before the table existed.
  @Test func theMessagesNoGoldenShowsAreUnchanged() throws {
    let etg = TaperSpec.protocol(name: "etg", finalDose: nil)
    expectRefused(
      makeSpec([med("methylprednisolone")]), "the pulse needs `days`: the seed gives 1 g daily for 3–5 days")
    expectRefused(
      makeSpec([med("methotrexate") { $0.weekdays = [.monday] }]),
      "methotrexate needs `dose_mg`: 7.5–25 mg once weekly (seed)")
    expectRefused(
      makeSpec([med("azathioprine")]), "azathioprine needs `dose_mg`: 25–50 mg once daily initially (seed)")
    expectRefused(
      makeSpec([med("ivig") { $0.days = 3; $0.gPerKgPerDay = .gPerKg(1); $0.courses = 1 }]),
      "1 g/kg a day × 3 days = 3 g/kg per course, outside the seed's dose of up to 2 g/kg per course (for example "
        + "1 g/kg a day × 2 days, or 0.4 g/kg a day × 5 days)")
    expectRefused(makeSpec([med("prednisolone")]), "prednisolone needs `mg_per_kg` (0.5–1, seed) or `dose_mg`")
    expectRefused(
      makeSpec([
        med("prednisolone") {
          $0.dose = mg(60)
          $0.taper = .rules(
            holdWeeks: 4, rules: [TaperRule(above: mg(10), reduce: mg(5), everyWeeks: 2)], finalDose: mg(90))
        }
      ]), "90 mg is outside 0–80 mg")
    expectRefused(
      makeSpec(weight: 80, [med("prednisolone") { $0.dose = mg(78); $0.taper = etg }]),
      "78 mg is above the etg protocol's cap of 75 mg (and the seed's 80 mg/day)")
    let plan = try Planner.plan(
      makeSpec(weight: 60, [med("prednisolone") { $0.dose = mg(60); $0.taper = etg }]))
    let notices = plan.notices.map(\.description).joined(separator: "\n")
    #expect(notices.contains("the seed's usual maintenance dose is <5 mg/day and its aim"))
  }

  /// The README's "Dose limits" section is generated from the table; re-record with RECORD_GOLDEN=1.
  @Test func theREADMETableIsTheTable() throws {
    try expectGeneratedSection(
      DoseLimits.markdownTable() + "\n",
      begin: "<!-- dose limits: generated from DoseLimits (RECORD_GOLDEN=1 swift test --filter DoseLimitsTests) -->\n",
      end: "<!-- end of dose limits -->")
  }
}
