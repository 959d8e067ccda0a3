import Foundation
import TaperCalendar
import TaperCore
import TaperTestSupport
import Testing

/// Every fixture plan, exported with a fixed timestamp, checked against its golden file and read back by
/// three independent readers: libical itself, python icalendar + recurring-ical-events, and khal.
@Suite struct FixtureCalendarTests {
  @Test(arguments: Fixtures.planNames)
  func matchesGoldenFile(_ name: String) throws {
    try expectCalendarGolden(exportFixture(name).text, name: name)
  }

  @Test(arguments: Fixtures.planNames)
  func libicalRoundTripEqualsThePlan(_ name: String) throws {
    let plan = try Fixtures.plan(name)
    let export = try exportFixture(name)
    let report = try ICalendarVerifier.verify(export.text, against: plan)
    #expect(report.differences == [])
    let contents = try ICalendarVerifier.read(export.text)
    #expect(contents.doses == ICalendarVerifier.expectedDoses(plan))
    #expect(contents.doses.count == plan.days.reduce(0) { $0 + $1.administrations.count })
    #expect(contents.dayEvents.count == ICalendarVerifier.expectedDayEvents(plan).count)
    #expect(contents.timeZones == [plan.timeZone])
    #expect(contents.eventCount == export.eventCount)
    // Every dose is a series or single event with one alarm; dose changes have none.
    #expect(contents.alarmCount == export.eventCount - ICalendarVerifier.expectedDayEvents(plan).count)
  }

  @Test(arguments: Fixtures.planNames)
  func pythonExpansionEqualsThePlan(_ name: String) throws {
    guard requireVenv() else { return }
    let plan = try Fixtures.plan(name)
    let file = try writeTemporary(exportFixture(name).text)
    let lint = try run(venvPython, [tool("check.py"), "lint", file.path])
    #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
    guard let expansion = try pythonExpand(file) else { return }
    let expected = expectedRows(plan)
    #expect(expansion.doses.count == expected.count)
    #expect(expansion.doses == expected)
    // Dose changes and blood tests, the calendar's all-day events.
    #expect(
      expansion.days
        == ICalendarVerifier.expectedDayEvents(plan).map { [$0.date.description, $0.summary] }
        .sorted { $0.lexicographicallyPrecedes($1) })
    #expect(expansion.calname == ICalendarExporter.calendarName(plan, options: fixedOptions()))
  }

  @Test(arguments: Fixtures.planNames)
  func khalShowsTheSameDosesOnCheckedDays(_ name: String) throws {
    let plan = try Fixtures.plan(name)
    // First and last day, the British clock changes inside the plan, and the first dose change.
    var days = [plan.start, plan.end]
    for iso in ["2027-03-28", "2027-10-31", "2028-03-26", "2028-10-29"] {
      if let day = CivilDate(iso: iso), day >= plan.start, day <= plan.end { days.append(day) }
    }
    if let change = plan.changes.first { days.append(change.date) }
    days = Array(Set(days)).sorted()
    try expectKhal(writeTemporary(exportFixture(name).text), showing: plan, on: days)
  }
}

/// The steroid emergency card's reminder: one all-day event on the card's first day, with no alarm, exactly when
/// the plan meets the card's criterion (issue 20).
@Suite struct SteroidCardReminderTests {
  @Test(arguments: Fixtures.planNames)
  func oneAllDayReminderWithNoAlarmExactlyWhenTheCardIsNeeded(_ name: String) throws {
    let plan = try Fixtures.plan(name)
    let text = try exportFixture(name).text
    let events = text.components(separatedBy: "BEGIN:VEVENT").dropFirst()
    let reminders = events.filter { $0.contains("SUMMARY:\(PatientCatalogue.english.headings.cardReminder)\r\n") }
    guard let card = plan.steroidCard else {
      #expect(reminders.isEmpty, "\(name)")
      return
    }
    try #require(reminders.count == 1, "\(name)")
    let event = reminders[0].components(separatedBy: "END:VEVENT")[0]
    let day = card.from.description.replacingOccurrences(of: "-", with: "")
    #expect(event.contains("DTSTART;VALUE=DATE:\(day)\r\n"), "\(event)")
    #expect(!event.contains("BEGIN:VALARM"), "the reminder has no alarm")
    #expect(event.contains("TRANSP:TRANSPARENT"))
  }
}
