public import TaperCore

/// A moment in UTC, to the second: the calendar's `DTSTAMP`.
///
/// The exporter never reads the clock; the command line passes the current time or `--timestamp`.
public struct ICalendarTimestamp: Hashable, Sendable, CustomStringConvertible {
  public var date: CivilDate
  public var hour: Int
  public var minute: Int
  public var second: Int

  /// Creates a timestamp, or `nil` when the time of day is out of range.
  public init?(date: CivilDate, hour: Int, minute: Int, second: Int) {
    guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
    self.date = date
    self.hour = hour
    self.minute = minute
    self.second = second
  }

  /// Parses `2026-01-01T00:00:00Z` (UTC only: the trailing `Z` is required).
  public init?(iso text: String) {
    guard text.count == 20, text.hasSuffix("Z") else { return nil }
    let parts = text.dropLast().split(separator: "T", omittingEmptySubsequences: false)
    guard parts.count == 2, let date = CivilDate(iso: String(parts[0])) else { return nil }
    let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
    guard clock.count == 3, clock.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      let h = Int(clock[0]), let m = Int(clock[1]), let s = Int(clock[2])
    else { return nil }
    self.init(date: date, hour: h, minute: m, second: s)
  }

  /// `2026-01-01T00:00:00Z`.
  public var description: String {
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(date)T\(two(hour)):\(two(minute)):\(two(second))Z"
  }
}

/// What goes into an exported calendar besides the plan itself.
public struct ICalendarOptions: Sendable {
  /// `DTSTAMP` of every event (UTC).
  public var timestamp: ICalendarTimestamp
  /// Minutes before each dose for its one display alarm; `nil` writes no alarms.
  public var alarmMinutesBefore: Int?
  /// One `VEVENT` per administration instead of `RRULE` series (for apps with weak recurrence support).
  public var oneEventPerDose: Bool
  /// The calendar's name; `nil` means the generic "Medicines" (a plan title may name the diagnosis).
  public var calendarName: String?
  /// Puts the patient's label, weight and group into the events' descriptions.
  public var includePatientLabel: Bool
  /// The previous revision of the same plan: its events that are gone are written as cancelled.
  public var previous: TreatmentPlan?
  /// The right-hand side of every `UID`.
  public var uidDomain: String
  /// The largest `COUNT` of one series; longer runs are split (Outlook accepts at most 999).
  public var maximumCount: Int

  public init(
    timestamp: ICalendarTimestamp, alarmMinutesBefore: Int? = 0, oneEventPerDose: Bool = false,
    calendarName: String? = nil, includePatientLabel: Bool = false, previous: TreatmentPlan? = nil,
    uidDomain: String = "taper.invalid", maximumCount: Int = 999
  ) {
    self.timestamp = timestamp
    self.alarmMinutesBefore = alarmMinutesBefore
    self.oneEventPerDose = oneEventPerDose
    self.calendarName = calendarName
    self.includePatientLabel = includePatientLabel
    self.previous = previous
    self.uidDomain = uidDomain
    self.maximumCount = maximumCount
  }
}
