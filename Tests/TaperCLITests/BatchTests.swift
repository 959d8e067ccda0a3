import Foundation
import TaperTestSupport
import Testing

@Suite struct BatchTests {
  /// A folder with copies of the valid fixtures, plus `extra` files.
  func plansFolder(extra: [String: String] = [:]) throws -> URL {
    let folder = try temporaryFolder()
    for name in Fixtures.planNames {
      try FileManager.default.copyItem(
        at: Fixtures.url("plans/\(name).yaml"), to: folder.appendingPathComponent("\(name).yaml"))
    }
    for (name, text) in extra { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
    return folder
  }

  @Test func everyPlanGetsItsOutputsInItsOwnFolder() throws {
    let plans = try plansFolder()
    let out = try temporaryFolder().appendingPathComponent("out")
    let result = try runTaper([
      "batch", plans.path, "--out", out.path, "--jobs", "2", "--timestamp", "2026-01-01T00:00:00Z", "--formats", "json,ics",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("batch: 5 plans, 10 files, 0 failed"))
    let ids = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    #expect(ids == ["demo-leapday-005", "demo-nonsevere-002", "demo-remission-003", "demo-severe-001", "demo-specialist-004"])
    let severe = try String(contentsOf: out.appendingPathComponent("demo-severe-001/demo-severe-001.json"), encoding: .utf8)
    #expect(severe == (try Fixtures.text("golden/json/severe.json")))
    let files = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("demo-severe-001").path).sorted()
    #expect(files == ["demo-severe-001.ics", "demo-severe-001.json"])
  }

  @Test func aBadPlanIsReportedAndDoesNotStopTheOthers() throws {
    let bad = try Fixtures.text("invalid/mtx-daily.yaml")
    let plans = try plansFolder(extra: ["zz-bad.yaml": bad])
    let out = try temporaryFolder()
    let result = try runTaper(["batch", plans.path, "--out", out.path, "--formats", "json", "--plain"])
    #expect(result.status == 1)
    #expect(result.stdout.contains("batch: 6 plans, 5 files, 1 failed"))
    #expect(result.stderr.contains("daily methotrexate can be fatal"))
    #expect(result.stderr.contains("FAILED \(plans.path)/zz-bad.yaml"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).count == 5)
  }

  @Test func twoFilesWithOneIdNeverOverwriteEachOther() throws {
    let copy = try Fixtures.text("plans/remission.yaml")
    let plans = try plansFolder(extra: ["zz-copy.yaml": copy])
    let out = try temporaryFolder()
    let result = try runTaper(["batch", plans.path, "--out", out.path, "--formats", "json", "--jobs", "1", "--plain"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("plan id demo-remission-003 is also in"))
  }

  @Test func badArgumentsAreRefused() throws {
    let plans = try plansFolder()
    #expect(try runTaper(["batch", plans.path, "--out", "/tmp/x", "--formats", "docx"]).status != 0)
    #expect(try runTaper(["batch", plans.path, "--out", "/tmp/x", "--jobs", "0"]).status != 0)
    #expect(try runTaper(["batch", "/nonexistent-folder", "--out", "/tmp/x"]).status != 0)
  }
}
