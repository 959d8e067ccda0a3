/// A moment in UTC, to the second: a calendar's `DTSTAMP`, a printout's "generated" stamp.
///
/// It always comes in from the caller (the CLI's clock or `--timestamp`), never from inside an exporter or
/// renderer, so the same plan and the same stamp give the same bytes.
public struct UTCTimestamp: Hashable, Sendable, CustomStringConvertible {
  public let date: CivilDate
  public let hour: Int
  public let minute: Int
  public let second: Int

  public init?(date: CivilDate, hour: Int, minute: Int, second: Int) {
    guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
    self.date = date
    self.hour = hour
    self.minute = minute
    self.second = second
  }

  /// Parses `YYYY-MM-DDTHH:MM:SSZ` (UTC only); anything else is `nil`.
  public init?(iso text: String) {
    let chars = Array(text)
    guard chars.count == 20, chars[10] == "T", chars[13] == ":", chars[16] == ":", chars[19] == "Z",
      let date = CivilDate(iso: String(chars[0..<10]))
    else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      let part = chars[range]
      guard part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
      return Int(String(part))
    }
    guard let h = number(11..<13), let m = number(14..<16), let s = number(17..<19) else { return nil }
    self.init(date: date, hour: h, minute: m, second: s)
  }

  /// The moment `seconds` after 1970-01-01T00:00:00Z.
  public init(secondsSinceEpoch seconds: Int) {
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let rest = seconds - days * 86_400
    date = CivilDate(daysSinceEpoch: days)
    hour = rest / 3600
    minute = rest % 3600 / 60
    second = rest % 60
  }

  /// `2026-01-01T00:00:00Z`.
  public var description: String { "\(date)T\(Self.pad(hour)):\(Self.pad(minute)):\(Self.pad(second))Z" }

  /// `2026-01-01 00:00 UTC`, as printed in footers.
  public var displayText: String { "\(date) \(Self.pad(hour)):\(Self.pad(minute)) UTC" }

  static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

