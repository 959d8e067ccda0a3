/// One time zone's rules as the tz database compiles them (a TZif file, RFC 8536): its transitions, and the
/// POSIX rule (the file's footer) for every instant after the last one.
///
/// The caller reads the file (``ZoneRulesSource``); the plan-file layer reads the system's tz database, the
/// same files libical turns into the calendar's VTIMEZONE, so the plan and the calendar follow one set of rules.
public struct ZoneRules: Hashable, Sendable {
  /// UTC instants (seconds since 1970) at which the offset changes, ascending.
  let transitions: [Int64]
  /// The offset (seconds east of UTC) from each transition on.
  let offsets: [Int32]
  /// The offset before the first transition (the file's first local time type).
  let initialOffset: Int32
  /// The rule after the last transition; `nil` when the last transition's offset holds for ever.
  let footer: PosixRule?

  /// Reads a TZif file of version 1, 2, 3 or 4; `nil` for anything else. Version 2 and later files are read
  /// from their 64-bit data block and footer.
  public init?(tzif bytes: [UInt8]) {
    var reader = ByteReader(bytes)
    guard let first = reader.header() else { return nil }
    var header = first
    var timeSize = 4
    if first.version >= 2 {
      // Skip the version 1 data block; the 64-bit block follows with its own header.
      guard reader.skip(first.dataLength(timeSize: 4)), let second = reader.header() else { return nil }
      header = second
      timeSize = 8
    }
    guard header.typeCount > 0, let times = reader.integers(count: header.timeCount, size: timeSize),
      let indices = reader.bytes(count: header.timeCount)
    else { return nil }
    var types: [Int32] = []
    for _ in 0..<header.typeCount {
      guard let utoff = reader.integers(count: 1, size: 4)?.first, reader.skip(2) else { return nil }
      types.append(Int32(truncatingIfNeeded: utoff))
    }
    guard indices.allSatisfy({ Int($0) < types.count }),
      reader.skip(header.charCount + header.leapCount * (timeSize + 4) + header.standardCount + header.utCount)
    else { return nil }
    transitions = times
    offsets = indices.map { types[Int($0)] }
    initialOffset = types[0]
    if first.version >= 2 {
      // The footer: "\n" TZ-string "\n" (an empty string: no rule).
      guard let text = reader.footer() else { return nil }
      if text.isEmpty {
        footer = nil
      } else {
        guard let rule = PosixRule(text) else { return nil }
        footer = rule
      }
    } else {
      footer = nil
    }
  }

  /// Seconds east of UTC at a UTC instant.
  public func offset(atUTC seconds: Int64) -> Int {
    // With no transitions the footer covers every instant (RFC 8536 §3.3).
    if transitions.isEmpty, let footer { return footer.offset(atUTC: seconds) }
    guard let last = transitions.last, seconds >= last else {
      // Binary search: the last transition at or before `seconds`.
      var low = 0
      var high = transitions.count
      while low < high {
        let mid = (low + high) / 2
        if transitions[mid] <= seconds { low = mid + 1 } else { high = mid }
      }
      return Int(low == 0 ? initialOffset : offsets[low - 1])
    }
    if let footer { return footer.offset(atUTC: seconds) }
    return Int(offsets[offsets.count - 1])
  }
}

/// Where the planner finds a zone's rules by its IANA name.
public protocol ZoneRulesSource: Sendable {
  /// The rules of `identifier`, or `nil` when the source has no such zone.
  func rules(for identifier: String) -> ZoneRules?
}

/// A POSIX TZ string as a TZif footer writes it (RFC 8536 §3.3): `GMT0BST,M3.5.0/1,M10.5.0`, `<+13>-13`,
/// `AEST-10AEDT,M10.1.0,M4.1.0/3`.
struct PosixRule: Hashable, Sendable {
  /// Seconds east of UTC in standard and daylight time.
  var standard: Int
  var daylight: Int?
  var start: Day?
  var end: Day?

  /// A day of the year and a local time on it, as the rule names it.
  struct Day: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
      /// `Jn`: day n (1–365), February 29 never counted.
      case julian(Int)
      /// `n`: day n (0–365), February 29 counted.
      case zeroBased(Int)
      /// `Mm.w.d`: weekday d (0 = Sunday) of week w (1–4, 5 = the last) of month m.
      case month(Int, week: Int, weekday: Int)
    }
    var kind: Kind
    /// Seconds after local midnight (−167 to 167 hours; 02:00 by default).
    var time: Int

    /// The local day (days since 1970-01-01) this rule names in `year`.
    func day(in year: Int) -> Int {
      let january1 = CivilDate(year: year, month: 1, day: 1)!.daysSinceEpoch
      switch kind {
      case .julian(let n):
        let leap = CivilDate.daysIn(month: 2, year: year) == 29
        return january1 + n - 1 + (leap && n >= 60 ? 1 : 0)
      case .zeroBased(let n):
        return january1 + n
      case .month(let m, let week, let weekday):
        let first = CivilDate(year: year, month: m, day: 1)!.daysSinceEpoch
        let firstWeekday = ((first % 7) + 7 + 4) % 7  // 1970-01-01 was a Thursday; 0 = Sunday
        var day = 1 + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
        let length = CivilDate.daysIn(month: m, year: year)
        while day > length { day -= 7 }
        return first + day - 1
      }
    }
  }

  init?(_ text: String) {
    var scanner = RuleScanner(Array(text.utf8))
    guard scanner.name(), let std = scanner.offset() else { return nil }
    standard = -std
    if scanner.atEnd {
      daylight = nil
      start = nil
      end = nil
      return
    }
    guard scanner.name() else { return nil }
    if let dst = scanner.offset() { daylight = -dst } else { daylight = standard + 3600 }
    guard scanner.take(UInt8(ascii: ",")), let start = scanner.day(), scanner.take(UInt8(ascii: ",")),
      let end = scanner.day(), scanner.atEnd
    else { return nil }
    self.start = start
    self.end = end
  }

  func offset(atUTC seconds: Int64) -> Int {
    guard let daylight, let start, let end else { return standard }
    // The year as the local standard clock reads it; the rule's instants are computed in that year. Outside
    // the years a calendar date can carry, standard time (never a crash on a hostile instant).
    let (local, overflow) = seconds.addingReportingOverflow(Int64(standard))
    guard !overflow, abs(local) < 250_000_000_000 else { return standard }
    let year = CivilDate(daysSinceEpoch: Int(local.floorDivided(by: 86_400))).year
    guard (2...9998).contains(year) else { return standard }
    // Daylight time starts at a local standard time and ends at a local daylight time.
    let begins = Int64(start.day(in: year)) * 86_400 + Int64(start.time - standard)
    let ends = Int64(end.day(in: year)) * 86_400 + Int64(end.time - daylight)
    let inDaylight = begins < ends ? (begins <= seconds && seconds < ends) : (seconds < ends || seconds >= begins)
    return inDaylight ? daylight : standard
  }
}

extension Int64 {
  fileprivate func floorDivided(by divisor: Int64) -> Int64 {
    let q = self / divisor
    return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
  }
}

/// Reads a TZ string's parts.
private struct RuleScanner {
  let bytes: [UInt8]
  var index = 0
  init(_ bytes: [UInt8]) { self.bytes = bytes }

  var atEnd: Bool { index == bytes.count }
  var current: UInt8? { index < bytes.count ? bytes[index] : nil }

  mutating func take(_ byte: UInt8) -> Bool {
    guard current == byte else { return false }
    index += 1
    return true
  }

  /// A zone abbreviation: `<+13>` or three or more letters.
  mutating func name() -> Bool {
    if take(UInt8(ascii: "<")) {
      while let c = current, c != UInt8(ascii: ">") { index += 1 }
      return take(UInt8(ascii: ">"))
    }
    let start = index
    while let c = current, (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") { index += 1 }
    return index - start >= 3
  }

  /// `[+-]hh[:mm[:ss]]` in seconds; `nil` (consuming nothing) when there is no number.
  mutating func offset() -> Int? {
    let start = index
    var sign = 1
    if take(UInt8(ascii: "-")) { sign = -1 } else { _ = take(UInt8(ascii: "+")) }
    guard let hours = number() else {
      index = start
      return nil
    }
    var total = hours * 3600
    if take(UInt8(ascii: ":")) {
      guard let minutes = number() else { return nil }
      total += minutes * 60
      if take(UInt8(ascii: ":")) {
        guard let seconds = number() else { return nil }
        total += seconds
      }
    }
    return sign * total
  }

  mutating func number() -> Int? {
    var value = 0
    var digits = 0
    while let c = current, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9"), digits < 4 {
      value = value * 10 + Int(c - UInt8(ascii: "0"))
      digits += 1
      index += 1
    }
    return digits > 0 ? value : nil
  }

  /// `Jn`, `n` or `Mm.w.d`, with an optional `/time`.
  mutating func day() -> PosixRule.Day? {
    let kind: PosixRule.Day.Kind
    if take(UInt8(ascii: "J")) {
      guard let n = number(), (1...365).contains(n) else { return nil }
      kind = .julian(n)
    } else if take(UInt8(ascii: "M")) {
      guard let m = number(), (1...12).contains(m), take(UInt8(ascii: ".")), let w = number(), (1...5).contains(w),
        take(UInt8(ascii: ".")), let d = number(), (0...6).contains(d)
      else { return nil }
      kind = .month(m, week: w, weekday: d)
    } else {
      guard let n = number(), (0...365).contains(n) else { return nil }
      kind = .zeroBased(n)
    }
    var time = 7200
    if take(UInt8(ascii: "/")) {
      guard let t = offset(), abs(t) <= 167 * 3600 else { return nil }
      time = t
    }
    return PosixRule.Day(kind: kind, time: time)
  }
}

/// Reads a TZif file's big-endian fields.
private struct ByteReader {
  struct Header {
    var version: Int
    var utCount, standardCount, leapCount, timeCount, typeCount, charCount: Int

    func dataLength(timeSize: Int) -> Int {
      timeCount * timeSize + timeCount + typeCount * 6 + charCount + leapCount * (timeSize + 4) + standardCount
        + utCount
    }
  }

  let bytes: [UInt8]
  var index = 0
  init(_ bytes: [UInt8]) { self.bytes = bytes }

  mutating func skip(_ count: Int) -> Bool {
    guard count >= 0, index + count <= bytes.count else { return false }
    index += count
    return true
  }

  mutating func bytes(count: Int) -> [UInt8]? {
    guard count >= 0, index + count <= bytes.count else { return nil }
    defer { index += count }
    return Array(bytes[index..<(index + count)])
  }

  /// `count` signed big-endian integers of `size` bytes (4 or 8).
  mutating func integers(count: Int, size: Int) -> [Int64]? {
    guard count >= 0, index + count * size <= bytes.count else { return nil }
    var values: [Int64] = []
    values.reserveCapacity(count)
    for _ in 0..<count {
      var value: UInt64 = 0
      for k in 0..<size { value = value << 8 | UInt64(bytes[index + k]) }
      index += size
      values.append(size == 4 ? Int64(Int32(truncatingIfNeeded: value)) : Int64(bitPattern: value))
    }
    return values
  }

  /// `TZif`, the version, 15 reserved bytes and six counts.
  mutating func header() -> Header? {
    guard let magic = bytes(count: 4), magic == Array("TZif".utf8), let v = bytes(count: 1), skip(15),
      let counts = integers(count: 6, size: 4), counts.allSatisfy({ $0 >= 0 && $0 < 1 << 20 })
    else { return nil }
    let version: Int
    switch v[0] {
    // Version 1 is a NUL; every later version keeps version 2's layout (RFC 8536 §3.1, and glibc reads any
    // other byte as 2 or later), so a future version still reads.
    case 0: version = 1
    default: version = 2
    }
    let c = counts.map { Int($0) }
    return Header(
      version: version, utCount: c[0], standardCount: c[1], leapCount: c[2], timeCount: c[3], typeCount: c[4],
      charCount: c[5])
  }

  /// The footer's TZ string, between two newlines.
  mutating func footer() -> String? {
    guard take(0x0A) else { return nil }
    let start = index
    while index < bytes.count, bytes[index] != 0x0A { index += 1 }
    guard index < bytes.count else { return nil }
    defer { index += 1 }
    return String(decoding: bytes[start..<index], as: UTF8.self)
  }

  mutating func take(_ byte: UInt8) -> Bool {
    guard index < bytes.count, bytes[index] == byte else { return false }
    index += 1
    return true
  }
}
