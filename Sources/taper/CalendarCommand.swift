import ArgumentParser

// Issue 3 replaces this file: `taper calendar` and `taper verify`.
struct CalendarCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "calendar", abstract: "Write the plan as an iCalendar file.", shouldDisplay: false)
  func run() throws { throw CleanExit.message("taper calendar is not available yet") }
}

struct VerifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "verify", abstract: "Check an .ics file against a plan.", shouldDisplay: false)
  func run() throws { throw CleanExit.message("taper verify is not available yet") }
}
