public import TaperCore

/// The calendar's `DTSTAMP`: a moment in UTC, to the second. The exporter never reads the clock.
public typealias ICalendarTimestamp = UTCTimestamp

/// How long a subscribed copy of the calendar may be kept before it is fetched again: whole minutes, written as
/// an RFC 5545 duration (`PT12H`, `PT1H`, `PT1H30M`).
public struct RefreshInterval: Hashable, Sendable, CustomStringConvertible {
  public let minutes: Int

  /// `nil` outside 15 minutes to a week (calendar apps ignore shorter hints, and a week is already stale for
  /// a medication plan).
  public init?(minutes: Int) {
    guard (15...7 * 24 * 60).contains(minutes) else { return nil }
    self.minutes = minutes
  }

  /// A file imported once: apps that honour the hint look again twice a day.
  public static let file = RefreshInterval(minutes: 12 * 60)!
  /// A subscription feed: revisions reach the patient's calendar within the hour.
  public static let feed = RefreshInterval(minutes: 60)!

  /// The RFC 5545 duration as libical writes it: `PT12H`, `PT1H`, `PT1H30M`.
  public var description: String {
    "PT" + (minutes >= 60 ? "\(minutes / 60)H" : "") + (minutes % 60 != 0 ? "\(minutes % 60)M" : "")
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
  /// Written once as `REFRESH-INTERVAL` (RFC 7986) and once as `X-PUBLISHED-TTL` (Outlook's older form): the one
  /// difference between a calendar file and a subscription feed.
  public var refreshInterval: RefreshInterval

  public init(
    timestamp: ICalendarTimestamp, alarmMinutesBefore: Int? = 0, oneEventPerDose: Bool = false,
    calendarName: String? = nil, includePatientLabel: Bool = false, previous: TreatmentPlan? = nil,
    uidDomain: String = "taper.invalid", maximumCount: Int = 999, refreshInterval: RefreshInterval = .file
  ) {
    self.timestamp = timestamp
    self.alarmMinutesBefore = alarmMinutesBefore
    self.oneEventPerDose = oneEventPerDose
    self.calendarName = calendarName
    self.includePatientLabel = includePatientLabel
    self.previous = previous
    self.uidDomain = uidDomain
    self.maximumCount = maximumCount
    self.refreshInterval = refreshInterval
  }
}
