public import Foundation
public import TaperCore
import TaperPlanFile
public import Testing

/// Finds `Fixtures/` from this source file's path, so golden files can be re-recorded in the source tree.
public enum Fixtures {
  /// The repository's root folder.
  public static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `Fixtures/<relative>`.
  public static func url(_ relative: String) -> URL {
    root.appendingPathComponent("Fixtures").appendingPathComponent(relative)
  }

  /// The names (without `.yaml`) of the valid plans in `Fixtures/plans/`.
  public static var planNames: [String] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: url("plans").path)) ?? []
    return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
  }

  /// The text of a fixture file.
  public static func text(_ relative: String) throws -> String {
    try String(contentsOf: url(relative), encoding: .utf8)
  }

  /// Parses and plans `Fixtures/plans/<name>.yaml`.
  public static func plan(_ name: String) throws -> TreatmentPlan {
    let path = "plans/\(name).yaml"
    return try PlanFile.plan(text: text(path), fileName: "Fixtures/" + path).0
  }

  /// The plan spec of `Fixtures/plans/<name>.yaml`, for tests that change one field.
  public static func spec(_ name: String) throws -> PlanSpec {
    let path = "plans/\(name).yaml"
    return try PlanFile(text: text(path), fileName: "Fixtures/" + path).spec
  }

  /// The built `taper` executable (next to the test bundle in `.build/<config>/`).
  public static var taperBinary: URL {
    var folder = Bundle.main.bundleURL
    for _ in 0..<3 {
      let candidate = folder.appendingPathComponent("taper")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      folder = folder.deletingLastPathComponent()
    }
    return Bundle.main.bundleURL.appendingPathComponent("taper")
  }
}

/// Compares `actual` with the golden file `Fixtures/golden/<relative>` byte for byte.
/// `RECORD_GOLDEN=1 swift test` writes the golden file instead.
public func expectGolden(
  _ actual: String, at relative: String, sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let url = Fixtures.url("golden/" + relative)
  if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(actual.utf8).write(to: url)
    return
  }
  guard let data = FileManager.default.contents(atPath: url.path) else {
    Issue.record("missing golden file \(relative): run RECORD_GOLDEN=1 swift test", sourceLocation: sourceLocation)
    return
  }
  let expected = String(decoding: data, as: UTF8.self)
  if expected != actual {
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let first = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
    let got = first < a.count ? String(a[first]) : "<end>"
    let want = first < e.count ? String(e[first]) : "<end>"
    Issue.record(
      "\(relative) differs at line \(first + 1):\n  expected: \(want)\n  actual:   \(got)",
      sourceLocation: sourceLocation)
  }
}

/// The result of running the `taper` binary.
public struct CommandResult: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
}

/// Runs the built `taper` with `arguments` in `directory` (default: the repository root).
public func runTaper(_ arguments: [String], in directory: URL = Fixtures.root) throws -> CommandResult {
  let process = Process()
  process.executableURL = Fixtures.taperBinary
  process.arguments = arguments
  process.currentDirectoryURL = directory
  let out = Pipe(), err = Pipe()
  process.standardOutput = out
  process.standardError = err
  try process.run()
  let outData = readAll(out.fileHandleForReading)
  let errData = readAll(err.fileHandleForReading)
  process.waitUntilExit()
  return CommandResult(
    status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
    stderr: String(decoding: errData, as: UTF8.self))
}

/// Runs `executable` with `arguments`, standard output and error merged; stops it after `timeout` seconds.
/// Returns its exit status and what it printed.
public func runMerged(_ executable: String, _ arguments: [String], timeout: TimeInterval = 120) throws -> (Int32, String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  process.standardInput = FileHandle.nullDevice
  try process.run()
  let deadline = Date().addingTimeInterval(timeout)
  let data = readAll(pipe.fileHandleForReading)
  while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
  if process.isRunning { process.terminate() }
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// A fresh temporary folder.
public func temporaryFolder() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("taper-test-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// Checks that the text between `begin` and `end` in a repository file (the README) is `generated`; with
/// `RECORD_GOLDEN` set it writes `generated` there instead. For the README's generated references.
public func expectGeneratedSection(
  _ generated: String, begin: String, end: String, in file: String = "README.md",
  sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let url = Fixtures.root.appendingPathComponent(file)
  let text = try String(contentsOf: url, encoding: .utf8)
  guard let from = text.range(of: begin), let to = text.range(of: end, range: from.upperBound..<text.endIndex) else {
    Issue.record("\(file) has no generated section between \(begin) and \(end)", sourceLocation: sourceLocation)
    return
  }
  if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil {
    try (text[..<from.upperBound] + generated + text[to.lowerBound...]).write(to: url, atomically: true, encoding: .utf8)
    return
  }
  #expect(String(text[from.upperBound..<to.lowerBound]) == generated, sourceLocation: sourceLocation)
}
