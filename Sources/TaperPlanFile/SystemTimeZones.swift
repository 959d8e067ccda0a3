public import TaperCore
import Foundation
import Synchronization

/// The machine's tz database, read from its compiled TZif files: the one source of time-zone rules for the
/// plan and for the calendar. libical (Debian builds it without its own zone data) turns the same files into the
/// calendar's VTIMEZONE: it uses the first of these folders that has a `zone.tab`, and so does this.
public final class SystemTimeZones: ZoneRulesSource {
  /// The folders libical 3 searches, in its order.
  static let candidates = ["/usr/share/zoneinfo", "/usr/lib/zoneinfo", "/etc/zoneinfo", "/usr/share/lib/zoneinfo"]

  public static let shared = SystemTimeZones()

  /// The folder read (`nil` when the machine has no tz database).
  public let directory: String?
  private let cache = Mutex<[String: ZoneRules]>([:])

  init(directory: String? = candidates.first { FileManager.default.fileExists(atPath: $0 + "/zone.tab") }) {
    self.directory = directory
  }

  public func rules(for identifier: String) -> ZoneRules? {
    if let known = cache.withLock({ $0[identifier] }) { return known }
    guard let directory, Self.isZoneName(identifier),
      let data = FileManager.default.contents(atPath: directory + "/" + identifier), data.count < 1 << 20,
      let rules = ZoneRules(tzif: [UInt8](data))
    else { return nil }
    cache.withLock { $0[identifier] = rules }
    return rules
  }

  /// A zone name as the database spells it (`Europe/London`, `America/Argentina/Buenos_Aires`, `Etc/GMT+5`):
  /// never a path outside the database, a folder, or the `posix/` and `right/` (leap-second) copies.
  static func isZoneName(_ name: String) -> Bool {
    let parts = name.split(separator: "/", omittingEmptySubsequences: false)
    guard !name.isEmpty, name.count <= 64, !["posix", "right"].contains(parts[0]) else { return false }
    return parts.allSatisfy { part in
      !part.isEmpty && part != "." && part != ".."
        && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_+-".contains($0)) }
    }
  }
}
