/// Local wall-clock facts for one IANA time zone: which local times exist on a given day.
///
/// Only used to find the local times a daylight-saving change skips; doses themselves stay in local
/// calendar days and wall-clock times. The rules come from the caller's ``ZoneRulesSource`` (the system's tz
/// database, the files libical reads too).
public struct ZoneClock: Sendable {
  public let identifier: String
  private let rules: ZoneRules

  /// `nil` for a name that is not a zone of `source`.
  public init?(identifier: String, source: any ZoneRulesSource) {
    // A plan needs a real zone name, not an offset or an abbreviation.
    guard identifier.contains("/") || identifier == "UTC", let rules = source.rules(for: identifier) else { return nil }
    self.identifier = identifier
    self.rules = rules
  }

  /// The wall-clock time at which a dose scheduled at `time` on `date` actually happens: the same time,
  /// unless the clocks skip it that day (spring forward), when it moves forward by the gap (RFC 5545 §3.3.5).
  public func actualTime(of time: LocalTime, on date: CivilDate) -> LocalTime {
    let (local, before, offsets) = readings(of: time, on: date)
    if !offsets.isEmpty { return time }  // exists (perhaps twice: the first occurrence is meant)
    // Skipped: interpret with the offset before the gap, then read the wall clock after it.
    let utc = local - before
    let wall = utc + offset(atUTC: utc)
    let minutes = ((wall % 86_400) + 86_400) % 86_400 / 60
    return LocalTime(hour: minutes / 60, minute: minutes % 60)!
  }

  /// Whether the UTC offset is the same all around `date` (no clock change near it): then every local time
  /// of the day exists exactly once. Two look-ups; the planner checks the rare other days in full.
  public func isRegular(_ date: CivilDate) -> Bool {
    let midnight = date.daysSinceEpoch * 86_400
    return offset(atUTC: midnight - 14 * 3600) == offset(atUTC: midnight + 38 * 3600)
  }

  /// Whether the wall clock shows `time` on `date` at all.
  public func exists(_ time: LocalTime, on date: CivilDate) -> Bool { !readings(of: time, on: date).offsets.isEmpty }

  /// The UTC offsets (seconds east) of the two moments the wall clock shows `time` on `date` when the clocks
  /// go back over it, earlier first; `nil` when it happens once or not at all.
  public func repeatedOffsets(of time: LocalTime, on date: CivilDate) -> (first: Int, second: Int)? {
    let offsets = readings(of: time, on: date).offsets
    guard offsets.count == 2 else { return nil }
    // The earlier moment is the one with the larger offset (the clock read that time first).
    return (first: offsets.max()!, second: offsets.min()!)
  }

  /// `time` on `date` as seconds since 1970 read as if UTC, the offset in force 14 hours before it, and the
  /// offsets (one, or two when the clocks go back over it, none when they skip it) at which the wall clock
  /// shows it.
  private func readings(of time: LocalTime, on date: CivilDate) -> (local: Int, before: Int, offsets: [Int]) {
    let local = (date.daysSinceEpoch * 86_400) + time.minutesSinceMidnight * 60
    let before = offset(atUTC: local - 14 * 3600)
    let after = offset(atUTC: local + 14 * 3600)
    let offsets = (before == after ? [before] : [before, after]).filter { offset(atUTC: local - $0) == $0 }
    return (local, before, offsets)
  }

  /// "UTC+01:00", "UTC-03:30".
  public static func offsetText(_ seconds: Int) -> String {
    let minutes = abs(seconds) / 60
    let hh = minutes / 60 < 10 ? "0\(minutes / 60)" : "\(minutes / 60)"
    let mm = minutes % 60 < 10 ? "0\(minutes % 60)" : "\(minutes % 60)"
    return "UTC\(seconds < 0 ? "-" : "+")\(hh):\(mm)"
  }

  /// Whether the whole local day is skipped (Pacific/Apia skipped 2011-12-30 when it crossed the date line).
  public func skips(_ date: CivilDate) -> Bool {
    ["00:00", "12:00", "23:59"].allSatisfy { !exists(LocalTime(parsing: $0)!, on: date) }
  }

  /// Seconds east of UTC at a UTC instant given in seconds since 1970.
  public func offset(atUTC seconds: Int) -> Int { rules.offset(atUTC: Int64(seconds)) }
}
