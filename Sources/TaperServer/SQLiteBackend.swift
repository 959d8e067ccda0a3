import Foundation
import GRDB

/// The store in SQLite (GRDB, WAL journal, full sync): the default, for one machine. Revisions, approvals
/// and the audit log are only ever inserted: triggers refuse updates and deletes.
final class SQLiteBackend: StoreBackend {
  let pool: DatabasePool

  /// Opens (or creates) `taper.sqlite` in `folder`.
  convenience init(folder: URL) throws {
    // Patients' plans: the folder is its owner's only, and so is every file SQLite makes in it.
    try FileManager.default.createDirectory(
      at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path)
    // The database file is made owner-only before SQLite opens it, and SQLite gives its -wal and -shm files the
    // database file's permissions. No umask: it is the whole process's, and a server (or a test process with
    // several) making other files at the same moment would get them owner-only too.
    let database = folder.appendingPathComponent("taper.sqlite").path
    if !FileManager.default.fileExists(atPath: database) {
      guard FileManager.default.createFile(atPath: database, contents: nil, attributes: [.posixPermissions: 0o600]) else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: database])
      }
    }
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: database)
    try self.init(path: database)
    for suffix in ["", "-wal", "-shm"] {
      let file = folder.appendingPathComponent("taper.sqlite" + suffix).path
      if FileManager.default.fileExists(atPath: file) {
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
      }
    }
  }

  /// Opens (or creates) the database at `path`.
  init(path: String) throws {
    var configuration = Configuration()
    configuration.prepareDatabase { db in
      // WAL (DatabasePool's default) with FULL sync: a committed revision survives a killed process and a
      // power cut.
      try db.execute(sql: "PRAGMA synchronous = FULL")
    }
    configuration.busyMode = .timeout(10)
    pool = try DatabasePool(path: path, configuration: configuration)
    try Self.migrator.migrate(pool)
  }

  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE plan (
            id TEXT PRIMARY KEY NOT NULL,
            created_at INTEGER NOT NULL
          );
          CREATE TABLE revision (
            plan_id TEXT NOT NULL REFERENCES plan(id),
            number INTEGER NOT NULL CHECK (number >= 1),
            text TEXT NOT NULL,
            form TEXT,
            title TEXT NOT NULL,
            author TEXT NOT NULL,
            note TEXT NOT NULL,
            saved_at INTEGER NOT NULL,
            PRIMARY KEY (plan_id, number)
          );
          CREATE TRIGGER revision_never_updated BEFORE UPDATE ON revision
            BEGIN SELECT RAISE(ABORT, 'a saved revision is never changed'); END;
          CREATE TRIGGER revision_never_deleted BEFORE DELETE ON revision
            BEGIN SELECT RAISE(ABORT, 'a saved revision is never deleted'); END;
          CREATE TABLE feed (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            plan_id TEXT NOT NULL REFERENCES plan(id),
            token_hash BLOB NOT NULL UNIQUE,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER
          );
          """)
    }
    // Issue 16: approvals recorded in Taper, and the audit log; both append-only like revisions.
    migrator.registerMigration("v2") { db in
      try db.execute(
        sql: """
          CREATE TABLE approval (
            plan_id TEXT NOT NULL,
            number INTEGER NOT NULL,
            subject TEXT NOT NULL,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            approved_at INTEGER NOT NULL,
            PRIMARY KEY (plan_id, number),
            FOREIGN KEY (plan_id, number) REFERENCES revision(plan_id, number)
          );
          CREATE TRIGGER approval_never_updated BEFORE UPDATE ON approval
            BEGIN SELECT RAISE(ABORT, 'an approval is never changed'); END;
          CREATE TRIGGER approval_never_deleted BEFORE DELETE ON approval
            BEGIN SELECT RAISE(ABORT, 'an approval is never deleted'); END;
          CREATE TABLE audit (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            time INTEGER NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            plan_id TEXT,
            revision INTEGER,
            address TEXT NOT NULL,
            outcome TEXT NOT NULL,
            detail TEXT NOT NULL
          );
          CREATE INDEX audit_plan ON audit(plan_id, sequence);
          CREATE TRIGGER audit_never_updated BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
          CREATE TRIGGER audit_never_deleted BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
          """)
    }
    // Issue 17: what the server keeps between requests, so that any process on the database serves any
    // request. Session ids and sign-in states are stored as SHA-256 hashes only.
    migrator.registerMigration("v3") { db in
      try db.execute(sql: StoreSchema.sessionTablesSQLite)
    }
    return migrator
  }

  // MARK: - Between requests

  func saveSession(idHash: [UInt8], _ s: StoredSession) async throws {
    try await pool.write { db in
      try db.execute(
        sql: "DELETE FROM session WHERE last_seen < ? OR created_at < ?",
        arguments: [s.created - ServerSecurity.idleSeconds, s.created - ServerSecurity.lifetime])
      try db.execute(
        sql: """
          INSERT INTO session (id_hash, subject, name, roles, method, csrf, created_at, last_seen)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          Data(idHash), s.identity.subject, s.identity.name, StoreSchema.rolesText(s.identity.roles), s.identity.method,
          s.csrf, s.created, s.lastSeen,
        ])
    }
  }

  func session(idHash: [UInt8]) async throws -> StoredSession? {
    try await pool.read { db in
      try Row.fetchOne(
        db, sql: "SELECT subject, name, roles, method, csrf, created_at, last_seen FROM session WHERE id_hash = ?",
        arguments: [Data(idHash)]
      ).map { row in
        StoredSession(
          identity: Identity(subject: row[0], name: row[1], roles: StoreSchema.roles(row[2]), method: row[3]),
          csrf: row[4], created: row[5], lastSeen: row[6])
      }
    }
  }

  func touchSession(idHash: [UInt8], at time: Int64) async throws {
    try await pool.write { db in
      try db.execute(sql: "UPDATE session SET last_seen = ? WHERE id_hash = ?", arguments: [time, Data(idHash)])
    }
  }

  func deleteSession(idHash: [UInt8]) async throws -> StoredSession? {
    let found = try await session(idHash: idHash)
    try await pool.write { db in try db.execute(sql: "DELETE FROM session WHERE id_hash = ?", arguments: [Data(idHash)]) }
    return found
  }

  func failedAttempts(address: String, since time: Int64) async throws -> Int {
    try await pool.read { db in
      try Int.fetchOne(
        db, sql: "SELECT COUNT(*) FROM sign_in_attempt WHERE address = ? AND at > ?", arguments: [address, time]) ?? 0
    }
  }

  func recordFailedAttempt(address: String, at time: Int64) async throws {
    try await pool.write { db in
      try db.execute(sql: "DELETE FROM sign_in_attempt WHERE at <= ?", arguments: [time - ServerSecurity.attemptWindow])
      try db.execute(sql: "INSERT INTO sign_in_attempt (address, at) VALUES (?, ?)", arguments: [address, time])
    }
  }

  func savePending(stateHash: [UInt8], _ p: PendingSignIn) async throws {
    try await pool.write { db in
      try db.execute(sql: "DELETE FROM oidc_pending WHERE created_at < ?", arguments: [p.created - OpenIDConnect.pendingSeconds])
      try db.execute(
        sql: "INSERT INTO oidc_pending (state_hash, nonce, verifier, next, created_at) VALUES (?, ?, ?, ?, ?)",
        arguments: [Data(stateHash), p.nonce, p.verifier, p.next, p.created])
    }
  }

  func takePending(stateHash: [UInt8]) async throws -> PendingSignIn? {
    try await pool.write { db in
      let found = try Row.fetchOne(
        db, sql: "SELECT nonce, verifier, next, created_at FROM oidc_pending WHERE state_hash = ?",
        arguments: [Data(stateHash)]
      ).map { PendingSignIn(nonce: $0[0], verifier: $0[1], next: $0[2], created: $0[3]) }
      try db.execute(sql: "DELETE FROM oidc_pending WHERE state_hash = ?", arguments: [Data(stateHash)])
      return found
    }
  }

  // MARK: - Audit and approval

  /// Appends `events` to the audit log in one transaction.
  func appendAudit(_ events: [AuditEvent]) async throws {
    try await pool.write { db in try Self.insert(events, db) }
  }

  private static func insert(_ events: [AuditEvent], _ db: Database) throws {
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO audit (time, action, subject, name, role, plan_id, revision, address, outcome, detail)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    for e in events {
      try statement.execute(arguments: [
        e.time, e.action.rawValue, e.subject, e.name, e.role, e.planID, e.revision, e.address, e.outcome.rawValue,
        e.detail,
      ])
    }
  }

  /// The audit log, newest first: `limit` events before `before` (a sequence number), of one plan or all.
  func auditEvents(planID: String? = nil, before: Int64? = nil, limit: Int = 500) async throws -> [AuditEvent] {
    try await pool.read { db in
      var conditions: [String] = []
      var arguments: StatementArguments = []
      if let planID {
        conditions.append("plan_id = ?")
        _ = arguments.append(contentsOf: [planID])
      }
      if let before {
        conditions.append("sequence < ?")
        _ = arguments.append(contentsOf: [before])
      }
      let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
      _ = arguments.append(contentsOf: [limit])
      return try Row.fetchAll(
        db,
        sql: """
          SELECT sequence, time, action, subject, name, role, plan_id, revision, address, outcome, detail
          FROM audit \(filter) ORDER BY sequence DESC LIMIT ?
          """, arguments: arguments
      ).map { row in
        AuditEvent(
          sequence: row[0], time: row[1], action: AuditAction(rawValue: row[2]) ?? .view, subject: row[3],
          name: row[4], role: row[5], planID: row[6], revision: row[7], address: row[8],
          outcome: AuditOutcome(rawValue: row[9]) ?? .failed, detail: row[10])
      }
    }
  }

  /// Records that `approval.name` approved revision `number` of `planID`, with its audit event, in one
  /// transaction. A revision is approved once.
  func approve(planID: String, number: Int, approval: Approval, audit: AuditEvent) async throws {
    try await pool.write { db in
      // The latest revision, checked in the approval's own transaction (a revision saved meanwhile wins).
      guard
        let latest = try Int.fetchOne(
          db, sql: "SELECT MAX(number) FROM revision WHERE plan_id = ?", arguments: [planID])
      else { throw StoreError.planNotFound(planID) }
      guard latest == number else { throw StoreError.notLatest(latest) }
      guard
        try Bool.fetchOne(
          db, sql: "SELECT 1 FROM approval WHERE plan_id = ? AND number = ?", arguments: [planID, number]) != true
      else { throw StoreError.alreadyApproved(number) }
      try db.execute(
        sql: "INSERT INTO approval (plan_id, number, subject, name, role, approved_at) VALUES (?, ?, ?, ?, ?, ?)",
        arguments: [planID, number, approval.subject, approval.name, approval.role, approval.time])
      try Self.insert([audit], db)
    }
  }

  /// The approvals recorded for a plan, by revision number.
  func approvals(planID: String) async throws -> [Int: Approval] {
    try await pool.read { db in
      var out: [Int: Approval] = [:]
      for row in try Row.fetchAll(
        db, sql: "SELECT number, subject, name, role, approved_at FROM approval WHERE plan_id = ?",
        arguments: [planID])
      {
        out[row[0]] = Approval(subject: row[1], name: row[2], role: row[3], time: row[4])
      }
      return out
    }
  }

  // MARK: - Writing

  /// Saves revision 1 of a new plan.
  func createPlan(_ revision: StoredRevision, audit: [AuditEvent] = []) async throws {
    try await pool.write { db in
      if try Bool.fetchOne(db, sql: "SELECT 1 FROM plan WHERE id = ?", arguments: [revision.planID]) == true {
        throw StoreError.planExists(revision.planID)
      }
      try db.execute(
        sql: "INSERT INTO plan (id, created_at) VALUES (?, ?)", arguments: [revision.planID, revision.savedAt])
      var first = revision
      first.number = 1
      try Self.insert(first, db)
      try Self.insert(audit.map { var e = $0; e.revision = 1; return e }, db)
    }
  }

  /// Saves `revision` as the next revision, provided the latest is still `base`; returns its number.
  @discardableResult
  func addRevision(_ revision: StoredRevision, base: Int, audit: [AuditEvent] = []) async throws -> Int {
    try await pool.write { db in
      guard
        let latest = try Int.fetchOne(
          db, sql: "SELECT MAX(number) FROM revision WHERE plan_id = ?", arguments: [revision.planID])
      else { throw StoreError.planNotFound(revision.planID) }
      guard latest == base else { throw StoreError.conflict(base: base, latest: latest) }
      var next = revision
      next.number = latest + 1
      try Self.insert(next, db)
      try Self.insert(audit.map { var e = $0; e.revision = next.number; return e }, db)
      return next.number
    }
  }

  private static func insert(_ r: StoredRevision, _ db: Database) throws {
    let form: String? = r.form.flatMap { fields in
      (try? JSONEncoder.sorted.encode(fields)).map { String(decoding: $0, as: UTF8.self) }
    }
    try db.execute(
      sql: """
        INSERT INTO revision (plan_id, number, text, form, title, author, note, saved_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [r.planID, r.number, r.text, form, r.title, r.author, r.note, r.savedAt])
  }

  /// Adds a feed for `planID` whose token hashes to `tokenHash`.
  @discardableResult
  func addFeed(planID: String, tokenHash: [UInt8], at now: Int64, audit: [AuditEvent] = []) async throws -> Int64 {
    try await pool.write { db in
      guard try Bool.fetchOne(db, sql: "SELECT 1 FROM plan WHERE id = ?", arguments: [planID]) == true else {
        throw StoreError.planNotFound(planID)
      }
      try db.execute(
        sql: "INSERT INTO feed (plan_id, token_hash, created_at) VALUES (?, ?, ?)",
        arguments: [planID, Data(tokenHash), now])
      let id = db.lastInsertedRowID
      try Self.insert(audit, db)
      return id
    }
  }

  /// Revokes a feed of `planID`; its URL answers 404 from now on.
  func revokeFeed(planID: String, feedID: Int64, at now: Int64, audit: [AuditEvent] = []) async throws {
    try await pool.write { db in
      try db.execute(
        sql: "UPDATE feed SET revoked_at = ? WHERE id = ? AND plan_id = ? AND revoked_at IS NULL",
        arguments: [now, feedID, planID])
      if db.changesCount == 0 { throw StoreError.feedNotFound }
      try Self.insert(audit, db)
    }
  }

  /// Revokes a feed and adds a new one for the same plan, in one transaction; returns the new feed's id.
  func rotateFeed(
    planID: String, feedID: Int64, newTokenHash: [UInt8], at now: Int64, audit: [AuditEvent] = []
  ) async throws -> Int64 {
    try await pool.write { db in
      try db.execute(
        sql: "UPDATE feed SET revoked_at = ? WHERE id = ? AND plan_id = ? AND revoked_at IS NULL",
        arguments: [now, feedID, planID])
      if db.changesCount == 0 { throw StoreError.feedNotFound }
      try db.execute(
        sql: "INSERT INTO feed (plan_id, token_hash, created_at) VALUES (?, ?, ?)",
        arguments: [planID, Data(newTokenHash), now])
      let id = db.lastInsertedRowID
      try Self.insert(audit, db)
      return id
    }
  }

  // MARK: - Reading

  /// Every plan with its latest revision, most recently saved first.
  func plans() async throws -> [PlanSummary] {
    try await pool.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT r.plan_id, r.title, r.number, r.saved_at FROM revision r
          JOIN (SELECT plan_id, MAX(number) AS n FROM revision GROUP BY plan_id) m
            ON m.plan_id = r.plan_id AND m.n = r.number
          ORDER BY r.saved_at DESC, r.plan_id
          """
      ).map { PlanSummary(id: $0[0], title: $0[1], latest: $0[2], savedAt: $0[3]) }
    }
  }

  /// Every revision of a plan, oldest first (empty when there is no such plan).
  func revisions(planID: String) async throws -> [StoredRevision] {
    try await pool.read { db in
      try Row.fetchAll(
        db, sql: "SELECT \(Self.columns) FROM revision WHERE plan_id = ? ORDER BY number", arguments: [planID]
      ).map(Self.revision)
    }
  }

  /// The latest revision of a plan and the one before it.
  func revisionSummaries(planID: String) async throws -> [StoredRevision] {
    try await pool.read { db in
      try Row.fetchAll(
        db, sql: "SELECT plan_id, number, '', NULL, title, author, note, saved_at FROM revision WHERE plan_id = ? ORDER BY number",
        arguments: [planID]
      ).map(Self.revision)
    }
  }

  func latestTwo(planID: String) async throws -> (latest: StoredRevision, previous: StoredRevision?)? {
    try await pool.read { db in
      let rows = try Row.fetchAll(
        db, sql: "SELECT \(Self.columns) FROM revision WHERE plan_id = ? ORDER BY number DESC LIMIT 2",
        arguments: [planID]
      ).map(Self.revision)
      guard let latest = rows.first else { return nil }
      return (latest, rows.count > 1 ? rows[1] : nil)
    }
  }

  /// The number of the latest revision, or `nil` when there is no such plan.
  func latestNumber(planID: String) async throws -> Int? {
    try await pool.read { db in
      try Int.fetchOne(db, sql: "SELECT MAX(number) FROM revision WHERE plan_id = ?", arguments: [planID])
    }
  }

  /// A plan's feeds, newest first.
  func feeds(planID: String) async throws -> [FeedRecord] {
    try await pool.read { db in
      try Row.fetchAll(
        db, sql: "SELECT id, plan_id, created_at, revoked_at, token_hash FROM feed WHERE plan_id = ? ORDER BY id DESC",
        arguments: [planID]
      ).map(Self.feed)
    }
  }

  func activeFeeds() async throws -> [FeedRecord] {
    try await pool.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT id, plan_id, created_at, revoked_at, token_hash FROM feed WHERE revoked_at IS NULL
          ORDER BY plan_id, id DESC
          """
      ).map(Self.feed)
    }
  }

  private static func feed(_ row: Row) -> FeedRecord {
    let hash: Data = row[4]
    return FeedRecord(
      id: row[0], planID: row[1], createdAt: row[2], revokedAt: row[3], hashPrefix: String(Hex.encode(hash).prefix(8)))
  }

  func feedLookup(tokenHash: [UInt8]) async throws -> FeedLookup? {
    try await pool.read { db in
      try Row.fetchOne(
        db,
        sql: """
          SELECT f.plan_id, f.token_hash, f.revoked_at, m.n,
            EXISTS (SELECT 1 FROM approval a WHERE a.plan_id = f.plan_id AND a.number = m.n)
          FROM feed f, (SELECT MAX(number) AS n FROM revision r WHERE r.plan_id =
            (SELECT plan_id FROM feed WHERE token_hash = ?)) m
          WHERE f.token_hash = ?
          """,
        arguments: [Data(tokenHash), Data(tokenHash)]
      ).map { row in
        FeedLookup(planID: row[0], hash: Array(row[1] as Data), revoked: (row[2] as Int64?) != nil, latest: row[3], approved: row[4])
      }
    }
  }

  /// The database file.
  var path: String { pool.path }

  /// Runs raw SQL in a write transaction (tests use it to show that revisions cannot be changed).
  func execute(_ sql: String) async throws {
    try await pool.write { db in try db.execute(sql: sql) }
  }

  /// SQLite's journal mode (`wal`).
  func journalMode() async throws -> String? {
    try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
  }

  private static let columns = "plan_id, number, text, form, title, author, note, saved_at"

  private static func revision(_ row: Row) -> StoredRevision {
    let formText: String? = row[3]
    let form = formText.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
    return StoredRevision(
      planID: row[0], number: row[1], text: row[2], form: form, title: row[4], author: row[5], note: row[6],
      savedAt: row[7])
  }
}

extension SQLiteBackend {
  func dump() async throws -> StoreDump {
    try await pool.read { db in
      var out = StoreDump()
      out.plans = try Row.fetchAll(db, sql: "SELECT id, created_at FROM plan ORDER BY id").map {
        StoreDump.Plan(id: $0[0], createdAt: $0[1])
      }
      out.revisions = try Row.fetchAll(
        db, sql: "SELECT plan_id, number, text, form, title, author, note, saved_at FROM revision ORDER BY plan_id, number"
      ).map {
        StoreDump.Revision(
          planID: $0[0], number: $0[1], text: $0[2], form: $0[3], title: $0[4], author: $0[5], note: $0[6], savedAt: $0[7])
      }
      out.feeds = try Row.fetchAll(db, sql: "SELECT id, plan_id, token_hash, created_at, revoked_at FROM feed ORDER BY id")
        .map { StoreDump.Feed(id: $0[0], planID: $0[1], tokenHash: Array($0[2] as Data), createdAt: $0[3], revokedAt: $0[4]) }
      out.approvals = try Row.fetchAll(
        db, sql: "SELECT plan_id, number, subject, name, role, approved_at FROM approval ORDER BY plan_id, number"
      ).map {
        StoreDump.ApprovalRow(planID: $0[0], number: $0[1], subject: $0[2], name: $0[3], role: $0[4], approvedAt: $0[5])
      }
      out.audit = try Row.fetchAll(
        db,
        sql: """
          SELECT sequence, time, action, subject, name, role, plan_id, revision, address, outcome, detail
          FROM audit ORDER BY sequence
          """
      ).map {
        StoreDump.AuditRow(
          sequence: $0[0], time: $0[1], action: $0[2], subject: $0[3], name: $0[4], role: $0[5], planID: $0[6],
          revision: $0[7], address: $0[8], outcome: $0[9], detail: $0[10])
      }
      return out
    }
  }

  func load(_ dump: StoreDump) async throws {
    try await pool.write { db in
      let rows = try Int.fetchOne(
        db,
        sql: """
          SELECT (SELECT COUNT(*) FROM plan) + (SELECT COUNT(*) FROM revision) + (SELECT COUNT(*) FROM feed)
            + (SELECT COUNT(*) FROM approval) + (SELECT COUNT(*) FROM audit)
          """)
      guard rows == 0 else { throw StoreError.notEmpty }
      for p in dump.plans {
        try db.execute(sql: "INSERT INTO plan (id, created_at) VALUES (?, ?)", arguments: [p.id, p.createdAt])
      }
      let revision = try db.makeStatement(
        sql: """
          INSERT INTO revision (plan_id, number, text, form, title, author, note, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          """)
      for r in dump.revisions {
        try revision.execute(arguments: [r.planID, r.number, r.text, r.form, r.title, r.author, r.note, r.savedAt])
      }
      for f in dump.feeds {
        try db.execute(
          sql: "INSERT INTO feed (id, plan_id, token_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?)",
          arguments: [f.id, f.planID, Data(f.tokenHash), f.createdAt, f.revokedAt])
      }
      for a in dump.approvals {
        try db.execute(
          sql: "INSERT INTO approval (plan_id, number, subject, name, role, approved_at) VALUES (?, ?, ?, ?, ?, ?)",
          arguments: [a.planID, a.number, a.subject, a.name, a.role, a.approvedAt])
      }
      let audit = try db.makeStatement(
        sql: """
          INSERT INTO audit (sequence, time, action, subject, name, role, plan_id, revision, address, outcome, detail)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """)
      for e in dump.audit {
        try audit.execute(arguments: [
          e.sequence, e.time, e.action, e.subject, e.name, e.role, e.planID, e.revision, e.address, e.outcome, e.detail,
        ])
      }
    }
  }

  /// A consistent copy of the live database at `path`, through SQLite's online backup API (a plain copy of a
  /// database in WAL mode can miss what is still in the WAL).
  func backup(to path: String) throws {
    let target = try DatabaseQueue(path: path)
    try pool.backup(to: target)
  }
}

extension JSONEncoder {
  /// Sorted keys: the same fields give the same bytes.
  static var sorted: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return encoder
  }
}
