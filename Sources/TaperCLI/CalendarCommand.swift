package import ArgumentParser
import Foundation
import TaperCalendar
package import TaperCore
import TaperPlanFile

/// `taper calendar FILE -o plan.ics`: the plan as an iCalendar file.
package struct CalendarCommand: ParsableCommand, HouseErrors {
  package init() {}

  package static let configuration = CommandConfiguration(
    commandName: "calendar", _superCommandName: "taper", abstract: "Write the plan as an iCalendar (.ics) file.",
    discussion: """
      Doses become events at the plan's local times (series with RRULE, or one event per dose), dose changes \
      become all-day events. The calendar is named "Medicines" and carries no patient details unless asked.
      """)

  @Argument(help: "The plan file (YAML).") var file: String
  @Option(name: [.short, .long], help: "The .ics file to write (atomically).") var output: String
  @Option(help: "Minutes before each dose for its reminder (default 0: at the dose time).")
  var alarmMinutes: Int?
  @Flag(help: "Write no reminders (VALARM).") var noAlarms = false
  @Flag(help: "One event per dose instead of repeating series (for apps with weak recurrence support).")
  var oneEventPerDose = false
  @Option(
    help: "The previous revision's plan file, for a file that holds one revision: its events that are gone are written as cancelled (a file with its revisions needs none).")
  var previous: String?
  @Option(name: .customLong("as-of"), help: "Write this revision of the plan (default: the latest).")
  var asOf: Int?
  @Option(help: "The calendar's name (default \"Medicines\"; \" (draft)\" is added while the plan is a draft).")
  var calendarName: String?
  @Flag(help: "Put the patient's label, weight and group into the events (off by default: calendars sync to clouds).")
  var includePatientLabel = false
  @Option(help: "DTSTAMP of every event, UTC, e.g. 2026-01-01T00:00:00Z (default: now), for reproducible files.")
  package var timestamp: String?

  package func validate() throws {
    if noAlarms && alarmMinutes != nil {
      throw ValidationError("--alarm-minutes and --no-alarms exclude each other.")
    }
    if let alarmMinutes, !(0...10_080).contains(alarmMinutes) {
      throw ValidationError("--alarm-minutes must be 0 to 10080 (a week), not \(alarmMinutes).")
    }
    if let timestamp, ICalendarTimestamp(iso: timestamp) == nil {
      throw ValidationError("--timestamp must look like 2026-01-01T00:00:00Z (UTC), not \(timestamp).")
    }
    if let calendarName, calendarName.trimmingCharacters(in: .whitespaces).isEmpty {
      throw ValidationError("--calendar-name must not be empty.")
    }
  }

  package func run() throws {
    try CLIError.reporting {
      let (plan, planFile) = try PlanInput.load(file, asOf: asOf)
      var old: TreatmentPlan?
      // A file that holds its revisions replaces the one before the revision it writes.
      if previous == nil, plan.revision > planFile.spec.revision {
        do throws(PlanRefusal) {
          old = try PlanFile.plan(planFile.spec, asOf: plan.revision - 1)
        } catch {
          Console.report(planFile.locate(error.diagnostics))
          throw ExitCode(1)
        }
      }
      if let previous {
        old = try PlanInput.load(previous, quiet: true).0
        if let old, old.revision >= plan.revision {
          Console.printError(
            "warning: \(previous) is revision \(old.revision), not older than revision \(plan.revision): "
              + "calendar apps ignore updates whose SEQUENCE is not higher")
        }
      }
      let stamp = timestamp.flatMap(ICalendarTimestamp.init(iso:)) ?? Self.now()
      let options = ICalendarOptions(
        timestamp: stamp, alarmMinutesBefore: noAlarms ? nil : (alarmMinutes ?? 0),
        oneEventPerDose: oneEventPerDose, calendarName: calendarName, includePatientLabel: includePatientLabel,
        previous: old)
      let export: ICalendarExport
      do {
        export = try ICalendarExporter.export(plan, options: options)
      } catch {
        throw CLIError("\(file): \(error)")
      }
      if export.eventCount > ICalendarExporter.eventWarningThreshold {
        Console.printError(
          "warning: \(export.eventCount) events; Google Calendar's importer is reported to fail above about "
            + "\(ICalendarExporter.eventWarningThreshold) (drop --one-event-per-dose to write repeating series)")
      }
      try Output.write(export.text, to: output)
      let cancelled = export.cancelledCount > 0 ? ", \(export.cancelledCount) cancelled" : ""
      print("wrote \(output): \(export.eventCount) events\(cancelled), plan \(plan.id) revision \(plan.revision)")
    }
  }

  /// The current time in UTC, whole seconds.
  package static func now() -> UTCTimestamp {
    UTCTimestamp(secondsSinceEpoch: Int(time(nil)))
  }
}

/// `taper verify plan.ics FILE`: does the calendar say what the plan says?
package struct VerifyCommand: ParsableCommand, HouseErrors {
  package init() {}

  package static let configuration = CommandConfiguration(
    commandName: "verify", _superCommandName: "taper",
    abstract: "Re-read an .ics file with libical, expand its series and compare every dose with the plan.")

  @Argument(help: "The .ics file.") var calendar: String
  @Argument(help: "The plan file (YAML).") var file: String

  package func run() throws {
    try CLIError.reporting {
      let (plan, _) = try PlanInput.load(file, quiet: true)
      let text = try PlanInput.readCalendar(calendar)
      let report: ICalendarVerification
      do {
        report = try ICalendarVerifier.verify(text, against: plan)
      } catch {
        throw CLIError("\(calendar): \(error)")
      }
      if report.differences.isEmpty {
        print(
          "ok: \(calendar) matches \(file): \(report.doseCount) doses, \(report.changeCount) dose changes, "
            + "\(report.eventCount) events")
      } else {
        for line in report.differences.prefix(50) { Console.printError("mismatch: \(line)") }
        if report.differences.count > 50 { Console.printError("… \(report.differences.count - 50) more") }
        Console.printError("error: \(calendar) does not match \(file) (\(report.differences.count) differences)")
        throw ExitCode(1)
      }
    }
  }
}

extension PlanInput {
  /// The text of an .ics file (at most 64 MiB, UTF-8).
  package static func readCalendar(_ path: String) throws -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
      throw CLIError("\(path): no such file")
    }
    guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("\(path): cannot be read") }
    guard data.count <= 64 << 20 else { throw CLIError("\(path): larger than 64 MiB") }
    guard let text = String(validating: data, as: UTF8.self) else { throw CLIError("\(path): not UTF-8 text") }
    return text
  }
}
