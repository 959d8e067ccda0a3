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
    backup.arguments = [store.path, ".backup '\(Self.fixture.path)'"]
    try backup.run()
    backup.waitUntilExit()
    #expect(backup.terminationStatus == 0)
  }
}
