import Foundation
import TaperCalendar
import TaperCore
import TaperTestSupport
import Testing

/// The fixed `DTSTAMP` of every golden file.
let fixedTimestamp = ICalendarTimestamp(iso: "2026-01-01T00:00:00Z")!

/// Options with the fixed timestamp and the defaults otherwise.
func fixedOptions(
  alarmMinutesBefore: Int? = 0, oneEventPerDose: Bool = false, includePatientLabel: Bool = false,
  previous: TreatmentPlan? = nil, maximumCount: Int = 999
) -> ICalendarOptions {
  ICalendarOptions(
    timestamp: fixedTimestamp, alarmMinutesBefore: alarmMinutesBefore, oneEventPerDose: oneEventPerDose,
    includePatientLabel: includePatientLabel, previous: previous, maximumCount: maximumCount)
}

/// Exports a fixture with fixed options.
func exportFixture(_ name: String, _ options: ICalendarOptions = fixedOptions()) throws -> ICalendarExport {
  try ICalendarExporter.export(Fixtures.plan(name), options: options)
}

/// Writes `text` into a fresh temporary folder and returns the file.
func writeTemporary(_ text: String, name: String = "plan.ics") throws -> URL {
  let url = try temporaryFolder().appendingPathComponent(name)
  try Data(text.utf8).write(to: url)
  return url
}

/// The output of a finished process.
struct ProcessOutput {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs `executable` with `arguments`; standard error goes through a file so neither pipe can fill up.
func run(_ executable: String, _ arguments: [String]) throws -> ProcessOutput {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  process.currentDirectoryURL = Fixtures.root
  let errorFile = try temporaryFolder().appendingPathComponent("stderr")
  _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
  let errorHandle = try FileHandle(forWritingTo: errorFile)
  let out = Pipe()
  process.standardOutput = out
  process.standardError = errorHandle
  try process.run()
  let data = readAll(out.fileHandleForReading)
  process.waitUntilExit()
  try errorHandle.close()
  let errorText = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
  return ProcessOutput(
    status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: errorText)
}

/// `.venv/bin/python` (made by `bash scripts/setup`).
var venvPython: String { Fixtures.root.appendingPathComponent(".venv/bin/python").path }

/// `tools/ics/<name>`.
func tool(_ name: String) -> String { Fixtures.root.appendingPathComponent("tools/ics/\(name)").path }

/// True when the project's Python environment exists; records an issue otherwise.
func requireVenv(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
  if FileManager.default.isExecutableFile(atPath: venvPython) { return true }
  Issue.record("\(venvPython) is missing: run `bash scripts/setup` first", sourceLocation: sourceLocation)
  return false
}

/// What `tools/ics/check.py expand` prints.
struct PythonExpansion: Decodable {
  var doses: [[String]]
  var days: [[String]]
  var events: Int
  var cancelled: Int
  var alarms: Int
  var calname: String
}

/// Expands an .ics file with python icalendar + recurring-ical-events.
/// With `keepingCancelled`, cancelled events are expanded too, as an app that ignores `STATUS` (calcurse) shows them.
func pythonExpand(_ file: URL, keepingCancelled: Bool = false) throws -> PythonExpansion? {
  let result = try run(venvPython, [tool("check.py"), keepingCancelled ? "expand-all" : "expand", file.path])
  guard result.status == 0 else {
    Issue.record("check.py expand failed (\(result.status)): \(result.stderr)")
    return nil
  }
  return try JSONDecoder().decode(PythonExpansion.self, from: Data(result.stdout.utf8))
}

/// The plan's doses as `[date, "HH:MM", summary]` rows, sorted as Python sorts them.
func expectedRows(_ plan: TreatmentPlan) -> [[String]] {
  ICalendarVerifier.expectedDoses(plan).map { [$0.date.description, $0.time.description, $0.summary] }.sorted {
    $0.lexicographicallyPrecedes($1)
  }
}

/// Compares an exported calendar with its golden file byte for byte. When only the `VTIMEZONE` block differs
/// (another machine's tzdata), the block is compared by its offsets and rules instead.
func expectCalendarGolden(_ actual: String, name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
  let relative = "ics/\(name).ics"
  let url = Fixtures.url("golden/" + relative)
  guard ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == nil,
    let data = FileManager.default.contents(atPath: url.path)
  else {
    try expectGolden(actual, at: relative, sourceLocation: sourceLocation)
    return
  }
  let expected = String(decoding: data, as: UTF8.self)
  if expected == actual { return }
  let (expectedZone, expectedRest) = splitTimeZone(expected)
  let (actualZone, actualRest) = splitTimeZone(actual)
  if expectedRest == actualRest {
    let rules = { (block: String) in
      block.split(separator: "\r\n").filter {
        $0.hasPrefix("TZID") || $0.hasPrefix("TZOFFSET") || $0.hasPrefix("RRULE") || $0.hasPrefix("BEGIN")
      }
    }
    #expect(rules(expectedZone) == rules(actualZone), "VTIMEZONE offsets or rules differ", sourceLocation: sourceLocation)
    return
  }
  try expectGolden(actual, at: relative, sourceLocation: sourceLocation)
}

/// The `VTIMEZONE` blocks and the rest of the text.
func splitTimeZone(_ text: String) -> (zone: String, rest: String) {
  var zone = ""
  var rest = ""
  var inside = false
  for line in text.split(separator: "\r\n", omittingEmptySubsequences: false) {
    if line == "BEGIN:VTIMEZONE" { inside = true }
    if inside { zone += line + "\r\n" } else { rest += line + "\r\n" }
    if line == "END:VTIMEZONE" { inside = false }
  }
  return (zone, rest)
}

/// The severe fixture and a revision 2 of it that stops IVIG after the first course (courses 2 and 3 are gone).
func severeWithoutLaterIVIGCourses() throws -> (old: TreatmentPlan, new: TreatmentPlan) {
  let old = try Fixtures.plan("severe")
  var new = old
  new.revision = 2
  let ivig = try #require(new.medicines.first { $0.key == "ivig" }).index
  let cutoff = try #require(CivilDate(iso: "2027-01-01"))
  for i in new.days.indices where new.days[i].date >= cutoff {
    new.days[i].administrations.removeAll { $0.medicine == ivig }
  }
  return (old, new)
}

/// Imports `file` into khal (`tools/ics/khal_check.sh`) and expects, on each of `days`, exactly the plan's
/// timed doses and as many all-day events as the plan has that day.
func expectKhal(
  _ file: URL, showing plan: TreatmentPlan, on days: [CivilDate], sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let result = try run(tool("khal_check.sh"), [file.path, plan.timeZone] + days.map(\.description))
  #expect(result.status == 0, "khal failed: \(result.stderr)", sourceLocation: sourceLocation)
  let lines = result.stdout.split(separator: "\n").map(String.init)
  for day in days {
    let expected = ICalendarVerifier.expectedDoses(plan).filter { $0.date == day }.map {
      "\($0.date) \($0.time) \($0.summary)"
    }.sorted()
    let timed = lines.filter { $0.hasPrefix("\(day) ") && $0.dropFirst(11).first?.isNumber == true }.sorted()
    #expect(timed == expected, "khal on \(day)", sourceLocation: sourceLocation)
    let allDay = lines.filter { $0.hasPrefix("\(day) ") && $0.dropFirst(11).first?.isNumber != true }
    #expect(
      allDay.count == ICalendarVerifier.expectedDayEvents(plan).filter { $0.date == day }.count,
      "khal all-day events on \(day)", sourceLocation: sourceLocation)
  }
}
