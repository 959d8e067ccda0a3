import Foundation
import TaperCalendar
import TaperCore
import TaperPlanFile
import TaperTestSupport
import Testing

/// The exporter's options, errors and rules, on the fixtures and on small changes to them.
@Suite struct ExportOptionTests {
  @Test func sameInputGivesByteIdenticalOutput() throws {
    let first = try exportFixture("severe").text
    let second = try exportFixture("severe").text
    #expect(first == second)
    #expect(first.hasPrefix("BEGIN:VCALENDAR\r\n"))
    #expect(first.hasSuffix("END:VCALENDAR\r\n"))
    #expect(!first.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
  }

  @Test func concurrentExportsAndReadsAgree() async throws {
    let plan = try Fixtures.plan("severe")
    let reference = try exportFixture("severe").text
    let results = try await withThrowingTaskGroup(of: (String, Int).self) { group in
      for _ in 0..<6 {
        group.addTask {
          let text = try ICalendarExporter.export(plan, options: fixedOptions()).text
          return (text, try ICalendarVerifier.verify(text, against: plan).differences.count)
        }
      }
      var all: [(String, Int)] = []
      for try await result in group { all.append(result) }
      return all
    }
    #expect(results.count == 6)
    #expect(results.allSatisfy { $0.0 == reference && $0.1 == 0 })
  }

  @Test func timestampIsTheOnlyDifferenceBetweenTwoTimestamps() throws {
    var options = fixedOptions()
    options.timestamp = ICalendarTimestamp(iso: "2027-02-03T04:05:06Z")!
    let later = try exportFixture("severe", options).text
    let fixed = try exportFixture("severe").text
    // DTSTAMP and LAST-MODIFIED carry it; nothing else changes.
    #expect(later.contains("DTSTAMP:20270203T040506Z\r\n") && later.contains("LAST-MODIFIED:20270203T040506Z\r\n"))
    #expect(later.replacingOccurrences(of: ":20270203T040506Z", with: ":20260101T000000Z") == fixed)
  }

  @Test func unknownTimeZoneIsAnError() throws {
    var plan = try Fixtures.plan("severe")
    plan.timeZone = "Mars/Base"
    #expect(throws: ICalendarError.unknownTimeZone("Mars/Base")) {
      try ICalendarExporter.export(plan, options: fixedOptions())
    }
    plan.timeZone = ""
    #expect(throws: ICalendarError.unknownTimeZone("")) {
      try ICalendarExporter.export(plan, options: fixedOptions())
    }
  }

  @Test func noAlarmsWritesNoValarm() throws {
    let text = try exportFixture("severe", fixedOptions(alarmMinutesBefore: nil)).text
    #expect(!text.contains("BEGIN:VALARM"))
    #expect(try ICalendarVerifier.verify(text, against: Fixtures.plan("severe")).differences == [])
  }

  @Test func alarmMinutesGiveANegativeTrigger() throws {
    let text = try exportFixture("remission", fixedOptions(alarmMinutesBefore: 15)).text
    let export = try exportFixture("remission")
    let plan = try Fixtures.plan("remission")
    #expect(text.components(separatedBy: "TRIGGER:-PT15M\r\n").count - 1 == export.eventCount - ICalendarVerifier.expectedDayEvents(plan).count)
    // Zero minutes: libical writes the zero duration as PT0S (the same instant as -PT0M).
    #expect(export.text.components(separatedBy: "TRIGGER:PT0S\r\n").count - 1 == export.eventCount - ICalendarVerifier.expectedDayEvents(plan).count)
  }

  @Test(arguments: Fixtures.planNames)
  func oneEventPerDoseWritesOneEventPerAdministration(_ name: String) throws {
    let plan = try Fixtures.plan(name)
    let export = try exportFixture(name, fixedOptions(oneEventPerDose: true))
    let administrations = plan.days.reduce(0) { $0 + $1.administrations.count }
    #expect(export.eventCount == administrations + ICalendarVerifier.expectedDayEvents(plan).count)
    #expect(!export.text.contains("RRULE:FREQ=DAILY") && !export.text.contains("RRULE:FREQ=WEEKLY"))
    #expect(try ICalendarVerifier.verify(export.text, against: plan).differences == [])
  }

  @Test func longRunsAreSplitAtTheCountLimit() throws {
    let plan = try Fixtures.plan("leap-day")
    let export = try exportFixture("leap-day", fixedOptions(maximumCount: 100))
    let counts = export.text.split(separator: "\r\n").compactMap { line -> Int? in
      guard line.hasPrefix("RRULE:"), let range = line.range(of: "COUNT=") else { return nil }
      return Int(line[range.upperBound...].prefix { $0.isNumber })
    }
    #expect(counts.max() == 100)
    #expect(try ICalendarVerifier.verify(export.text, against: plan).differences == [])
    #expect(export.eventCount > (try exportFixture("leap-day")).eventCount)
  }

  @Test func seriesUseTheExpectedRules() throws {
    let severe = try exportFixture("severe").text
    #expect(severe.contains("RRULE:FREQ=WEEKLY;COUNT=2;BYDAY=MO\r\n"))  // methotrexate 15 mg, then 17.5 mg
    #expect(severe.contains("SUMMARY:Methotrexate 15 mg WEEKLY\r\n"))
    #expect(severe.contains("SUMMARY:Prednisolone 70 mg (14 × 5 mg)\r\n"))
    // IVIG: a 4-hour infusion from 09:00, as DTEND (never with DURATION).
    #expect(severe.contains("DTSTART;TZID=Europe/London:20261207T090000\r\nDTEND;TZID=Europe/London:20261207T130000\r\n"))
    #expect(!splitTimeZone(severe).rest.contains("\r\nDURATION:"))
    #expect(severe.contains("\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n"))
    #expect(!severe.contains("RDATE"))
    #expect(!splitTimeZone(severe).rest.contains("UNTIL"))
    let remission = try exportFixture("remission").text
    #expect(remission.contains("RRULE:FREQ=DAILY;COUNT=14;INTERVAL=2\r\n"))  // 4 mg on alternate days
    let specialist = try exportFixture("specialist").text
    #expect(specialist.contains("RRULE:FREQ=WEEKLY;COUNT=2;INTERVAL=2;BYDAY=SU\r\n"))  // rituximab days 1, 15
  }

  @Test func calendarHeaderAndTimeZone() throws {
    let text = try exportFixture("severe").text
    for line in [
      "VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Medicines (draft)",
      "NAME:Medicines (draft)", "X-WR-TIMEZONE:Europe/London", "TZID:Europe/London",
    ] {
      #expect(text.contains("\r\n\(line)\r\n"), "\(line)")
    }
    #expect(!text.contains("freeassociation"))
    #expect(text.components(separatedBy: "BEGIN:VTIMEZONE").count == 2)
    #expect(text.contains("DTSTART;TZID=Europe/London:20261207T080000\r\n"))
    let approved = try exportFixture("remission").text
    #expect(approved.contains("\r\nX-WR-CALNAME:Medicines\r\n"))
    var options = fixedOptions()
    options.calendarName = "Pills, daily; café ☕ \\ mine"
    let named = try exportFixture("remission", options)
    #expect(try ICalendarVerifier.read(named.text).name == "Pills, daily; café ☕ \\ mine")
    // X-WR-CALNAME is TEXT (RFC 5545 §3.8.8.2), escaped exactly as NAME is.
    let unfolded = named.text.replacingOccurrences(of: "\r\n ", with: "")
    #expect(unfolded.contains("\r\nX-WR-CALNAME:Pills\\, daily\\; café ☕ \\\\ mine\r\n"))
    #expect(unfolded.contains("\r\nNAME:Pills\\, daily\\; café ☕ \\\\ mine\r\n"))
    guard requireVenv() else { return }
    let file = try writeTemporary(named.text)
    let lint = try run(venvPython, [tool("check.py"), "lint", file.path])
    #expect(lint.status == 0, "\(lint.stdout)")
    #expect(try pythonExpand(file)?.calname == "Pills, daily; café ☕ \\ mine")
  }

  @Test func noPatientDataUnlessAsked() throws {
    let plan = try Fixtures.plan("severe")
    let text = try exportFixture("severe").text
    let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
    for secret in ["J. Smith", "70 kg", "group severe", plan.title, "Rheumatology clinic", "+44 20", "Dr A. Example", plan.id] {
      #expect(!unfolded.contains(secret), "\(secret) leaked")
    }
    let labelled = try exportFixture("severe", fixedOptions(includePatientLabel: true)).text
    #expect(labelled.replacingOccurrences(of: "\r\n ", with: "").contains("Patient: J. Smith\\, 70 kg\\, group severe."))
    #expect(try ICalendarVerifier.verify(labelled, against: plan).differences == [])
  }

  @Test(arguments: Fixtures.planNames)
  func lastEventOfAContinuingMedicineSaysContinue(_ name: String) throws {
    let plan = try Fixtures.plan(name)
    let text = try exportFixture(name).text.replacingOccurrences(of: "\r\n ", with: "")
    for medicine in plan.medicines {
      guard let continuation = medicine.continuation else { continue }
      let escaped = continuation.replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: ";", with: "\\;")
      #expect(text.contains(escaped), "\(medicine.displayName): \(continuation)")
      #expect(continuation.hasPrefix("continue at") && continuation.hasSuffix("until review"))
    }
  }

  @Test func uidsAreStableOpaqueAndUnique() throws {
    let text = try exportFixture("severe").text
    let uids = text.split(separator: "\r\n").filter { $0.hasPrefix("UID:") }
    #expect(Set(uids).count == uids.count)
    #expect(uids.allSatisfy { $0.range(of: #"^UID:[0-9a-f]{32}@taper\.invalid$"#, options: .regularExpression) != nil })
    // A new revision keeps the UIDs of unchanged runs and raises SEQUENCE.
    var revised = try Fixtures.plan("severe")
    revised.revision = 2
    let next = try ICalendarExporter.export(revised, options: fixedOptions()).text
    #expect(Set(next.split(separator: "\r\n").filter { $0.hasPrefix("UID:") }) == Set(uids))
    #expect(next.contains("SEQUENCE:2\r\n") && !next.contains("SEQUENCE:1\r\n"))
  }

  @Test func previousRevisionRunsThatAreGoneAreCancelled() throws {
    let (old, new) = try severeWithoutLaterIVIGCourses()
    let export = try ICalendarExporter.export(new, options: fixedOptions(previous: old))
    #expect(export.cancelledCount == 2)  // courses 2 and 3
    #expect(export.text.components(separatedBy: "STATUS:CANCELLED\r\n").count - 1 == 2)
    let contents = try ICalendarVerifier.read(export.text)
    #expect(contents.cancelledCount == 2)
    #expect(ICalendarVerifier.compare(contents, with: new).differences == [])
    guard requireVenv() else { return }
    let expansion = try pythonExpand(writeTemporary(export.text))
    #expect(expansion?.cancelled == 2)
    #expect(expansion?.doses == expectedRows(new))
  }

  /// Apps that ignore `STATUS` (calcurse) show cancelled runs as events: none of them may read as a dose.
  @Test(arguments: [false, true])
  func cancelledRunsNeverReadAsADose(oneEventPerDose: Bool) throws {
    let old = try Fixtures.plan("severe")
    // Revision 2 moves prednisolone to 09:00 from its first dose change on: every later run changes.
    var new = old
    new.revision = 2
    let change = try #require(old.changes.first { $0.drug == "prednisolone" })
    for i in new.days.indices where new.days[i].date >= change.date {
      for j in new.days[i].administrations.indices where new.days[i].administrations[j].drug == "prednisolone" {
        new.days[i].administrations[j].scheduledTime = try #require(LocalTime(parsing: "09:00"))
        new.days[i].administrations[j].time = new.days[i].administrations[j].scheduledTime
      }
    }
    var options = fixedOptions(previous: old)
    options.oneEventPerDose = oneEventPerDose
    let export = try ICalendarExporter.export(new, options: options)
    #expect(export.cancelledCount > 0)
    let doseTexts = Set(expectedRows(old).map { $0[2] } + expectedRows(new).map { $0[2] })
    let cancelledEvents = export.text.components(separatedBy: "BEGIN:VEVENT\r\n").dropFirst()
      .filter { $0.contains("STATUS:CANCELLED\r\n") }
    #expect(cancelledEvents.count == export.cancelledCount)
    for event in cancelledEvents {
      #expect(!event.contains("BEGIN:VALARM"))
      #expect(event.contains("TRANSP:TRANSPARENT\r\n"))
      let unfolded = event.replacingOccurrences(of: "\r\n ", with: "")
      for text in doseTexts { #expect(!unfolded.contains(text), "a cancelled event reads \(text)") }
      #expect(!unfolded.contains(" mg"), "a cancelled event names an amount")
    }
    guard requireVenv() else { return }
    let shown = try #require(try pythonExpand(writeTemporary(export.text), keepingCancelled: true))
    // Everything an app shows that is not marked cancelled in its title is exactly revision 2.
    #expect(shown.doses.filter { !$0[2].hasPrefix("Cancelled") } == expectedRows(new))
    #expect(shown.doses.count > expectedRows(new).count)
  }

  /// A tablet dose at 23:59 ends at midnight, so apps list it on its own day only (khal listed each of them
  /// on two days when the nominal 15 minutes ran into the next); an infusion keeps its real length.
  @Test func aLateDoseStaysOnItsOwnDay() throws {
    var plan = try Fixtures.plan("remission")
    let late = try #require(LocalTime(parsing: "23:59"))
    for i in plan.days.indices {
      for j in plan.days[i].administrations.indices where plan.days[i].administrations[j].scheduledTime.hour == 20 {
        plan.days[i].administrations[j].time = late
        plan.days[i].administrations[j].scheduledTime = late
      }
    }
    let text = try ICalendarExporter.export(plan, options: fixedOptions()).text
    #expect(text.contains("DTSTART;TZID=Europe/London:20270607T235900\r\nDTEND;TZID=Europe/London:20270608T000000\r\n"))
    #expect(text.contains("DTSTART;TZID=Europe/London:20270607T080000\r\nDTEND;TZID=Europe/London:20270607T081500\r\n"))
    #expect(!text.contains("T001400"))
    #expect(try ICalendarVerifier.verify(text, against: plan).differences == [])
    guard requireVenv() else { return }
    let lint = try run(venvPython, [tool("check.py"), "lint", writeTemporary(text).path])
    #expect(lint.status == 0, "\(lint.stdout)")
  }

  /// An `other` medicine keeps the capitals it was written with ("vitamin D" read "Vitamin d", "HCQ" "Hcq").
  @Test func otherMedicineNamesKeepTheirCapitals() throws {
    let text = """
      plan: { id: capitals, start: 2027-01-04, timezone: Europe/London, weeks: 2 }
      patient: { weight_kg: 70, age: 50, group: remission }
      medications:
        - { drug: other, name: vitamin D, dose: 20000 units, weekday: monday }
        - { drug: other, name: HCQ tablets, dose: 1 tablet, times: ["08:00"] }
        - { drug: other, name: Adcal-D3, dose: 2 tablets, times: ["20:00"] }
      """
    let plan = try PlanFile.plan(text: text, fileName: "capitals.yaml").0
    #expect(plan.medicines.map(\.displayName) == ["Vitamin D", "HCQ tablets", "Adcal-D3"])
    let ics = try ICalendarExporter.export(plan, options: fixedOptions()).text
    for summary in ["Vitamin D 20000 units", "HCQ tablets 1 tablet", "Adcal-D3 2 tablets"] {
      #expect(ics.contains("\r\nSUMMARY:\(summary)\r\n"), "\(summary)")
    }
  }

  @Test func previousPlanMustBeTheSamePlan() throws {
    let other = try Fixtures.plan("remission")
    #expect(throws: ICalendarError.self) {
      try ICalendarExporter.export(Fixtures.plan("severe"), options: fixedOptions(previous: other))
    }
  }

  @Test func springForwardDoseIsMovedForwardByTheGap() throws {
    // Prednisolone at 01:30 every day: on 2027-03-28 British clocks jump from 01:00 to 02:00.
    var plan = try Fixtures.plan("specialist")
    let prednisolone = try #require(plan.medicines.first { $0.key == "prednisolone" }).index
    let scheduled = try #require(LocalTime(hour: 1, minute: 30))
    let springForward = try #require(CivilDate(iso: "2027-03-28"))
    for d in plan.days.indices {
      for a in plan.days[d].administrations.indices where plan.days[d].administrations[a].medicine == prednisolone {
        plan.days[d].administrations[a].scheduledTime = scheduled
        plan.days[d].administrations[a].time =
          plan.days[d].date == springForward ? try #require(LocalTime(hour: 2, minute: 30)) : scheduled
      }
      plan.days[d].administrations.sort { $0.time < $1.time }
    }
    let export = try ICalendarExporter.export(plan, options: fixedOptions())
    // The skipped day is a single event at its real time; the series around it keep 01:30.
    #expect(export.text.contains("DTSTART;TZID=Europe/London:20270328T023000\r\n"))
    #expect(export.text.contains("DTSTART;TZID=Europe/London:20270329T013000\r\n"))
    #expect(try ICalendarVerifier.verify(export.text, against: plan).differences == [])
    guard requireVenv() else { return }
    let expansion = try pythonExpand(writeTemporary(export.text))
    #expect(expansion?.doses == expectedRows(plan))
  }

  @Test func verifierReportsDifferences() throws {
    var plan = try Fixtures.plan("remission")
    let text = try exportFixture("remission").text
    // The calendar has the last day's doses, the changed plan does not.
    let last = plan.days.count - 1
    let removed = plan.days[last].administrations.count
    plan.days[last].administrations = []
    let report = try ICalendarVerifier.verify(text, against: plan)
    #expect(report.differences.count == removed)
    #expect(report.differences.allSatisfy { $0.hasPrefix("extra dose: \(plan.end)") })
    let floating = text.replacingOccurrences(of: "DTSTART;TZID=Europe/London:", with: "DTSTART:")
    #expect(try ICalendarVerifier.verify(floating, against: plan).differences.contains { $0.contains("floating") })
    let prefixed = text.replacingOccurrences(of: "TZID=Europe/London", with: "TZID=/freeassociation.sourceforge.net/Europe/London")
    #expect(try ICalendarVerifier.verify(prefixed, against: plan).differences.contains { $0.contains("no VTIMEZONE") })
  }

  @Test func garbageIsUnreadable() {
    #expect(throws: ICalendarError.self) { try ICalendarVerifier.read("not ical at all") }
    #expect(throws: ICalendarError.self) {
      try ICalendarVerifier.read("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:notadate\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    }
  }

  @Test func timestampParsing() {
    #expect(ICalendarTimestamp(iso: "2026-01-01T00:00:00Z")?.description == "2026-01-01T00:00:00Z")
    #expect(ICalendarTimestamp(iso: "2026-01-01T00:00:00") == nil)
    #expect(ICalendarTimestamp(iso: "2026-02-30T00:00:00Z") == nil)
    #expect(ICalendarTimestamp(iso: "2026-01-01T24:00:00Z") == nil)
  }
}

/// A calendar's refresh hint is an option of the writer: exactly one `REFRESH-INTERVAL` and one
/// `X-PUBLISHED-TTL` in every output, with the same value (RFC 7986 §5.7 allows the property once).
@Suite struct RefreshHintTests {
  /// The calendar-level lines of an export (before the first component), unfolded.
  func calendarLines(_ text: String) -> [String] {
    let unfolded = text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
    return Array(unfolded.prefix { !$0.hasPrefix("BEGIN:VTIMEZONE") && !$0.hasPrefix("BEGIN:VEVENT") }.dropFirst())
  }

  @Test(arguments: Fixtures.planNames)
  func everyCalendarCarriesOneHintOfEachKind(_ name: String) throws {
    for interval in [RefreshInterval.file, .feed, RefreshInterval(minutes: 90)!] {
      var options = fixedOptions()
      options.refreshInterval = interval
      let lines = calendarLines(try exportFixture(name, options).text)
      #expect(lines.filter { $0.hasPrefix("REFRESH-INTERVAL") } == ["REFRESH-INTERVAL;VALUE=DURATION:\(interval)"])
      #expect(lines.filter { $0.hasPrefix("X-PUBLISHED-TTL") } == ["X-PUBLISHED-TTL:\(interval)"])
      let names = lines.map { String($0.prefix { $0 != ":" && $0 != ";" }) }
      #expect(Set(names).count == names.count, "a calendar property twice: \(names)")
    }
  }

  @Test func goldenCalendarsCarryOneHintOfEachKind() throws {
    for name in Fixtures.planNames {
      let golden = try Fixtures.text("golden/ics/\(name).ics")
      let lines = calendarLines(golden)
      #expect(lines.filter { $0.hasPrefix("REFRESH-INTERVAL") }.count == 1, "\(name)")
      #expect(lines.filter { $0.hasPrefix("X-PUBLISHED-TTL") }.count == 1, "\(name)")
    }
  }

  @Test func intervalsAreWholeMinutesInARange() {
    #expect(RefreshInterval.file.description == "PT12H")
    #expect(RefreshInterval.feed.description == "PT1H")
    #expect(RefreshInterval(minutes: 90)?.description == "PT1H30M")
    #expect(RefreshInterval(minutes: 45)?.description == "PT45M")
    #expect(RefreshInterval(minutes: 5) == nil)
    #expect(RefreshInterval(minutes: 8 * 24 * 60) == nil)
  }
}
