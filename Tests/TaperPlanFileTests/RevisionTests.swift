import Foundation
import TaperCore
import TaperPlanFile
import TaperRender
import TaperTestSupport
import Testing

/// Revisions over time (issue 15), each with exact dates and doses: a flare, a continuing azathioprine, a new
/// weight, a change of a past day refused or accepted as a correction, methotrexate moved to another weekday.
@Suite struct RevisionTests {
  static func text(_ name: String) throws -> String { try Fixtures.text("revisions/\(name).yaml") }

  static func plan(_ name: String, asOf revision: Int? = nil) throws -> TreatmentPlan {
    try PlanFile.plan(text: text(name), fileName: "Fixtures/revisions/\(name).yaml", asOf: revision).0
  }

  /// Plans text made from a fixture; the findings on refusal.
  static func attempt(_ text: String) -> Result<TreatmentPlan, PlanFileError> {
    do {
      return .success(try PlanFile.plan(text: text, fileName: "x.yaml").0)
    } catch {
      return .failure(error)
    }
  }

  static func date(_ text: String) throws -> CivilDate { try #require(CivilDate(iso: text)) }

  /// The daily total of `drug` on `date`, as "30 mg".
  static func dose(_ plan: TreatmentPlan, _ drug: String, on text: String) throws -> String? {
    let day = try #require(plan.days.first { $0.date.description == text })
    let masses = day.administrations.filter { $0.drug == drug }.compactMap(\.amount.mass)
    return masses.isEmpty ? nil : masses.reduce(.zero, +).mgText
  }

  /// The text without its `revisions:` list: the first revision alone, as a file never revised.
  static func withoutRevisions(_ text: String) -> String {
    String(text[..<text.range(of: "\nrevisions:")!.lowerBound]) + "\n"
  }

  // MARK: - A flare at week 8

  @Test func aFlareKeepsWeeksOneToSevenAndTakesPrednisoloneBackUp() throws {
    let first = try Self.plan("flare", asOf: 1)
    let second = try Self.plan("flare")
    #expect(first.revision == 1 && second.revision == 2)
    let effective = try Self.date("2027-02-22")
    // Revision 1 as the file holds it is the plan of the same file never revised.
    let never = try PlanFile.plan(text: Self.withoutRevisions(Self.text("flare")), fileName: "x.yaml").0
    #expect(never.days == first.days)
    // Weeks 1–7: the same days, dose for dose, in the table and in the JSON.
    #expect(Array(second.days.prefix { $0.date < effective }) == Array(first.days.prefix { $0.date < effective }))
    func tableDays(_ plan: TreatmentPlan) -> [Substring] {
      let lines = PlanTable.render(plan).split(separator: "\n")
      let start = lines.firstIndex { $0.hasPrefix("2027-01-04 Mon") }!
      let end = lines.firstIndex { $0.hasPrefix("2027-02-22") }!
      return Array(lines[start..<end])
    }
    #expect(tableDays(second) == tableDays(first))
    func jsonDays(_ plan: TreatmentPlan) throws -> [NSDictionary] {
      let object = try JSONSerialization.jsonObject(with: Data(PlanJSON.render(plan).utf8)) as? [String: Any]
      let days = try #require(object?["days"] as? [NSDictionary])
      return days.filter { ($0["date"] as? String ?? "") < "2027-02-22" }
    }
    let before = try jsonDays(first)
    #expect(before.count == 49)
    #expect(try jsonDays(second) == before)
    // From the date: back up to 30 mg, held 2 weeks, then −5 mg every 2 weeks to 10 mg, then −2.5 mg.
    #expect(try Self.dose(first, "prednisolone", on: "2027-02-21") == "20 mg")
    #expect(try Self.dose(first, "prednisolone", on: "2027-02-22") == "17.5 mg")
    let expected = [
      ("2027-02-22", "30 mg"), ("2027-03-07", "30 mg"), ("2027-03-08", "25 mg"), ("2027-03-21", "25 mg"),
      ("2027-03-22", "20 mg"), ("2027-04-05", "15 mg"), ("2027-04-19", "10 mg"), ("2027-05-03", "7.5 mg"),
      ("2027-05-17", "5 mg"), ("2027-06-13", "5 mg"),
    ]
    for (day, amount) in expected { #expect(try Self.dose(second, "prednisolone", on: day) == amount, "\(day)") }
    // Flagged as a re-escalation, with the seed's words, never refused.
    let flag = try #require(second.notices.first { $0.message.hasPrefix("re-escalation") })
    #expect(flag.severity == .warning)
    #expect(flag.path == "revisions[0].medications[0].dose_mg")
    #expect(flag.message.contains("from 20 mg to 30 mg a day on 2027-02-22"))
    #expect(flag.message.contains("\"gradually according to response\""))
    // The dose-change event of the day says it goes up.
    let change = try #require(second.changes.first { $0.date == effective && $0.drug == "prednisolone" })
    #expect(!change.isReduction && change.from == "20 mg" && change.to == "30 mg")
    // Each regimen is listed with its days; the record says from when and why.
    #expect(second.medicines.filter { $0.key == "prednisolone" }.map(\.period) == ["until 2027-02-21", "from 2027-02-22"])
    #expect(second.latestRevision?.effective == effective)
    #expect(second.latestRevision?.reason?.hasPrefix("Flare at week 8") == true)
  }

  // MARK: - Azathioprine continuing at 125 mg

  @Test func azathioprineContinuingAt125MgIsNotHeldToTheStartingDose() throws {
    let plan = try Self.plan("azathioprine")
    // The blood tests before the date are revision 1's.
    let first = try Self.plan("azathioprine", asOf: 1)
    let date = try Self.date("2027-05-24")
    #expect(plan.monitoring.filter { $0.date < date } == first.monitoring.filter { $0.date < date })
    #expect(try Self.dose(plan, "azathioprine", on: "2027-05-23") == "125 mg")
    #expect(try Self.dose(plan, "azathioprine", on: "2027-05-24") == "125 mg")
    let moved = try #require(plan.days.first { $0.date.description == "2027-05-24" }?.administrations.first { $0.drug == "azathioprine" })
    #expect(moved.time.description == "08:00")
    #expect(!plan.notices.contains { $0.message.contains("starting azathioprine") })
    // 2 mg/kg still holds: 150 mg at 70 kg is refused, naming the field and the ceiling.
    let above = try Self.text("azathioprine").replacingOccurrences(of: "dose_mg: 125\n        time", with: "dose_mg: 150\n        time")
    guard case .failure(let error) = Self.attempt(above) else {
      Issue.record("150 mg of azathioprine at 70 kg was accepted")
      return
    }
    #expect(
      error.description.contains(
        "revisions[0].medications[0].dose_mg: 150 mg is above the seed's maximum of 2 mg/kg/day for azathioprine (140 mg at 70 kg)"),
      "\(error)")
    // A medicine that starts in a revision is held to the start-of-treatment limits.
    let fresh = try Self.text("azathioprine").replacingOccurrences(
      of: "      - drug: azathioprine\n        dose_mg: 125\n        time: \"08:00\"",
      with: "      - drug: mycophenolate\n        dose_mg: 2000")
    guard case .failure(let startError) = Self.attempt(fresh) else {
      Issue.record("mycophenolate started at 2000 mg in a revision was accepted")
      return
    }
    #expect(startError.description.contains("revisions[0].medications[0].dose_mg"), "\(startError)")
    #expect(startError.description.contains("starting mycophenolate"), "\(startError)")
  }

  // MARK: - A new weight from week 6

  @Test func aNewWeightChangesPerKilogramDosesOnlyFromItsDate() throws {
    let first = try Self.plan("weight", asOf: 1)
    let second = try Self.plan("weight")
    let effective = try Self.date("2027-04-05")
    #expect(Array(second.days.prefix { $0.date < effective }) == Array(first.days.prefix { $0.date < effective }))
    // IVIG: courses 1 and 2 (before the date) at 2 g/kg × 70 kg, course 3 at 2 g/kg × 60 kg.
    let perDay = { (plan: TreatmentPlan, day: String) in
      plan.days.first { $0.date.description == day }?.administrations.first { $0.drug == "ivig" }?.amount.description
    }
    #expect(perDay(second, "2027-03-29") == "28.0 g")
    #expect(perDay(second, "2027-04-02") == "28.0 g")
    #expect(perDay(first, "2027-04-26") == "28.0 g")
    #expect(perDay(second, "2027-04-26") == "24.0 g")
    #expect(perDay(second, "2027-04-30") == "24.0 g")
    // The running prednisolone taper (1 mg/kg of 70 kg) is not re-based: every day as before.
    for (a, b) in zip(first.days, second.days) {
      #expect(a.administrations.filter { $0.drug == "prednisolone" } == b.administrations.filter { $0.drug == "prednisolone" })
    }
    // The azathioprine ceiling is 2 mg/kg of the new weight from the date: an escalation to 125 mg is refused.
    let higher = try Self.text("weight").replacingOccurrences(of: "to_mg: 100", with: "to_mg: 125")
    guard case .failure(let error) = Self.attempt(higher) else {
      Issue.record("125 mg of azathioprine at 60 kg was accepted")
      return
    }
    #expect(error.description.contains("125 mg is above the seed's maximum of 2 mg/kg/day for azathioprine (120 mg at 60 kg)"))
    #expect(second.notices.contains { $0.path == "revisions[0].patient" && $0.message.hasPrefix("weight 70 kg → 60 kg from 2027-04-05") })
  }

  // MARK: - A past day changed: refused, or a correction

  static let pastChange = """
      - from: 2027-05-24
        written: 2027-05-24
        reason: Azathioprine 75 mg since the last visit (blood count)
        medications:
          - drug: azathioprine
            dose_mg: 75
            start: 2027-05-10
    """

  static func withRevision(_ base: String, _ revision: String) throws -> String {
    Self.withoutRevisions(try Self.text(base)) + "revisions:\n" + revision + "\n"
  }

  @Test func aRevisionThatChangesAPastDayIsRefusedUnlessItIsACorrection() throws {
    let refused = try Self.withRevision("azathioprine", Self.pastChange)
    guard case .failure(let error) = Self.attempt(refused) else {
      Issue.record("a revision that changes 2027-05-10 was accepted")
      return
    }
    #expect(
      error.description.contains(
        "revisions[0].from: revision 2 changes 2027-05-10, before its date 2027-05-24: azathioprine 125 mg at 18:00 "
          + "becomes 75 mg at 18:00"),
      "\(error)")
    // The same revision marked as a correction is accepted and says so on every output.
    let corrected = refused.replacingOccurrences(of: "    reason:", with: "    correction: true\n    reason:")
    let plan = try Self.attempt(corrected).get()
    #expect(try Self.dose(plan, "azathioprine", on: "2027-05-09") == "125 mg")
    #expect(try Self.dose(plan, "azathioprine", on: "2027-05-10") == "75 mg")
    let record = try #require(plan.latestRevision)
    let corrected10 = try Self.date("2027-05-10")
    let corrected23 = try Self.date("2027-05-23")
    #expect(record.correction && record.correctedDays == corrected10...corrected23)
    #expect(record.correctionText == "corrected on 2027-05-24: Azathioprine 75 mg since the last visit (blood count)")
    #expect(PlanTable.render(plan).contains("Corrected on 2027-05-24: Azathioprine 75 mg since the last visit (blood count) (changes 2027-05-10 to 2027-05-23)"))
    #expect(PlanJSON.render(plan).contains("\"correction\" : \"corrected on 2027-05-24: Azathioprine 75 mg since the last visit (blood count)\""))
    #expect(plan.notices.contains { $0.message.hasPrefix("revision 2 is a correction written on 2027-05-24") })
    // An effective date before the day it was written is itself a change of the past.
    let early = try Self.withRevision(
      "azathioprine",
      "  - from: 2027-05-17\n    written: 2027-05-24\n    reason: r\n    medications:\n      - drug: azathioprine\n        dose_mg: 100")
    guard case .failure(let earlyError) = Self.attempt(early) else {
      Issue.record("a revision dated before it was written was accepted")
      return
    }
    #expect(earlyError.description.contains("revisions[0].from: 2027-05-17 is before the day this revision was written (2027-05-24)"))
  }

  // MARK: - Methotrexate on another weekday

  @Test func methotrexateMovedToAnotherWeekdayStaysAWeekOrMoreApartAndFolicAcidFollows() throws {
    let plan = try Self.plan("methotrexate-day")
    let mtx = plan.days.filter { $0.administrations.contains { $0.drug == "methotrexate" } }.map(\.date)
    let lastMonday = try Self.date("2027-03-29")
    let nextMonday = try Self.date("2027-04-05")
    let firstThursday = try Self.date("2027-04-08")
    let effective = try Self.date("2027-04-01")
    #expect(mtx.contains(lastMonday) && !mtx.contains(nextMonday))
    #expect(mtx.first { $0 > lastMonday } == firstThursday)
    for (a, b) in zip(mtx, mtx.dropFirst()) { #expect((7...13).contains(a.days(to: b)), "\(a) → \(b)") }
    #expect(mtx.filter { $0 > effective }.allSatisfy { $0.weekday == .thursday })
    // Folic acid: never on a methotrexate date, the day after each dose.
    for day in plan.days {
      let drugs = day.administrations.map(\.drug)
      #expect(!(drugs.contains("methotrexate") && drugs.contains("folic acid")), "\(day.date)")
      if drugs.contains("folic acid") { #expect(mtx.contains(day.date.adding(days: -1)), "\(day.date)") }
    }
    let notice = try #require(plan.notices.first { $0.message.hasPrefix("methotrexate moves") })
    #expect(notice.message.contains("the last Monday dose is 2027-03-29 and the first Thursday dose 2027-04-08, 10 days later"))
  }

  /// A revision can never make methotrexate daily: the planned days themselves are checked.
  @Test func noRevisionMakesMethotrexateMoreThanWeekly() throws {
    let text = try Self.withRevision(
      "methotrexate-day",
      "  - from: 2027-04-01\n    written: 2027-03-29\n    reason: r\n    medications:\n      - drug: methotrexate\n        dose_mg: 15\n        weekday: thursday\n        start: 2027-04-01")
    guard case .failure(let error) = Self.attempt(text) else {
      Issue.record("methotrexate on Monday 29 March and Thursday 1 April was accepted")
      return
    }
    #expect(error.description.contains("methotrexate on 2027-03-29 and again on 2027-04-01, 3 days later"), "\(error)")
  }

  // MARK: - taper diff

  @Test(arguments: ["flare", "azathioprine", "weight", "methotrexate-day", "correction"])
  func theDiffSaysWhatChangedInPlainWords(_ name: String) throws {
    let diff = PlanDiff.between(try Self.plan(name, asOf: 1), try Self.plan(name))
    try expectGolden(diff.text, at: "diff/\(name).txt")
    try expectGolden(PlanDiffJSON.render(diff), at: "diff/\(name).json")
  }

  @Test func aFileWithoutRevisionsPlansAsBefore() throws {
    for name in Fixtures.planNames {
      let plan = try Fixtures.plan(name)
      #expect(plan.revisions.count == 1 && plan.latestRevision == nil, "\(name)")
      #expect(plan.medicines.allSatisfy { $0.period == nil }, "\(name)")
    }
  }
}

/// The second pair of eyes on the revisions (a review of the change): each case it found, as it wrote it
/// (`Fixtures/revisions/review/`), with what the plan must do.
@Suite struct RevisionReviewTests {
  static func plan(_ name: String) throws -> Result<TreatmentPlan, PlanFileError> {
    let path = "revisions/review/\(name).yaml"
    return RevisionTests.attempt(try Fixtures.text(path))
  }

  static func dates(_ plan: TreatmentPlan, _ drug: String) -> [String] {
    plan.days.filter { $0.administrations.contains { $0.drug == drug } }.map(\.date.description)
  }

  /// A DMARD a revision starts has its baseline blood test on or after the revision's date, not on the Friday
  /// before it.
  @Test func aBaselineBloodTestNeverComesBeforeTheRevisionsDate() throws {
    let path = "revisions/review/t18.yaml"
    let plan = try PlanFile.plan(text: Fixtures.text(path), fileName: path).0
    let one = try PlanFile.plan(text: Fixtures.text(path), fileName: path, asOf: 1).0
    let date = try #require(CivilDate(iso: "2027-04-05"))
    #expect(plan.monitoring.filter { $0.date < date } == one.monitoring.filter { $0.date < date })
    #expect(plan.monitoring.contains { $0.date == date && $0.detail.contains("baseline") })
  }

  @Test func aSecondIVIGCourseDaysAfterTheLastIsRefused() throws {
    guard case .failure(let error) = try Self.plan("t21") else { Issue.record("accepted"); return }
    #expect(error.description.contains("an IVIG course starts on 2027-04-05, 7 days after the course that started on 2027-03-29"))
  }

  @Test func aChangedDoseKeepsThePlannedStopAndPauses() throws {
    let stop = try Self.plan("t20").get()
    #expect(Self.dates(stop, "methotrexate").last == "2027-05-03")
    let pause = try Self.plan("t25").get()
    #expect(!Self.dates(pause, "methotrexate").contains("2027-05-03") && !Self.dates(pause, "methotrexate").contains("2027-05-10"))
  }

  @Test func aStartGivenAsADayNumberCutsTheOldRegimenThere() throws {
    // No gap: the old regimen runs until the new one's first day.
    let gap = try Self.plan("t12").get()
    #expect(Self.dates(gap, "methotrexate").contains("2027-04-26") && Self.dates(gap, "methotrexate").contains("2027-05-03"))
    // No overlap: one dose of azathioprine a day, never two regimens at once.
    let overlap = try Self.plan("t24").get()
    for day in overlap.days { #expect(day.administrations.filter { $0.drug == "azathioprine" }.count <= 1, "\(day.date)") }
  }

  @Test func aMedicineNotYetBegunStartsAfresh() throws {
    guard case .failure(let error) = try Self.plan("t6") else { Issue.record("accepted"); return }
    #expect(error.description.contains("125 mg is above the seed's maximum of 50 mg for starting azathioprine"))
  }

  @Test func aNewWeightAndAChangedDoseInOneRevisionPlan() throws {
    let plan = try Self.plan("t2").get()
    #expect(plan.revision == 2)
  }

  @Test func aCourseUnderWayKeepsTheWeightItBeganOn() throws {
    let plan = try Self.plan("t7").get()
    let course2 = plan.days.filter { ("2027-03-29"..."2027-04-02").contains($0.date.description) }
      .compactMap { $0.administrations.first { $0.drug == "ivig" }?.amount.description }
    #expect(course2 == Array(repeating: "28.0 g", count: 5))
  }

  @Test func aPregnancyFromADateStopsMethotrexateWithoutRefusingThePast() throws {
    let plan = try Self.plan("t14").get()
    #expect(Self.dates(plan, "methotrexate").allSatisfy { $0 < "2027-02-22" })
  }

  @Test func stoppingTheCreamStopsTheCreamNotTheGel() throws {
    let plan = try Self.plan("t16").get()
    let names = Set(plan.days.filter { $0.date.description >= "2027-04-01" }.flatMap(\.administrations).map(\.drug))
    #expect(names.contains { $0.contains("gel") } && !names.contains { $0.contains("cream") })
  }
}
