import Foundation
import TaperTestSupport
import Testing

/// End-to-end tests: they run the built `taper` binary as a clinician would.
@Suite struct CLITests {
  static let valid = Fixtures.planNames
  static let invalid: [String] = {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.url("invalid").path)) ?? []
    return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
  }()

  @Test(arguments: valid) func goldenJSON(_ name: String) throws {
    let result = try runTaper(["plan", "Fixtures/plans/\(name).yaml", "--format", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    try expectGolden(result.stdout, at: "json/\(name).json")
  }

  @Test(arguments: valid) func goldenTable(_ name: String) throws {
    let result = try runTaper(["plan", "Fixtures/plans/\(name).yaml"])
    #expect(result.status == 0, "\(result.stderr)")
    try expectGolden(result.stdout, at: "table/\(name).txt")
  }

  @Test(arguments: valid) func checkPasses(_ name: String) throws {
    let result = try runTaper(["check", "Fixtures/plans/\(name).yaml"])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("ok: Fixtures/plans/\(name).yaml"))
    #expect(!result.stderr.contains("error:"))
  }

  @Test func thereAreEnoughInvalidFixtures() {
    #expect(Self.invalid.count >= 60)
  }

  @Test(arguments: invalid) func invalidPlanGivesItsRecordedError(_ name: String) throws {
    let expected = try Fixtures.text("invalid/\(name).expected")
    let result = try runTaper(["check", "Fixtures/invalid/\(name).yaml"])
    #expect(result.status != 0)
    let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }.joined(separator: "\n")
    #expect(errors + "\n" == expected)
  }

  @Test(arguments: invalid) func invalidPlanWritesNoFile(_ name: String) throws {
    let folder = try temporaryFolder()
    let out = folder.appendingPathComponent("plan.json")
    let result = try runTaper(["plan", "Fixtures/invalid/\(name).yaml", "--format", "json", "-o", out.path])
    #expect(result.status != 0)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
  }

  @Test func aRefusedPlanLeavesThePreviousFileUntouched() throws {
    let folder = try temporaryFolder()
    let out = folder.appendingPathComponent("plan.json")
    try Data("previous\n".utf8).write(to: out)
    let result = try runTaper(["plan", "Fixtures/invalid/mtx-daily.yaml", "--format", "json", "-o", out.path])
    #expect(result.status != 0)
    #expect(try String(contentsOf: out, encoding: .utf8) == "previous\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["plan.json"])
  }

  @Test func outputIsWrittenAtomicallyAndCompletely() throws {
    let folder = try temporaryFolder()
    let out = folder.appendingPathComponent("plan.csv")
    let result = try runTaper(["plan", "Fixtures/plans/severe.yaml", "--format", "csv", "-o", out.path])
    #expect(result.status == 0)
    let csv = try String(contentsOf: out, encoding: .utf8)
    #expect(csv.hasPrefix("date,day,weekday,time,drug,amount,unit,route,tablets,note\r\n"))
    #expect(csv.contains("2026-12-07,1,Monday,08:00,methotrexate,15,mg,oral,6 × 2.5 mg,once weekly (Monday)\r\n"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["plan.csv"])
  }

  @Test func badOutputPathsAreClearErrors() throws {
    let folder = try temporaryFolder()
    let file = folder.appendingPathComponent("a-file")
    try Data().write(to: file)
    let cases = [
      (folder.appendingPathComponent("missing/plan.json").path, "does not exist"),
      (file.appendingPathComponent("plan.json").path, "is a file, not a folder"),
      (folder.path, "is a folder"),
    ]
    for (path, message) in cases {
      let result = try runTaper(["plan", "Fixtures/plans/severe.yaml", "--format", "json", "-o", path])
      #expect(result.status != 0)
      #expect(result.stderr.contains("error: \(path)"), "\(result.stderr)")
      #expect(result.stderr.contains(message), "\(result.stderr)")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a-file"])
  }

  /// One error format for every command, argument-parser's own errors included: `error: …`, never `Error: …`.
  @Test func everyCommandReportsErrorsInTheHouseFormat() throws {
    let bad: [[String]] = [
      ["plan"], ["plan", "Fixtures/plans/severe.yaml", "--format", "nope"], ["--nope"], ["serve", "--port", "0"],
      ["calendar", "Fixtures/plans/severe.yaml", "--alarm-minutes", "x"], ["print", "Fixtures/plans/severe.yaml"],
      ["check", "Fixtures/plans/no-such-plan.yaml"], ["batch"], ["verify"], ["drugs", "--nope"],
      ["generate-plans", "0", "--out", "/tmp/x"], ["week", "Fixtures/plans/severe.yaml", "--week", "zero"],
    ]
    for arguments in bad {
      let result = try runTaper(arguments)
      #expect(result.status != 0, "\(arguments)")
      #expect(result.stderr.hasPrefix("error: "), "\(arguments): \(result.stderr)")
      #expect(!result.stderr.contains("Error:"), "\(arguments): \(result.stderr)")
    }
  }

  @Test func missingAndHugeInputFilesAreRefused() throws {
    let missing = try runTaper(["check", "Fixtures/plans/no-such-plan.yaml"])
    #expect(missing.status != 0)
    #expect(missing.stderr.contains("no such file"))
    let folder = try temporaryFolder()
    let huge = folder.appendingPathComponent("huge.yaml")
    try Data(repeating: UInt8(ascii: "#"), count: 10 * 1024 * 1024).write(to: huge)
    let result = try runTaper(["check", huge.path])
    #expect(result.status != 0)
    #expect(result.stderr.contains("a plan file is at most"))
  }

  @Test func warningsAndNoticesGoToStandardErrorWithTheirLines() throws {
    let result = try runTaper(["plan", "Fixtures/plans/non-severe.yaml", "--format", "json"])
    #expect(result.status == 0)
    #expect(
      result.stderr.contains(
        "notice: Fixtures/plans/non-severe.yaml:21: medications[0].mg_per_kg: 0.75 mg/kg × 63.5 kg = 47.625 mg, rounded to 47.5 mg"))
  }
}

@Suite struct GuidelineCommandTests {
  @Test func everySeedOptionIsInTheJSONWithItsDoses() throws {
    let result = try runTaper(["guideline", "--format", "json"])
    #expect(result.status == 0)
    let doc = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let options = try #require(doc?["options"] as? [[String: Any]])
    #expect(options.count == 20)
    func drugs(_ group: String, _ line: Int, _ kind: String) -> [String] {
      options.filter { $0["group"] as? String == group && $0["line"] as? Int == line && $0["kind"] as? String == kind }
        .flatMap { ($0["drugs"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } }
    }
    #expect(drugs("severe", 1, "induction") == ["methylprednisolone sodium succinate", "prednisolone"])
    #expect(drugs("severe", 1, "plus") == ["methotrexate", "azathioprine", "mycophenolate mofetil"])
    #expect(drugs("non-severe", 1, "plus") == ["methotrexate", "azathioprine"])
    #expect(drugs("non-severe", 3, "induction") == ["rituximab", "cyclophosphamide", "abatacept"])
    #expect(drugs("remission", 1, "maintenance") == ["methotrexate", "azathioprine", "mycophenolate mofetil", "ciclosporin", "tacrolimus"])
    for group in ["severe", "non-severe", "remission"] {
      for line in 1...3 { #expect(drugs(group, line, "consider") == ["normal immunoglobulin human (IVIG)"]) }
    }
    #expect(result.stdout.contains("\"dose\" : \"7.5 to 25 mg orally/subcutaneously/intramuscularly once weekly on the same day of each week\""))
    #expect(result.stdout.contains("\"dose\" : \"1 g intravenously every 24 hours for 3-5 days\""))
    #expect(result.stdout.contains("maximum 3000 mg/day in 2 divided doses"))
  }

  @Test func textFiltersByGroupAndLine() throws {
    let result = try runTaper(["guideline", "--group", "remission", "--line", "2"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("maintenance therapy: immunosuppressant combination therapy [77]"))
    #expect(!result.stdout.contains("induction therapy"))
    let bad = try runTaper(["guideline", "--line", "4"])
    #expect(bad.status != 0)
  }
}
