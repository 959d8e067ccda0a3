import TaperCore

/// How a timed series repeats. `count` is the number of doses in the series (the `RRULE`'s `COUNT`).
enum Recurrence: Hashable, Sendable {
  /// `FREQ=DAILY;INTERVAL=n;COUNT=c` (interval 1 is written without `INTERVAL`).
  case daily(interval: Int, count: Int)
  /// `FREQ=WEEKLY;INTERVAL=n;BYDAY=XX;COUNT=c`: one weekday, the weekday of `DTSTART`.
  case weekly(interval: Int, weekday: Weekday, count: Int)

  var count: Int {
    switch self {
    case .daily(_, let c), .weekly(_, _, let c): c
    }
  }

  /// The `RECUR` value handed to libical's parser (`icalrecurrencetype_from_string`).
  var rule: String {
    switch self {
    case .daily(let interval, let count):
      "FREQ=DAILY" + (interval > 1 ? ";INTERVAL=\(interval)" : "") + ";COUNT=\(count)"
    case .weekly(let interval, let weekday, let count):
      "FREQ=WEEKLY" + (interval > 1 ? ";INTERVAL=\(interval)" : "") + ";BYDAY=\(weekday.icalCode);COUNT=\(count)"
    }
  }

  /// "every day", "every 2 days", "every Monday", "every 2 weeks on Sunday".
  var phrase: String {
    switch self {
    case .daily(let interval, _): interval == 1 ? "every day" : "every \(interval) days"
    case .weekly(let interval, let weekday, _):
      interval == 1 ? "every \(weekday.name)" : "every \(interval) weeks on \(weekday.name)"
    }
  }

  /// Days between two doses.
  var stepDays: Int {
    switch self {
    case .daily(let interval, _): interval
    case .weekly(let interval, _, _): 7 * interval
    }
  }
}

extension Weekday {
  /// `MO`, `TU`… (RFC 5545 `weekday`).
  var icalCode: String { String(rawValue.prefix(2)).uppercased() }
}

/// One `VEVENT` to write, in plain Swift values; ``CalendarWriter`` turns it into libical components.
struct CalendarEvent: Hashable, Sendable {
  enum Timing: Hashable, Sendable {
    /// A dose at a local time in the plan's zone, lasting `minutes`, maybe repeating.
    case timed(date: CivilDate, time: LocalTime, minutes: Int, recurrence: Recurrence?)
    /// A whole day (`VALUE=DATE`, exclusive `DTEND` on the next day).
    case allDay(CivilDate)
  }

  var uid: String
  var timing: Timing
  var summary: String
  var description: String
  var category: String
  /// The text of the display alarm, or `nil` for no alarm.
  var alarmText: String?
  /// Written with `STATUS:CANCELLED` (a run of the previous revision that is gone).
  var cancelled: Bool = false
  /// Blocks time (`TRANSP:OPAQUE`): infusions do, tablets do not.
  var busy: Bool
  /// The medicine's position in the plan, to order events at the same time as the plan lists them.
  var order: Int

  /// The first day the event happens on.
  var firstDate: CivilDate {
    switch timing {
    case .timed(let date, _, _, _): date
    case .allDay(let date): date
    }
  }

  /// The last day the event happens on.
  var lastDate: CivilDate {
    switch timing {
    case .timed(let date, _, _, let recurrence):
      guard let recurrence else { return date }
      return date.adding(days: recurrence.stepDays * (recurrence.count - 1))
    case .allDay(let date): return date
    }
  }

  /// Sorts all-day events before timed ones on the same day, then by time.
  var sortKey: (Int, Int, Int, String) {
    switch timing {
    case .timed(let date, let time, _, _): (date.daysSinceEpoch, time.minutesSinceMidnight, order, uid)
    case .allDay(let date): (date.daysSinceEpoch, -1, order, uid)
    }
  }
}
