import Foundation
import TaperTestSupport
import Testing

@testable import TaperServer

/// The tests' PostgreSQL: a throwaway cluster (`tools/db/pgcluster.py`, Debian's postgresql) on a free loopback
/// port, started once for the test process and stopped with it; each test gets a database of its own.
actor TestPostgres {
  static var installed: Bool {
    (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql"))?.contains {
      FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb")
    } ?? false
  }
  static let password = "taper-test-db-password-0123456789"
  static let shared = TestPostgres()

  struct Running: Sendable {
    var port: Int
    var folder: URL
    /// `postgres://taper@127.0.0.1:PORT/DATABASE`.
    func url(_ database: String) -> String { "postgres://taper@127.0.0.1:\(port)/\(database)" }
    var passwordFile: URL { folder.appendingPathComponent("password") }
  }
  private var running: Running?

  func start() async throws -> Running {
    if let running { return running }
    let port = ServeCommandTests.freePort()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taper-pg-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    // The cluster's own user (postgres, under root) must reach its folder inside this one, whatever umask
    // another test has set for a moment (PlanStore makes its files with umask 077).
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
    let passwordFile = folder.appendingPathComponent("password")
    try Data(Self.password.utf8).write(to: passwordFile)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: passwordFile.path)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = [
      Fixtures.root.appendingPathComponent("tools/db/pgcluster.py").path, "serve", "--dir",
      folder.appendingPathComponent("cluster").path, "--port", String(port), "--password-file", passwordFile.path,
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // "ready" once the database accepts connections.
    let line = await Task.detached { () -> String in
      var seen = Data()
      while let chunk = try? pipe.fileHandleForReading.read(upToCount: 1), !chunk.isEmpty {
        seen.append(chunk)
        if seen.last == UInt8(ascii: "\n") { break }
      }
      return String(decoding: seen, as: UTF8.self)
    }.value
    guard line.hasPrefix("ready") else {
      let log = (try? String(contentsOf: folder.appendingPathComponent("cluster/postgres.log"), encoding: .utf8)) ?? ""
      throw TestServerFailed(log: "PostgreSQL did not start: \(line)\n\(log.suffix(2000))")
    }
    let started = Running(port: port, folder: folder)
    running = started
    return started
  }

  /// A new, empty database on the shared cluster, as a store (migrated).
  static func makeStore() async throws -> PlanStore {
    let cluster = try await shared.start()
    let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
    try await psql(cluster, "CREATE DATABASE \(name)")
    do {
      return try await PlanStore.postgres(PostgresSettings(url: cluster.url(String(name)), password: password))
    } catch {
      throw TestServerFailed(log: "PostgreSQL store: " + String(reflecting: error))
    }
  }

  /// Runs SQL with psql (outside a transaction: CREATE DATABASE needs that).
  static func psql(_ cluster: Running, _ sql: String, database: String = "taper") async throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
    process.arguments = ["-h", "127.0.0.1", "-p", String(cluster.port), "-U", "taper", "-d", database, "-v", "ON_ERROR_STOP=1", "-qc", sql]
    process.environment = ["PGPASSWORD": password, "PATH": "/usr/bin:/bin"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw TestServerFailed(log: "psql failed: \(sql)")
    }
  }
}

/// The stores the contract tests run on: SQLite always, PostgreSQL when Debian's server is installed (setup
/// installs it).
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case sqlite, postgres
  var testDescription: String { rawValue }

  static var available: [StoreKind] { TestPostgres.installed ? allCases : [.sqlite] }

  func make() async throws -> PlanStore {
    switch self {
    case .sqlite: try TaperServerTests.makeStore()
    case .postgres: try await TestPostgres.makeStore()
    }
  }
}
