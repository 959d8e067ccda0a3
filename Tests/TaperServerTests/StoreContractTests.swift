import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TaperTestSupport
import Testing

@testable import TaperServer

/// The store's guarantees, on SQLite and on PostgreSQL alike: append-only revisions, approvals and audit log
/// (refused by the database itself), no lost update under concurrent revisions, feed tokens hashed, and what
/// the server keeps between requests.
@Suite(.serialized) struct StoreContractTests {
  static func revision(_ plan: String, _ text: String = "plan: x\n", at time: Int64 = 1_000) -> StoredRevision {
    StoredRevision(planID: plan, number: 0, text: text, form: ["a": "1"], title: "T \(plan)", author: "Dr A", note: "n", savedAt: time)
  }

  @Test(arguments: StoreKind.available)
  func revisionsApprovalsAndTheAuditLogAreAppendOnlyInTheDatabase(_ kind: StoreKind) async throws {
    let store = try await kind.make()
    let audit = AuditEvent(time: 5, action: .planCreated, identity: .local, planID: "p1", address: "127.0.0.1")
    try await store.createPlan(Self.revision("p1", "plan: one\n\u{00E9}\u{1F48A}\n"), audit: [audit])
    try await store.approve(
      planID: "p1", number: 1, approval: Approval(subject: "s", name: "Dr A", role: "prescriber", time: 9),
      audit: AuditEvent(time: 9, action: .approved, identity: .local, planID: "p1", revision: 1, address: "x"))
    var refusals = [
      "UPDATE revision SET text = 'x'", "DELETE FROM revision", "UPDATE approval SET name = 'x'",
      "DELETE FROM approval", "UPDATE audit SET outcome = 'refused'", "DELETE FROM audit",
    ]
    if kind == .postgres { refusals += ["TRUNCATE revision CASCADE", "TRUNCATE audit", "TRUNCATE approval"] }
    for sql in refusals {
      await #expect(throws: (any Error).self, "\(kind): \(sql)") { try await store.execute(sql) }
    }
    let stored = try await store.revisions(planID: "p1")
    #expect(stored.map(\.text) == ["plan: one\n\u{00E9}\u{1F48A}\n"], "byte for byte")
    #expect(stored.first?.form == ["a": "1"])
    #expect(try await store.approvals(planID: "p1")[1]?.name == "Dr A")
    let events = try await store.auditEvents()
    #expect(events.map(\.action) == [.approved, .planCreated])
    #expect(events.first?.revision == 1)
    #expect(try await store.auditEvents(planID: "p1").map(\.action) == [.approved, .planCreated])
    await #expect(throws: StoreError.alreadyApproved(1)) {
      try await store.approve(
        planID: "p1", number: 1, approval: Approval(subject: "s", name: "B", role: "prescriber", time: 10),
        audit: AuditEvent(time: 10, action: .approved, identity: .local, address: "x"))
    }
    await #expect(throws: StoreError.planExists("p1")) { try await store.createPlan(Self.revision("p1")) }
  }

  /// Twenty revisions of one plan from the same base at once: exactly one is saved, every other is refused
  /// as a conflict naming the revision that won; then a revision on the new base is saved.
  @Test(arguments: StoreKind.available)
  func concurrentRevisionsFromOneBaseSaveExactlyOne(_ kind: StoreKind) async throws {
    let store = try await kind.make()
    try await store.createPlan(Self.revision("p2"))
    let outcomes = try await withThrowingTaskGroup(of: Result<Int, StoreError>.self) { group in
      for i in 0..<20 {
        group.addTask {
          do {
            return .success(try await store.addRevision(Self.revision("p2", "plan: \(i)\n"), base: 1))
          } catch let error as StoreError {
            return .failure(error)
          }
        }
      }
      var all: [Result<Int, StoreError>] = []
      for try await outcome in group { all.append(outcome) }
      return all
    }
    #expect(outcomes.filter { if case .success(2) = $0 { true } else { false } }.count == 1)
    #expect(outcomes.filter { if case .failure(.conflict(base: 1, latest: 2)) = $0 { true } else { false } }.count == 19)
    #expect(try await store.revisions(planID: "p2").map(\.number) == [1, 2])
    #expect(try await store.addRevision(Self.revision("p2"), base: 2) == 3)
    await #expect(throws: StoreError.notLatest(3)) {
      try await store.approve(
        planID: "p2", number: 2, approval: Approval(subject: "s", name: "B", role: "prescriber", time: 10),
        audit: AuditEvent(time: 10, action: .approved, identity: .local, address: "x"))
    }
  }

  @Test(arguments: StoreKind.available)
  func feedsAreFoundByTheirTokensHashOnly(_ kind: StoreKind) async throws {
    let store = try await kind.make()
    try await store.createPlan(Self.revision("p3"))
    let token = Secrets.newFeedToken()
    let id = try await store.addFeed(planID: "p3", tokenHash: Secrets.tokenHash(token), at: 7)
    let found = try #require(try await store.planForFeed(tokenHash: Secrets.tokenHash(token)))
    #expect(found.planID == "p3" && found.latest == 1 && !found.approved)
    #expect(try await store.planForFeed(tokenHash: Secrets.tokenHash(Secrets.newFeedToken())) == nil)
    // The token itself is nowhere in the database: the row holds its SHA-256.
    #expect(try await store.feeds(planID: "p3").first?.hashPrefix == String(Hex.encode(Secrets.tokenHash(token)).prefix(8)))
    let next = Secrets.newFeedToken()
    let rotated = try await store.rotateFeed(planID: "p3", feedID: id, newTokenHash: Secrets.tokenHash(next), at: 8)
    #expect(try await store.planForFeed(tokenHash: Secrets.tokenHash(token)) == nil)
    #expect(try await store.planForFeed(tokenHash: Secrets.tokenHash(next))?.planID == "p3")
    try await store.revokeFeed(planID: "p3", feedID: rotated, at: 9)
    #expect(try await store.planForFeed(tokenHash: Secrets.tokenHash(next)) == nil)
    await #expect(throws: StoreError.feedNotFound) { try await store.revokeFeed(planID: "p3", feedID: rotated, at: 9) }
    #expect(try await store.activeFeeds().isEmpty)
    // The list of plans: latest revision first by time, then by id.
    try await store.createPlan(Self.revision("p0", at: 500))
    try await store.addRevision(Self.revision("p3", at: 2_000), base: 1)
    #expect(try await store.plans().map { "\($0.id) r\($0.latest)" } == ["p3 r2", "p0 r1"])
    #expect(try await store.latestTwo(planID: "p3")?.previous?.number == 1)
    #expect(try await store.latestNumber(planID: "none") == nil)
  }

  @Test(arguments: StoreKind.available)
  func sessionsAttemptsAndSignInsInProgressAreKeptByHash(_ kind: StoreKind) async throws {
    let store = try await kind.make()
    let key = ServerSecurity.hash("session-id")
    let who = Identity(subject: "sub-1", name: "Dr Ada", roles: [.prescriber, .admin], method: "oidc")
    try await store.backend.saveSession(idHash: key, StoredSession(identity: who, csrf: "c", created: 100, lastSeen: 100))
    #expect(try await store.backend.session(idHash: key)?.identity == who)
    try await store.backend.touchSession(idHash: key, at: 160)
    #expect(try await store.backend.session(idHash: key)?.lastSeen == 160)
    #expect(try await store.backend.deleteSession(idHash: key)?.csrf == "c")
    #expect(try await store.backend.session(idHash: key) == nil)
    for t in 0..<3 { try await store.backend.recordFailedAttempt(address: "10.0.0.1", at: 1_000 + Int64(t)) }
    #expect(try await store.backend.failedAttempts(address: "10.0.0.1", since: 900) == 3)
    #expect(try await store.backend.failedAttempts(address: "10.0.0.2", since: 900) == 0)
    let state = ServerSecurity.hash("state")
    try await store.backend.savePending(stateHash: state, PendingSignIn(nonce: "n", verifier: "v", next: "/", created: 5))
    #expect(try await store.backend.takePending(stateHash: state)?.verifier == "v")
    #expect(try await store.backend.takePending(stateHash: state) == nil, "a state is used once")
  }

  /// The web server on PostgreSQL, through its routes: a plan made, revised, and two revisions from one base
  /// (the second refused with the clinician's text kept).
  @Test(.enabled(if: TestPostgres.installed, "PostgreSQL is not installed: bash scripts/setup"))
  func theServerRunsOnPostgreSQL() async throws {
    let store = try await TestPostgres.makeStore()
    try await Application(router: makeRouter(store)).test(.router) { client in
      var session = Session()
      let id = try await createPlan(client, &session)
      _ = try await session.open(client, "/plans/\(id)/revise")
      let first = try await session.post(
        client, "/plans/\(id)/revisions", nonSevereForm(omeprazole: "40 mg") + revisionFields() + [("base", "1")])
      #expect(first.status == .seeOther)
      let second = try await session.post(
        client, "/plans/\(id)/revisions", nonSevereForm(omeprazole: "30 mg") + revisionFields() + [("base", "1")])
      #expect(second.status == .conflict)
      #expect(second.text.contains("30 mg"))
      let page = try await session.open(client, "/plans/\(id)")
      #expect(page.contains("revision 2 of 2"))
      let token = try await subscribe(client, &session, planID: id)
      let feed = try await client.execute(uri: "/feeds/\(token).ics", method: .get)
      #expect(feed.status == .ok)
      #expect(feed.text.contains("SEQUENCE:2"))
    }
  }
}
