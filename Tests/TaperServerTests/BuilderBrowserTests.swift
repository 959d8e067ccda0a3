import Foundation
import Hummingbird
import HummingbirdTesting
import TaperCore
import TaperTestSupport
import Testing

@testable import TaperServer

/// The plan builder in a real browser: Selenium drives headless Chromium (Debian's chromium-driver) through
/// `tools/web/builder_flow.py` against the server on a loopback port, and axe-core 4.10 (axe-selenium-python,
/// in `.venv-a11y` on Python 3.12, made by `scripts/setup`) checks every page against WCAG 2.2 AA. The bundled
/// plans are made from the guideline pre-fill through the form alone; the saved plans must plan exactly as the
/// bundled files do. Screenshots of each step: `.build-web-artifacts/builder-*.png`.
@Suite(.serialized) struct BuilderBrowserTests {
  static let python = Fixtures.root.appendingPathComponent(".venv-a11y/bin/python").path

  @Test func clinicianMakesTheBundledPlansInTheBuilderAndEveryPagePassesAxe() async throws {
    #expect(FileManager.default.isExecutableFile(atPath: Self.python), "run scripts/setup: .venv-a11y is missing")
    #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"), "apt-get install chromium-driver")
    let output = Fixtures.root.appendingPathComponent(".build-web-artifacts")
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    // `taper serve` in a process of its own, as a clinic runs it: a server inside this test process would share
    // the cooperative pool (two threads on two cores) with every other suite's blocking waits, and the browser
    // would time out against a server that is starved, not slow.
    let data = FileManager.default.temporaryDirectory.appendingPathComponent("taper-builder-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: data) }
    let tokenFile = data.appendingPathComponent("token")
    try Data(testToken.utf8).write(to: tokenFile)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: tokenFile.path)
    let port = ServeCommandTests.freePort()
    let server = Process()
    server.executableURL = URL(fileURLWithPath: try #require(ServeCommandTests.binary, "build taper first"))
    server.arguments = [
      "serve", "--port", "\(port)", "--data", data.appendingPathComponent("db").path, "--access-token-file",
      tokenFile.path,
    ]
    let serverLog = data.appendingPathComponent("serve.log")
    _ = FileManager.default.createFile(atPath: serverLog.path, contents: nil)
    let logHandle = try FileHandle(forWritingTo: serverLog)
    server.standardOutput = logHandle
    server.standardError = logHandle
    try server.run()
    defer {
      if server.isRunning { server.terminate() }
      server.waitUntilExit()
    }
    var up = false
    for _ in 0..<200 where !up {
      up = (try? await LiveClientTests.running("/usr/bin/curl", ["-fs", "-o", "/dev/null", "http://127.0.0.1:\(port)/login"]).0) == 0
      if !up { try await Task.sleep(for: .milliseconds(100)) }
    }
    try #require(up, "taper serve did not start: \((try? String(contentsOf: serverLog, encoding: .utf8)) ?? "")")
    let store = try PlanStore(folder: data.appendingPathComponent("db"))
    let (status, log) = try await LiveClientTests.running(
      Self.python,
      [
        Fixtures.root.appendingPathComponent("tools/web/builder_flow.py").path, "http://127.0.0.1:\(port)", testToken,
        output.path, "severe", "non-severe", "remission", "revise", "keyboard", "axe",
      ], timeout: 600)
    #expect(status == 0, "\(log)")
    let line = try #require(log.split(separator: "\n").last { $0.hasPrefix("{") }, "\(log)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    #expect(report["failed"] == nil, "\(report["failed"] ?? "") at \(report["failure_url"] ?? "")")

    // axe: zero violations on the plans list, the new-plan form (with and without errors), the plan page and
    // the revise page.
    let axe = try #require(report["axe"] as? [String: [[String: Any]]])
    #expect(
      Set(axe.keys) == [
        "plans list", "new-plan form", "new-plan form with live errors", "new-plan form with errors", "plan page",
        "revise",
      ])
    for (page, violations) in axe { #expect(violations.isEmpty, "\(page): \(violations)") }
    // The errors were beside their fields, marked invalid (the live ones by the script, then the server's).
    #expect((report["live_errors"] as? Int ?? 0) > 0)
    #expect((report["error_page_invalid_fields"] as? Int ?? 0) > 0)

    // Each plan made in the browser plans exactly as its bundled file (id, title, revision, status aside),
    // and its .ics and PDF downloaded.
    let plans = try #require(report["plans"] as? [String: [String: Any]])
    for name in ["severe", "non-severe", "remission"] {
      let made = try #require(plans[name], "\(name) was not made")
      let id = try #require(made["id"] as? String)
      let revision = try #require(try await store.revisions(planID: id).first)
      let plan = try PlanDocuments.plan(revision)
      #expect(try PlanBuilderTests.comparable(plan) == PlanBuilderTests.comparable(try Fixtures.plan(name)), "\(name)\n\(revision.text)")
      #expect(!revision.text.contains("{ protocol") && !revision.text.contains("{ by_mg"), "typed YAML in \(revision.text)")
      for (file, magic) in [("ics", "BEGIN:VCALENDAR"), ("pdf", "%PDF-")] {
        let download = try #require(made[file] as? [String: Any])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: try #require(download["path"] as? String)))
        #expect(bytes.starts(with: Array(magic.utf8)), "\(name) \(file)")
      }
    }
    #expect(report["severe_preview_changed"] as? Bool == true, "the preview did not change as the taper was built")

    // The revision from a date: saved as revision 2 of the non-severe plan, from its date.
    let nonSevere = try #require(plans["non-severe"]?["id"] as? String)
    // Revision 1 climbs 50 → 75 (1 Feb) → 100 (15 Feb) → 125 (1 Mar); revision 2, from 1 February, starts at
    // 75 and stops at 100, so the first day that differs (what the preview names) is 1 March.
    let preview = report["revise_preview"] as? String ?? ""
    #expect(preview.contains("From Monday 1 March 2027"), "\(preview)")
    #expect(preview.contains("Azathioprine stays at 100 mg a day (revision 1 had 125 mg from this day)"), "\(preview)")
    #expect(preview.contains("Every day before Monday 1 March 2027 is as in revision 1"), "\(preview)")
    let revisions = try await store.revisions(planID: nonSevere)
    #expect(revisions.count == 2)
    let revised = try PlanDocuments.plan(try #require(revisions.last))
    #expect(revised.latestRevision?.effective == CivilDate(iso: "2027-02-01"))
    let azathioprine = revised.days.last?.administrations.first { $0.drug == "azathioprine" }
    #expect(azathioprine?.amount.description == "100 mg")

    // The keyboard alone made and saved a plan (Tab, typing, arrows, Enter), with a visible focus outline.
    let keyboardURL = try #require(report["keyboard_url"] as? String)
    #expect(keyboardURL.hasPrefix("http://127.0.0.1:\(port)/plans/plan-"), "\(keyboardURL)")
    #expect(report["keyboard_choice"] as? String == "azathioprine")
    #expect(report["focus_outline"] as? String == "solid")
    let keyboardPlan = try #require(keyboardURL.split(separator: "/").last.map(String.init))
    let keyed = try PlanDocuments.plan(try #require(try await store.revisions(planID: keyboardPlan).first))
    #expect(keyed.medicines.map(\.displayName).contains("Azathioprine"))

    // Tablet width: no horizontal scrolling.
    let widths = try #require(report["scroll_768"] as? [Int])
    #expect(widths.count == 2 && widths[0] <= widths[1], "\(widths)")
    // A screenshot of every step.
    for step in try #require(report["steps"] as? [String]) {
      let size = (try? FileManager.default.attributesOfItem(atPath: output.appendingPathComponent("builder-\(step).png").path)[.size] as? Int) ?? 0
      #expect(size > 10_000, "no screenshot of \(step)")
    }
  }
}
