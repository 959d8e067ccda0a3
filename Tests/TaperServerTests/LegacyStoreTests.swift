import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TaperCore
import TaperPlanFile
import TaperTestSupport
import Testing

@testable import TaperServer

/// A database made by the server before plans held their revisions (every revision a whole re-issued plan
/// file), `Fixtures/server/v1-whole-revisions.sqlite`, recorded with `TAPER_RECORD_LEGACY_DB=1` by the server of
/// commit 1b3e523 and kept as it was made.
@Suite(.serialized) struct LegacyStoreTests {
  static let fixture = Fixtures.url("server/v1-whole-revisions.sqlite")

  @Test(.enabled(if: ProcessInfo.processInfo.environment["TAPER_RECORD_LEGACY_DB"] != nil))
  func recordTheLegacyDatabase() async throws {
    let store = try makeStore()
    try await Application(router: makeRouter(store)).test(.router) { client in
      var session = Session()
      let id = try await createPlan(client, &session)
      _ = try await session.open(client, "/plans/\(id)/revise")
      var fields = nonSevereForm(omeprazole: "40 mg", azathioprine: "25")
      fields.removeAll { $0.0 == "note" }
      fields.append(("note", "omeprazole up, azathioprine from 25 mg (re-issued whole)"))
      let saved = try await session.post(client, "/plans/\(id)/revisions", fields + [("base", "1")])
      #expect(saved.status == .seeOther)
    }
    // One self-contained file (the WAL folded in), as sqlite3's online backup writes it.
    try? FileManager.default.removeItem(at: Self.fixture)
    let backup = Process()
    backup.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    backup.arguments = [store.path ?? "", ".backup '\(Self.fixture.path)'"]
    try backup.run()
    backup.waitUntilExit()
    #expect(backup.terminationStatus == 0)
  }

  /// The migration: nothing stored is rewritten. A whole re-issued revision stays as it was saved (its plan file's
  /// `plan.revision` is its number); the first revision saved after the upgrade appends to the latest such file,
  /// which becomes the first revision of the history, so every day of it is kept and the numbers carry on.
  @Test func aDatabaseMadeByTheServerBeforeRevisionsHadDatesIsRevisedFromADate() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taper-legacy-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: Self.fixture, to: folder.appendingPathComponent("taper.sqlite"))
    let store = try PlanStore(folder: folder)
    let id = try #require(try await store.plans().first?.id)
    let legacy = try await store.revisions(planID: id)
    #expect(legacy.map(\.number) == [1, 2])
    #expect(legacy.allSatisfy { !$0.text.contains("revisions:") })
    try await Application(router: makeRouter(store)).test(.router) { client in
      var session = Session()
      let page = try await session.open(client, "/plans/\(id)")
      #expect(page.contains("revision 2 of 2"))
      #expect(page.contains("the start (re-issued whole)"))
      let token = try await subscribe(client, &session, planID: id)
      _ = try await session.open(client, "/plans/\(id)/revise")
      // Revision 3 from 1 March: omeprazole back to 20 mg.
      let fields = nonSevereForm(omeprazole: "20 mg", azathioprine: "25") + revisionFields(from: "2027-03-01", reason: "reflux settled")
      let saved = try await session.post(client, "/plans/\(id)/revisions", fields + [("base", "2")])
      #expect(saved.status == .seeOther, "\(errorMessages(saved.text))")
      let revisions = try await store.revisions(planID: id)
      #expect(revisions.map(\.number) == [1, 2, 3])
      // Revisions 1 and 2 as they were saved; revision 3 is revision 2's file with one revision appended.
      #expect(revisions[0].text == legacy[0].text && revisions[1].text == legacy[1].text)
      #expect(revisions[2].text.hasPrefix(legacy[1].text))
      #expect(revisions[2].text.contains("revisions:\n  - revision: 3\n    from: 2027-03-01\n"))
      let two = try PlanDocuments.plan(revisions[1])
      let three = try PlanDocuments.plan(revisions[2])
      #expect(three.revision == 3)
      let date = try #require(CivilDate(iso: "2027-03-01"))
      #expect(Array(three.days.prefix { $0.date < date }) == Array(two.days.prefix { $0.date < date }))
      let omeprazole = { (plan: TreatmentPlan, day: String) in
        plan.days.first { $0.date.description == day }?.administrations.first { $0.drug == "omeprazole" }?.amount.description
      }
      #expect(omeprazole(three, "2027-02-28") == "40 mg" && omeprazole(three, "2027-03-01") == "20 mg")
      // The feed follows: revision 3, the 40 mg series ending the day before the date.
      let feed = try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: signedIn).text
      #expect(feed.contains("SEQUENCE:3\r\n"))
      #expect(feed.contains("SUMMARY:Omeprazole 40 mg") && feed.contains("DTSTART;TZID=Europe/London:20270301T073000"))
    }
  }
}
