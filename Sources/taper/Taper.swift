import ArgumentParser

@main
struct Taper: AsyncParsableCommand, HouseErrors {
  static let configuration = CommandConfiguration(
    commandName: "taper",
    abstract: "Turns a myositis treatment decision into a day-by-day medication plan.",
    discussion: """
      Plans follow the treatment algorithm for idiopathic inflammatory myopathy (BMJ Best Practice). \
      Out-of-range doses are refused; a plan is a clinician's decision, checked, never a suggestion.
      """,
    version: TaperVersion.string,
    subcommands: [PlanCommand.self, CheckCommand.self, GuidelineCommand.self, DrugsCommand.self, GenerateCommand.self, BatchCommand.self, BenchCommand.self, CalendarCommand.self, VerifyCommand.self, PrintCommand.self, WeekCommand.self, ServeCommand.self])
}

enum TaperVersion {
  static let string = "0.1.0"
}

/// The one error format of the command line: argument-parser's own errors (a bad option value, a missing
/// argument) print `error: …` like every finding Taper prints, never `Error: …`. Every command conforms.
protocol HouseErrors: ParsableArguments {}

extension HouseErrors {
  static var _errorPrefix: String { "error: " }
}
