import Foundation
import TaperTestSupport
import Testing

@testable import TaperServer

/// Moving and keeping a clinic's data: `taper migrate` from SQLite to PostgreSQL (the bundled examples, and a
/// generated database of 1 000 plans × 5 revisions), read back byte for byte; `taper backup` of a live SQLite
/// database; `pg_dump`/`pg_restore` once for PostgreSQL.
@Suite(.serialized, .enabled(if: TestPostgres.installed, "PostgreSQL is not installed: bash scripts/setup"))
struct MigrationTests {
  /// A fresh PostgreSQL database's URL (no store opened on it yet).
  static func emptyDatabase() async throws -> (url: String, cluster: TestPostgres.Running, name: String) {
    let cluster = try await TestPostgres.shared.start()
    let name = "m_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    try await TestPostgres.psql(cluster, "CREATE DATABASE \(name)")
    return (cluster.url(String(name)), cluster, String(name))
  }

  /// A SQLite store with every bundled plan, a revision, a feed, an approval and audit events.
  static func clinic() async throws -> (folder: URL, store: PlanStore, feedToken: String) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taper-clinic-\(UUID().uuidString)")
    let store = try PlanStore(folder: folder)
    for name in Fixtures.planNames {
      let text = try Fixtures.text("plans/\(name).yaml")
      _ = try await PlanImport.save(
        text: text, fileName: "\(name).yaml", into: store, author: "Dr Émile Ünal (prescriber)", note: "imported ✓",
        now: 1_700_000_000,
        audit: AuditEvent(time: 1_700_000_000, action: .planCreated, identity: .local, address: "127.0.0.1"))
    }
    let id = "demo-specialist-004"
    let first = try #require(try await store.revisions(planID: id).first)
    try await store.addRevision(
      StoredRevision(
        planID: id, number: 0, text: first.text + "revisions:\n  - from: 2027-05-03\n    written: 2026-11-01\n    reason: naïve — stop\n    stop: omeprazole\n",
        form: ["plan.id": id, "note": "ü"], title: first.title, author: "Dr B", note: "", savedAt: 1_700_000_100),
      base: 1)
    let token = Secrets.newFeedToken()
    try await store.addFeed(planID: id, tokenHash: Secrets.tokenHash(token), at: 1_700_000_200)
    try await store.approve(
      planID: id, number: 2, approval: Approval(subject: "sub", name: "Dr A", role: "prescriber", time: 1_700_000_300),
      audit: AuditEvent(time: 1_700_000_300, action: .approved, identity: .local, planID: id, revision: 2, address: "::1"))
    return (folder, store, token)
  }

  @Test func theBundledExamplesMoveByteForByteWithTaperMigrate() async throws {
    let binary = try #require(ServeCommandTests.binary)
    let (folder, source, token) = try await Self.clinic()
    let (url, cluster, _) = try await Self.emptyDatabase()
    let (status, output) = try await LiveClientTests.running(
      binary, ["migrate", "--from", "sqlite:\(folder.path)", "--to", url, "--to-password-file", cluster.passwordFile.path])
    #expect(status == 0, "\(output)")
    let plans = Fixtures.planNames.count
    #expect(output.contains("migrated \(plans) plans, \(plans + 1) revisions, 1 subscription links, 1 approvals"))
    #expect(output.contains("read back byte for byte"))
    let target = try await PlanStore.postgres(PostgresSettings(url: url, password: TestPostgres.password))
    #expect(try await target.dump().bytes() == source.dump().bytes())
    #expect(try await target.planForFeed(tokenHash: Secrets.tokenHash(token))?.approved == true)
    // Numbers carry on: the next audit event and feed follow the moved ones.
    let before = try await source.auditEvents().first?.sequence ?? 0
    try await target.appendAudit([AuditEvent(time: 1, action: .view, identity: .local, address: "x")])
    #expect(try await target.auditEvents().first?.sequence == before + 1)
    // A second migration into a database that holds plans is refused, and changes nothing.
    let (again, message) = try await LiveClientTests.running(
      binary, ["migrate", "--from", "sqlite:\(folder.path)", "--to", url, "--to-password-file", cluster.passwordFile.path])
    #expect(again == 1)
    #expect(message.contains("already holds plans"))
    // A password in the URL is refused (it would show in `ps`).
    let (inURL, why) = try await LiveClientTests.running(
      binary, ["migrate", "--from", "sqlite:\(folder.path)", "--to", url.replacingOccurrences(of: "taper@", with: "taper:pw@")])
    #expect(inURL == 1)
    #expect(why.contains("the password goes in a file"))
  }

  /// 1 000 plans × 5 revisions (with feeds and audit events) through `PlanStore.migrate`.
  @Test func aThousandPlansOfFiveRevisionsMoveAndReadBackTheSame() async throws {
    var dump = StoreDump()
    let base = try Fixtures.text("plans/non-severe.yaml")
    var sequence: Int64 = 0
    for p in 0..<1_000 {
      let id = String(format: "gen-%04d", p)
      dump.plans.append(.init(id: id, createdAt: 1_700_000_000 + Int64(p)))
      var text = base.replacingOccurrences(of: "id: ", with: "id: \(id)-was-")
      for n in 1...5 {
        if n > 1 { text += "  # revision \(n) — dose ½ ✓\n" }
        dump.revisions.append(
          .init(
            planID: id, number: n, text: text, form: n % 2 == 0 ? "{\"plan.id\":\"\(id)\"}" : nil, title: "Plan \(p)",
            author: "Dr \(p % 7)", note: "n\(n)", savedAt: 1_700_000_000 + Int64(p * 10 + n)))
        sequence += 1
        dump.audit.append(
          .init(
            sequence: sequence, time: 1_700_000_000 + sequence, action: n == 1 ? "plan-created" : "revision-saved",
            subject: "local", name: "Local clinician", role: "prescriber, admin", planID: id, revision: n,
            address: "127.0.0.1", outcome: "success", detail: n % 3 == 0 ? "form" : ""))
      }
      if p % 10 == 0 {
        dump.feeds.append(
          .init(id: Int64(p / 10 + 1), planID: id, tokenHash: Secrets.tokenHash(Secrets.newFeedToken()), createdAt: 5, revokedAt: p % 20 == 0 ? 6 : nil))
        dump.approvals.append(.init(planID: id, number: 5, subject: "s", name: "Dr A", role: "prescriber", approvedAt: 7))
      }
    }
    let source = try makeStore()
    try await source.load(dump)
    #expect(try await source.dump() == dump)
    let (url, _, _) = try await Self.emptyDatabase()
    let target = try await PlanStore.postgres(PostgresSettings(url: url, password: TestPostgres.password))
    let clock = ContinuousClock()
    let start = clock.now
    let moved = try await target.migrate(from: source)
    print("migrated 1 000 plans × 5 revisions in \(clock.now - start)")
    #expect(moved.counts.revisions == 5_000 && moved.counts.audit == 5_000)
    #expect(try await target.revisions(planID: "gen-0999").map(\.number) == [1, 2, 3, 4, 5])
  }

  @Test func taperBackupCopiesALiveSQLiteDatabase() async throws {
    let binary = try #require(ServeCommandTests.binary)
    let (folder, source, _) = try await Self.clinic()
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("taper-backup-\(UUID().uuidString).sqlite")
    let (status, output) = try await LiveClientTests.running(binary, ["backup", "--data", folder.path, "--to", file.path])
    #expect(status == 0, "\(output)")
    #expect(output.contains("backed up \(Fixtures.planNames.count) plans"))
    let copy = try PlanStore(path: file.path)
    #expect(try await copy.dump().bytes() == source.dump().bytes())
    let mode = ((try? FileManager.default.attributesOfItem(atPath: file.path))?[.posixPermissions] as? Int ?? 0) & 0o777
    #expect(mode == 0o600)
    // An existing file is never overwritten.
    let (again, message) = try await LiveClientTests.running(binary, ["backup", "--data", folder.path, "--to", file.path])
    #expect(again == 1 && message.contains("exists"))
  }

  /// PostgreSQL's own tools, once: pg_dump of a migrated database, pg_restore into another; the same rows, and
  /// the append-only triggers still refuse changes.
  @Test func pgDumpAndPgRestoreKeepEverythingAndTheTriggers() async throws {
    let (_, source, _) = try await Self.clinic()
    let (url, cluster, name) = try await Self.emptyDatabase()
    let target = try await PlanStore.postgres(PostgresSettings(url: url, password: TestPostgres.password))
    _ = try await target.migrate(from: source)
    let bin = try #require(
      (try FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")).sorted().last.map {
        "/usr/lib/postgresql/\($0)/bin"
      })
    let archive = cluster.folder.appendingPathComponent("\(name).dump").path
    let env = ["PGPASSWORD": TestPostgres.password]
    func run(_ tool: String, _ arguments: [String]) throws -> (Int32, String) {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "\(bin)/\(tool)")
      process.arguments = ["-h", "127.0.0.1", "-p", String(cluster.port), "-U", "taper"] + arguments
      process.environment = env
      let pipe = Pipe()
      process.standardOutput = pipe
      process.standardError = pipe
      try process.run()
      let out = readAll(pipe.fileHandleForReading)
      process.waitUntilExit()
      return (process.terminationStatus, String(decoding: out, as: UTF8.self))
    }
    let (dumped, dumpLog) = try run("pg_dump", ["-Fc", "-f", archive, name])
    #expect(dumped == 0, "\(dumpLog)")
    let restored = name + "_r"
    try await TestPostgres.psql(cluster, "CREATE DATABASE \(restored)")
    let (status, log) = try run("pg_restore", ["-d", restored, "--no-owner", archive])
    #expect(status == 0, "\(log)")
    let copy = try await PlanStore.postgres(
      PostgresSettings(url: cluster.url(restored), password: TestPostgres.password))
    #expect(try await copy.dump().bytes() == target.dump().bytes())
    await #expect(throws: (any Error).self) { try await copy.execute("UPDATE revision SET text = 'x'") }
    await #expect(throws: (any Error).self) { try await copy.execute("DELETE FROM audit") }
  }

  /// The database URL carries no secret and no options, its errors never repeat it, a database off this
  /// machine is reached over TLS only, and a wrong password is told at once in the server's words.
  @Test func theDatabaseURLCarriesNoSecretAndAWrongPasswordIsToldAtOnce() async throws {
    for url in [
      "postgres://taper:secret@db.example/taper", "postgres://:secret@db.example/taper",
      "postgres://taper@db.example/taper?password=secret", "postgres://taper@db.example/taper?sslmode=disable",
    ] {
      do {
        _ = try PostgresSettings(url: url, password: nil)
        Issue.record("accepted \(url)")
      } catch {
        #expect(!error.description.contains("secret"), "\(url)")
      }
    }
    let remote = try PostgresSettings(url: "postgres://taper@db.hospital.example:6432/plans", password: "pw-123")
    #expect(!remote.isLocal)
    #expect(remote.description == "postgres://taper@db.hospital.example:6432/plans")
    #expect(!"\(remote)".contains("pw-123"))
    let cluster = try await TestPostgres.shared.start()
    do {
      _ = try await PlanStore.postgres(PostgresSettings(url: cluster.url("taper"), password: "wrong"))
      Issue.record("a wrong password opened the store")
    } catch {
      #expect(PlanStore.describe(error).contains("password authentication failed"), "\(PlanStore.describe(error))")
    }
  }
}
