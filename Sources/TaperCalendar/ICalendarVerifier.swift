public import TaperCore

/// The outcome of comparing an .ics file with a plan.
public struct ICalendarVerification: Hashable, Sendable {
  /// Doses the plan has.
  public var doseCount: Int
  /// Dose changes the plan has.
  public var changeCount: Int
  /// `VEVENT`s in the file.
  public var eventCount: Int
  /// Everything that differs, in words; empty when the file says exactly what the plan says.
  public var differences: [String]
}

/// Reads .ics files back with libical and checks them against a plan.
public enum ICalendarVerifier {
  /// Parses `text` with libical and expands every series into its occurrences.
  public static func read(_ text: String) throws(ICalendarError) -> CalendarContents {
    try LibICal.run { () throws(ICalendarError) -> CalendarContents in try CalendarParser.read(text) }
  }

  /// The timed occurrences a faithful calendar of `plan` has: one per administration, at its wall-clock time.
  public static func expectedDoses(_ plan: TreatmentPlan) -> [CalendarDose] {
    plan.days.flatMap { day in
      day.administrations.map { dose in
        CalendarDose(
          date: day.date, time: dose.time,
          summary: DoseText.summary(dose, medicine: plan.medicines[dose.medicine]))
      }
    }.sorted()
  }

  /// The all-day occurrences a faithful calendar of `plan` has: one per dose change, one per blood test, and the
  /// reminder to carry the steroid emergency card when the plan meets its criterion.
  public static func expectedDayEvents(_ plan: TreatmentPlan) -> [CalendarDayEvent] {
    (plan.changes.map { CalendarDayEvent(date: $0.date, summary: $0.summary) }
      + plan.monitoring.map { CalendarDayEvent(date: $0.date, summary: $0.title) }
      + (plan.steroidCard.map { [CalendarDayEvent(date: $0.from, summary: PatientCatalogue.english.headings.cardReminder)] } ?? []))
      .sorted()
  }

  /// Reads `text` and compares it with `plan`.
  public static func verify(_ text: String, against plan: TreatmentPlan) throws(ICalendarError)
    -> ICalendarVerification
  {
    compare(try read(text), with: plan)
  }

  /// Compares what a file contains with what the plan says.
  public static func compare(_ contents: CalendarContents, with plan: TreatmentPlan) -> ICalendarVerification {
    var differences = contents.problems
    if contents.timeZones != [plan.timeZone] {
      differences.append("time zones \(contents.timeZones), expected [\(plan.timeZone)]")
    }
    differences += diff(expected: expectedDoses(plan), actual: contents.doses, what: "dose")
    differences += diff(expected: expectedDayEvents(plan), actual: contents.dayEvents, what: "all-day event")
    return ICalendarVerification(
      doseCount: plan.days.reduce(0) { $0 + $1.administrations.count }, changeCount: plan.changes.count,
      eventCount: contents.eventCount, differences: differences)
  }

  /// "missing dose 2027-03-28 08:00 …" and "extra dose …" lines for two sorted lists.
  static func diff<T: Comparable & CustomStringConvertible>(expected: [T], actual: [T], what: String) -> [String] {
    var lines: [String] = []
    var i = 0
    var j = 0
    while i < expected.count || j < actual.count {
      if j == actual.count || (i < expected.count && expected[i] < actual[j]) {
        lines.append("missing \(what): \(expected[i])")
        i += 1
      } else if i == expected.count || actual[j] < expected[i] {
        lines.append("extra \(what): \(actual[j])")
        j += 1
      } else {
        i += 1
        j += 1
      }
    }
    return lines
  }
}
