import TaperCore
import Testing

/// TZif files as RFC 8536 lays them out, built byte by byte: the cases the system's files do not show.
@Suite struct ZoneRulesTests {
  /// A version-`version` file with one local time type (`utoff`), no transitions, and `footer`.
  static func tzif(version: UInt8 = UInt8(ascii: "2"), utoff: Int32, footer: String) -> [UInt8] {
    func be32(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian) { Array($0) } }
    let header = Array("TZif".utf8) + [version] + [UInt8](repeating: 0, count: 15)
      + [0, 0, 0, 0, 1, 4].flatMap { be32($0) }  // isut, isstd, leap, time, type, char counts
    let data = be32(utoff) + [0, 0] + Array("EST\0".utf8)
    return header + data + header + data + Array("\n\(footer)\n".utf8)
  }

  @Test func aFileWithoutTransitionsFollowsItsFooter() throws {
    let rules = try #require(ZoneRules(tzif: Self.tzif(utoff: -18_000, footer: "EST5EDT,M3.2.0,M11.1.0")))
    #expect(rules.offset(atUTC: 1_767_225_600) == -5 * 3600)  // 2026-01-01
    #expect(rules.offset(atUTC: 1_782_864_000) == -4 * 3600)  // 2026-07-01
  }

  @Test func aLaterVersionReadsAsVersionTwo() {
    #expect(ZoneRules(tzif: Self.tzif(version: UInt8(ascii: "5"), utoff: 3600, footer: "CET-1"))?.offset(atUTC: 0) == 3600)
  }

  @Test func hostileFilesAreRefusedNotCrashedOn() {
    let good = Self.tzif(utoff: 0, footer: "UTC0")
    for length in 0..<good.count {
      _ = ZoneRules(tzif: Array(good.prefix(length)))  // must not trap
    }
    #expect(ZoneRules(tzif: Array(good.prefix(good.count - 1))) == nil)
    #expect(ZoneRules(tzif: Self.tzif(utoff: 0, footer: "nonsense,,")) == nil)
    // An instant no calendar date can carry is standard time, not a trap.
    let rules = ZoneRules(tzif: Self.tzif(utoff: -18_000, footer: "EST5EDT,M3.2.0,M11.1.0"))
    #expect(rules?.offset(atUTC: .max) == -5 * 3600)
    #expect(rules?.offset(atUTC: .min) == -5 * 3600)
  }
}
