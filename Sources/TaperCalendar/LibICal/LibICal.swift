internal import CLibical
import Synchronization

/// The one door to libical: every use of the library runs inside ``LibICal/run(_:)``.
///
/// libical 3.0.16 keeps process-wide state that is not synchronised (the builtin time zone cache's
/// linear search and append, `icalerror_set_errors_are_fatal`), so calls are serialised here. A tree
/// never outlives the closure that built it, so no libical pointer crosses a task boundary.
enum LibICal {
  private static let lock = Mutex(())

  /// Runs `body` with exclusive access to libical, errors made non-fatal.
  static func run<T: Sendable>(_ body: () throws(ICalendarError) -> T) throws(ICalendarError) -> T {
    try lock.withLock { _ throws(ICalendarError) -> T in
      // With 1, the first bad argument prints a backtrace and aborts the process; 0 is the default,
      // set again because the setter is global.
      icalerror_set_errors_are_fatal(0)
      // Frees this thread's ring of temporary strings when done: pool threads never exit, so their rings
      // would otherwise live on (every call here uses the _r variants, but libical's internals may not).
      defer { icalmemory_free_ring() }
      return try body()
    }
  }
}
