package import ArgumentParser
import Foundation
import TaperCore
import TaperPlanFile
import TaperRender

/// `taper diff FILE`: what changed between two revisions of a plan file, in plain words or as JSON.
package struct DiffCommand: ParsableCommand, HouseErrors {
  package init() {}

  package static let configuration = CommandConfiguration(
    commandName: "diff", _superCommandName: "taper",
    abstract: "Say what changed between two revisions of a plan file, in words a patient understands.",
    discussion: "By default the latest revision against the one before it.")

  package enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

  @Argument(help: "The plan file (YAML) with its revisions.") var file: String
  @Option(help: "The older revision (default: the one before --to).") var from: Int?
  @Option(help: "The newer revision (default: the latest).") var to: Int?
  @Option(help: "text or json.") var format: Format = .text
  @Option(name: [.short, .long], help: "Write to this file (atomically) instead of standard output.")
  var output: String?

  package func run() throws {
    try CLIError.reporting {
      let (new, planFile) = try PlanInput.load(file, quiet: true, asOf: to)
      let older = from ?? new.revision - 1
      guard older < new.revision else {
        throw CLIError("\(file): --from \(older) is not older than revision \(new.revision)")
      }
      guard older >= planFile.spec.revision else {
        throw CLIError(
          "\(file): there is no revision \(older) to compare with: the file's first revision is \(planFile.spec.revision)")
      }
      let (old, _) = try PlanInput.load(file, quiet: true, asOf: older)
      let diff = PlanDiff.between(old, new)
      try Output.emit(format == .json ? PlanDiffJSON.render(diff) : diff.text, to: output)
    }
  }
}

/// `taper revise FILE --from DATE --reason …`: appends a revision to a plan file, leaving its bytes as they were.
package struct ReviseCommand: ParsableCommand, HouseErrors {
  package init() {}

  package static let configuration = CommandConfiguration(
    commandName: "revise", _superCommandName: "taper",
    abstract: "Add a revision to a plan file: what changes from a date.",
    discussion: """
      The revision is appended to the file's `revisions` list (the file's other bytes, comments and order are kept) \
      only if the whole plan, every revision included, is accepted; otherwise the file is left as it was. Each \
      --medication is a plan-file medication entry in YAML flow style, the medicine's regimen from the date, e.g. \
      --medication '{drug: prednisolone, dose_mg: 30, taper: {hold_weeks: 2, rules: [{above_mg: 10, reduce_mg: 5, every_weeks: 2}], final_mg: 10}}'.
      """)

  @Argument(help: "The plan file (YAML).") var file: String
  @Option(name: .customLong("from"), help: "The first day the revision changes (YYYY-MM-DD).") var effective: String
  @Option(help: "Why the plan changes.") var reason: String
  @Option(help: "The day it is written (default: today in the plan's time zone).") var written: String?
  @Option(help: "Who writes it.") var author: String?
  @Option(help: "Anything else the team should know.") var note: String?
  @Flag(help: "The revision corrects a mistake and may change days already lived.") var correction = false
  @Option(name: .customLong("medication"), help: "A medicine's regimen from the date, as a YAML flow mapping (repeatable).")
  var medications: [String] = []
  @Option(name: .customLong("stop"), help: "A drug whose last dose is the day before the date (repeatable).")
  var stops: [String] = []
  @Option(name: .customLong("weight-kg"), help: "The patient's weight from the date.") var weight: String?
  @Option(help: "The patient's eGFR from the date.") var egfr: Int?
  @Option(name: [.short, .long], help: "Write the revised file here instead of replacing FILE (atomically).")
  var output: String?

  package func validate() throws {
    if medications.isEmpty && stops.isEmpty && weight == nil && egfr == nil {
      throw ValidationError("a revision changes something: give --medication, --stop, --weight-kg or --egfr.")
    }
  }

  package func run() throws {
    try CLIError.reporting {
      let text = try PlanInput.readText(file)
      let current: PlanFile
      do throws(PlanFileError) {
        current = try PlanFile(text: text, fileName: file)
      } catch {
        Console.report(error.diagnostics)
        throw ExitCode(1)
      }
      let number = (current.spec.revisions.last?.number ?? current.spec.revision) + 1
      let writtenOn = written ?? Self.today(in: current.spec.timeZone)
      var entries: [(String, PlanFileDocument.Value)] = [
        ("revision", .scalar("\(number)")), ("from", .scalar(effective)), ("written", .scalar(writtenOn)),
      ]
      if let author { entries.append(("author", .text(author))) }
      entries.append(("reason", .text(reason)))
      if let note { entries.append(("note", .text(note))) }
      if correction { entries.append(("correction", .boolean(true))) }
      var patient: [(String, PlanFileDocument.Value)] = []
      if let weight { patient.append(("weight_kg", .scalar(weight))) }
      if let egfr { patient.append(("egfr", .scalar("\(egfr)"))) }
      if !patient.isEmpty { entries.append(("patient", .mapping(patient))) }
      if !stops.isEmpty { entries.append(("stop", .list(stops.map(PlanFileDocument.Value.text)))) }
      if !medications.isEmpty { entries.append(("medications", .list(medications.map(PlanFileDocument.Value.yaml)))) }
      guard let revised = PlanFileWriter.appendingRevision(text, entries) else {
        throw CLIError(
          "\(file): the revision cannot be appended without moving text: put `revisions:` (a block list) at the end of the file")
      }
      // The whole file, every revision included, must plan; otherwise nothing is written.
      let target = output ?? file
      let plan: TreatmentPlan
      let before: TreatmentPlan
      do {
        let (planned, planFile) = try PlanFile.plan(text: revised, fileName: target)
        Console.report(planFile.locate(planned.notices.filter { $0.path?.hasPrefix("revisions[\(number - current.spec.revision - 1)]") == true }))
        plan = planned
        before = try PlanFile.plan(planFile.spec, asOf: number - 1)
      } catch let error as PlanFileError {
        Console.report(error.diagnostics)
        Console.printError("error: \(file) is unchanged")
        throw ExitCode(1)
      } catch {
        throw CLIError("\(file): \(error)")
      }
      try Output.write(revised, to: target)
      print("wrote \(target): revision \(number) from \(effective)")
      print(PlanDiff.between(before, plan).text, terminator: "")
    }
  }

  /// Today's date in `zone` (the machine's clock), as YYYY-MM-DD.
  static func today(in zone: String) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
    let c = calendar.dateComponents([.year, .month, .day], from: Date())
    return CivilDate(year: c.year ?? 2000, month: c.month ?? 1, day: c.day ?? 1)?.description ?? "2000-01-01"
  }
}
