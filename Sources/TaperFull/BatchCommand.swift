import ArgumentParser
import Foundation
import TaperCLI
import Synchronization
import TaperCalendar
import TaperCore
import TaperPlanFile
import TaperPrint
import TaperRender

/// An output format of a batch run.
enum BatchFormat: String, CaseIterable, Sendable {
  case json, ics, pdf, html
}

/// `taper batch`: every plan file in a folder becomes its outputs in `OUT/<plan id>/`, in parallel.
struct BatchCommand: AsyncParsableCommand, HouseErrors {
  static let configuration = CommandConfiguration.batch

  @Argument(help: "The folder of plan files (*.yaml).") var plansDir: String
  @Option(help: "The folder to write into (created if missing).") var out: String
  @Option(help: "Plans processed at once (default: one per core).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
  @Option(help: "Comma-separated: json, ics, pdf, html.") var formats: String = "json,ics,pdf,html"
  @Option(help: "The DTSTAMP and printed date, as 2026-01-01T00:00:00Z (default: now), for reproducible output.")
  var timestamp: String?
  @Flag(help: "Plain progress lines even on a terminal.") var plain = false

  func validate() throws {
    guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be 1–256") }
    _ = try parsedFormats()
    if let timestamp, ICalendarTimestamp(iso: timestamp) == nil {
      throw ValidationError("--timestamp must look like 2026-01-01T00:00:00Z (UTC), not \(timestamp).")
    }
  }

  func parsedFormats() throws -> [BatchFormat] {
    let names = formats.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    var result: [BatchFormat] = []
    for name in names {
      guard let f = BatchFormat(rawValue: name) else {
        throw ValidationError("unknown format '\(name)': use json, ics, pdf, html")
      }
      if !result.contains(f) { result.append(f) }
    }
    guard !result.isEmpty else { throw ValidationError("--formats is empty") }
    return result
  }

  func run() async throws {
    let formats = try parsedFormats()
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: plansDir, isDirectory: &isDirectory), isDirectory.boolValue else {
      Console.printError("error: \(plansDir): not a folder")
      throw ExitCode(1)
    }
    do {
      try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    } catch {
      Console.printError("error: \(out): cannot create the output folder (\(error.localizedDescription))")
      throw ExitCode(1)
    }
    // Only the file names are held; each plan is read, planned, written and dropped by its task.
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: plansDir)) ?? [])
      .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
    let settings = BatchSettings(
      out: out, formats: formats, stamp: timestamp.flatMap(UTCTimestamp.init(iso:)) ?? CalendarCommand.now())
    let claims = PlanIDClaims()
    let progress = Progress(total: names.count, interactive: !plain && isatty(STDERR_FILENO) == 1)
    let clock = ContinuousClock()
    let started = clock.now
    var summary = BatchSummary()

    await withTaskGroup(of: BatchResult.self) { group in
      var pending = names.makeIterator()
      func enqueue() {
        guard let name = pending.next() else { return }
        let path = (plansDir as NSString).appendingPathComponent(name)
        group.addTask { BatchWorker.process(path: path, settings: settings, claims: claims) }
      }
      for _ in 0..<jobs { enqueue() }
      while let result = await group.next() {
        summary.record(result)
        progress.update(done: summary.plans, failed: summary.failures, result: result)
        enqueue()
      }
    }
    progress.finish()
    let elapsed = started.duration(to: clock.now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = seconds > 0 ? Double(summary.plans) / seconds : 0
    print(
      "batch: \(summary.plans) plans, \(summary.files) files, \(summary.failures) failed, "
        + String(format: "%.2f s (%.0f plans/s), --jobs %d", seconds, rate, jobs))
    if summary.failures > 0 { throw ExitCode(1) }
  }
}

/// What every task needs, immutable and shared.
struct BatchSettings: Sendable {
  var out: String
  var formats: [BatchFormat]
  /// The calendars' DTSTAMP and the printouts' generated date.
  var stamp: UTCTimestamp
}

/// The outcome of one plan file.
struct BatchResult: Sendable {
  var file: String
  var planID: String?
  var files: Int
  /// Every error line, when the plan failed.
  var errors: [String]
}

struct BatchSummary {
  var plans = 0
  var files = 0
  var failures = 0
  mutating func record(_ r: BatchResult) {
    plans += 1
    files += r.files
    if !r.errors.isEmpty { failures += 1 }
  }
}

/// Plan ids already being written, so that two files with one id never overwrite each other.
final class PlanIDClaims: Sendable {
  private let claimed = Mutex<[String: String]>([:])
  /// Claims `id` for `file`; returns the file that claimed it first, if another did.
  func claim(_ id: String, by file: String) -> String? {
    claimed.withLock { map in
      if let owner = map[id] { return owner }
      map[id] = file
      return nil
    }
  }
}

/// Processes one plan file: parse, plan, render each format, write atomically.
enum BatchWorker {
  static func process(path: String, settings: BatchSettings, claims: PlanIDClaims) -> BatchResult {
    var result = BatchResult(file: path, planID: nil, files: 0, errors: [])
    do {
      let text = try PlanInput.readText(path)
      let (plan, file) = try PlanFile.plan(text: text, fileName: path)
      result.planID = plan.id
      if let owner = claims.claim(plan.id, by: path) {
        result.errors = ["error: \(path): plan id \(plan.id) is also in \(owner); each plan needs its own id"]
        return result
      }
      _ = file
      let folder = (settings.out as NSString).appendingPathComponent(plan.id)
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      for format in settings.formats {
        let target = (folder as NSString).appendingPathComponent("\(plan.id).\(format.rawValue)")
        switch format {
        case .json:
          try Output.write(PlanJSON.render(plan), to: target)
        case .ics:
          let export = try ICalendarExporter.export(plan, options: ICalendarOptions(timestamp: settings.stamp))
          try Output.write(export.text, to: target)
        case .pdf:
          let options = PrintOptions(generatedAt: settings.stamp, version: TaperVersion.string)
          try Output.write(Data(PDFSchedule.render(plan, options: options)), to: target)
        case .html:
          let options = PrintOptions(generatedAt: settings.stamp, version: TaperVersion.string)
          try Output.write(WeeklyHTML.render(plan, options: options), to: target)
        }
        result.files += 1
      }
    } catch let error as PlanFileError {
      result.errors = error.diagnostics.filter { $0.severity == .error }.map(\.description)
    } catch {
      result.errors = ["error: \(path): \(error)"]
    }
    return result
  }
}

/// A progress bar on a terminal, plain lines otherwise; errors always in full.
final class Progress: Sendable {
  let total: Int
  let interactive: Bool

  init(total: Int, interactive: Bool) {
    self.total = total
    self.interactive = interactive
  }

  func update(done: Int, failed: Int, result: BatchResult) {
    if !result.errors.isEmpty {
      if interactive { Console.printError("\r\u{1B}[K", terminator: "") }
      for line in result.errors { Console.printError(line) }
    }
    if interactive {
      let width = 30
      let filled = total == 0 ? width : done * width / total
      let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
      Console.printError("\r\(bar) \(done)/\(total) plans, \(failed) failed", terminator: "")
    } else {
      let status = result.errors.isEmpty ? "ok" : "FAILED"
      Console.printError("[\(done)/\(total)] \(status) \(result.file)\(result.planID.map { " (\($0))" } ?? "")")
    }
  }

  func finish() {
    if interactive { Console.printError("") }
  }
}
