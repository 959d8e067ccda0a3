import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TaperCore
import TaperTestSupport
import Testing

@testable import TaperServer

/// Real clients against the server on a random loopback port: vdirsyncer following a feed, headless Chromium
/// showing the plan page.
@Suite(.serialized) struct LiveClientTests {
  /// Runs a program; returns its exit status and output (stdout and stderr together).
  /// ``run(_:_:timeout:)`` on a thread of its own. A test whose server runs in this process (`.test(.live)`)
  /// must wait for a client this way: the blocking wait would hold one of the cooperative pool's threads (two
  /// on a 2-core machine), and with another test doing the same the server's handlers get none, so the client
  /// times out against a server that cannot answer.
  static func running(
    _ executable: String, _ arguments: [String], timeout: TimeInterval = 120
  ) async throws -> (Int32, String) {
    try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread {
        continuation.resume(with: Result { try run(executable, arguments, timeout: timeout) })
      }
    }
  }

  static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval = 120) throws -> (Int32, String) {
    try runMerged(executable, arguments, timeout: timeout)
  }

  static func which(_ name: String, also: [String] = []) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for candidate in also + path.split(separator: ":").map({ "\($0)/\(name)" })
    where FileManager.default.isExecutableFile(atPath: candidate) {
      return candidate
    }
    return nil
  }

  static var vdirsyncer: String? {
    which("vdirsyncer", also: [Fixtures.root.appendingPathComponent(".venv/bin/vdirsyncer").path])
  }
  static var chromium: String? { which("chromium", also: ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) }

  /// One VEVENT: vdirsyncer's `http` storage replaces UIDs with content hashes, so events are compared by
  /// what they say (summary, start, status).
  struct Event: Hashable, Comparable {
    var uid: String
    var summary: String
    var start: String
    var cancelled: Bool
    var key: String { "\(start) \(summary)\(cancelled ? " (cancelled)" : "")" }
    static func < (a: Event, b: Event) -> Bool { a.key < b.key }
  }

  static func parse(_ ics: String) -> [Event] {
    let text = ics.replacingOccurrences(of: "\r\n ", with: "")
    return text.components(separatedBy: "BEGIN:VEVENT").dropFirst().map { block in
      let lines = block.components(separatedBy: "END:VEVENT")[0].components(separatedBy: "\r\n")
      func value(_ name: String) -> String {
        lines.first { $0.hasPrefix(name + ":") || $0.hasPrefix(name + ";") }.map {
          String($0.split(separator: ":", maxSplits: 1).last ?? "")
        } ?? ""
      }
      return Event(
        uid: value("UID"), summary: value("SUMMARY"), start: value("DTSTART"),
        cancelled: lines.contains("STATUS:CANCELLED"))
    }
  }

  /// The events of a vdir, and how many items (files) it holds.
  static func events(in folder: URL) throws -> (items: Int, events: [Event]) {
    let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
      .filter { $0.pathExtension == "ics" }
    let events = try files.flatMap { parse(try String(contentsOf: $0, encoding: .utf8)) }
    return (files.count, events)
  }

  @Test(.enabled(if: vdirsyncer != nil, "vdirsyncer is not installed: .venv/bin/pip install vdirsyncer"))
  func vdirsyncerFollowsTheFeedThroughARevision() async throws {
    let store = try makeStore()
    let clock = TestClock()
    let router = WebServer.router(store: store, settings: ServerSettings(accessToken: testToken, version: "test", now: { clock.now() }))
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("taper-vdir-\(UUID().uuidString)")
    let script = Fixtures.root.appendingPathComponent("tools/web/vdirsyncer-sync.sh").path
    try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) {
      client in
      let port = try #require(client.port)
      var session = Session()
      let id = try await createPlan(client, &session)
      let token = try await subscribe(client, &session, planID: id)
      let url = "http://127.0.0.1:\(port)/feeds/\(token).ics"

      let (status1, output1) = try await Self.running("/bin/sh", [script, url, work.path])
      #expect(status1 == 0, "\(output1)")
      let first = try Self.events(in: work.appendingPathComponent("vdir"))
      #expect(first.events.contains { $0.summary == "Omeprazole 20 mg" && !$0.cancelled })
      #expect(Set(first.events.map(\.uid)).count == first.events.count)

      // Revision 2, from Monday 1 February: omeprazole doubled, azathioprine lower.
      let saved = try await session.post(
        client, "/plans/\(id)/revisions",
        nonSevereForm(omeprazole: "40 mg", azathioprine: "25") + revisionFields() + [("base", "1")])
      #expect(saved.status == .seeOther)
      let (status2, output2) = try await Self.running("/bin/sh", [script, url, work.path])
      #expect(status2 == 0, "\(output2)")
      let second = try Self.events(in: work.appendingPathComponent("vdir"))
      let live = second.events.filter { !$0.cancelled }
      // Every event that starts before the date is revision 1's (a series across it keeps its start and ends
      // before it); from the date, revision 2's doses.
      let date = "20270201"
      let beforeDate = { (events: [Event]) in Set(events.filter { !$0.cancelled && $0.start.prefix(8) < date }.map(\.key)) }
      #expect(beforeDate(second.events) == beforeDate(first.events))
      #expect(live.contains { $0.summary == "Omeprazole 40 mg" && $0.start.hasPrefix(date) })
      #expect(!live.contains { $0.summary.hasPrefix("Omeprazole 20 mg") && $0.start.prefix(8) >= date })
      #expect(live.contains { $0.summary.hasPrefix("Azathioprine 25 mg") && $0.start.hasPrefix(date) })
      // Nothing duplicated: one item per event, and the vdir holds exactly what the feed serves now.
      #expect(Set(second.events.map(\.uid)).count == second.events.count)
      #expect(second.items == second.events.count)
      #expect(Set(second.events.map(\.key)).count == second.events.count)
      let feed = try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: signedIn).text
      #expect(Self.parse(feed).map(\.key).sorted() == second.events.map(\.key).sorted())
    }
  }

  @Test(.enabled(if: chromium != nil, "chromium is not installed: apt-get install -y chromium"))
  func headlessChromiumShowsTheNewPlanPageAndThePlan() async throws {
    let store = try makeStore()
    let clock = TestClock()
    let router = WebServer.router(store: store, settings: ServerSettings(accessToken: testToken, version: "test", now: { clock.now() }))
    let chromium = try #require(Self.chromium)
    let output = Fixtures.root.appendingPathComponent(".build-web-artifacts")
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("taper-chromium-\(UUID().uuidString)")
    let flags = [
      "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
      "--user-data-dir=\(profile.path)", "--window-size=1280,2400",
    ]
    try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) {
      client in
      let port = try #require(client.port)
      // The browser loads the new-plan page: a form that works without scripts.
      let signIn = "http://127.0.0.1:\(port)/login?token=\(testToken)&next="
      let (status1, dom) = try await Self.running(chromium, flags + ["--dump-dom", signIn + "/plans/new"])
      #expect(status1 == 0)
      #expect(dom.contains("<form method=\"post\" action=\"/plans\""))
      #expect(dom.contains("name=\"patient.weight_kg\""))
      // Chromium itself fills the pre-filled new-plan form and presses "Save plan" (driven through the
      // DevTools protocol by tools/web/browser_submit.py): the browser sends the form with its CSRF cookie.
      let screenshot = output.appendingPathComponent("plan-page.png")
      try? FileManager.default.removeItem(at: screenshot)
      let python = Fixtures.root.appendingPathComponent(".venv/bin/python").path
      let fields = #"{"plan.start": "2027-01-04", "patient.weight_kg": "70", "patient.age": "54", "patient.tpmt": "normal"}"#
      let (status2, log) = try await Self.running(
        python,
        [
          Fixtures.root.appendingPathComponent("tools/web/browser_submit.py").path, chromium,
          signIn + "/plans/new%3Fgroup%3Dnon-severe%26line%3D1", fields, screenshot.path,
        ])
      #expect(status2 == 0, "\(log)")
      let line = try #require(log.split(separator: "\n").last { $0.hasPrefix("{") }, "\(log)")
      let result = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
      let url = try #require(result["url"])
      let id = try #require(url.split(separator: "/").last.map(String.init))
      #expect(url == "http://127.0.0.1:\(port)/plans/\(id)")
      let size = (try? FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int) ?? 0
      #expect(size > 10_000, "no screenshot at \(screenshot.path)")
      print("screenshot of the plan page: \(screenshot.path)")
      // The page the browser landed on shows the first week's doses of the plan it saved.
      let text = try #require(result["text"])
      let plan = try PlanDocuments.plan(try #require(try await store.revisions(planID: id).first))
      #expect(plan.start == CivilDate(iso: "2027-01-04"))
      let firstWeek = plan.days.prefix(7).flatMap(\.administrations)
      #expect(!firstWeek.isEmpty)
      #expect(text.contains("Week 1 of"))
      for a in firstWeek { #expect(text.contains(a.amount.description), "\(a.amount)") }
    }
    try? FileManager.default.removeItem(at: profile)
  }

  /// The revise flow in headless Chromium, pressing the form's own buttons: the date and the reason, a changed
  /// dose, "Preview the change" (what changes in words and the first week it changes, nothing saved; a
  /// screenshot), then "Save revision"; the plan page shows revision 2 from its date.
  @Test(.enabled(if: chromium != nil, "chromium is not installed: apt-get install -y chromium"))
  func headlessChromiumPreviewsAndSavesARevisionFromADate() async throws {
    let store = try makeStore()
    let clock = TestClock()
    let router = WebServer.router(store: store, settings: ServerSettings(accessToken: testToken, version: "test", now: { clock.now() }))
    let chromium = try #require(Self.chromium)
    let output = Fixtures.root.appendingPathComponent(".build-web-artifacts")
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) {
      client in
      let port = try #require(client.port)
      var session = Session()
      let id = try await createPlan(client, &session)
      let screenshot = output.appendingPathComponent("revise-preview.png")
      try? FileManager.default.removeItem(at: screenshot)
      let steps: [[String: Any]] = [
        [
          "fields": ["revision.from": "2027-02-01", "revision.reason": "Reflux worse", "medications[2].dose": "40 mg"],
          // The page's script answers "Preview" in place (no new page): the step waits for its panel.
          "button": "preview", "screenshot": screenshot.path,
          "await": "(() => { const p = document.getElementById('preview-body'); return !!p && p.getAttribute('aria-busy') !== 'true' && p.innerText.includes('From Monday 1 February 2027'); })()",
        ],
        ["button": "save"],
      ]
      let json = String(decoding: try JSONSerialization.data(withJSONObject: steps), as: UTF8.self)
      let python = Fixtures.root.appendingPathComponent(".venv/bin/python").path
      let (status, log) = try await Self.running(
        python,
        [
          Fixtures.root.appendingPathComponent("tools/web/browser_submit.py").path, chromium,
          "http://127.0.0.1:\(port)/login?token=\(testToken)&next=/plans/\(id)/revise", "--steps", json,
        ])
      #expect(status == 0, "\(log)")
      let line = try #require(log.split(separator: "\n").last { $0.hasPrefix("[{") }, "\(log)")
      let results = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [[String: String]])
      try #require(results.count == 2)
      let preview = results[0]["text"] ?? ""
      #expect(preview.contains("What changes (not saved yet)"))
      #expect(preview.contains("From Monday 1 February 2027:"))
      #expect(preview.contains("Omeprazole"))
      #expect(preview.contains("The first week it changes"))
      let size = (try? FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int) ?? 0
      #expect(size > 10_000, "no screenshot at \(screenshot.path)")
      print("screenshot of the revise preview: \(screenshot.path)")
      #expect(results[1]["url"] == "http://127.0.0.1:\(port)/plans/\(id)")
      #expect(results[1]["text"]?.contains("Revision 2 from 2027-02-01") == true)
      let revisions = try await store.revisions(planID: id)
      #expect(revisions.map(\.number) == [1, 2])
      #expect(revisions[1].text.hasPrefix(revisions[0].text))
    }
  }

  /// Sign-in through the identity provider in headless Chromium (nanoidp's own login page, filled and sent by
  /// the browser): the prescriber makes a plan with the form and approves it; then, in another browser, a nurse
  /// sees no approval button and a hand-made approval form from her page is refused (403). Screenshots saved.
  @Test(
    .enabled(
      if: chromium != nil && TestIdentityProvider.installed && ServeCommandTests.binary != nil,
      "needs chromium, nanoidp (bash scripts/setup) and the taper binary"))
  func headlessChromiumSignsInThroughTheProviderApprovesAsAPrescriberAndIsRefusedAsANurse() async throws {
    let provider = try await TestIdentityProvider.shared.start()
    let port = provider.livePort
    // `taper serve` itself, as a hospital runs it: the provider's settings, no access token.
    let data = FileManager.default.temporaryDirectory.appendingPathComponent("taper-oidc-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    let secretFile = data.appendingPathComponent("client-secret")
    try Data(TestIdentityProvider.clientSecret.utf8).write(to: secretFile)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secretFile.path)
    let server = Process()
    server.executableURL = URL(fileURLWithPath: try #require(ServeCommandTests.binary))
    server.arguments = [
      "serve", "--port", "\(port)", "--data", data.appendingPathComponent("db").path, "--oidc-issuer", provider.issuer,
      "--oidc-client-id", "taper", "--oidc-client-secret-file", secretFile.path,
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
    for _ in 0..<100 where !up {
      up = (try? await Self.running("/usr/bin/curl", ["-fs", "-o", "/dev/null", "http://127.0.0.1:\(port)/login"]).0) == 0
      if !up { try await Task.sleep(for: .milliseconds(100)) }
    }
    try #require(up, "taper serve did not start: \((try? String(contentsOf: serverLog, encoding: .utf8)) ?? "")")
    let started = (try? String(contentsOf: serverLog, encoding: .utf8)) ?? ""
    #expect(started.contains("Sign in at http://127.0.0.1:\(port)/login with your hospital account"))
    #expect(!started.contains("token="), "no access token is made when the provider signs people in")
    let store = try PlanStore(folder: data.appendingPathComponent("db"))
    let chromium = try #require(Self.chromium)
    let output = Fixtures.root.appendingPathComponent(".build-web-artifacts")
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    let python = Fixtures.root.appendingPathComponent(".venv/bin/python").path
    let driver = Fixtures.root.appendingPathComponent("tools/web/browser_submit.py").path
    @Sendable func browse(_ url: String, _ steps: [[String: Any]]) async throws -> [[String: String]] {
      let json = String(decoding: try JSONSerialization.data(withJSONObject: steps), as: UTF8.self)
      let (status, log) = try await Self.running(python, [driver, chromium, url, "--steps", json])
      #expect(status == 0, "\(log)")
      let line = try #require(log.split(separator: "\n").last { $0.hasPrefix("[{") }, "\(log)")
      return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [[String: String]])
    }
    @Sendable func providerLogin(_ user: String) -> [String: Any] {
      ["form": "form", "fields": ["username": user, "password": "\(user)-pw"], "click": "form button[type=submit]"]
    }
    let shots = ["oidc-plan-saved.png", "oidc-plan-approved.png", "oidc-nurse-refused.png"].map {
      output.appendingPathComponent($0)
    }
    for shot in shots { try? FileManager.default.removeItem(at: shot) }
    do {
      let base = "http://127.0.0.1:\(port)"
      let prescriber = try await browse(
        base + "/login/oidc?next=/plans/new%3Fgroup%3Dnon-severe%26line%3D1",
        [
          providerLogin("prescriber"),
          [
            "fields": ["plan.start": "2027-01-04", "patient.weight_kg": "70", "patient.age": "54", "patient.tpmt": "normal"],
            "button": "save", "screenshot": shots[0].path,
          ],
          ["form": NSNull(), "click": "#approve", "screenshot": shots[1].path],
        ])
      try #require(prescriber.count == 3)
      let url = try #require(prescriber[1]["url"])
      let id = try #require(url.split(separator: "/").last.map(String.init))
      #expect(url == base + "/plans/\(id)")
      #expect(prescriber[1]["text"]?.contains("Dr Ada Prescriber (prescriber)") == true, "the bar says who is signed in")
      #expect(prescriber[2]["text"]?.contains("Approved for use in Taper by Dr Ada Prescriber (prescriber)") == true)
      let approval = try #require(try await store.approvals(planID: id)[1])
      #expect(approval.name == "Dr Ada Prescriber")

      // The nurse's own browser: the page offers no approval; a form made on her page is refused.
      let forged = """
        const f = document.createElement('form'); f.method = 'post';
        f.action = '/plans/\(id)/revisions/1/approve';
        const c = document.createElement('input'); c.type = 'hidden'; c.name = 'csrf';
        c.value = document.querySelector('input[name=csrf]').value; f.appendChild(c);
        document.body.appendChild(f); f.submit()
        """
      let nurse = try await browse(
        base + "/login/oidc?next=/plans/\(id)",
        [
          providerLogin("nurse"),
          ["form": "input[name=csrf]", "submit": forged, "screenshot": shots[2].path],
        ])
      try #require(nurse.count == 2)
      #expect(nurse[1]["text"]?.contains("Not allowed") == true, "\(nurse[1]["text"] ?? "")")
      #expect(nurse[1]["text"]?.contains("Nell Nurse is signed in as nurse") == true)
      #expect(try await store.approvals(planID: id).count == 1)
      for shot in shots {
        let size = (try? FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int) ?? 0
        #expect(size > 10_000, "no screenshot at \(shot.path)")
        print("screenshot: \(shot.path)")
      }
    }
  }
}
