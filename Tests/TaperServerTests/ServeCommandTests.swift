import Foundation
import Hummingbird
import HummingbirdTesting
import TaperTestSupport
import Testing

@testable import TaperServer

/// `taper serve` as a process: loopback by default, refusing other addresses without a token, and keeping
/// what was saved when it is killed.
@Suite(.serialized) struct ServeCommandTests {
  static var binary: String? {
    let path = Fixtures.taperBinary.path
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
  }

  static func freePort() -> Int {
    // The kernel picks a free port for a socket bound to port 0.
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  @Test(.enabled(if: binary != nil, "the taper binary is not built"))
  func refusesANonLoopbackAddressWithoutAToken() async throws {
    let (status, output) = try await LiveClientTests.running(Self.binary!, ["serve", "--host", "0.0.0.0", "--port", "1"])
    #expect(status == 64)
    #expect(output.contains("--access-token-file"))
  }

  @Test(.enabled(if: binary != nil, "the taper binary is not built"))
  func aPublicAddressOffThisMachineMustBeHTTPS() async throws {
    // On loopback behind a plain-http proxy or tunnel: cookies and feed links would cross the network in clear.
    let (status, output) = try await LiveClientTests.running(
      Self.binary!, ["serve", "--port", "1", "--public-url", "http://taper.hospital.example"])
    #expect(status == 64)
    #expect(output.contains("must be https://"))
    let (issuerStatus, issuerOutput) = try await LiveClientTests.running(
      Self.binary!, ["serve", "--port", "1", "--oidc-issuer", "http://login.hospital.example", "--oidc-client-id", "t"])
    #expect(issuerStatus == 64)
    #expect(issuerOutput.contains("--oidc-issuer must be an https:// address"))
  }

  @Test(.enabled(if: binary != nil, "the taper binary is not built"))
  func aBadOptionValueIsReportedInTheHouseFormat() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taper-serve-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let short = folder.appendingPathComponent("token").path
    try Data("too-short\n".utf8).write(to: URL(fileURLWithPath: short))
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: short)
    // A token file others can read is refused: the token is no secret then.
    let open = folder.appendingPathComponent("open-token").path
    try Data(String(repeating: "a", count: 40).utf8).write(to: URL(fileURLWithPath: open))
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: open)
    for (file, message) in [
      (folder.appendingPathComponent("missing").path, "cannot be read"),
      (short, "the access token must be at least 32 characters (openssl rand -hex 32)"),
      (open, "readable by others (mode 644): chmod 600 \(open)"),
    ] {
      let (status, output) = try await LiveClientTests.running(
        Self.binary!, ["serve", "--port", "1", "--data", folder.path, "--access-token-file", file])
      #expect(status == 1)
      #expect(output == "error: \(file): \(message)\n")
    }
    // A refused --import file is reported as `taper check` reports it, and the server does not start.
    let plan = folder.appendingPathComponent(".plan1.yaml").path
    try Data(try Fixtures.text("invalid/leading-dot-id.yaml").utf8).write(to: URL(fileURLWithPath: plan))
    let (status, output) = try await LiveClientTests.running(
      Self.binary!, ["serve", "--port", "1", "--data", folder.path, "--import", plan])
    #expect(status == 1)
    #expect(output.hasPrefix("error: \(plan):2: plan.id: '.plan1' is not a valid plan id"))
    #expect(!output.contains("Error:") && !output.contains("serving"))
  }

  @Test(.enabled(if: binary != nil, "the taper binary is not built"))
  func aKilledServerKeepsWhatWasSaved() async throws {
    let data = FileManager.default.temporaryDirectory.appendingPathComponent("taper-kill-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    let tokenFile = data.appendingPathComponent("token")
    try Data(testToken.utf8).write(to: tokenFile)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: tokenFile.path)
    let port = Self.freePort()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.binary!)
    process.arguments = [
      "serve", "--port", "\(port)", "--data", data.appendingPathComponent("db").path, "--access-token-file",
      tokenFile.path, "--import", Fixtures.url("plans/severe.yaml").path,
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    // Wait until it answers, then save a feed through the page, then kill it without warning.
    var up = false
    for _ in 0..<100 where !up {
      up = (try? await LiveClientTests.running("/usr/bin/curl", ["-fs", "-o", "/dev/null", "http://127.0.0.1:\(port)/login"]).0) == 0
      if !up { try await Task.sleep(for: .milliseconds(100)) }
    }
    #expect(up)
    let jar = data.appendingPathComponent("jar").path
    // The sign-in link, then the page with the session cookie, then the form from this server's origin.
    _ = try await LiveClientTests.running("/usr/bin/curl", ["-fs", "-c", jar, "http://127.0.0.1:\(port)/login?token=\(testToken)"])
    let (_, page) = try await LiveClientTests.running(
      "/usr/bin/curl", ["-fs", "-b", jar, "http://127.0.0.1:\(port)/plans/demo-severe-001"])
    let csrf = try #require(page.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/)).1
    let (status, _) = try await LiveClientTests.running(
      "/usr/bin/curl",
      ["-fs", "-b", jar, "-H", "Origin: http://127.0.0.1:\(port)", "--data", "csrf=\(csrf)",
       "http://127.0.0.1:\(port)/plans/demo-severe-001/feeds"])
    #expect(status == 0)
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    let store = try PlanStore(folder: data.appendingPathComponent("db"))
    #expect(try await store.revisions(planID: "demo-severe-001").count == 1)
    #expect(try await store.feeds(planID: "demo-severe-001").count == 1)
  }
}

/// The feed of a revised plan passes the calendar work's own checks: `taper verify` (every dose of the plan
/// file is in the feed) and the independent python lint.
@Suite struct FeedCheckTests {
  static var python: String? {
    let path = Fixtures.root.appendingPathComponent(".venv/bin/python").path
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
  }

  @Test(.enabled(if: ServeCommandTests.binary != nil, "the taper binary is not built"))
  func revisedFeedVerifiesAgainstItsPlanFile() async throws {
    let store = try makeStore()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taper-feedcheck-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try await Application(router: makeRouter(store)).test(.router) { client in
      var session = Session()
      let id = try await createPlan(client, &session)
      let token = try await subscribe(client, &session, planID: id)
      let saved = try await session.post(
        client, "/plans/\(id)/revisions",
        nonSevereForm(omeprazole: "40 mg", azathioprine: "25") + revisionFields() + [("base", "1")])
      #expect(saved.status == .seeOther)
      let feed = try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: signedIn).text
      let plan = try await client.execute(uri: "/plans/\(id)/revisions/2/plan.yaml", method: .get, headers: signedIn).text
      let ics = folder.appendingPathComponent("feed.ics")
      let yaml = folder.appendingPathComponent("plan.yaml")
      try Data(feed.utf8).write(to: ics)
      try Data(plan.utf8).write(to: yaml)
      let (status, output) = try await LiveClientTests.running(ServeCommandTests.binary!, ["verify", ics.path, yaml.path])
      #expect(status == 0, "\(output)")
      #expect(output.contains("ok: "))
      if let python = Self.python {
        let script = Fixtures.root.appendingPathComponent("tools/ics/check.py").path
        let (lint, report) = try await LiveClientTests.running(python, [script, "lint", ics.path])
        #expect(lint == 0, "\(report)")
      }
    }
  }
}
