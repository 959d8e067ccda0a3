import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// Where the PostgreSQL store is: `postgres://USER@HOST:PORT/DATABASE`; the password from a file or the
/// environment (`PGPASSWORD`), never from the command line. A database off this machine is reached over TLS
/// only, its certificate checked against the system's trust store.
public struct PostgresSettings: Sendable, Hashable, CustomStringConvertible {
  public var host: String
  public var port: Int
  public var user: String
  public var database: String
  public var password: String?

  /// Reads `postgres://user@host:port/db`. A password, a query (`?password=`, `?sslmode=`) or a fragment in
  /// the URL is refused: it would show in `ps` and in logs; the message never repeats the URL.
  public init(url: String, password: String?) throws(StoreError) {
    let shape = "expected postgres://USER@HOST:PORT/DATABASE"
    guard let components = URLComponents(string: url) else { throw .badDatabaseURL(shape) }
    guard components.password == nil, components.query == nil, components.fragment == nil else {
      throw .badDatabaseURL(
        "the password goes in a file (--database-password-file) or PGPASSWORD, and options are not read from the URL")
    }
    guard ["postgres", "postgresql"].contains(components.scheme ?? ""), let host = components.host, !host.isEmpty,
      let user = components.user, !user.isEmpty
    else { throw .badDatabaseURL(shape) }
    let database = String(components.path.drop { $0 == "/" })
    self.host = host
    self.port = components.port ?? 5432
    self.user = user
    self.database = database.isEmpty ? user : database
    self.password = password
  }

  /// Whether the database is on this machine (then no TLS: the socket never leaves it).
  public var isLocal: Bool { ServerSettings.isLoopback(host) }

  /// Without the password.
  public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

  var tls: PostgresClient.Configuration.TLS {
    isLocal ? .disable : .require(.makeClientConfiguration())
  }
}

/// The store in PostgreSQL (postgres-nio), for several `taper serve` processes on one database: the same
/// tables as SQLite, append-only by triggers (updates, deletes and truncation of revisions, approvals and the
/// audit log are refused by the database), a revision saved only on its base (the plan's row is locked for
/// the transaction, and the primary key refuses a second revision of one number), migrations run once under
/// an advisory lock whichever process starts first.
final class PostgresBackend: StoreBackend {
  let client: PostgresClient
  private let running: Task<Void, Never>
  private let logger = Logger(label: "taper.store")

  init(_ settings: PostgresSettings) async throws {
    // One connection first: a wrong password or an unreachable server is told at once, in the server's words,
    // rather than after the pool's retries.
    let probe = try await PostgresConnection.connect(
      configuration: PostgresConnection.Configuration(
        host: settings.host, port: settings.port, username: settings.user, password: settings.password,
        database: settings.database,
        tls: settings.isLocal ? .disable : .require(try NIOSSLContext(configuration: .makeClientConfiguration()))),
      id: 0, logger: Logger(label: "taper.store.probe"))
    try await probe.close()
    let configuration = PostgresClient.Configuration(
      host: settings.host, port: settings.port, username: settings.user, password: settings.password,
      database: settings.database, tls: settings.tls)
    let client = PostgresClient(configuration: configuration, backgroundLogger: Logger(label: "taper.store.pool"))
    self.client = client
    running = Task { await client.run() }
    do {
      try await migrate()
    } catch {
      running.cancel()
      throw error
    }
  }

  deinit { running.cancel() }

  /// Stops the connection pool.
  func close() { running.cancel() }

  // MARK: - Schema

  /// Each migration's statements, in order (one statement per query: the extended protocol runs one).
  static let migrations: [(name: String, statements: [String])] = [
    (
      "v1",
      [
        "CREATE TABLE plan (id TEXT PRIMARY KEY, created_at BIGINT NOT NULL)",
        """
        CREATE TABLE revision (
          plan_id TEXT NOT NULL REFERENCES plan(id), number INTEGER NOT NULL CHECK (number >= 1),
          text TEXT NOT NULL, form TEXT, title TEXT NOT NULL, author TEXT NOT NULL, note TEXT NOT NULL,
          saved_at BIGINT NOT NULL, PRIMARY KEY (plan_id, number))
        """,
        """
        CREATE TABLE feed (
          id BIGSERIAL PRIMARY KEY, plan_id TEXT NOT NULL REFERENCES plan(id), token_hash BYTEA NOT NULL UNIQUE,
          created_at BIGINT NOT NULL, revoked_at BIGINT)
        """,
        """
        CREATE FUNCTION taper_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'table % is append-only: a saved row is never changed or deleted', TG_TABLE_NAME; END $$
        """,
      ]
        + appendOnly("revision")
    ),
    (
      "v2",
      [
        """
        CREATE TABLE approval (
          plan_id TEXT NOT NULL, number INTEGER NOT NULL, subject TEXT NOT NULL, name TEXT NOT NULL,
          role TEXT NOT NULL, approved_at BIGINT NOT NULL, PRIMARY KEY (plan_id, number),
          FOREIGN KEY (plan_id, number) REFERENCES revision(plan_id, number))
        """,
        """
        CREATE TABLE audit (
          sequence BIGSERIAL PRIMARY KEY, time BIGINT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL,
          name TEXT NOT NULL, role TEXT NOT NULL, plan_id TEXT, revision INTEGER, address TEXT NOT NULL,
          outcome TEXT NOT NULL, detail TEXT NOT NULL)
        """,
        "CREATE INDEX audit_plan ON audit(plan_id, sequence)",
      ]
        + appendOnly("approval") + appendOnly("audit")
    ),
    (
      "v3",
      [
        """
        CREATE TABLE session (
          id_hash BYTEA PRIMARY KEY, subject TEXT NOT NULL, name TEXT NOT NULL, roles TEXT NOT NULL,
          method TEXT NOT NULL, csrf TEXT NOT NULL, created_at BIGINT NOT NULL, last_seen BIGINT NOT NULL)
        """,
        "CREATE TABLE sign_in_attempt (address TEXT NOT NULL, at BIGINT NOT NULL)",
        "CREATE INDEX sign_in_attempt_address ON sign_in_attempt(address, at)",
        """
        CREATE TABLE oidc_pending (
          state_hash BYTEA PRIMARY KEY, nonce TEXT NOT NULL, verifier TEXT NOT NULL, next TEXT NOT NULL,
          created_at BIGINT NOT NULL)
        """,
      ]
    ),
  ]

  /// The two triggers that make `table` append-only: no row updated or deleted, the table never truncated.
  static func appendOnly(_ table: String) -> [String] {
    [
      "CREATE TRIGGER \(table)_append_only BEFORE UPDATE OR DELETE ON \(table) FOR EACH ROW EXECUTE FUNCTION taper_append_only()",
      "CREATE TRIGGER \(table)_never_truncated BEFORE TRUNCATE ON \(table) FOR EACH STATEMENT EXECUTE FUNCTION taper_append_only()",
    ]
  }

  /// Applies the migrations not yet applied, each in its own transaction, under an advisory lock: two
  /// processes starting together apply each once.
  private func migrate() async throws {
    try await transaction { db in
      try await db.query("SELECT pg_advisory_xact_lock(7171717)", logger: self.logger)
      try await db.query("CREATE TABLE IF NOT EXISTS taper_migration (name TEXT PRIMARY KEY)", logger: self.logger)
      var applied: Set<String> = []
      for try await name in try await db.query("SELECT name FROM taper_migration", logger: self.logger).decode(
        String.self)
      {
        applied.insert(name)
      }
      for migration in Self.migrations where !applied.contains(migration.name) {
        for statement in migration.statements {
          try await db.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
        }
        try await db.query("INSERT INTO taper_migration (name) VALUES (\(migration.name))", logger: self.logger)
      }
    }
  }

  /// Runs `body` in a transaction; a ``StoreError`` thrown inside comes out as itself.
  private func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
    do {
      return try await client.withConnection { connection in
        try await connection.withTransaction(logger: logger) { db in
          // The checks here (the latest revision after the plan's row is locked) read what is committed now:
          // whatever the server's default, never an older snapshot.
          try await db.query("SET TRANSACTION ISOLATION LEVEL READ COMMITTED", logger: logger)
          return try await body(db)
        }
      }
    } catch let error as PostgresTransactionError {
      if let inner = error.closureError ?? error.commitError ?? error.beginError { throw inner }
      throw error
    }
  }

  private static func bytes(_ b: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: b) }

  /// What went wrong, for an operator: the server's message (`password authentication failed for user …`) or
  /// the kind of failure (`connectionError`); never a query or its values.
  static func describe(_ error: any Error) -> String {
    if let e = error as? PSQLError { return e.serverInfo?[.message] ?? "\(e.code)" }
    return String(describing: type(of: error))
  }

  /// Whether `error` is PostgreSQL's unique violation (23505).
  private static func isUniqueViolation(_ error: any Error) -> Bool {
    (error as? PSQLError)?.serverInfo?[.sqlState] == "23505"
  }

  // MARK: - Audit and approval

  func appendAudit(_ events: [AuditEvent]) async throws {
    guard !events.isEmpty else { return }
    try await transaction { db in try await self.insert(events, db) }
  }

  private func insert(_ events: [AuditEvent], _ db: PostgresConnection) async throws {
    for e in events {
      try await db.query(
        """
        INSERT INTO audit (time, action, subject, name, role, plan_id, revision, address, outcome, detail)
        VALUES (\(e.time), \(e.action.rawValue), \(e.subject), \(e.name), \(e.role), \(e.planID), \(e.revision),
          \(e.address), \(e.outcome.rawValue), \(e.detail))
        """, logger: logger)
    }
  }

  func auditEvents(planID: String?, before: Int64?, limit: Int) async throws -> [AuditEvent] {
    let rows = try await client.query(
      """
      SELECT sequence, time, action, subject, name, role, plan_id, revision, address, outcome, detail FROM audit
      WHERE (\(planID)::TEXT IS NULL OR plan_id = \(planID)) AND (\(before)::BIGINT IS NULL OR sequence < \(before))
      ORDER BY sequence DESC LIMIT \(limit)
      """, logger: logger)
    var out: [AuditEvent] = []
    for try await (sequence, time, action, subject, name, role, plan, revision, address, outcome, detail) in rows.decode(
      (Int64, Int64, String, String, String, String, String?, Int?, String, String, String).self)
    {
      out.append(
        AuditEvent(
          sequence: sequence, time: time, action: AuditAction(rawValue: action) ?? .view, subject: subject,
          name: name, role: role, planID: plan, revision: revision, address: address,
          outcome: AuditOutcome(rawValue: outcome) ?? .failed, detail: detail))
    }
    return out
  }

  func approve(planID: String, number: Int, approval: Approval, audit: AuditEvent) async throws {
    try await transaction { db in
      // The plan's row locked: a revision saved at the same moment waits, and the latest is checked here.
      let latest = try await self.lockLatest(planID, db)
      guard latest == number else { throw StoreError.notLatest(latest) }
      let exists = try await db.query(
        "SELECT 1 FROM approval WHERE plan_id = \(planID) AND number = \(number)", logger: self.logger)
      for try await _ in exists.decode(Int.self) { throw StoreError.alreadyApproved(number) }
      try await db.query(
        """
        INSERT INTO approval (plan_id, number, subject, name, role, approved_at)
        VALUES (\(planID), \(number), \(approval.subject), \(approval.name), \(approval.role), \(approval.time))
        """, logger: self.logger)
      try await self.insert([audit], db)
    }
  }

  /// Locks the plan's row for the transaction and returns its latest revision number.
  private func lockLatest(_ planID: String, _ db: PostgresConnection) async throws -> Int {
    var found = false
    for try await _ in try await db.query("SELECT 1 FROM plan WHERE id = \(planID) FOR UPDATE", logger: logger).decode(
      Int.self)
    {
      found = true
    }
    guard found else { throw StoreError.planNotFound(planID) }
    var latest = 0
    for try await n in try await db.query(
      "SELECT COALESCE(MAX(number), 0) FROM revision WHERE plan_id = \(planID)", logger: logger
    ).decode(Int.self) {
      latest = n
    }
    return latest
  }

  func approvals(planID: String) async throws -> [Int: Approval] {
    var out: [Int: Approval] = [:]
    let rows = try await client.query(
      "SELECT number, subject, name, role, approved_at FROM approval WHERE plan_id = \(planID)", logger: logger)
    for try await (number, subject, name, role, time) in rows.decode((Int, String, String, String, Int64).self) {
      out[number] = Approval(subject: subject, name: name, role: role, time: time)
    }
    return out
  }

  // MARK: - Plans and revisions

  func createPlan(_ revision: StoredRevision, audit: [AuditEvent]) async throws {
    do {
      try await transaction { db in
        try await db.query(
          "INSERT INTO plan (id, created_at) VALUES (\(revision.planID), \(revision.savedAt))", logger: self.logger)
        var first = revision
        first.number = 1
        try await self.insert(first, db)
        try await self.insert(audit.map { var e = $0; e.revision = 1; return e }, db)
      }
    } catch where Self.isUniqueViolation(error) {
      throw StoreError.planExists(revision.planID)
    }
  }

  func addRevision(_ revision: StoredRevision, base: Int, audit: [AuditEvent]) async throws -> Int {
    do {
      return try await transaction { db in
        let latest = try await self.lockLatest(revision.planID, db)
        guard latest == base else { throw StoreError.conflict(base: base, latest: latest) }
        var next = revision
        next.number = latest + 1
        try await self.insert(next, db)
        try await self.insert(audit.map { var e = $0; e.revision = next.number; return e }, db)
        return next.number
      }
    } catch where Self.isUniqueViolation(error) {
      // Only if the lock were bypassed: the primary key still refuses a second revision of one number.
      throw StoreError.conflict(base: base, latest: base + 1)
    }
  }

  private func insert(_ r: StoredRevision, _ db: PostgresConnection) async throws {
    let form: String? = r.form.flatMap { fields in
      (try? JSONEncoder.sorted.encode(fields)).map { String(decoding: $0, as: UTF8.self) }
    }
    try await db.query(
      """
      INSERT INTO revision (plan_id, number, text, form, title, author, note, saved_at)
      VALUES (\(r.planID), \(r.number), \(r.text), \(form), \(r.title), \(r.author), \(r.note), \(r.savedAt))
      """, logger: logger)
  }

  func plans() async throws -> [PlanSummary] {
    let rows = try await client.query(
      """
      SELECT r.plan_id, r.title, r.number, r.saved_at FROM revision r
      JOIN (SELECT plan_id, MAX(number) AS n FROM revision GROUP BY plan_id) m ON m.plan_id = r.plan_id AND m.n = r.number
      ORDER BY r.saved_at DESC, r.plan_id COLLATE "C"
      """, logger: logger)
    var out: [PlanSummary] = []
    for try await (id, title, latest, saved) in rows.decode((String, String, Int, Int64).self) {
      out.append(PlanSummary(id: id, title: title, latest: latest, savedAt: saved))
    }
    return out
  }

  private static let columns = "plan_id, number, text, form, title, author, note, saved_at"

  private func revisions(_ query: PostgresQuery) async throws -> [StoredRevision] {
    var out: [StoredRevision] = []
    let rows = try await client.query(query, logger: logger)
    for try await (plan, number, text, form, title, author, note, saved) in rows.decode(
      (String, Int, String, String?, String, String, String, Int64).self)
    {
      let fields = form.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
      out.append(
        StoredRevision(
          planID: plan, number: number, text: text, form: fields, title: title, author: author, note: note,
          savedAt: saved))
    }
    return out
  }

  func revisions(planID: String) async throws -> [StoredRevision] {
    try await revisions(
      "SELECT plan_id, number, text, form, title, author, note, saved_at FROM revision WHERE plan_id = \(planID) ORDER BY number")
  }

  func revisionSummaries(planID: String) async throws -> [StoredRevision] {
    try await revisions(
      """
      SELECT plan_id, number, ''::TEXT, NULL::TEXT, title, author, note, saved_at FROM revision WHERE plan_id = \(planID)
      ORDER BY number
      """)
  }

  func latestTwo(planID: String) async throws -> (latest: StoredRevision, previous: StoredRevision?)? {
    let rows = try await revisions(
      """
      SELECT plan_id, number, text, form, title, author, note, saved_at FROM revision WHERE plan_id = \(planID)
      ORDER BY number DESC LIMIT 2
      """)
    guard let latest = rows.first else { return nil }
    return (latest, rows.count > 1 ? rows[1] : nil)
  }

  func latestNumber(planID: String) async throws -> Int? {
    var out: Int?
    for try await n in try await client.query(
      "SELECT MAX(number) FROM revision WHERE plan_id = \(planID)", logger: logger
    ).decode(Int?.self) {
      out = n
    }
    return out
  }

  // MARK: - Feeds

  func addFeed(planID: String, tokenHash: [UInt8], at now: Int64, audit: [AuditEvent]) async throws -> Int64 {
    try await transaction { db in
      _ = try await self.lockLatest(planID, db)
      var id: Int64 = 0
      for try await new in try await db.query(
        """
        INSERT INTO feed (plan_id, token_hash, created_at) VALUES (\(planID), \(Self.bytes(tokenHash)), \(now))
        RETURNING id
        """, logger: self.logger
      ).decode(Int64.self) {
        id = new
      }
      try await self.insert(audit, db)
      return id
    }
  }

  func revokeFeed(planID: String, feedID: Int64, at now: Int64, audit: [AuditEvent]) async throws {
    try await transaction { db in
      try await self.revoke(planID: planID, feedID: feedID, at: now, db)
      try await self.insert(audit, db)
    }
  }

  private func revoke(planID: String, feedID: Int64, at now: Int64, _ db: PostgresConnection) async throws {
    var changed = false
    for try await _ in try await db.query(
      """
      UPDATE feed SET revoked_at = \(now) WHERE id = \(feedID) AND plan_id = \(planID) AND revoked_at IS NULL
      RETURNING id
      """, logger: logger
    ).decode(Int64.self) {
      changed = true
    }
    if !changed { throw StoreError.feedNotFound }
  }

  func rotateFeed(planID: String, feedID: Int64, newTokenHash: [UInt8], at now: Int64, audit: [AuditEvent])
    async throws -> Int64
  {
    try await transaction { db in
      try await self.revoke(planID: planID, feedID: feedID, at: now, db)
      var id: Int64 = 0
      for try await new in try await db.query(
        """
        INSERT INTO feed (plan_id, token_hash, created_at) VALUES (\(planID), \(Self.bytes(newTokenHash)), \(now))
        RETURNING id
        """, logger: self.logger
      ).decode(Int64.self) {
        id = new
      }
      try await self.insert(audit, db)
      return id
    }
  }

  private func feeds(_ query: PostgresQuery) async throws -> [FeedRecord] {
    var out: [FeedRecord] = []
    for try await (id, plan, created, revoked, hash) in try await client.query(query, logger: logger).decode(
      (Int64, String, Int64, Int64?, ByteBuffer).self)
    {
      out.append(
        FeedRecord(
          id: id, planID: plan, createdAt: created, revokedAt: revoked,
          hashPrefix: String(Hex.encode(Array(hash.readableBytesView)).prefix(8))))
    }
    return out
  }

  func feeds(planID: String) async throws -> [FeedRecord] {
    try await feeds(
      "SELECT id, plan_id, created_at, revoked_at, token_hash FROM feed WHERE plan_id = \(planID) ORDER BY id DESC")
  }

  func activeFeeds() async throws -> [FeedRecord] {
    try await feeds(
      """
      SELECT id, plan_id, created_at, revoked_at, token_hash FROM feed WHERE revoked_at IS NULL
      ORDER BY plan_id COLLATE "C", id DESC
      """)
  }

  func feedLookup(tokenHash: [UInt8]) async throws -> FeedLookup? {
    let hash = Self.bytes(tokenHash)
    var out: FeedLookup?
    for try await (plan, stored, revoked, latest, approved) in try await client.query(
      """
      SELECT f.plan_id, f.token_hash, f.revoked_at,
        (SELECT MAX(number) FROM revision r WHERE r.plan_id = f.plan_id),
        EXISTS (SELECT 1 FROM approval a WHERE a.plan_id = f.plan_id
          AND a.number = (SELECT MAX(number) FROM revision r WHERE r.plan_id = f.plan_id))
      FROM feed f WHERE f.token_hash = \(hash)
      """, logger: logger
    ).decode((String, ByteBuffer, Int64?, Int?, Bool).self) {
      out = FeedLookup(
        planID: plan, hash: Array(stored.readableBytesView), revoked: revoked != nil, latest: latest,
        approved: approved)
    }
    return out
  }

  // MARK: - Between requests

  func saveSession(idHash: [UInt8], _ s: StoredSession) async throws {
    try await transaction { db in
      try await db.query(
        """
        DELETE FROM session WHERE last_seen < \(s.created - ServerSecurity.idleSeconds)
          OR created_at < \(s.created - ServerSecurity.lifetime)
        """, logger: self.logger)
      try await db.query(
        """
        INSERT INTO session (id_hash, subject, name, roles, method, csrf, created_at, last_seen)
        VALUES (\(Self.bytes(idHash)), \(s.identity.subject), \(s.identity.name),
          \(StoreSchema.rolesText(s.identity.roles)), \(s.identity.method), \(s.csrf), \(s.created), \(s.lastSeen))
        """, logger: self.logger)
    }
  }

  func session(idHash: [UInt8]) async throws -> StoredSession? {
    try await session(
      """
      SELECT subject, name, roles, method, csrf, created_at, last_seen FROM session
      WHERE id_hash = \(Self.bytes(idHash))
      """)
  }

  /// The session a query's one row names (its columns as `session()` selects them).
  private func session(_ query: PostgresQuery) async throws -> StoredSession? {
    var out: StoredSession?
    for try await (subject, name, roles, method, csrf, created, seen) in try await client.query(query, logger: logger)
      .decode((String, String, String, String, String, Int64, Int64).self)
    {
      out = StoredSession(
        identity: Identity(subject: subject, name: name, roles: StoreSchema.roles(roles), method: method), csrf: csrf,
        created: created, lastSeen: seen)
    }
    return out
  }

  func touchSession(idHash: [UInt8], at time: Int64) async throws {
    try await client.query(
      "UPDATE session SET last_seen = \(time) WHERE id_hash = \(Self.bytes(idHash))", logger: logger)
  }

  func deleteSession(idHash: [UInt8]) async throws -> StoredSession? {
    // One statement: of two sign-outs of one session, one gets it.
    try await session(
      """
      DELETE FROM session WHERE id_hash = \(Self.bytes(idHash))
      RETURNING subject, name, roles, method, csrf, created_at, last_seen
      """)
  }

  func failedAttempts(address: String, since time: Int64) async throws -> Int {
    var count = 0
    for try await n in try await client.query(
      "SELECT COUNT(*)::INTEGER FROM sign_in_attempt WHERE address = \(address) AND at > \(time)", logger: logger
    ).decode(Int.self) {
      count = n
    }
    return count
  }

  func recordFailedAttempt(address: String, at time: Int64) async throws {
    try await transaction { db in
      try await db.query(
        "DELETE FROM sign_in_attempt WHERE at <= \(time - ServerSecurity.attemptWindow)", logger: self.logger)
      try await db.query("INSERT INTO sign_in_attempt (address, at) VALUES (\(address), \(time))", logger: self.logger)
    }
  }

  func savePending(stateHash: [UInt8], _ p: PendingSignIn) async throws {
    try await transaction { db in
      try await db.query(
        "DELETE FROM oidc_pending WHERE created_at < \(p.created - OpenIDConnect.pendingSeconds)", logger: self.logger)
      try await db.query(
        """
        INSERT INTO oidc_pending (state_hash, nonce, verifier, next, created_at)
        VALUES (\(Self.bytes(stateHash)), \(p.nonce), \(p.verifier), \(p.next), \(p.created))
        """, logger: self.logger)
    }
  }

  func takePending(stateHash: [UInt8]) async throws -> PendingSignIn? {
    var out: PendingSignIn?
    // DELETE … RETURNING: of two processes given the same state, one gets it.
    for try await (nonce, verifier, next, created) in try await client.query(
      """
      DELETE FROM oidc_pending WHERE state_hash = \(Self.bytes(stateHash))
      RETURNING nonce, verifier, next, created_at
      """, logger: logger
    ).decode((String, String, String, Int64).self) {
      out = PendingSignIn(nonce: nonce, verifier: verifier, next: next, created: created)
    }
    return out
  }

  func execute(_ sql: String) async throws {
    try await transaction { db in
      for try await _ in try await db.query(PostgresQuery(unsafeSQL: sql), logger: self.logger) {}
    }
  }

  // MARK: - Moving a database

  func dump() async throws -> StoreDump {
    try await dump { query in try await self.client.query(query, logger: self.logger) }
  }

  /// Every row, read through `run` (the pool, or a transaction's own connection).
  private func dump(_ run: (PostgresQuery) async throws -> PostgresRowSequence) async throws -> StoreDump {
    var out = StoreDump()
    for try await (id, created) in try await run(
      "SELECT id, created_at FROM plan ORDER BY id COLLATE \"C\""
    ).decode((String, Int64).self) {
      out.plans.append(.init(id: id, createdAt: created))
    }
    for try await (plan, number, text, form, title, author, note, saved) in try await run(
      """
      SELECT plan_id, number, text, form, title, author, note, saved_at FROM revision
      ORDER BY plan_id COLLATE "C", number
      """
    ).decode((String, Int, String, String?, String, String, String, Int64).self) {
      out.revisions.append(
        .init(planID: plan, number: number, text: text, form: form, title: title, author: author, note: note, savedAt: saved))
    }
    for try await (id, plan, hash, created, revoked) in try await run(
      "SELECT id, plan_id, token_hash, created_at, revoked_at FROM feed ORDER BY id"
    ).decode((Int64, String, ByteBuffer, Int64, Int64?).self) {
      out.feeds.append(
        .init(id: id, planID: plan, tokenHash: Array(hash.readableBytesView), createdAt: created, revokedAt: revoked))
    }
    for try await (plan, number, subject, name, role, time) in try await run(
      """
      SELECT plan_id, number, subject, name, role, approved_at FROM approval ORDER BY plan_id COLLATE "C", number
      """
    ).decode((String, Int, String, String, String, Int64).self) {
      out.approvals.append(.init(planID: plan, number: number, subject: subject, name: name, role: role, approvedAt: time))
    }
    for try await (sequence, time, action, subject, name, role, plan, revision, address, outcome, detail) in try await run(
        """
        SELECT sequence, time, action, subject, name, role, plan_id, revision, address, outcome, detail FROM audit
        ORDER BY sequence
        """
      ).decode((Int64, Int64, String, String, String, String, String?, Int?, String, String, String).self)
    {
      out.audit.append(
        .init(
          sequence: sequence, time: time, action: action, subject: subject, name: name, role: role, planID: plan,
          revision: revision, address: address, outcome: outcome, detail: detail))
    }
    return out
  }

  func load(_ dump: StoreDump) async throws {
    try await transaction { db in
      for try await n in try await db.query(
        """
        SELECT ((SELECT COUNT(*) FROM plan) + (SELECT COUNT(*) FROM revision) + (SELECT COUNT(*) FROM feed)
          + (SELECT COUNT(*) FROM approval) + (SELECT COUNT(*) FROM audit))::INTEGER
        """, logger: self.logger
      ).decode(Int.self) where n > 0 {
        throw StoreError.notEmpty
      }
      for p in dump.plans {
        try await db.query("INSERT INTO plan (id, created_at) VALUES (\(p.id), \(p.createdAt))", logger: self.logger)
      }
      for r in dump.revisions {
        try await db.query(
          """
          INSERT INTO revision (plan_id, number, text, form, title, author, note, saved_at)
          VALUES (\(r.planID), \(r.number), \(r.text), \(r.form), \(r.title), \(r.author), \(r.note), \(r.savedAt))
          """, logger: self.logger)
      }
      for f in dump.feeds {
        try await db.query(
          """
          INSERT INTO feed (id, plan_id, token_hash, created_at, revoked_at)
          VALUES (\(f.id), \(f.planID), \(Self.bytes(f.tokenHash)), \(f.createdAt), \(f.revokedAt))
          """, logger: self.logger)
      }
      for a in dump.approvals {
        try await db.query(
          """
          INSERT INTO approval (plan_id, number, subject, name, role, approved_at)
          VALUES (\(a.planID), \(a.number), \(a.subject), \(a.name), \(a.role), \(a.approvedAt))
          """, logger: self.logger)
      }
      for e in dump.audit {
        try await db.query(
          """
          INSERT INTO audit (sequence, time, action, subject, name, role, plan_id, revision, address, outcome, detail)
          VALUES (\(e.sequence), \(e.time), \(e.action), \(e.subject), \(e.name), \(e.role), \(e.planID), \(e.revision),
            \(e.address), \(e.outcome), \(e.detail))
          """, logger: self.logger)
      }
      // The next feed and audit event continue the numbers moved.
      try await db.query(
        "SELECT setval('feed_id_seq', COALESCE((SELECT MAX(id) FROM feed), 0) + 1, false)", logger: self.logger)
      try await db.query(
        "SELECT setval('audit_sequence_seq', COALESCE((SELECT MAX(sequence) FROM audit), 0) + 1, false)",
        logger: self.logger)
      // Read back in the same transaction: a difference rolls everything back, and the target stays empty.
      let back = try await self.dump { query in try await db.query(query, logger: self.logger) }
      guard try back.bytes() == dump.bytes() else { throw StoreError.migrationMismatch }
    }
  }
}
