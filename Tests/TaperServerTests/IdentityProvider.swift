import Foundation
#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import TaperTestSupport
import Testing

@testable import TaperServer

/// The tests' OpenID Connect provider: nanoidp (`tools/web/idp.py`, from `.venv-idp`) on a free loopback port,
/// started once for the test process and stopped with it (idp.py stops the provider when its parent is gone).
/// Its users are `prescriber`, `pharmacist`, `nurse`, `admin` (one Taper role each) and `visitor` (none); each
/// password is the name followed by `-pw`.
actor TestIdentityProvider {
  static let python = Fixtures.root.appendingPathComponent(".venv-idp/bin/python").path
  static let script = Fixtures.root.appendingPathComponent("tools/web/idp.py").path
  static var installed: Bool { FileManager.default.isExecutableFile(atPath: python) }
  static let clientSecret = "taper-test-client-secret-0123456789"
  /// The address the router tests' server calls itself (`ServerSettings` with its default host and port).
  static let routerBase = "http://127.0.0.1:8080"

  struct Running: Sendable {
    var issuer: String
    var folder: URL
    var pid: Int32
    /// A free port registered for a live server's callback (the browser test).
    var livePort: Int
    var signingKeyPEM: String { (try? String(contentsOf: folder.appendingPathComponent("config/keys/rsa_private.pem"), encoding: .utf8)) ?? "" }
    var keyID: String {
      ((try? String(contentsOf: folder.appendingPathComponent("config/keys/kid.txt"), encoding: .utf8)) ?? "")
        .trimmingCharacters(in: .whitespacesAndNewlines)
    }
  }

  static let shared = TestIdentityProvider()
  private var running: Running?

  /// The provider, started on first use.
  func start() async throws -> Running {
    if let running { return running }
    let port = ServeCommandTests.freePort()
    let livePort = ServeCommandTests.freePort()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taper-idp-\(UUID().uuidString)")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.python)
    process.arguments = [
      Self.script, "serve", "--dir", folder.path, "--port", String(port), "--secret", Self.clientSecret,
      "--redirect", "\(Self.routerBase)/login/oidc/callback",
      "--redirect", "http://127.0.0.1:\(livePort)/login/oidc/callback",
    ]
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let issuer = "http://127.0.0.1:\(port)"
    // Ready when its discovery document answers (nanoidp starts in one to three seconds). Counted in tries, not
    // by the clock: while the fuzzer holds both cores, this task may not run for minutes, though nanoidp is up.
    for _ in 0..<600 {
      if let url = URL(string: issuer + "/.well-known/openid-configuration"),
        let (_, response) = try? await URLSession.shared.data(from: url),
        (response as? HTTPURLResponse)?.statusCode == 200
      {
        let started = Running(issuer: issuer, folder: folder, pid: process.processIdentifier, livePort: livePort)
        running = started
        return started
      }
      guard process.isRunning else { break }
      try await Task.sleep(for: .milliseconds(200))
    }
    process.terminate()
    let log = (try? String(contentsOf: folder.appendingPathComponent("nanoidp.log"), encoding: .utf8)) ?? ""
    throw TestServerFailed(log: "nanoidp did not start:\n" + String(log.suffix(3000)))
  }



  /// The server settings of a router test signing in through the provider: no access token, the real clock
  /// (the provider's tokens carry today's times).
  static func settings(_ provider: Running, base: String = routerBase, token: String? = nil) -> ServerSettings {
    let url = URL(string: base)!
    return ServerSettings(
      host: url.host ?? "127.0.0.1", port: url.port ?? 8080, accessToken: token, version: "test",
      oidc: OIDCSettings(issuer: provider.issuer, clientID: "taper", clientSecret: clientSecret))
  }

  /// Signs `user` in at the provider's page as a browser would and returns the callback URL it redirects to.
  static func login(url: String, user: String, password: String? = nil) async throws -> String {
    let (status, output) = try await LiveClientTests.running(
      python, [script, "login", "--url", url, "--user", user, "--password", password ?? "\(user)-pw"], timeout: 60)
    guard status == 0, let line = output.split(separator: "\n").last(where: { $0.hasPrefix("http") }) else {
      throw TestServerFailed(log: "login as \(user) failed (\(status)): \(output.prefix(2000))")
    }
    return String(line)
  }
}

/// What a provider sign-in through a router left behind.
struct ProviderSignIn {
  var callback: TestResponse
  var session: Session
  /// The callback's path and query, and the state cookie brought with it (to replay them).
  var callbackPath: String
  var stateCookie: String
}

/// Starts a provider sign-in at `/login/oidc`, signs `user` in at the provider, and brings the callback back
/// with the state cookie (or `stateCookie`, to test another browser's).
func signInThroughProvider(
  _ client: some TestClientProtocol, user: String, next: String = "/", stateCookie: String? = nil
) async throws -> ProviderSignIn {
  let start = try await client.execute(uri: "/login/oidc?next=\(next)", method: .get)
  #expect(start.status == .found)
  let location = try #require(start.headers[.location])
  let cookie = try #require(start.headers[values: .setCookie].first { $0.hasPrefix("taper_oidc_state=") })
  #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/login/oidc"))
  let callback = try await TestIdentityProvider.login(url: location, user: user)
  let base = TestIdentityProvider.routerBase
  try #require(callback.hasPrefix(base + "/login/oidc/callback?"), "\(callback)")
  let path = String(callback.dropFirst(base.count))
  let brought = stateCookie ?? String(cookie.split(separator: ";")[0])
  let back = try await client.execute(uri: path, method: .get, headers: [.cookie: brought])
  var session = Session()
  if let set = back.headers[values: .setCookie].first(where: { $0.hasPrefix("taper_session=") }) {
    session.cookie = String(set.split(separator: ";")[0])
  }
  return ProviderSignIn(callback: back, session: session, callbackPath: path, stateCookie: brought)
}

/// ID-token claims as a provider writes them, for tokens the tests forge.
struct ForgedClaims: JWTPayload {
  var iss: String
  var sub: String
  var aud: String
  var exp: Int64
  var iat: Int64
  var nonce: String
  var roles: [String]
  var name: String
  func verify(using algorithm: some JWTAlgorithm) throws {}
}

/// Signs `claims` with an RSA key in PEM under key id `kid`.
func forge(_ claims: ForgedClaims, pem: String, kid: String) async throws -> String {
  let keys = JWTKeyCollection()
  await keys.add(rsa: try Insecure.RSA.PrivateKey(pem: pem), digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid))
  return try await keys.sign(claims, kid: JWKIdentifier(string: kid))
}

/// A server a test starts (nanoidp, PostgreSQL) that did not start or answer, with its log.
struct TestServerFailed: Error, CustomStringConvertible {
  var log: String
  var description: String { log }
}
