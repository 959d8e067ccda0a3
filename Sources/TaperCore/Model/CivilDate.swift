/// A day on the calendar — year, month, day — with no time and no time zone attached.
///
/// Every interval in a plan is counted in these local calendar days, never in 86 400-second steps,
/// so a dose keeps its date across daylight-saving changes by construction.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let year: Int
  public let month: Int
  public let day: Int

  /// Creates a date, or returns `nil` when the day does not exist (2027-02-29, 2026-13-01).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      (1...CivilDate.daysIn(month: month, year: year)).contains(day)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses the ISO 8601 calendar form `YYYY-MM-DD`; anything else is `nil`.
  public init?(iso text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// Days since 1970-01-01 (negative before it), the proleptic Gregorian count.
  public var daysSinceEpoch: Int {
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// The date `daysSinceEpoch` days after 1970-01-01.
  public init(daysSinceEpoch z0: Int) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
    self.month = m
    self.day = d
  }

  /// The date `days` calendar days later (earlier when negative).
  public func adding(days: Int) -> CivilDate {
    // Plans are at most ten years long; clamping keeps absurd inputs from overflowing before they are refused.
    let clamped = Swift.max(-3_000_000, Swift.min(3_000_000, days))
    return CivilDate(daysSinceEpoch: daysSinceEpoch + clamped)
  }

  /// Whole calendar days from `self` to `other` (positive when `other` is later).
  public func days(to other: CivilDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

  /// The day of the week.
  public var weekday: Weekday {
    // 1970-01-01 was a Thursday.
    let index = ((daysSinceEpoch % 7) + 7 + 3) % 7  // 0 = Monday
    return Weekday.allCases[index]
  }

  /// `YYYY-MM-DD`.
  public var description: String {
    // Written digit by digit: dates are formatted for every dose of every output.
    String(unsafeUninitializedCapacity: 10) { buffer in
      writeDigits(year, 4, into: buffer, at: 0)
      buffer[4] = UInt8(ascii: "-")
      writeDigits(month, 2, into: buffer, at: 5)
      buffer[7] = UInt8(ascii: "-")
      writeDigits(day, 2, into: buffer, at: 8)
      return 10
    }
  }

  public static func < (a: CivilDate, b: CivilDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

  static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }
}

/// A day of the week, Monday first (ISO 8601).
public enum Weekday: String, CaseIterable, Sendable, Codable, Comparable {
  case monday, tuesday, wednesday, thursday, friday, saturday, sunday

  /// "Monday".
  public var name: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
  /// "Mon".
  public var shortName: String { String(name.prefix(3)) }
  /// 0 for Monday … 6 for Sunday.
  public var isoIndex: Int { Weekday.allCases.firstIndex(of: self)! }
  /// The following day of the week.
  public var next: Weekday { Weekday.allCases[(isoIndex + 1) % 7] }

  /// Accepts full names and three-letter abbreviations in any case.
  public init?(parsing text: String) {
    let t = text.lowercased()
    guard let match = Weekday.allCases.first(where: { $0.rawValue == t || $0.rawValue.prefix(3) == t })
    else { return nil }
    self = match
  }

  public static func < (a: Weekday, b: Weekday) -> Bool { a.isoIndex < b.isoIndex }
}

/// A wall-clock time of day, to the minute, in the plan's time zone.
public struct LocalTime: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let hour: Int
  public let minute: Int

  public init?(hour: Int, minute: Int) {
    guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
    self.hour = hour
    self.minute = minute
  }

  /// Parses `HH:MM` (24-hour); `25:00`, `8am` and `08:00:00` are `nil`.
  public init?(parsing text: String) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
      parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      let h = Int(parts[0]), let m = Int(parts[1])
    else { return nil }
    self.init(hour: h, minute: m)
  }

  /// Minutes after midnight.
  public var minutesSinceMidnight: Int { hour * 60 + minute }

  /// `HH:MM`.
  public var description: String {
    String(unsafeUninitializedCapacity: 5) { buffer in
      writeDigits(hour, 2, into: buffer, at: 0)
      buffer[2] = UInt8(ascii: ":")
      writeDigits(minute, 2, into: buffer, at: 3)
      return 5
    }
  }

  public static func < (a: LocalTime, b: LocalTime) -> Bool {
    a.minutesSinceMidnight < b.minutesSinceMidnight
  }
}

/// Writes the last `count` decimal digits of `value` (zero-padded) into `buffer` from `start`: dates and times are
/// formatted for every dose of every output, so without an intermediate String.
func writeDigits(_ value: Int, _ count: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
  var v = value
  for i in (start..<start + count).reversed() {
    buffer[i] = UInt8(ascii: "0") + UInt8(v % 10)
    v /= 10
  }
}
