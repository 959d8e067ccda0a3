import Foundation
import TaperTestSupport
import Testing

@Suite struct PrintCommandTests {
  @Test func writesAPDFAndAnHTMLPage() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let pdf = folder.appendingPathComponent("schedule.pdf").path
    let html = folder.appendingPathComponent("schedule.html").path
    let stamp = ["--timestamp", "2026-01-01T00:00:00Z"]
    let r1 = try runTaper(["print", "Fixtures/plans/remission.yaml", "-o", pdf] + stamp)
    #expect(r1.status == 0, "\(r1.stderr)")
    #expect(FileManager.default.contents(atPath: pdf)?.prefix(5) == Data("%PDF-".utf8))
    let r2 = try runTaper(["print", "Fixtures/plans/remission.yaml", "-o", html] + stamp)
    #expect(r2.status == 0, "\(r2.stderr)")
    #expect(FileManager.default.contents(atPath: html).map { String(decoding: $0, as: UTF8.self) }?.hasPrefix("<!DOCTYPE html>") == true)
    let r3 = try runTaper(["print", "Fixtures/plans/remission.yaml", "-o", folder.appendingPathComponent("x.out").path, "--format", "html"] + stamp)
    #expect(r3.status == 0, "\(r3.stderr)")
    // Only the three outputs: no temporary files left behind.
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["schedule.html", "schedule.pdf", "x.out"])
  }

  @Test func badOutputPathsLeaveNoFile() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = folder.appendingPathComponent("no-such-folder/schedule.pdf").path
    let r1 = try runTaper(["print", "Fixtures/plans/severe.yaml", "-o", missing])
    #expect(r1.status != 0)
    #expect(r1.stderr.contains("does not exist"))
    #expect(!FileManager.default.fileExists(atPath: missing))

    let r2 = try runTaper(["print", "Fixtures/plans/severe.yaml", "-o", folder.path])
    #expect(r2.status != 0)

    let unknown = folder.appendingPathComponent("schedule.txt").path
    let r3 = try runTaper(["print", "Fixtures/plans/severe.yaml", "-o", unknown])
    #expect(r3.status != 0)
    #expect(r3.stderr.contains("--format"))

    let r4 = try runTaper(["print", "Fixtures/plans/no-such-plan.yaml", "-o", folder.appendingPathComponent("a.pdf").path])
    #expect(r4.status != 0)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
  }

  @Test func rejectsABadTimestamp() throws {
    let r = try runTaper(["print", "Fixtures/plans/severe.yaml", "-o", "/tmp/x.pdf", "--timestamp", "yesterday"])
    #expect(r.status != 0)
  }

  @Test func weekCommand() throws {
    let r = try runTaper(["week", "Fixtures/plans/severe.yaml", "--week", "2"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("Week 2 of"))
    #expect(r.stdout.contains("[ ]"))
    let bad = try runTaper(["week", "Fixtures/plans/severe.yaml", "--week", "999"])
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("no week 999"))
  }
}
