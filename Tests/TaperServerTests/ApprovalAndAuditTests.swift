import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ServiceLifecycle
import TaperTestSupport
import Testing

@testable import TaperServer

/// Approvals recorded in Taper and printed, imported files saved as drafts, and the audit log: every action
/// recorded with who, role, plan, revision, address and outcome; append-only; exported as CSV and as FHIR
/// `AuditEvent`s that fhir.resources validates. The local access token signs in as prescriber and admin.
@Suite struct ApprovalAndAuditTests {
  /// A store, the router with its audit log, a signed-in session and one plan made through the form.
  func withPlan(
    _ body: @Sendable (any TestClientProtocol, inout Session, String, PlanStore, AuditLog) async throws -> Void
  ) async throws {
    let store = try makeStore()
    let audit = AuditLog(store: store)
    let clock = TestClock()
    let router = WebServer.router(
      store: store, settings: ServerSettings(accessToken: testToken, version: "test", now: { clock.now() }), audit: audit)
    try await Application(router: router).test(.router) { client in
      var session = Session()
      let id = try await createPlan(client, &session)
      try await body(client, &session, id, store, audit)
    }
  }

  static func pdfText(_ bytes: ByteBuffer) async throws -> String {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("taper-\(UUID().uuidString).pdf")
    try Data(bytes.readableBytesView).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let (status, text) = try await LiveClientTests.running("/usr/bin/pdftotext", [file.path, "-"])
    #expect(status == 0)
    return text
  }

  @Test func aPrescriberApprovesTheLatestRevisionOnceAndThePrintoutSaysWhoAndWhen() async throws {
    try await withPlan { client, session, id, store, _ in
      // The form said `status: approved`; nothing is approved until a prescriber approves it here.
      var page = try await session.open(client, "/plans/\(id)")
      #expect(page.contains("id=\"approve\""))
      #expect(page.contains("class=\"schedule draft\""))
      let draftPDF = try await client.execute(uri: "/plans/\(id)/revisions/1/schedule.pdf", method: .get, headers: session.headers)
      #expect(try await Self.pdfText(draftPDF.body).contains("approval not recorded in Taper"))

      #expect(try await session.post(client, "/plans/\(id)/revisions/1/approve", []).status == .seeOther)
      let approval = try #require(try await store.approvals(planID: id)[1])
      #expect(approval.name == "Local clinician")
      #expect(approval.role == "prescriber, admin")
      page = try await session.open(client, "/plans/\(id)")
      #expect(page.contains("class=\"schedule approved\""))
      #expect(!page.contains("id=\"approve\""))
      let pdf = try await client.execute(uri: "/plans/\(id)/revisions/1/schedule.pdf", method: .get, headers: session.headers)
      let text = try await Self.pdfText(pdf.body).replacingOccurrences(of: "\n", with: " ")
      #expect(text.contains("Approved for use in Taper by Local clinician (prescriber, admin) on"), "\(text.prefix(1500))")
      // Once only; a forged form (no CSRF token) approves nothing.
      #expect(try await session.post(client, "/plans/\(id)/revisions/1/approve", []).status == .conflict)
      #expect(try await session.post(client, "/plans/\(id)/revisions/1/approve", [], csrf: false).status == .forbidden)

      // A revision is a draft again until it is approved; the older one can no longer be.
      _ = try await session.open(client, "/plans/\(id)/revise")
      let saved = try await session.post(
        client, "/plans/\(id)/revisions", nonSevereForm(omeprazole: "40 mg") + revisionFields() + [("base", "1")])
      #expect(saved.status == .seeOther)
      page = try await session.open(client, "/plans/\(id)")
      #expect(page.contains("class=\"schedule draft\""))
      #expect(try await session.post(client, "/plans/\(id)/revisions/1/approve", []).status == .conflict)
      #expect(try await session.post(client, "/plans/\(id)/revisions/2/approve", []).status == .seeOther)
      #expect(Set(try await store.approvals(planID: id).keys) == [1, 2])
    }
  }

  @Test func anImportedApprovedFileIsADraftUntilApprovedHere() async throws {
    let store = try makeStore()
    try await Application(router: makeRouter(store)).test(.router) { client in
      var session = Session()
      _ = try await session.open(client, "/plans/new")
      let text = try Fixtures.text("plans/non-severe.yaml")
      #expect(text.contains("status: approved"))
      let saved = try await session.post(client, "/plans/import", [("plan_file", text)])
      #expect(saved.status == .seeOther, "\(errorMessages(saved.text))")
      let id = String(try #require(saved.headers[.location]).dropFirst("/plans/".count))
      #expect(try await store.approvals(planID: id).isEmpty)
      let page = try await session.open(client, "/plans/\(id)")
      #expect(page.contains("class=\"schedule draft\""))
      #expect(page.contains("approval not recorded in Taper"))
      let json = try await client.execute(uri: "/plans/\(id)/revisions/1/plan.json", method: .get, headers: session.headers)
      #expect(json.text.contains("\"status\" : \"draft\"") || json.text.contains("\"status\":\"draft\""), "\(json.text.prefix(400))")
    }
  }

  @Test func everyActionIsAuditedAndTheLogIsAppendOnly() async throws {
    try await withPlan { client, session, id, store, audit in
      // A change's audit is in its own transaction: there before any batch is flushed.
      #expect(try await store.auditEvents(planID: id).contains { $0.action == .planCreated && $0.outcome == .success })
      _ = try await session.open(client, "/plans/\(id)")
      for file in ["calendar.ics", "plan.yaml", "plan.json", "schedule.pdf"] {
        #expect(try await client.execute(uri: "/plans/\(id)/revisions/1/\(file)", method: .get, headers: session.headers).status == .ok)
      }
      let token = try await subscribe(client, &session, planID: id)
      _ = token
      let feeds = try await store.feeds(planID: id)
      let feed = try #require(feeds.first)
      _ = try await session.open(client, "/plans/\(id)")
      #expect(try await session.post(client, "/plans/\(id)/feeds/\(feed.id)/rotate", []).status == .ok)
      // Rotating gives the link a new address (a new record); that one is revoked.
      let rotated = try #require(try await store.feeds(planID: id).first { $0.revokedAt == nil })
      _ = try await session.open(client, "/plans/\(id)")
      #expect(try await session.post(client, "/plans/\(id)/feeds/\(rotated.id)/revoke", []).status == .seeOther)
      _ = try await session.open(client, "/plans/\(id)")
      #expect(try await session.post(client, "/plans/\(id)/revisions/1/approve", []).status == .seeOther)
      try await audit.flush()

      let events = try await store.auditEvents(planID: id)
      let actions = Set(events.map(\.action))
      #expect(actions.isSuperset(of: [.planCreated, .view, .download, .print, .linkCreated, .linkRotated, .linkRevoked, .approved]))
      #expect(events.filter { $0.action == .download }.map(\.detail).sorted() == ["calendar.ics", "plan.json", "plan.yaml"])
      for e in events {
        #expect(e.subject == "local" && e.name == "Local clinician" && e.role == "prescriber, admin")
        #expect(!e.address.isEmpty)
      }
      #expect(events.first { $0.action == .print }?.revision == 1)
      // Newest first, numbered in order.
      #expect(events.map(\.sequence) == events.map(\.sequence).sorted(by: >))
      #expect(try await store.auditEvents().contains { $0.action == .signIn && $0.detail == "access token" })

      // Append-only in the database itself: no update, no delete, of an event or an approval.
      for sql in [
        "UPDATE audit SET outcome = 'refused'", "DELETE FROM audit", "UPDATE approval SET name = 'Someone else'",
        "DELETE FROM approval",
      ] {
        await #expect(throws: (any Error).self, "\(sql)") { try await store.execute(sql) }
      }
      #expect(try await store.auditEvents(planID: id).count == events.count)
    }
  }

  @Test func theAuditLogIsAnAdminsPageACSVAndValidFHIR() async throws {
    try await withPlan { client, session, id, _, _ in
      let page = try await session.open(client, "/audit")
      #expect(page.contains(id))
      let csv = try await client.execute(uri: "/audit/audit.csv", method: .get, headers: session.headers)
      #expect(csv.status == .ok)
      let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
      #expect(lines.first == AuditExport.csvHeader)
      #expect(lines.contains { $0.contains(",plan-created,") && $0.contains(id) })
      // A name a spreadsheet would run as a formula is written as text.
      #expect(AuditExport.csvField("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
      #expect(AuditExport.csvField("-2+3") == "'-2+3")

      let fhir = try await client.execute(uri: "/audit/audit.fhir.json", method: .get, headers: session.headers)
      #expect(fhir.status == .ok)
      #expect(fhir.headers[.contentType] == "application/fhir+json")
      let file = FileManager.default.temporaryDirectory.appendingPathComponent("taper-audit-\(UUID().uuidString).json")
      try Data(fhir.body.readableBytesView).write(to: file)
      let python = Fixtures.root.appendingPathComponent(".venv/bin/python").path
      let (status, out) = try await LiveClientTests.running(
        python, [Fixtures.root.appendingPathComponent("tools/fhir/validate.py").path, file.path, "AuditEvent"])
      #expect(status == 0, "\(out)")
      #expect(out.hasPrefix("Bundle "))
      let json = try #require(try JSONSerialization.jsonObject(with: Data(fhir.body.readableBytesView)) as? [String: Any])
      let entries = try #require(json["entry"] as? [[String: Any]])
      let created = entries.compactMap { $0["resource"] as? [String: Any] }.first { ($0["action"] as? String) == "C" }
      let entity = try #require((created?["entity"] as? [[String: Any]])?.first)
      #expect(((entity["what"] as? [String: Any])?["identifier"] as? [String: String])?["value"] == id)
      try? FileManager.default.removeItem(at: file)
    }
  }

  /// The review's other attacks on the forms (H3, M4, L2): a YAML tag, a bidirectional control and a
  /// 200 kB medicine name are each refused with the field named, and nothing is saved.
  @Test func tagsBidiAndOversizedFieldsAreRefusedAndNothingIsSaved() async throws {
    let store = try makeStore()
    try await Application(router: makeRouter(store)).test(.router) { client in
      var session = Session()
      _ = try await session.open(client, "/plans/new")
      let text = try Fixtures.text("plans/non-severe.yaml")
      let tagged = text.replacingOccurrences(of: "title: ", with: "title: !!python/object/apply:os.system ")
      try #require(tagged != text)
      let byTag = try await session.post(client, "/plans/import", [("plan_file", tagged)])
      #expect(byTag.status == .unprocessableContent || byTag.status == .badRequest)
      #expect(byTag.text.contains("tag"), "\(errorMessages(byTag.text))")

      func form(_ name: String) -> [(String, String)] {
        nonSevereForm().map { $0.0 == "medications[2].name" ? ($0.0, name) : $0 }
      }
      let bidi = try await session.post(client, "/plans", form("omeprazole\u{202E}lanosnuS"))
      #expect(bidi.status == .unprocessableContent || bidi.status == .badRequest)
      #expect(errorMessages(bidi.text).contains("medications[2].name") || bidi.text.contains("medications[2].name"))
      let huge = try await session.post(client, "/plans", form(String(repeating: "Omeprazole ", count: 20_000)))
      #expect(huge.status == .unprocessableContent || huge.status == .badRequest || huge.status == .contentTooLarge)
      #expect(try await store.plans().isEmpty)
    }
  }

  /// Page views are written in batches by the log's service: within a second without anyone flushing, and
  /// the last batch when the server shuts down.
  @Test func batchesAreWrittenWithinASecondAndAtShutdown() async throws {
    let store = try makeStore()
    let audit = AuditLog(store: store)
    let group = ServiceGroup(
      configuration: .init(services: [audit], gracefulShutdownSignals: [], logger: Logger(label: "test")))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
      tasks.addTask { try await group.run() }
      audit.record(AuditEvent(time: 1, action: .view, identity: .local, planID: "plan-a", address: "127.0.0.1"))
      var written = 0
      for _ in 0..<30 where written == 0 {
        try await Task.sleep(for: .milliseconds(100))
        written = try await store.auditEvents(planID: "plan-a").count
      }
      #expect(written == 1, "written within three seconds")
      audit.record(AuditEvent(time: 2, action: .download, identity: .local, planID: "plan-a", address: "127.0.0.1"))
      await group.triggerGracefulShutdown()
      try await tasks.waitForAll()
    }
    #expect(try await store.auditEvents(planID: "plan-a").map(\.action) == [.download, .view])
    #expect(audit.queued == 0)
  }

  /// A pasted revision keeps every saved byte (an earlier revision's reason or author cannot be rewritten) and
  /// its own author is the person signed in, never what the file says.
  @Test func aPastedRevisionKeepsEverySavedByteAndIsByThePersonSignedIn() async throws {
    let store = try makeStore()
    let text = try Fixtures.text("plans/specialist.yaml")
    try await PlanImport.save(text: text, fileName: "specialist.yaml", into: store, author: "t", note: "", now: 1)
    try await Application(router: makeRouter(store)).test(.router) { client in
      var session = Session()
      _ = try await session.open(client, "/plans/demo-specialist-004/revise")
      let stored = try #require(try await store.revisions(planID: "demo-specialist-004").first).text
      let revision = "revisions:\n  - from: 2027-05-03\n    written: 2026-11-01\n    reason: no longer needed\n    stop: omeprazole\n"
      func post(_ file: String) async throws -> TestResponse {
        try await session.post(
          client, "/plans/demo-specialist-004/revisions", [("mode", "file"), ("base", "1"), ("plan_file", file)])
      }
      // A byte of the saved file changed (the title), though no day changes: refused.
      let retitled = stored.replacingOccurrences(of: "title: ", with: "title: X") + revision
      try #require(retitled != stored + revision)
      let changed = try await post(retitled)
      #expect(changed.status == .unprocessableContent)
      #expect(changed.text.contains("is not the saved plan file"))
      // Another author: refused, naming the person signed in.
      let signed = try await post(stored + revision + "    author: Dr A. Example\n")
      #expect(signed.status == .unprocessableContent)
      #expect(signed.text.contains("is not the person signed in (Local clinician (prescriber, admin))"))
      #expect(try await store.revisions(planID: "demo-specialist-004").count == 1)
      // As saved, plus one revision: saved, by the person signed in.
      #expect(try await post(stored + revision).status == .seeOther)
      #expect(try await store.revisions(planID: "demo-specialist-004").last?.author == "Local clinician (prescriber, admin)")
    }
  }

  /// Two revisions from the same base: the first is saved; the second is refused with a page that keeps what
  /// the clinician entered, and the refusal is audited.
  @Test func theSecondRevisionFromTheSameBaseIsRefusedAndKeepsTheText() async throws {
    try await withPlan { client, session, id, store, audit in
      _ = try await session.open(client, "/plans/\(id)/revise")
      let first = try await session.post(
        client, "/plans/\(id)/revisions", nonSevereForm(omeprazole: "40 mg") + revisionFields() + [("base", "1")])
      #expect(first.status == .seeOther)
      let second = try await session.post(
        client, "/plans/\(id)/revisions",
        nonSevereForm(omeprazole: "30 mg") + revisionFields(reason: "my own change") + [("base", "1")])
      #expect(second.status == .conflict)
      #expect(second.text.contains("revision 2 was saved after you opened revision 1"))
      #expect(second.text.contains("id=\"kept\""))
      #expect(second.text.contains("30 mg") && second.text.contains("my own change"))
      #expect(try await store.revisions(planID: id).count == 2)
      // A form without its token: refused and audited as the approval it attempted.
      #expect(try await session.post(client, "/plans/\(id)/revisions/2/approve", [], csrf: false).status == .forbidden)
      try await audit.flush()
      let refused = try await store.auditEvents(planID: id).filter { $0.outcome == .refused }
      #expect(refused.contains { $0.action == .revisionSaved && $0.detail.contains("was saved after") })
      #expect(refused.contains { $0.action == .approved && $0.detail == "form token missing or wrong" })
    }
  }
}
