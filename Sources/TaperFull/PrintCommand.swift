import ArgumentParser
import Foundation
import TaperCLI
import TaperCore
import TaperPlanFile
import TaperPrint
import TaperRender

/// The printout's file format.
enum PrintFormat: String, ExpressibleByArgument, CaseIterable {
  case pdf, html
}

/// `--paper`: the command-line spelling of ``PaperSize``.
enum PaperArgument: String, ExpressibleByArgument, CaseIterable {
  case a4, letter
  var paper: PaperSize { self == .a4 ? .a4 : .letter }
}

/// `--timestamp 2026-01-01T00:00:00Z`.
struct TimestampArgument: ExpressibleByArgument {
  var timestamp: PrintTimestamp
  init?(argument: String) {
    guard let t = PrintTimestamp(iso: argument) else { return nil }
    timestamp = t
  }
  static var defaultCompletionKind: CompletionKind { .default }
}

struct PrintCommand: ParsableCommand, HouseErrors {
  static let configuration = CommandConfiguration.print

  @Argument(help: "The plan file (YAML).") var file: String
  @Option(name: [.short, .long], help: "The file to write (.pdf or .html); written atomically.")
  var output: String
  @Option(help: "pdf or html (default: from the output file's extension).") var format: PrintFormat?
  @Option(help: "a4 or letter (landscape; portrait with --large-print).") var paper: PaperArgument = .a4
  @Option(help: "The first day of each printed week: monday or sunday.") var weekStart: WeekStartArgument = .monday
  @Option(help: "The generated date printed in footers, as 2026-01-01T00:00:00Z (default: now), for reproducible output.")
  var timestamp: TimestampArgument?
  @Option(name: .customLong("as-of"), help: "Print this revision of the plan (default: the latest).")
  var asOf: Int?
  @Flag(help: "For a revised plan, print every week of it, not only those from the revision's week.")
  var allWeeks = false
  @Flag(help: "Large print (RNIB): portrait, 16 pt and more, one day per block with a row and a tick box per dose.")
  var largePrint = false

  func validate() throws {
    if format == nil, chosenFormat == nil {
      throw ValidationError("cannot tell the format from '\(output)': name it .pdf or .html, or pass --format pdf|html")
    }
  }

  private var chosenFormat: PrintFormat? {
    if let format { return format }
    let lower = output.lowercased()
    if lower.hasSuffix(".pdf") { return .pdf }
    if lower.hasSuffix(".html") || lower.hasSuffix(".htm") { return .html }
    return nil
  }

  func run() throws {
    try CLIError.reporting {
      let (plan, planFile) = try PlanInput.load(file, asOf: asOf)
      // A revised plan starts with what changed from the revision before it.
      var changes: PlanDiff?
      if plan.revision > planFile.spec.revision {
        let (previous, _) = try PlanInput.load(file, quiet: true, asOf: plan.revision - 1)
        changes = PlanDiff.between(previous, plan)
      }
      var options = PrintOptions(
        paper: paper.paper, weekStart: weekStart.weekStart,
        generatedAt: timestamp?.timestamp ?? CalendarCommand.now(),
        version: TaperVersion.string, whatChanged: changes, allWeeks: allWeeks)
      options.largePrint = largePrint
      switch chosenFormat ?? .pdf {
      case .pdf:
        let bytes: [UInt8]
        do {
          bytes = try PDFSchedule.render(plan, options: options)
        } catch {
          throw CLIError("\(output): \(error)")
        }
        try Output.write(Data(bytes), to: output)
      case .html:
        try Output.write(WeeklyHTML.render(plan, options: options), to: output)
      }
    }
  }
}
