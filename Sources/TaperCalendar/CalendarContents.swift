public import TaperCore

/// One timed occurrence found in an .ics file, after expanding its series.
public struct CalendarDose: Hashable, Sendable, Comparable, CustomStringConvertible {
  public var date: CivilDate
  /// The wall-clock time in the event's zone (a time a spring-forward skips is moved forward, as RFC 5545 says).
  public var time: LocalTime
  public var summary: String

  public init(date: CivilDate, time: LocalTime, summary: String) {
    self.date = date
    self.time = time
    self.summary = summary
  }

  public static func < (a: CalendarDose, b: CalendarDose) -> Bool {
    (a.date, a.time, a.summary) < (b.date, b.time, b.summary)
  }

  /// "2027-03-28 08:00 Prednisolone 30 mg (6 × 5 mg)".
  public var description: String { "\(date) \(time) \(summary)" }
}

/// An all-day event found in an .ics file (a dose change).
public struct CalendarDayEvent: Hashable, Sendable, Comparable, CustomStringConvertible {
  public var date: CivilDate
  public var summary: String

  public init(date: CivilDate, summary: String) {
    self.date = date
    self.summary = summary
  }

  public static func < (a: CalendarDayEvent, b: CalendarDayEvent) -> Bool { (a.date, a.summary) < (b.date, b.summary) }
  public var description: String { "\(date) \(summary)" }
}

/// What an .ics file contains, as read back by libical: every occurrence of every event that is not cancelled.
public struct CalendarContents: Hashable, Sendable {
  /// `X-WR-CALNAME`.
  public var name: String?
  /// The `TZID` of every `VTIMEZONE`.
  public var timeZones: [String]
  /// Timed occurrences, sorted.
  public var doses: [CalendarDose]
  /// All-day occurrences, sorted.
  public var dayEvents: [CalendarDayEvent]
  /// `VEVENT`s in the file, cancelled ones included.
  public var eventCount: Int
  /// `VEVENT`s with `STATUS:CANCELLED`.
  public var cancelledCount: Int
  /// `VALARM`s in the file.
  public var alarmCount: Int
  /// Rule breaks found while reading (floating times, prefixed TZIDs, COUNT over 999…); empty when clean.
  public var problems: [String]
}
