package import ArgumentParser
import TaperCore
package import TaperRender

/// `--week-start`: the command-line spelling of ``WeekStart``.
package enum WeekStartArgument: String, ExpressibleByArgument, CaseIterable {
  case monday, sunday
  package var weekStart: WeekStart { self == .monday ? .monday : .sunday }
}

package struct WeekCommand: ParsableCommand, HouseErrors {
  package init() {}

  package static let configuration = CommandConfiguration(
    commandName: "week", _superCommandName: "taper", abstract: "Show one week of the plan in the terminal, a tick box per dose.")

  @Argument(help: "The plan file (YAML).") var file: String
  @Option(help: "The week to show (1 is the week of the plan's first day).") var week: Int = 1
  @Option(help: "The first day of each week: monday or sunday.") var weekStart: WeekStartArgument = .monday
  @Option(name: .customLong("as-of"), help: "Show this revision of the plan (default: the latest).")
  var asOf: Int?

  package func run() throws {
    try CLIError.reporting {
      let (plan, _) = try PlanInput.load(file, asOf: asOf)
      let schedule = WeeklySchedule(plan, weekStart: weekStart.weekStart)
      guard let text = WeeklyText.render(plan, schedule: schedule, week: week) else {
        throw CLIError("\(file): there is no week \(week); the plan has weeks 1 to \(schedule.weeks.count)")
      }
      print(text, terminator: "")
    }
  }
}
