import Foundation
import TaperCalendar
import TaperCore
import TaperTestSupport
import Testing

/// `taper calendar` and `taper verify`, run as the built binary.
@Suite struct CalendarCommandTests {
  @Test func writesTheGoldenFileAndVerifiesIt() throws {
    let folder = try temporaryFolder()
    let out = folder.appendingPathComponent("plan.ics").path
    let result = try runTaper([
      "calendar", "Fixtures/plans/severe.yaml", "-o", out, "--timestamp", "2026-01-01T00:00:00Z",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("wrote \(out): "))
    let written = try String(contentsOfFile: out, encoding: .utf8)
    #expect(written == (try exportFixture("severe").text))
    let verify = try runTaper(["verify", out, "Fixtures/plans/severe.yaml"])
    #expect(verify.status == 0, "\(verify.stderr)")
    #expect(verify.stdout.hasPrefix("ok: "))
    // Against another plan it fails and says why.
    let wrong = try runTaper(["verify", out, "Fixtures/plans/remission.yaml"])
    #expect(wrong.status == 1)
    #expect(wrong.stderr.contains("mismatch: "))
    // No stray temporary files next to the output.
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["plan.ics"])
  }

  @Test func unwritableOutputLeavesNoFile() throws {
    let folder = try temporaryFolder()
    let missing = folder.appendingPathComponent("no-such-folder/plan.ics").path
    let result = try runTaper(["calendar", "Fixtures/plans/severe.yaml", "-o", missing])
    #expect(result.status != 0)
    #expect(result.stderr.contains("error: "))
    #expect(!FileManager.default.fileExists(atPath: missing))
    // A folder without write permission (root can write anywhere, so only check when it is refused).
    let locked = folder.appendingPathComponent("locked")
    try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
    try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: locked.path)
    defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: locked.path) }
    let target = locked.appendingPathComponent("plan.ics").path
    let second = try runTaper(["calendar", "Fixtures/plans/severe.yaml", "-o", target])
    if second.status != 0 {
      #expect(try FileManager.default.contentsOfDirectory(atPath: locked.path) == [])
    }
    // The output path is a folder.
    let third = try runTaper(["calendar", "Fixtures/plans/severe.yaml", "-o", folder.path])
    #expect(third.status != 0)
  }

  @Test func optionsReachTheFile() throws {
    let folder = try temporaryFolder()
    let out = folder.appendingPathComponent("p.ics").path
    let result = try runTaper([
      "calendar", "Fixtures/plans/remission.yaml", "-o", out, "--timestamp", "2026-01-01T00:00:00Z",
      "--no-alarms", "--one-event-per-dose", "--calendar-name", "Tablets",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let text = try String(contentsOfFile: out, encoding: .utf8)
    #expect(!text.contains("BEGIN:VALARM"))
    #expect(!text.contains("RRULE:FREQ=DAILY"))
    #expect(text.contains("\r\nX-WR-CALNAME:Tablets\r\n"))
    #expect(try runTaper(["verify", out, "Fixtures/plans/remission.yaml"]).status == 0)
  }

  @Test func badOptionsAreRefused() throws {
    let out = try temporaryFolder().appendingPathComponent("p.ics").path
    let both = try runTaper(["calendar", "Fixtures/plans/severe.yaml", "-o", out, "--no-alarms", "--alarm-minutes", "5"])
    #expect(both.status == 64)
    let stamp = try runTaper(["calendar", "Fixtures/plans/severe.yaml", "-o", out, "--timestamp", "yesterday"])
    #expect(stamp.status == 64)
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  @Test func previousPlanCancelsRunsThatAreGone() throws {
    let folder = try temporaryFolder()
    // Revision 2 of the remission plan ends the prednisolone taper four weeks earlier.
    let text = try Fixtures.text("plans/remission.yaml")
      .replacingOccurrences(of: "revision: 2", with: "revision: 3")
      .replacingOccurrences(of: "- { dose_mg: 4, weeks: 8 }", with: "- { dose_mg: 4, weeks: 4 }")
    let revised = folder.appendingPathComponent("remission-r3.yaml")
    try Data(text.utf8).write(to: revised)
    let out = folder.appendingPathComponent("p.ics").path
    let result = try runTaper([
      "calendar", revised.path, "-o", out, "--previous", "Fixtures/plans/remission.yaml", "--timestamp",
      "2026-01-01T00:00:00Z",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let verify = try runTaper(["verify", out, revised.path])
    #expect(verify.status == 0, "\(verify.stderr)")
  }
}
