import Foundation
import TaperCalendar
import TaperCore
import TaperPlanFile
import TaperTestSupport
import Testing

/// Calendar programs beside python icalendar and khal, each reading the exported file its own way and compared
/// day by day with the plan: Home Assistant's strict `ical` (no compat mode), vobject (which reads the file's
/// VTIMEZONE itself), and a Radicale CalDAV server on loopback expanding the series server-side
/// (`<C:expand>` REPORTs through the `caldav` client). `tools/ics/consumers.py` drives them.
///
/// Every fixture in series mode, the small fixtures one event per dose (Radicale is slow with thousands of
/// resources), and ten-year plans in London and Sydney, which cross the 2036 changes that a VTIMEZONE rule
/// ending on its last change made vobject and Radicale misread (doses an hour early).
@Suite struct ConsumerTests {
  static let consumers = ["ical", "vobject", "radicale"]
  static let tenYearPlans = ["london-ten-years", "sydney-ten-years"]

  /// Parses and plans `Fixtures/interop/<name>.yaml`.
  static func interopPlan(_ name: String) throws -> TreatmentPlan {
    let path = "interop/\(name).yaml"
    return try PlanFile.plan(text: Fixtures.text(path), fileName: "Fixtures/" + path).0
  }

  static func plan(_ name: String) throws -> TreatmentPlan {
    tenYearPlans.contains(name) ? try interopPlan(name) : try Fixtures.plan(name)
  }

  @Test(arguments: consumers, Fixtures.planNames + tenYearPlans)
  func seriesReadTheSameEverywhere(consumer: String, plan name: String) throws {
    let plan = try Self.plan(name)
    try expectConsumer(consumer, reads: ICalendarExporter.export(plan, options: fixedOptions()).text, as: plan)
  }

  @Test(arguments: consumers, Fixtures.planNames)
  func oneEventPerDoseReadsTheSameEverywhere(consumer: String, plan name: String) throws {
    let plan = try Self.plan(name)
    let text = try ICalendarExporter.export(plan, options: fixedOptions(oneEventPerDose: true)).text
    try expectConsumer(consumer, reads: text, as: plan)
  }

  /// vobject computes each dose's instant from the file's VTIMEZONE (ical and python icalendar use the system's
  /// zone for an IANA TZID), so it checks the rules Taper writes: ten years in zones with every kind of rule,
  /// north and south, a negative "daylight" saving (Dublin), half-hour saving (Lord Howe), rules that end or
  /// change (Asunción, Tehran, Almaty), Ramadan suspensions (Casablanca), date-line and Gaza's moving changes.
  /// Before the rules were merged, London, Dublin, Berlin, Sydney and Gaza read 63 to 330 doses an hour off.
  @Test(arguments: [
    "Europe/London", "Europe/Dublin", "Europe/Berlin", "America/New_York", "America/Asuncion", "America/Santiago",
    "America/Sao_Paulo", "America/Havana", "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Apia",
    "Pacific/Chatham", "Africa/Casablanca", "Asia/Tehran", "Asia/Almaty", "Asia/Gaza", "Asia/Kolkata",
  ])
  func vobjectReadsTheZoneRulesTaperWrites(zone: String) throws {
    guard FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/\(zone)") else { return }
    let text = try Fixtures.text("interop/london-ten-years.yaml").replacingOccurrences(of: "Europe/London", with: zone)
    let plan = try PlanFile.plan(text: text, fileName: "\(zone).yaml").0
    try expectConsumer("vobject", reads: ICalendarExporter.export(plan, options: fixedOptions()).text, as: plan)
  }

  /// A revision imported over the previous one (Radicale updates by UID): the server's live instances are
  /// exactly revision 2's doses.
  @Test func radicaleFollowsARevision() throws {
    guard requireVenv() else { return }
    let (old, new) = try severeWithoutLaterIVIGCourses()
    let before = try writeTemporary(ICalendarExporter.export(old, options: fixedOptions()).text, name: "rev1.ics")
    let after = try writeTemporary(
      ICalendarExporter.export(new, options: fixedOptions(previous: old)).text, name: "rev2.ics")
    let result = try run(
      venvPython,
      [tool("consumers.py"), "radicale", after.path, "--zone", new.timeZone, "--previous", before.path])
    #expect(result.status == 0, "\(result.stderr)")
    guard result.status == 0 else { return }
    let expansion = try JSONDecoder().decode(ConsumerExpansion.self, from: Data(result.stdout.utf8))
    #expect(expansion.doses == expectedRows(new))
  }

  /// A plan file that holds its revisions (a flare at week 8): revision 1 put into Radicale and read back, then
  /// revision 2 put over it; time-range queries before the effective date return exactly revision 1's doses,
  /// from it revision 2's, nothing twice; khal shows revision 2 on the days around the date.
  @Test func radicaleAndKhalFollowARevisedPlanFile() throws {
    guard requireVenv() else { return }
    let path = "revisions/flare.yaml"
    let text = try Fixtures.text(path)
    let first = try PlanFile.plan(text: text, fileName: path, asOf: 1).0
    let (second, file) = try PlanFile.plan(text: text, fileName: path)
    let previous = try #require(try file.previousRevision())
    #expect(previous.days == first.days)
    let before = try writeTemporary(ICalendarExporter.export(first, options: fixedOptions()).text, name: "rev1.ics")
    let after = try writeTemporary(
      ICalendarExporter.export(second, options: fixedOptions(previous: previous)).text, name: "rev2.ics")
    let result = try run(
      venvPython,
      [tool("consumers.py"), "radicale", after.path, "--zone", second.timeZone, "--previous", before.path,
       "--split", "2027-02-22", "--read-each"])
    #expect(result.status == 0, "\(result.stderr)")
    guard result.status == 0 else { return }
    struct Window: Decodable { var doses: [[String]] }
    struct Stage: Decodable { var doses: [[String]]; var before: Window; var after: Window }
    struct Output: Decodable { var doses: [[String]]; var stages: [Stage] }
    let output = try JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8))
    let split = "2027-02-22"
    let oldRows = expectedRows(first)
    let newRows = expectedRows(second)
    #expect(output.stages.count == 2)
    #expect(output.stages.first?.doses == oldRows, "revision 1 read back")
    let last = try #require(output.stages.last)
    #expect(last.before.doses == oldRows.filter { $0[0] < split })
    #expect(last.before.doses == newRows.filter { $0[0] < split })
    #expect(last.after.doses == newRows.filter { $0[0] >= split })
    #expect(output.doses == newRows, "nothing duplicated, nothing left of revision 1 after the date")
    let lint = try run(venvPython, [tool("check.py"), "lint", after.path])
    #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
    let days = try ["2027-02-21", "2027-02-22", "2027-02-23", "2027-03-08"].map { try #require(CivilDate(iso: $0)) }
    try expectKhal(after, showing: second, on: days)
  }

  /// python icalendar and khal over the ten-year plans too (every fixture has them in ``FixtureCalendarTests``):
  /// khal on the days around each clock change of 2036 and 2037.
  @Test(arguments: tenYearPlans)
  func tenYearPlansReadTheSameInPythonAndKhal(_ name: String) throws {
    guard requireVenv() else { return }
    let plan = try Self.plan(name)
    let file = try writeTemporary(ICalendarExporter.export(plan, options: fixedOptions()).text)
    let lint = try run(venvPython, [tool("check.py"), "lint", file.path])
    #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
    let expansion = try #require(try pythonExpand(file))
    #expect(expansion.doses == expectedRows(plan))
    let changes =
      plan.timeZone == "Europe/London"
      ? ["2036-03-30", "2036-10-26", "2036-10-27"] : ["2036-04-06", "2036-10-05", "2036-10-06"]
    let days = try changes.map { try #require(CivilDate(iso: $0)) }
    #expect(days.allSatisfy { day in plan.days.contains { $0.date == day && !$0.administrations.isEmpty } })
    try expectKhal(file, showing: plan, on: days)
  }
}

/// What `tools/ics/consumers.py` prints.
struct ConsumerExpansion: Decodable {
  var doses: [[String]]
  var days: [[String]]
  var events: Int
  var cancelled: Int
}

/// Runs `consumer` on `text` and compares its doses and all-day events with `plan`'s.
func expectConsumer(
  _ consumer: String, reads text: String, as plan: TreatmentPlan, sourceLocation: SourceLocation = #_sourceLocation
) throws {
  guard requireVenv(sourceLocation: sourceLocation) else { return }
  let file = try writeTemporary(text)
  let result = try run(venvPython, [tool("consumers.py"), consumer, file.path, "--zone", plan.timeZone])
  #expect(result.status == 0, "\(consumer): \(result.stderr)", sourceLocation: sourceLocation)
  guard result.status == 0 else { return }
  let expansion = try JSONDecoder().decode(ConsumerExpansion.self, from: Data(result.stdout.utf8))
  let expected = expectedRows(plan)
  let missing = Set(expected.map { $0.joined(separator: " ") }).subtracting(expansion.doses.map { $0.joined(separator: " ") })
  let extra = Set(expansion.doses.map { $0.joined(separator: " ") }).subtracting(expected.map { $0.joined(separator: " ") })
  #expect(
    expansion.doses == expected,
    "\(consumer): \(expansion.doses.count) doses for \(expected.count); missing \(missing.sorted().prefix(3)), extra \(extra.sorted().prefix(3))",
    sourceLocation: sourceLocation)
  #expect(
    expansion.days
      == ICalendarVerifier.expectedDayEvents(plan).map { [$0.date.description, $0.summary] }
      .sorted { $0.lexicographicallyPrecedes($1) },
    "\(consumer): all-day events", sourceLocation: sourceLocation)
}
