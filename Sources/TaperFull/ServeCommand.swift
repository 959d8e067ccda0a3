import ArgumentParser
import Foundation
import TaperCLI
import TaperCore
import TaperPlanFile
import TaperServer

/// `taper serve`: the clinician web page and the calendar feeds, until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand, HouseErrors {
  static let configuration = CommandConfiguration.serve

  @Option(help: "The address to listen on.") var host = "127.0.0.1"
  @Option(help: "The port to listen on.") var port = 8080
  @Option(help: "The folder for the plan database (default: $XDG_DATA_HOME/taper or ~/.local/share/taper).")
  var data: String?
  @Option(
    help: """
      The database: postgres://USER@HOST:PORT/DATABASE for PostgreSQL (several processes on one database; the \
      password from --database-password-file or PGPASSWORD). Default: SQLite in --data.
      """)
  var database: String?
  @Option(help: "A file holding the PostgreSQL password, readable by its owner only.")
  var databasePasswordFile: String?
  @Option(
    help: "A file holding the access token pages require, readable by its owner only (needed for a non-loopback --host; without it a new token is made at every start and its sign-in link printed).")
  var accessTokenFile: String?
  @Option(
    help: """
      The address patients' calendars reach this server at, e.g. https://taper.example.org behind a TLS proxy \
      (default: the address the page was opened at).
      """)
  var publicURL: String?
  @Option(help: "The hospital's OpenID Connect issuer URL (https), for sign-in through its identity provider.")
  var oidcIssuer: String?
  @Option(help: "This server's client id at the identity provider (with --oidc-issuer).") var oidcClientId: String?
  @Option(help: "A file holding the client secret, readable by its owner only (a confidential client).")
  var oidcClientSecretFile: String?
  @Option(help: "The ID-token claim listing a person's roles: prescriber, pharmacist, nurse, admin.")
  var oidcRoleClaim = "roles"
  @Option(
    help: """
      The address of a reverse proxy whose X-Forwarded-For names the client, for the audit log and sign-in limits \
      (repeatable; e.g. 127.0.0.1 for nginx on this machine).
      """)
  var trustedProxy: [String] = []
  @Option(
    name: .customLong("import"),
    help: "A plan file to save as a new plan on start (skipped if its id exists; repeatable).")
  var imports: [String] = []

  func validate() throws {
    if (oidcIssuer == nil) != (oidcClientId == nil) {
      throw ValidationError("--oidc-issuer and --oidc-client-id go together: give both, or neither.")
    }
    if let oidcIssuer, let url = URL(string: oidcIssuer), let scheme = url.scheme, let host = url.host {
      if scheme != "https" && !(scheme == "http" && ServerSettings.isLoopback(host)) {
        throw ValidationError("--oidc-issuer must be an https:// address (http only on this machine), not \(oidcIssuer).")
      }
    } else if let oidcIssuer {
      throw ValidationError("--oidc-issuer must be the provider's issuer URL, not \(oidcIssuer).")
    }
    if !ServerSettings.isLoopback(host) && accessTokenFile == nil && oidcIssuer == nil {
      throw ValidationError(
        "--host \(host) is not a loopback address: give --access-token-file so that only you can open the pages.")
    }
    if let publicURL, !(publicURL.hasPrefix("https://") || publicURL.hasPrefix("http://")) {
      throw ValidationError("--public-url must start with https:// (or http://), not \(publicURL).")
    }
    // Feed links carry their secret in the URL, and the sign-in its cookie: off this machine, only over TLS —
    // whether the server listens off loopback or is reached through a proxy at a public name.
    if let publicURL, publicURL.hasPrefix("http://"),
      !(URL(string: publicURL)?.host.map(ServerSettings.isLoopback) ?? false)
    {
      throw ValidationError(
        "--public-url \(publicURL) is reached off this machine: it must be https:// (the address behind your TLS proxy).")
    }
    if !ServerSettings.isLoopback(host), publicURL?.hasPrefix("https://") != true {
      throw ValidationError(
        "--host \(host) is not a loopback address: give --public-url https://… (the address behind your TLS proxy), "
          + "so that feed links are never sent in clear text.")
    }
    guard (1...65_535).contains(port) else { throw ValidationError("--port must be 1 to 65535, not \(port).") }
  }

  func run() async throws {
    try await CLIError.reporting {
      // Always a credential, loopback included: the token file's, or a new one whose sign-in link is printed.
      // With an identity provider, the access token only when a file gives one.
      let given = try readSecret(accessTokenFile, what: "access token", minimum: 32)
      let token = given ?? (oidcIssuer == nil ? Secrets.newAccessToken() : nil)
      let oidc = try oidcIssuer.map { issuer in
        OIDCSettings(
          issuer: issuer, clientID: oidcClientId ?? "",
          clientSecret: try readSecret(oidcClientSecretFile, what: "client secret", minimum: 1), roleClaim: oidcRoleClaim)
      }
      var settings = ServerSettings(
        host: host, port: port, accessToken: token, version: TaperVersion.string, publicURL: publicURL, oidc: oidc)
      settings.trustedProxies = Set(trustedProxy)
      let folder = data.map { URL(fileURLWithPath: $0) } ?? Self.defaultDataFolder
      let store = try await openStore(folder: folder)
      for file in imports {
        let text = try PlanInput.readText(file)
        do {
          let plan = try await PlanImport.save(
            text: text, fileName: file, into: store, author: "taper serve --import",
            note: "imported from \(URL(fileURLWithPath: file).lastPathComponent)", now: settings.now(),
            audit: AuditEvent(
              time: settings.now(), action: .planCreated,
              identity: Identity(subject: "taper-serve", name: "taper serve --import", roles: [], method: "cli"),
              address: "local", detail: "imported at start"))
          Self.say("imported \(file) as plan \(plan.id)")
        } catch let error as StoreError {
          Self.say("skipped \(file): \(error)")
        } catch let error as PlanFileError {
          // The findings as `taper check` prints them, each already `error: FILE:LINE: …`.
          Console.report(error.diagnostics)
          throw ExitCode(1)
        }
      }
      let address = settings.publicURL ?? "http://\(settings.host.contains(":") ? "[\(settings.host)]" : settings.host):\(settings.port)"
      let place = database.map { "PostgreSQL \($0)" } ?? folder.path
      Self.say("Taper is serving \(address)/ (plans in \(place)); Ctrl-C stops it.")
      if let oidcIssuer {
        Self.say("Sign in at \(address)/login with your hospital account (\(oidcIssuer)).")
      }
      if given == nil, let token {
        Self.say("Sign in (this link holds a new secret; it works until the server stops): \(address)/login?token=\(token)")
      } else if given != nil {
        Self.say("Sign in at \(address)/login with the token in \(accessTokenFile ?? "the token file").")
      }
      do {
        try await WebServer.run(store: store, settings: settings)
      } catch {
        // NIO's bind error reads "bind(descriptor:ptr:bytes:): Address already in use) (errno: 98)".
        let text = "\(error)"
        throw CLIError(
          text.contains("Address already in use")
            ? "\(settings.host):\(settings.port) is already in use (another server is listening there): choose another --port"
            : "cannot serve on \(settings.host):\(settings.port): \(text)")
      }
    }
  }

  /// The store: PostgreSQL at `--database`, else SQLite in `folder`.
  func openStore(folder: URL) async throws -> PlanStore {
    if let database {
      let password =
        try readSecret(databasePasswordFile, what: "database password", minimum: 1)
        ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
      let settings: PostgresSettings
      do {
        settings = try PostgresSettings(url: database, password: password)
      } catch {
        throw CLIError(error.description)
      }
      do {
        return try await PlanStore.postgres(settings)
      } catch {
        throw CLIError("\(database): cannot open the plan database (\(PlanStore.describe(error)))")
      }
    }
    do {
      return try PlanStore(folder: folder)
    } catch {
      let reason = (error as NSError).domain == NSCocoaErrorDomain ? (error as NSError).localizedDescription : "\(error)"
      throw CLIError("\(folder.path): cannot open the plan database (\(reason))")
    }
  }

  /// A secret from a file (the access token, the client secret), trimmed; `nil` without the option.
  func readSecret(_ file: String?, what: String, minimum: Int) throws -> String? {
    try Self.readSecretFile(file, what: what, minimum: minimum)
  }

  /// A secret from a file readable by its owner only, trimmed; `nil` without the option.
  static func readSecretFile(_ file: String?, what: String, minimum: Int = 1) throws -> String? {
    guard let accessTokenFile = file else { return nil }
    // A token others can read is no secret.
    if let mode = (try? FileManager.default.attributesOfItem(atPath: accessTokenFile))?[.posixPermissions] as? Int,
      mode & 0o077 != 0
    {
      throw CLIError(
        "\(accessTokenFile): readable by others (mode \(String(mode & 0o777, radix: 8))): chmod 600 \(accessTokenFile)")
    }
    guard let text = try? String(contentsOfFile: accessTokenFile, encoding: .utf8) else {
      throw CLIError("\(accessTokenFile): cannot be read")
    }
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard trimmed.count >= minimum else {
      throw CLIError("\(accessTokenFile): the \(what) must be at least \(minimum) characters (openssl rand -hex 32)")
    }
    return trimmed
  }

  /// Writes a line to standard output at once (not buffered: the log of a long-running server).
  static func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
  }

  static var defaultDataFolder: URL {
    let environment = ProcessInfo.processInfo.environment
    if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
      return URL(fileURLWithPath: xdg).appendingPathComponent("taper")
    }
    return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share/taper")
  }
}
