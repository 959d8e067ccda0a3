import Foundation
import TaperCore
import TaperPrint
import TaperRender
import TaperTestSupport
import Testing

/// The printed schedule as the patient gets it: the HTML passes axe-core's WCAG 2.2 AA rules in headless
/// Chromium (as the builder's pages do), and screenshots of page 1, the advice page, the steroid card page and a
/// week page are saved as test artifacts in `.build-print-artifacts/` (issue 20).
@Suite(.serialized) struct PrintAccessibilityTests {
  static let python = Fixtures.root.appendingPathComponent(".venv-a11y/bin/python").path
  static let artifacts = Fixtures.root.appendingPathComponent(".build-print-artifacts")

  static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
    try runMerged(executable, arguments, timeout: 600)
  }

  @Test func everyBundledSchedulePassesAxe() throws {
    #expect(FileManager.default.isExecutableFile(atPath: Self.python), "run scripts/setup: .venv-a11y is missing")
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var files: [String] = []
    for name in Fixtures.planNames {
      let file = folder.appendingPathComponent("\(name).html")
      try WeeklyHTML.render(try Fixtures.plan(name), options: fixedOptions).write(to: file, atomically: true, encoding: .utf8)
      files.append(file.path)
    }
    let (status, output) = try Self.run(
      Self.python, [Fixtures.root.appendingPathComponent("tools/web/axe_file.py").path] + files)
    #expect(status == 0, "\(output)")
    let line = try #require(output.split(separator: "\n").last { $0.hasPrefix("{") }, "\(output)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: [[String: Any]]])
    #expect(report.count == files.count)
    for (file, violations) in report { #expect(violations.isEmpty, "\(file): \(violations)") }
  }

  @Test func screenshotsOfTheCoverTheAdviceTheCardAndAWeek() throws {
    try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
    let plan = try Fixtures.plan("severe")
    let layout = PrintLayout(plan, schedule: WeeklySchedule(plan), options: fixedOptions)
    let pdf = try RenderedPDF(PDFSchedule.render(plan, options: fixedOptions))
    defer { pdf.remove() }
    let pages: [(String, Int?)] = [
      ("cover", layout.number(of: .cover)), ("advice", layout.number(of: .advice)),
      ("steroid-card", layout.number(of: .steroidCard)), ("week-1", layout.number(of: .week(0))),
      ("clinician", layout.number(of: .clinician)),
    ]
    for (label, page) in pages {
      let number = try #require(page, "severe has no \(label) page")
      let prefix = Self.artifacts.appendingPathComponent("severe-\(label)").path
      _ = try poppler("pdftoppm", ["-r", "60", "-png", "-singlefile", "-f", "\(number)", "-l", "\(number)", pdf.url.path, prefix])
      let size = (try? FileManager.default.attributesOfItem(atPath: prefix + ".png")[.size] as? Int) ?? 0
      #expect(size > 10_000, "no screenshot of \(label)")
    }
  }
}
