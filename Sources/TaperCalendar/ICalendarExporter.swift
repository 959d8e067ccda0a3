public import TaperCore

/// An exported calendar: the iCalendar text and what is in it.
public struct ICalendarExport: Hashable, Sendable {
  /// The `.ics` text (CRLF line ends, UTF-8).
  public var text: String
  /// `VEVENT`s in the file, cancelled ones included.
  public var eventCount: Int
  /// `VEVENT`s with `STATUS:CANCELLED` (runs of the previous revision that are gone).
  public var cancelledCount: Int
}

/// Turns a ``TreatmentPlan`` into an iCalendar (RFC 5545) file through libical.
///
/// Deterministic: the same plan and options give the same bytes. It reads the plan's administrations and
/// dose changes; it never recomputes a dose.
public enum ICalendarExporter {
  /// `PRODID` of every exported calendar.
  public static let productID = "-//Taper//Taper medication plan//EN"
  /// The calendar name used unless the caller sets one (a plan title may name the diagnosis).
  public static let defaultCalendarName = "Medicines"
  /// Above this many events Google Calendar's importer is reported to fail.
  public static let eventWarningThreshold = 1_000

  /// The calendar for `plan`.
  public static func export(_ plan: TreatmentPlan, options: ICalendarOptions) throws(ICalendarError)
    -> ICalendarExport
  {
    if let minutes = options.alarmMinutesBefore, !(0...10_080).contains(minutes) {
      throw .invalidInput("the alarm must be 0 to 10080 minutes (a week) before the dose, not \(minutes)")
    }
    if let previous = options.previous, previous.id != plan.id {
      throw .invalidInput(
        "the previous plan is \(previous.id), not \(plan.id): cancelling its events would not update this calendar")
    }
    if let previous = options.previous, previous.timeZone != plan.timeZone {
      throw .invalidInput("the previous plan's time zone \(previous.timeZone) differs from \(plan.timeZone)")
    }
    let events = CalendarLayout.events(for: plan, options: options)
    let header = CalendarWriter.Header(
      name: calendarName(plan, options: options), timeZone: plan.timeZone, sequence: plan.revision,
      timestamp: options.timestamp, alarmMinutesBefore: options.alarmMinutesBefore, productID: productID,
      refreshInterval: options.refreshInterval)
    let text = try LibICal.run { () throws(ICalendarError) -> String in
      try CalendarWriter.write(events, header: header)
    }
    return ICalendarExport(
      text: text, eventCount: events.count, cancelledCount: events.filter(\.cancelled).count)
  }

  /// "Medicines", or the caller's name; " (draft)" while the plan is a draft.
  public static func calendarName(_ plan: TreatmentPlan, options: ICalendarOptions) -> String {
    let base = options.calendarName ?? defaultCalendarName
    return plan.status == .draft ? base + " (draft)" : base
  }
}
