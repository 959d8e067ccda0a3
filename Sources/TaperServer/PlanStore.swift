public import Foundation
import GRDB

/// One saved revision of a plan: the plan-file text as saved, who saved it, when, and why.
public struct StoredRevision: Hashable, Sendable {
  public var planID: String
  /// 1, 2, 3… in the order saved.
  public var number: Int
  /// The plan file (YAML), which `taper plan` accepts unchanged.
  public var text: String
  /// The form's fields when the revision was made with the form (pre-fills "Revise"); `nil` for pasted files.
  public var form: [String: String]?
  /// The plan's title at this revision (for lists).
  public var title: String
  public var author: String
  public var note: String
  /// Seconds since 1970-01-01 UTC.
  public var savedAt: Int64
}

/// A plan in the list of plans: its latest revision.
public struct PlanSummary: Hashable, Sendable {
  public var id: String
  public var title: String
  public var latest: Int
  public var savedAt: Int64
}

/// A subscription feed of a plan. The token itself is never stored, only its SHA-256.
public struct FeedRecord: Hashable, Sendable {
  public var id: Int64
  public var planID: String
  public var createdAt: Int64
  public var revokedAt: Int64?
  /// The first 8 hex digits of the token's hash, to tell feeds apart on the page.
  public var hashPrefix: String
  public var isActive: Bool { revokedAt == nil }
}

/// Why the store refused a write.
public enum StoreError: Error, Equatable, CustomStringConvertible {
  case planExists(String)
  case planNotFound(String)
  /// Someone saved revision `latest` after the form was opened on revision `base`.
  case conflict(base: Int, latest: Int)
  case feedNotFound

  public var description: String {
    switch self {
    case .planExists(let id): "a plan with id \(id) already exists; choose another id or revise that plan"
    case .planNotFound(let id): "no plan with id \(id)"
    case .conflict(let base, let latest):
      "revision \(latest) was saved after you opened revision \(base); open the latest revision and revise it"
    case .feedNotFound: "no such feed"
    }
  }
}

/// Plans and their revisions in SQLite (GRDB, WAL journal). Revisions are only ever inserted: triggers refuse
/// updates and deletes, so a saved revision is never overwritten.
public final class PlanStore: Sendable {
  let pool: DatabasePool

  /// Opens (or creates) `taper.sqlite` in `folder`.
  public convenience init(folder: URL) throws {
    // Patients' plans: the folder is its owner's only, and so is every file SQLite makes in it.
    try FileManager.default.createDirectory(
      at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path)
    let previous = umask(0o077)
    defer { umask(previous) }
    try self.init(path: folder.appendingPathComponent("taper.sqlite").path)
    for suffix in ["", "-wal", "-shm"] {
      let file = folder.appendingPathComponent("taper.sqlite" + suffix).path
      if FileManager.default.fileExists(atPath: file) {
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
      }
    }
  }

  /// Opens (or creates) the database at `path`.
  public init(path: String) throws {
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
    return migrator
  }

  // MARK: - Writing

  /// Saves revision 1 of a new plan.
  public func createPlan(_ revision: StoredRevision) async throws {
    try await pool.write { db in
      if try Bool.fetchOne(db, sql: "SELECT 1 FROM plan WHERE id = ?", arguments: [revision.planID]) == true {
        throw StoreError.planExists(revision.planID)
      }
      try db.execute(
        sql: "INSERT INTO plan (id, created_at) VALUES (?, ?)", arguments: [revision.planID, revision.savedAt])
      var first = revision
      first.number = 1
      try Self.insert(first, db)
    }
  }

  /// Saves `revision` as the next revision, provided the latest is still `base`; returns its number.
  @discardableResult
  public func addRevision(_ revision: StoredRevision, base: Int) async throws -> Int {
    try await pool.write { db in
      guard
        let latest = try Int.fetchOne(
          db, sql: "SELECT MAX(number) FROM revision WHERE plan_id = ?", arguments: [revision.planID])
      else { throw StoreError.planNotFound(revision.planID) }
      guard latest == base else { throw StoreError.conflict(base: base, latest: latest) }
      var next = revision
      next.number = latest + 1
      try Self.insert(next, db)
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
  public func addFeed(planID: String, tokenHash: [UInt8], at now: Int64) async throws -> Int64 {
    try await pool.write { db in
      guard try Bool.fetchOne(db, sql: "SELECT 1 FROM plan WHERE id = ?", arguments: [planID]) == true else {
        throw StoreError.planNotFound(planID)
      }
      try db.execute(
        sql: "INSERT INTO feed (plan_id, token_hash, created_at) VALUES (?, ?, ?)",
        arguments: [planID, Data(tokenHash), now])
      return db.lastInsertedRowID
    }
  }

  /// Revokes a feed of `planID`; its URL answers 404 from now on.
  public func revokeFeed(planID: String, feedID: Int64, at now: Int64) async throws {
    try await pool.write { db in
      try db.execute(
        sql: "UPDATE feed SET revoked_at = ? WHERE id = ? AND plan_id = ? AND revoked_at IS NULL",
        arguments: [now, feedID, planID])
      if db.changesCount == 0 { throw StoreError.feedNotFound }
    }
  }

  /// Revokes a feed and adds a new one for the same plan, in one transaction; returns the new feed's id.
  public func rotateFeed(planID: String, feedID: Int64, newTokenHash: [UInt8], at now: Int64) async throws -> Int64 {
    try await pool.write { db in
      try db.execute(
        sql: "UPDATE feed SET revoked_at = ? WHERE id = ? AND plan_id = ? AND revoked_at IS NULL",
        arguments: [now, feedID, planID])
      if db.changesCount == 0 { throw StoreError.feedNotFound }
      try db.execute(
        sql: "INSERT INTO feed (plan_id, token_hash, created_at) VALUES (?, ?, ?)",
        arguments: [planID, Data(newTokenHash), now])
      return db.lastInsertedRowID
    }
  }

  // MARK: - Reading

  /// Every plan with its latest revision, most recently saved first.
  public func plans() async throws -> [PlanSummary] {
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
  public func revisions(planID: String) async throws -> [StoredRevision] {
    try await pool.read { db in
      try Row.fetchAll(
        db, sql: "SELECT \(Self.columns) FROM revision WHERE plan_id = ? ORDER BY number", arguments: [planID]
      ).map(Self.revision)
    }
  }

  /// The latest revision of a plan and the one before it.
  public func latestTwo(planID: String) async throws -> (latest: StoredRevision, previous: StoredRevision?)? {
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
  public func latestNumber(planID: String) async throws -> Int? {
    try await pool.read { db in
      try Int.fetchOne(db, sql: "SELECT MAX(number) FROM revision WHERE plan_id = ?", arguments: [planID])
    }
  }

  /// A plan's feeds, newest first.
  public func feeds(planID: String) async throws -> [FeedRecord] {
    try await pool.read { db in
      try Row.fetchAll(
        db, sql: "SELECT id, plan_id, created_at, revoked_at, token_hash FROM feed WHERE plan_id = ? ORDER BY id DESC",
        arguments: [planID]
      ).map { row in
        let hash: Data = row[4]
        return FeedRecord(
          id: row[0], planID: row[1], createdAt: row[2], revokedAt: row[3],
          hashPrefix: String(Hex.encode(hash).prefix(8)))
      }
    }
  }

  /// The plan of the active feed whose token hashes to `tokenHash` and its latest revision number, or `nil`
  /// (unknown or revoked token).
  ///
  /// The lookup is by hash, so the time taken does not depend on how much of a guessed token is right; the
  /// found hash is compared again in constant time.
  public func planForFeed(tokenHash: [UInt8]) async throws -> (planID: String, latest: Int)? {
    let found: (planID: String, hash: [UInt8], revoked: Bool, latest: Int?)? = try await pool.read { db in
      try Row.fetchOne(
        db,
        sql: """
          SELECT f.plan_id, f.token_hash, f.revoked_at,
            (SELECT MAX(number) FROM revision r WHERE r.plan_id = f.plan_id)
          FROM feed f WHERE f.token_hash = ?
          """,
        arguments: [Data(tokenHash)]
      ).map { row in (row[0], Array(row[1] as Data), (row[2] as Int64?) != nil, row[3]) }
    }
    let same = Secrets.constantTimeEqual(found?.hash ?? [UInt8](repeating: 0, count: 32), tokenHash)
    guard let found, same, !found.revoked, let latest = found.latest else { return nil }
    return (found.planID, latest)
  }

  /// The database file.
  public var path: String { pool.path }

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

extension JSONEncoder {
  /// Sorted keys: the same fields give the same bytes.
  static var sorted: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return encoder
  }
}
