import ArgumentParser
import Foundation
import TaperCLI
import TaperCalendar
import TaperCore
import TaperPlanFile
import TaperPrint
import TaperRender

/// Times one stage in-process, for `Benchmarks/run` (hidden from help): start-up and file I/O are left out.
struct BenchCommand: ParsableCommand, HouseErrors {
  static let configuration = CommandConfiguration.bench

  enum Stage: String, ExpressibleByArgument, CaseIterable {
    case parse, plan, json, ics, pdf, html
  }

  @Argument(help: "The plan file.") var file: String
  @Option(help: "plan, json, ics, pdf or html.") var stage: Stage
  @Option(help: "How many runs (the median is reported).") var runs: Int = 5
  @Flag(help: "Calendar: one VEVENT per administration.") var oneEventPerDose = false
  @Option(help: "Calendar: also write the last export here (for the harness's event comparison).") var output: String?

  func run() throws {
    let text = try PlanInput.readText(file)
    let (plan, parsed) = try PlanFile.plan(text: text, fileName: file)
    let stamp = ICalendarTimestamp(iso: "2026-01-01T00:00:00Z")!
    let printOptions = PrintOptions(generatedAt: PrintTimestamp(iso: "2026-01-01T00:00:00Z")!, version: TaperVersion.string)
    let clock = ContinuousClock()
    var times: [Double] = []
    var events = 0
    var bytes = 0
    var lastText = ""
    for _ in 0..<max(1, runs) {
      let start = clock.now
      switch stage {
      case .parse:
        events = try PlanFile(text: text, fileName: file).spec.medications.count
      case .plan:
        let p = try PlanFile.plan(parsed.spec)
        events = p.days.reduce(0) { $0 + $1.administrations.count }
      case .json:
        bytes = PlanJSON.render(plan).utf8.count
      case .ics:
        let export = try ICalendarExporter.export(
          plan, options: ICalendarOptions(timestamp: stamp, oneEventPerDose: oneEventPerDose))
        events = export.eventCount
        bytes = export.text.utf8.count
        lastText = export.text
      case .pdf:
        bytes = try PDFSchedule.render(plan, options: printOptions).count
      case .html:
        bytes = WeeklyHTML.render(plan, options: printOptions).utf8.count
      }
      let d = start.duration(to: clock.now)
      times.append(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }
    if let output, !lastText.isEmpty { try Output.write(lastText, to: output) }
    times.sort()
    let median = times[times.count / 2]
    print(
      "{\"stage\": \"\(stage.rawValue)\", \"runs\": \(times.count), \"median_seconds\": \(median), "
        + "\"min_seconds\": \(times[0]), \"events\": \(events), \"bytes\": \(bytes), \"days\": \(plan.days.count)}")
  }
}
