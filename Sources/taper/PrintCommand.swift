import ArgumentParser

// Issue 4 replaces this file: `taper print` and `taper week`.
struct PrintCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "print", abstract: "Print weekly schedules.", shouldDisplay: false)
  func run() throws { throw CleanExit.message("taper print is not available yet") }
}

struct WeekCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "week", abstract: "Show one week.", shouldDisplay: false)
  func run() throws { throw CleanExit.message("taper week is not available yet") }
}
