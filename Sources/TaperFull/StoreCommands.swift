import ArgumentParser
import Foundation
import TaperCLI
import TaperServer

/// `taper migrate`: a clinic's SQLite database into PostgreSQL, verified byte for byte.
struct MigrateCommand: AsyncParsableCommand, HouseErrors {
  static let configuration = CommandConfiguration.migrate

  @Option(help: "The database to move: sqlite:FOLDER (the --data folder of taper serve) or sqlite:FILE.sqlite.")
  var from: String
  @Option(help: "The empty PostgreSQL database: postgres://USER@HOST:PORT/DATABASE.")
  var to: String
  @Option(help: "A file holding the target's password, readable by its owner only (or PGPASSWORD).")
  var toPasswordFile: String?

  func run() async throws {
    try await CLIError.reporting {
      guard from.hasPrefix("sqlite:") else { throw CLIError("--from must be sqlite:PATH, not \(from)") }
      let path = String(from.dropFirst("sqlite:".count))
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
        throw CLIError("\(path): no such database")
      }
      let source = isFolder.boolValue ? try PlanStore(folder: URL(fileURLWithPath: path)) : try PlanStore(path: path)
      let password =
        try ServeCommand.readSecretFile(toPasswordFile, what: "database password")
        ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
      let target: PlanStore
      do {
        target = try await PlanStore.postgres(try PostgresSettings(url: to, password: password))
      } catch let error as StoreError {
        throw CLIError(error.description)
      } catch {
        throw CLIError("\(to): cannot open the plan database (\(PlanStore.describe(error)))")
      }
      do {
        let moved = try await target.migrate(from: source)
        let c = moved.counts
        print(
          "migrated \(c.plans) plans, \(c.revisions) revisions, \(c.feeds) subscription links, \(c.approvals) approvals "
            + "and \(c.audit) audit events to \(to); read back byte for byte")
      } catch let error as StoreError {
        throw CLIError("\(to): \(error.description)")
      }
    }
  }
}

/// `taper backup`: a consistent copy of a live SQLite database.
struct BackupCommand: AsyncParsableCommand, HouseErrors {
  static let configuration = CommandConfiguration.backup

  @Option(help: "The folder of the plan database (taper serve's --data).") var data: String
  @Option(help: "The backup file to write (it must not exist).") var to: String

  func run() async throws {
    try await CLIError.reporting {
      guard !FileManager.default.fileExists(atPath: to) else { throw CLIError("\(to) exists: choose a new file") }
      let folder = URL(fileURLWithPath: data)
      guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("taper.sqlite").path) else {
        throw CLIError("\(data): no plan database (taper.sqlite) here")
      }
      let store = try PlanStore(folder: folder)
      // The copy holds patients' plans: its owner's only, from the first byte.
      let previous = umask(0o077)
      defer { umask(previous) }
      do {
        try store.backup(to: to)
      } catch {
        try? FileManager.default.removeItem(atPath: to)
        throw CLIError("\(to): the backup could not be written (\(error))")
      }
      let c = try await PlanStore(path: to).dump().counts
      print("backed up \(c.plans) plans, \(c.revisions) revisions and \(c.audit) audit events to \(to)")
    }
  }
}
