import Foundation
import TaperTestSupport
import Testing

/// The clinical and web-security reviews' plan files (Fixtures/review/, named by finding: h1-…, m9-…,
/// websec-m2-…) and the plans that show each fix: `taper check` must print exactly what is recorded in
/// NAME.expected (every error, warning and notice, then the exit status), and a refused plan writes no file.
@Suite struct ReviewRegressionTests {
  static let names: [String] = {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.url("review").path)) ?? []
    return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
  }()

  @Test func everyFindingOfIssue10HasAPlanFile() {
    for finding in ["h1-", "h2-", "h5-", "l6-", "l11-", "m9-", "m11-", "websec-m2-"] {
      #expect(Self.names.contains { $0.hasPrefix(finding) }, "\(finding)")
    }
  }

  @Test(arguments: names) func checkPrintsTheRecordedFindings(_ name: String) throws {
    let result = try runTaper(["check", "Fixtures/review/\(name).yaml"])
    let actual = result.stderr + result.stdout + "exit: \(result.status)\n"
    if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
      try Data(actual.utf8).write(to: Fixtures.url("review/\(name).expected"))
    }
    #expect(actual == (try Fixtures.text("review/\(name).expected")))
  }

  @Test(arguments: names) func aRefusedPlanWritesNoFile(_ name: String) throws {
    let folder = try temporaryFolder()
    let out = folder.appendingPathComponent("plan.ics")
    let result = try runTaper(["calendar", "Fixtures/review/\(name).yaml", "-o", out.path])
    if result.status != 0 {
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    } else {
      #expect(FileManager.default.fileExists(atPath: out.path))
    }
  }

  @Test func drugsShowsWhatANameResolvesTo() throws {
    let result = try runTaper(["drugs", "Maxtrex", "Methotr\u{0435}xate", "omeprazole"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("names: Methotrexate — matched by the whole name, 'Maxtrex' (brand (UK))"))
    #expect(result.stdout.contains("'Methotrе\\u{0435}xate'"))
    #expect(result.stdout.contains("in a plan: give it as `drug: methotrexate`; as `drug: other` it is refused"))
    #expect(result.stdout.contains("Omeprazole is known to the rules"))
    let all = try runTaper(["drugs"])
    #expect(all.stdout.contains("Methotrexate — conventional synthetic DMARD\n  plan as: drug: methotrexate\n"))
    #expect(all.stdout.contains("Maxtrex (brand (UK))"))
  }
}
