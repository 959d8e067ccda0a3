public import TaperCore

/// The calendar's `DTSTAMP`: a moment in UTC, to the second. The exporter never reads the clock.
public typealias ICalendarTimestamp = UTCTimestamp

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
