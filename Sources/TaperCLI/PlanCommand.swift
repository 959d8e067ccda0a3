package import ArgumentParser
import TaperCore
import TaperRender

package enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json, csv
}

package struct PlanCommand: ParsableCommand, HouseErrors {
  package init() {}

  package static let configuration = CommandConfiguration(
    commandName: "plan", _superCommandName: "taper", abstract: "Print the day-by-day plan for a plan file.")

  @Argument(help: "The plan file (YAML).") var file: String
  @Option(help: "table, json or csv.") var format: PlanFormat = .table
  @Option(name: [.short, .long], help: "Write to this file (atomically) instead of standard output.")
  var output: String?
  @Option(name: .customLong("as-of"), help: "Show this revision of the plan (default: the latest).")
  var asOf: Int?

  package func run() throws {
    try CLIError.reporting {
      let (plan, _) = try PlanInput.load(file, asOf: asOf)
      let text: String
      switch format {
      case .table: text = PlanTable.render(plan)
      case .json: text = PlanJSON.render(plan)
      case .csv: text = PlanCSV.render(plan)
      }
      try Output.emit(text, to: output)
    }
  }
}

package struct CheckCommand: ParsableCommand, HouseErrors {
  package init() {}

  package static let configuration = CommandConfiguration(
    commandName: "check", _superCommandName: "taper", abstract: "Validate a plan file: print every error and warning; exit non-zero on any error.")

  @Argument(help: "The plan file (YAML).") var file: String
  @Option(name: .customLong("as-of"), help: "Check this revision of the plan (default: every revision, up to the latest).")
  var asOf: Int?

  package func run() throws {
    try CLIError.reporting {
      let (plan, _) = try PlanInput.load(file, asOf: asOf)
      let warnings = plan.notices.filter { $0.severity == .warning }.count
      print("ok: \(file): plan \(plan.id), \(plan.start) to \(plan.end), \(plan.medicines.count) medicines, \(warnings) warning\(warnings == 1 ? "" : "s")")
    }
  }
}
