/// Everything that can go wrong turning a plan into iCalendar text or reading one back.
public enum ICalendarError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A libical call failed.
  case libical(code: Code, function: String)
  /// The plan's time zone is not in the system's time zone database.
  case unknownTimeZone(String)
  /// The text is not an iCalendar file libical can read, or it has errors.
  case unreadable(String)
  /// The options or the plan cannot be exported as asked.
  case invalidInput(String)

  /// A libical error code (`icalerrorenum`), kept as its raw value so no C type reaches the public API.
  public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int
    /// libical's own text for the code (`icalerror_strerror`).
    public let message: String
    public init(rawValue: Int) {
      self.rawValue = rawValue
      self.message = "libical error \(rawValue)"
    }
    init(rawValue: Int, message: String) {
      self.rawValue = rawValue
      self.message = message
    }
    public var description: String { message }
    public static func == (a: Code, b: Code) -> Bool { a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
  }

  public var description: String {
    switch self {
    case .libical(let code, let function):
      "libical failed in \(function): \(code.message) (code \(code.rawValue))"
    case .unknownTimeZone(let name):
      "unknown time zone \"\(name)\": use an IANA name such as Europe/London (see /usr/share/zoneinfo/zone.tab)"
    case .unreadable(let reason): "not a readable iCalendar file: \(reason)"
    case .invalidInput(let reason): reason
    }
  }
}
