import Foundation
import TaperCalendar
import TaperCore
import TaperPlanFile
import TaperTestSupport
import Testing

/// One source of time-zone rules: the planner reads the system's TZif files (``SystemTimeZones``), the same
/// files libical turns into the calendar's VTIMEZONE.
@Suite struct TimeZoneSourceTests {
  /// Zones with every kind of rule: northern and southern daylight time, half-hour and 45-minute offsets, a
  /// negative "daylight" saving (Dublin), a zone that skipped a day (Apia), Ramadan suspensions (Casablanca),
  /// and zones whose rules changed recently (Paraguay's permanent -03 from 2024, tzdata 2025a; Aysén's new zone,
  /// 2025b; Kazakhstan's single zone, 2024a). 2000–2040 reaches past the files' last transitions, into the
  /// POSIX rule of their footer.
  static let zones = [
    "Europe/London", "Europe/Dublin", "America/New_York", "America/Asuncion", "America/Coyhaique",
    "America/Santiago", "America/Sao_Paulo", "Australia/Lord_Howe", "Pacific/Apia", "Pacific/Chatham",
    "Africa/Casablanca", "Asia/Tehran", "Asia/Almaty", "Asia/Kolkata", "UTC",
  ].filter { FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/\($0)") }

  /// Two weeks of prednisolone 5 mg once a day at `time`, in `zone`.
  static func plan(zone: String, start: String, time: String) throws -> TreatmentPlan {
    let text = """
      plan:
        id: tz-plan
        start: \(start)
        timezone: \(zone)
        weeks: 2
      patient: { weight_kg: 70, age: 50, group: remission }
      medications:
        - drug: prednisolone
          dose_mg: 5
          time: "\(time)"
      """
    return try PlanFile.plan(text: text, fileName: "zone.yaml").0
  }

  @Test func theRulesAreTheSystemDatabasesAsPythonReadsThem() throws {
    guard requireVenv() else { return }
    #expect(SystemTimeZones.shared.directory == "/usr/share/zoneinfo")
    let result = try run(venvPython, [Fixtures.root.appendingPathComponent("tools/tz/offsets.py").path, "2000", "2040"] + Self.zones)
    #expect(result.status == 0, "\(result.stderr)")
    let expected = try JSONDecoder().decode([String: [[Int]]].self, from: Data(result.stdout.utf8))
    #expect(Set(expected.keys) == Set(Self.zones))
    for zone in Self.zones {
      let rules = try #require(SystemTimeZones.shared.rules(for: zone), "\(zone)")
      let rows = expected[zone] ?? []
      #expect(rows.count > 50_000)
      let wrong = rows.filter { rules.offset(atUTC: Int64($0[0])) != $0[1] }
      #expect(wrong.isEmpty, "\(zone): \(wrong.count) instants differ, first \(wrong.first ?? [])")
    }
  }

  @Test func onlyZoneNamesAreRead() {
    for name in ["../etc/passwd", "/etc/passwd", "Europe/../../etc/passwd", "right/Europe/London",
      "posix/Europe/London", "Europe", "Europe/", "", "Europe/London\u{0}"]
    {
      #expect(SystemTimeZones.shared.rules(for: name) == nil, "\(name)")
    }
    #expect(SystemTimeZones.shared.rules(for: "America/Argentina/Buenos_Aires") != nil)
    #expect(SystemTimeZones.shared.rules(for: "Etc/GMT+5")?.offset(atUTC: 0) == -5 * 3600)
  }

  /// Paraguay's clocks no longer go forward at midnight on the first Sunday of October (tzdata 2025a): a dose
  /// at 00:30 on 2025-10-05 exists, in the plan and in the calendar, which both read the system's rules.
  @Test func planAndCalendarAgreeInAZoneWhoseRulesChanged() throws {
    let rules = try #require(SystemTimeZones.shared.rules(for: "America/Asuncion"))
    // The system's database has the change (otherwise this machine's tzdata predates 2025a).
    try #require(rules.offset(atUTC: 1_759_708_800) == -3 * 3600, "tzdata older than 2025a")  // 2025-10-06T00:00Z
    #expect(rules.offset(atUTC: 1_748_779_200) == -3 * 3600)  // 2025-06-01: -03 all year now
    let plan = try Self.plan(zone: "America/Asuncion", start: "2025-09-29", time: "00:30")
    #expect(!plan.notices.contains { $0.message.contains("does not exist") }, "\(plan.notices)")
    let october5 = try #require(plan.days.first { $0.date == CivilDate(iso: "2025-10-05") })
    #expect(october5.administrations.map(\.time.description) == ["00:30"])
    guard requireVenv() else { return }
    let export = try ICalendarExporter.export(plan, options: fixedOptions())
    #expect(try ICalendarVerifier.verify(export.text, against: plan).differences == [])
    let file = try writeTemporary(export.text)
    guard let expansion = try pythonExpand(file) else { return }
    #expect(expansion.doses == expectedRows(plan))
    #expect(expansion.doses.allSatisfy { $0[1] == "00:30" })
  }

  /// A time the clocks do skip is still found, with the same rules the calendar carries.
  @Test func aSkippedTimeIsMovedAsTheCalendarShowsIt() throws {
    let plan = try Self.plan(zone: "Europe/London", start: "2026-03-23", time: "01:30")
    let march29 = try #require(plan.days.first { $0.date == CivilDate(iso: "2026-03-29") })
    #expect(march29.administrations.map(\.time.description) == ["02:30"])
    guard requireVenv() else { return }
    let file = try writeTemporary(ICalendarExporter.export(plan, options: fixedOptions()).text)
    guard let expansion = try pythonExpand(file) else { return }
    #expect(expansion.doses == expectedRows(plan))
  }
}
