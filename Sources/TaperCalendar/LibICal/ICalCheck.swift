internal import CLibical

/// Turns libical's error reporting (a NULL result plus the per-thread `icalerrno`) into ``ICalendarError``.
enum ICalCheck {
  /// The error for the current `icalerrno`, naming the libical function that failed.
  static func error(_ function: StaticString) -> ICalendarError {
    let raw = clibical_errno()
    let message = icalerror_strerror(raw).map { String(cString: $0) } ?? "unknown error"
    // Several libical failures leave icalerrno at ICAL_NO_ERROR (see libical-notes §3); say so.
    let text = raw == ICAL_NO_ERROR ? "the call returned nothing (no error code set)" : message
    return .libical(code: .init(rawValue: Int(raw.rawValue), message: text), function: "\(function)")
  }

  /// Clears `icalerrno` (it stays set after a failure, like C `errno`) before a checked call.
  static func clear() { clibical_clear_errno() }

  /// `result`, or the error libical reported for `function` when it is NULL.
  static func checked<T>(_ function: StaticString, _ result: T?) throws(ICalendarError) -> T {
    guard let result else { throw error(function) }
    return result
  }

  /// Throws when a call that returns nothing set `icalerrno`.
  static func checkErrno(_ function: StaticString) throws(ICalendarError) {
    if clibical_errno() != ICAL_NO_ERROR { throw error(function) }
  }
}
