public import Foundation

/// What a store keeps and how: SQLite (``SQLiteBackend``, GRDB — the default, for one machine) and PostgreSQL
/// (``PostgresBackend``, postgres-nio — for several `taper serve` processes on one database) implement it with
/// the same tables and the same guarantees: revisions, approvals and the audit log append-only in the database
/// itself, a revision saved only on the base it was made from (no lost update), feed tokens, session ids and
/// sign-in states stored as SHA-256 hashes only. ``PlanStore`` is what the server holds.
protocol StoreBackend: Sendable, StoreDumping {
  // Plans and revisions
  func createPlan(_ revision: StoredRevision, audit: [AuditEvent]) async throws
  func addRevision(_ revision: StoredRevision, base: Int, audit: [AuditEvent]) async throws -> Int
  func plans() async throws -> [PlanSummary]
  func revisions(planID: String) async throws -> [StoredRevision]
  /// The revisions without their files (`text` empty, `form` nil): who, when, title and note.
  func revisionSummaries(planID: String) async throws -> [StoredRevision]
  func latestTwo(planID: String) async throws -> (latest: StoredRevision, previous: StoredRevision?)?
  func latestNumber(planID: String) async throws -> Int?

  // Approvals and the audit log
  func approve(planID: String, number: Int, approval: Approval, audit: AuditEvent) async throws
  func approvals(planID: String) async throws -> [Int: Approval]
  func appendAudit(_ events: [AuditEvent]) async throws
  func auditEvents(planID: String?, before: Int64?, limit: Int) async throws -> [AuditEvent]

  // Subscription feeds
  func addFeed(planID: String, tokenHash: [UInt8], at now: Int64, audit: [AuditEvent]) async throws -> Int64
  func revokeFeed(planID: String, feedID: Int64, at now: Int64, audit: [AuditEvent]) async throws
  func rotateFeed(planID: String, feedID: Int64, newTokenHash: [UInt8], at now: Int64, audit: [AuditEvent])
    async throws -> Int64
  func feeds(planID: String) async throws -> [FeedRecord]
  /// Every active feed, by plan and then newest first.
  func activeFeeds() async throws -> [FeedRecord]
  func feedLookup(tokenHash: [UInt8]) async throws -> FeedLookup?

  // Between requests: sessions, sign-in attempts, provider sign-ins in progress
  func saveSession(idHash: [UInt8], _ session: StoredSession) async throws
  func session(idHash: [UInt8]) async throws -> StoredSession?
  func touchSession(idHash: [UInt8], at time: Int64) async throws
  func deleteSession(idHash: [UInt8]) async throws -> StoredSession?
  /// Failed sign-in attempts from `address` since `time` (older ones are forgotten).
  func failedAttempts(address: String, since time: Int64) async throws -> Int
  func recordFailedAttempt(address: String, at time: Int64) async throws
  func savePending(stateHash: [UInt8], _ pending: PendingSignIn) async throws
  /// The sign-in in progress, removed: a state is used once.
  func takePending(stateHash: [UInt8]) async throws -> PendingSignIn?

  /// Raw SQL in a transaction (the tests show that the append-only tables refuse changes).
  func execute(_ sql: String) async throws
}

/// A signed-in session as stored: who, its CSRF token (a random value of this session's, server-side), when it
/// began and when it was last used.
struct StoredSession: Sendable, Hashable {
  var identity: Identity
  var csrf: String
  var created: Int64
  var lastSeen: Int64
}

/// A provider sign-in in progress, by its `state`.
struct PendingSignIn: Sendable, Hashable {
  var nonce: String
  var verifier: String
  var next: String
  var created: Int64
}

/// A feed token's row: its plan, its stored hash (compared again in constant time), whether it is revoked,
/// and its plan's latest revision and whether that is approved.
struct FeedLookup: Sendable, Hashable {
  var planID: String
  var hash: [UInt8]
  var revoked: Bool
  var latest: Int?
  var approved: Bool
}

/// What both stores write the same way.
enum StoreSchema {
  /// A role set as stored: "admin,prescriber".
  static func rolesText(_ roles: Set<Role>) -> String { roles.map(\.rawValue).sorted().joined(separator: ",") }
  static func roles(_ text: String) -> Set<Role> { Set(text.split(separator: ",").compactMap { Role(rawValue: String($0)) }) }

  static let sessionTablesSQLite = """
    CREATE TABLE session (
      id_hash BLOB PRIMARY KEY NOT NULL,
      subject TEXT NOT NULL,
      name TEXT NOT NULL,
      roles TEXT NOT NULL,
      method TEXT NOT NULL,
      csrf TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      last_seen INTEGER NOT NULL
    );
    CREATE TABLE sign_in_attempt (
      address TEXT NOT NULL,
      at INTEGER NOT NULL
    );
    CREATE INDEX sign_in_attempt_address ON sign_in_attempt(address, at);
    CREATE TABLE oidc_pending (
      state_hash BLOB PRIMARY KEY NOT NULL,
      nonce TEXT NOT NULL,
      verifier TEXT NOT NULL,
      next TEXT NOT NULL,
      created_at INTEGER NOT NULL
    );
    """
}

/// Everything a store keeps for good — plans, revisions, feeds (by hash), approvals and the audit log with its
/// sequence numbers — for moving a clinic's database (`taper migrate`). Sessions, sign-in attempts and sign-ins
/// in progress are not moved: people sign in again.
public struct StoreDump: Codable, Sendable, Equatable {
  public struct Plan: Codable, Sendable, Equatable {
    var id: String
    var createdAt: Int64
  }
  public struct Revision: Codable, Sendable, Equatable {
    var planID: String
    var number: Int
    var text: String
    /// The stored JSON of the form's fields, as stored.
    var form: String?
    var title: String
    var author: String
    var note: String
    var savedAt: Int64
  }
  public struct Feed: Codable, Sendable, Equatable {
    var id: Int64
    var planID: String
    var tokenHash: [UInt8]
    var createdAt: Int64
    var revokedAt: Int64?
  }
  public struct ApprovalRow: Codable, Sendable, Equatable {
    var planID: String
    var number: Int
    var subject: String
    var name: String
    var role: String
    var approvedAt: Int64
  }
  public struct AuditRow: Codable, Sendable, Equatable {
    var sequence: Int64
    var time: Int64
    var action: String
    var subject: String
    var name: String
    var role: String
    var planID: String?
    var revision: Int?
    var address: String
    var outcome: String
    var detail: String
  }
  var plans: [Plan] = []
  var revisions: [Revision] = []
  var feeds: [Feed] = []
  var approvals: [ApprovalRow] = []
  var audit: [AuditRow] = []

  public var counts: (plans: Int, revisions: Int, feeds: Int, approvals: Int, audit: Int) {
    (plans.count, revisions.count, feeds.count, approvals.count, audit.count)
  }

  /// The dump as bytes (sorted keys; strings as their Unicode scalars, never normalised): two dumps with the
  /// same bytes hold the same revisions and events byte for byte.
  public func bytes() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try encoder.encode(self)
  }
}

/// Moving a store's rows: read all of them in order, write all of them into an empty store in one transaction.
protocol StoreDumping {
  func dump() async throws -> StoreDump
  /// Writes `dump` into this store, which must hold no plan; ids and sequence numbers kept.
  func load(_ dump: StoreDump) async throws
}
