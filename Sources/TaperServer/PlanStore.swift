public import Foundation

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

/// An approval recorded in Taper: who approved a revision for use, as what, and when.
public struct Approval: Hashable, Sendable {
  public var subject: String
  public var name: String
  public var role: String
  /// Seconds since 1970-01-01 UTC.
  public var time: Int64
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
  case alreadyApproved(Int)
  /// Only the latest revision (this one) can be approved.
  case notLatest(Int)
  case badDatabaseURL(String)
  /// A migration goes into an empty database only.
  case notEmpty
  /// What was read back after a migration differs from what was read out.
  case migrationMismatch

  public var description: String {
    switch self {
    case .planExists(let id): "a plan with id \(id) already exists; choose another id or revise that plan"
    case .planNotFound(let id): "no plan with id \(id)"
    case .conflict(let base, let latest):
      "revision \(latest) was saved after you opened revision \(base); open the latest revision and revise it"
    case .feedNotFound: "no such feed"
    case .alreadyApproved(let n): "revision \(n) is already approved"
    case .badDatabaseURL(let why): "--database: \(why)"
    case .notEmpty: "the database already holds plans: a migration goes into an empty database"
    case .migrationMismatch: "the database read back differs from the one migrated"
    case .notLatest(let latest): "only the latest revision (\(latest)) can be approved; open it and approve it"
    }
  }
}


/// The plans, their revisions, approvals, feeds and audit log, and what the server keeps between requests:
/// in SQLite (one machine; `--data`) or PostgreSQL (several processes; `--database postgres://…`). Every
/// guarantee is the backend's database's own (``StoreBackend``).
public final class PlanStore: Sendable {
  let backend: any StoreBackend

  init(backend: any StoreBackend) {
    self.backend = backend
  }

  /// Opens (or creates) `taper.sqlite` in `folder` (0700, its files 0600).
  public convenience init(folder: URL) throws {
    self.init(backend: try SQLiteBackend(folder: folder))
  }

  /// Opens (or creates) the SQLite database at `path`.
  public convenience init(path: String) throws {
    self.init(backend: try SQLiteBackend(path: path))
  }

  /// Connects to PostgreSQL and applies the migrations it lacks.
  public static func postgres(_ settings: PostgresSettings) async throws -> PlanStore {
    PlanStore(backend: try await PostgresBackend(settings))
  }

  /// Every plan, revision, feed, approval and audit event, in order.
  public func dump() async throws -> StoreDump { try await backend.dump() }

  /// Writes `dump` into this store, which must hold no plan (ids and sequence numbers kept).
  public func load(_ dump: StoreDump) async throws { try await backend.load(dump) }

  /// Copies `from` into this (empty) store and reads it back: every revision and audit event must come back
  /// byte for byte, or the migration fails. Returns what was moved.
  public func migrate(from source: PlanStore) async throws -> StoreDump {
    let dump = try await source.dump()
    try await load(dump)
    let back = try await self.dump()
    guard try back.bytes() == dump.bytes() else { throw StoreError.migrationMismatch }
    return dump
  }

  /// A consistent copy of this SQLite store at `path` (the online backup API).
  public func backup(to path: String) throws {
    guard let sqlite = backend as? SQLiteBackend else { throw StoreError.badDatabaseURL("backup is for SQLite; use pg_dump") }
    try sqlite.backup(to: path)
  }

  /// Why a store could not be opened, in words an operator can act on (no query, no values).
  public static func describe(_ error: any Error) -> String { PostgresBackend.describe(error) }

  /// Which database: `sqlite` or `postgres`.
  public var kind: String { backend is PostgresBackend ? "postgres" : "sqlite" }

  /// The SQLite database file (`nil` on PostgreSQL).
  public var path: String? { (backend as? SQLiteBackend)?.path }

  // MARK: - Plans and revisions

  /// Saves revision 1 of a new plan, with its audit events in the same transaction.
  public func createPlan(_ revision: StoredRevision, audit: [AuditEvent] = []) async throws {
    try await backend.createPlan(revision, audit: audit)
  }

  /// Saves `revision` as the next revision, provided the latest is still `base` (else
  /// ``StoreError/conflict(base:latest:)``); returns its number.
  @discardableResult
  public func addRevision(_ revision: StoredRevision, base: Int, audit: [AuditEvent] = []) async throws -> Int {
    try await backend.addRevision(revision, base: base, audit: audit)
  }

  /// Every plan with its latest revision, most recently saved first.
  public func plans() async throws -> [PlanSummary] { try await backend.plans() }

  /// Every revision of a plan, oldest first (empty when there is no such plan).
  public func revisions(planID: String) async throws -> [StoredRevision] { try await backend.revisions(planID: planID) }

  /// The revisions without their files (`text` empty, `form` nil), oldest first: for lists and the history.
  public func revisionSummaries(planID: String) async throws -> [StoredRevision] {
    try await backend.revisionSummaries(planID: planID)
  }

  /// The latest revision of a plan and the one before it.
  public func latestTwo(planID: String) async throws -> (latest: StoredRevision, previous: StoredRevision?)? {
    try await backend.latestTwo(planID: planID)
  }

  /// The number of the latest revision, or `nil` when there is no such plan.
  public func latestNumber(planID: String) async throws -> Int? { try await backend.latestNumber(planID: planID) }

  // MARK: - Approvals and audit

  /// Records that `approval.name` approved revision `number`, with its audit event, in one transaction; once.
  public func approve(planID: String, number: Int, approval: Approval, audit: AuditEvent) async throws {
    try await backend.approve(planID: planID, number: number, approval: approval, audit: audit)
  }

  /// The approvals recorded for a plan, by revision number.
  public func approvals(planID: String) async throws -> [Int: Approval] { try await backend.approvals(planID: planID) }

  /// Appends `events` to the audit log in one transaction.
  public func appendAudit(_ events: [AuditEvent]) async throws { try await backend.appendAudit(events) }

  /// The audit log, newest first: `limit` events before `before` (a sequence number), of one plan or all.
  public func auditEvents(planID: String? = nil, before: Int64? = nil, limit: Int = 500) async throws -> [AuditEvent] {
    try await backend.auditEvents(planID: planID, before: before, limit: limit)
  }

  // MARK: - Feeds

  /// Adds a feed for `planID` whose token hashes to `tokenHash`.
  @discardableResult
  public func addFeed(planID: String, tokenHash: [UInt8], at now: Int64, audit: [AuditEvent] = []) async throws -> Int64 {
    try await backend.addFeed(planID: planID, tokenHash: tokenHash, at: now, audit: audit)
  }

  /// Revokes a feed of `planID`; its URL answers 404 from now on.
  public func revokeFeed(planID: String, feedID: Int64, at now: Int64, audit: [AuditEvent] = []) async throws {
    try await backend.revokeFeed(planID: planID, feedID: feedID, at: now, audit: audit)
  }

  /// Revokes a feed and adds a new one for the same plan, in one transaction; returns the new feed's id.
  public func rotateFeed(
    planID: String, feedID: Int64, newTokenHash: [UInt8], at now: Int64, audit: [AuditEvent] = []
  ) async throws -> Int64 {
    try await backend.rotateFeed(planID: planID, feedID: feedID, newTokenHash: newTokenHash, at: now, audit: audit)
  }

  /// A plan's feeds, newest first.
  public func feeds(planID: String) async throws -> [FeedRecord] { try await backend.feeds(planID: planID) }

  /// Every active feed, by plan and then newest first.
  public func activeFeeds() async throws -> [FeedRecord] { try await backend.activeFeeds() }

  /// The plan of the active feed whose token hashes to `tokenHash`, its latest revision number and whether that
  /// is approved; `nil` for an unknown or revoked token. The lookup is by hash, so the time taken does not
  /// depend on how much of a guessed token is right; the found hash is compared again in constant time.
  public func planForFeed(tokenHash: [UInt8]) async throws -> (planID: String, latest: Int, approved: Bool)? {
    let found = try await backend.feedLookup(tokenHash: tokenHash)
    let same = Secrets.constantTimeEqual(found?.hash ?? [UInt8](repeating: 0, count: 32), tokenHash)
    guard let found, same, !found.revoked, let latest = found.latest else { return nil }
    return (found.planID, latest, found.approved)
  }

  /// Raw SQL in a write transaction (tests use it to show that revisions cannot be changed).
  func execute(_ sql: String) async throws { try await backend.execute(sql) }

  /// SQLite's journal mode (`wal`).
  func journalMode() async throws -> String? { try await (backend as? SQLiteBackend)?.journalMode() }
}
