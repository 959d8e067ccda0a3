import Foundation
import TaperTestSupport
import Testing

@testable import TaperServer

/// Two `taper serve` processes on one PostgreSQL, with Debian's nginx in front as the one address
/// (`tools/web/nginx-taper.conf`): what one saves the other serves; a session opened on one acts on the other;
/// 50 rounds of two concurrent revisions (one to each process) save exactly one each; a feed is byte-identical
/// with the same ETag from either and never stale; `kill -9` of one in a burst of saves loses nothing
/// acknowledged while the other keeps serving.
@Suite(
  .serialized,
  .enabled(
    if: TestPostgres.installed && FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx")
      && ServeCommandTests.binary != nil,
    "needs PostgreSQL and nginx (bash scripts/setup) and the taper binary"))
struct TwoProcessTests {
  static let plan = "demo-specialist-004"

  /// One HTTP exchange through curl: the status and the body (and the ETag header).
  struct Answer: Sendable {
    var status: Int
    var body: String
    var etag: String
  }

  static func curl(_ url: String, _ extra: [String] = []) async throws -> Answer {
    let folder = FileManager.default.temporaryDirectory
    let body = folder.appendingPathComponent("taper-curl-\(UUID().uuidString)")
    let headers = folder.appendingPathComponent("taper-curl-\(UUID().uuidString)")
    defer {
      try? FileManager.default.removeItem(at: body)
      try? FileManager.default.removeItem(at: headers)
    }
    let arguments = ["-s", "-o", body.path, "-D", headers.path, "-w", "%{http_code}", "--max-time", "60"] + extra + [url]
    let (_, code) = try await Task.detached { try await LiveClientTests.running("/usr/bin/curl", arguments) }.value
    let head = (try? String(contentsOf: headers, encoding: .utf8)) ?? ""
    let etag =
      head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("etag:") }.map {
        String($0.dropFirst(5)).trimmingCharacters(in: .whitespaces)
      } ?? ""
    return Answer(status: Int(code) ?? 0, body: (try? String(contentsOf: body, encoding: .utf8)) ?? "", etag: etag)
  }

  /// A process of `taper serve` on `port`.
  static func serve(port: Int, database: String, passwordFile: URL, token: URL, base: String, log: URL) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ServeCommandTests.binary!)
    process.arguments = [
      "serve", "--port", "\(port)", "--database", database, "--database-password-file", passwordFile.path,
      "--access-token-file", token.path, "--public-url", base, "--trusted-proxy", "127.0.0.1",
      "--import", Fixtures.url("plans/specialist.yaml").path,
    ]
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    return process
  }

  static func waitUntilUp(_ url: String) async throws -> Bool {
    for _ in 0..<200 {
      if (try? await curl(url))?.status == 200 { return true }
      try await Task.sleep(for: .milliseconds(100))
    }
    return false
  }

  /// The plan file of revision `base` with one more revision: omeprazole 20 or 40 mg from a later day.
  static func revised(_ text: String, round: Int) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let start = calendar.date(from: DateComponents(year: 2027, month: 5, day: 3))!
    let day = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: round, to: start)!)
    let date = String(format: "%04d-%02d-%02d", day.year!, day.month!, day.day!)
    return text + (text.contains("\nrevisions:\n") ? "" : "revisions:\n") + """
        - from: \(date)
          written: 2026-11-01
          reason: round \(round)
          medications:
            - drug: other
              name: omeprazole
              dose: "\(round % 2 == 0 ? 40 : 20) mg"
              times: ["08:00"]

      """
  }

  @Test func twoProcessesBehindNginxShareOnePostgreSQL() async throws {
    let cluster = try await TestPostgres.shared.start()
    let name = "two_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    try await TestPostgres.psql(cluster, "CREATE DATABASE \(name)")
    let database = cluster.url(String(name))
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("taper-two-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    let token = work.appendingPathComponent("token")
    try Data(testToken.utf8).write(to: token)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: token.path)
    let (portA, portB, front) = (ServeCommandTests.freePort(), ServeCommandTests.freePort(), ServeCommandTests.freePort())
    let base = "http://127.0.0.1:\(front)"
    let a = try Self.serve(
      port: portA, database: database, passwordFile: cluster.passwordFile, token: token, base: base,
      log: work.appendingPathComponent("a.log"))
    defer { if a.isRunning { kill(a.processIdentifier, SIGKILL) } }
    try #require(try await Self.waitUntilUp("http://127.0.0.1:\(portA)/login"))
    let b = try Self.serve(
      port: portB, database: database, passwordFile: cluster.passwordFile, token: token, base: base,
      log: work.appendingPathComponent("b.log"))
    defer { if b.isRunning { kill(b.processIdentifier, SIGKILL) } }
    try #require(try await Self.waitUntilUp("http://127.0.0.1:\(portB)/login"))
    #expect(((try? String(contentsOf: work.appendingPathComponent("b.log"), encoding: .utf8)) ?? "").contains("skipped"))

    // nginx in front, as the one address.
    let prefix = work.appendingPathComponent("nginx")
    try FileManager.default.createDirectory(at: prefix, withIntermediateDirectories: true)
    // nginx's workers (nobody, under root) write request bodies larger than their buffer (the plan files of
    // the burst below) into the prefix: the folders must let them in.
    for folder in [work, prefix] { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
    let template = try String(contentsOf: Fixtures.root.appendingPathComponent("tools/web/nginx-taper.conf"), encoding: .utf8)
    let conf = template.replacingOccurrences(of: "@PREFIX@", with: prefix.path)
      .replacingOccurrences(of: "@LISTEN@", with: "127.0.0.1:\(front)")
      .replacingOccurrences(
        of: "@UPSTREAMS@",
        with: "server 127.0.0.1:\(portA) max_fails=1 fail_timeout=10s;\n    server 127.0.0.1:\(portB) max_fails=1 fail_timeout=10s;")
    let confFile = prefix.appendingPathComponent("nginx.conf")
    try conf.write(to: confFile, atomically: true, encoding: .utf8)
    let nginx = Process()
    nginx.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
    nginx.arguments = ["-p", prefix.path, "-c", confFile.path, "-g", "daemon off;"]
    let nginxLog = prefix.appendingPathComponent("stderr.log")
    _ = FileManager.default.createFile(atPath: nginxLog.path, contents: nil)
    nginx.standardOutput = try FileHandle(forWritingTo: nginxLog)
    nginx.standardError = try FileHandle(forWritingTo: nginxLog)
    try nginx.run()
    defer {
      nginx.terminate()
      nginx.waitUntilExit()
    }
    let nginxUp = try await Self.waitUntilUp(base + "/login")
    try #require(
      nginxUp,
      "nginx: \((try? String(contentsOf: nginxLog, encoding: .utf8)) ?? "") \((try? String(contentsOf: prefix.appendingPathComponent("error.log"), encoding: .utf8)) ?? "")")

    let bearer = ["-H", "Authorization: Bearer \(testToken)"]
    let urlA = "http://127.0.0.1:\(portA)"
    let urlB = "http://127.0.0.1:\(portB)"

    // A session opened on A acts on B: sign in through A, read the page's token from B, revise through B.
    let jar = work.appendingPathComponent("jar").path
    _ = try await Self.curl(urlA + "/login?token=\(testToken)", ["-c", jar])
    let page = try await Self.curl(urlB + "/plans/\(Self.plan)", ["-b", jar])
    #expect(page.status == 200)
    let csrf = try #require(page.body.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/)).1
    let stored = try await Self.curl(urlB + "/plans/\(Self.plan)/revisions/1/plan.yaml", bearer)
    let first = work.appendingPathComponent("r2.yaml")
    try Self.revised(stored.body, round: 0).write(to: first, atomically: true, encoding: .utf8)
    let saved = try await Self.curl(
      urlB + "/plans/\(Self.plan)/revisions",
      ["-b", jar, "-H", "Origin: \(urlB)", "--data-urlencode", "csrf=\(csrf)", "-d", "mode=file", "-d", "base=1",
       "--data-urlencode", "plan_file@\(first.path)"])
    #expect(saved.status == 303, "\(saved.body.prefix(500))")
    // …and A serves it at once (a cached page or feed is never older than an acknowledged revision).
    #expect(try await Self.curl(urlA + "/plans/\(Self.plan)", bearer).body.contains("revision 2 of 2"))

    // A feed made on A: the same bytes and ETag from A, B and nginx, at every revision.
    let made = try await Self.curl(urlA + "/plans/\(Self.plan)/feeds", bearer + ["-X", "POST"])
    let feedToken = try #require(made.body.firstMatch(of: /\/feeds\/([0-9a-f]{32})\.ics/)).1
    func feeds() async throws -> [Answer] {
      var out: [Answer] = []
      for url in [urlA, urlB, base] { out.append(try await Self.curl(url + "/feeds/\(feedToken).ics")) }
      return out
    }
    var served = try await feeds()
    #expect(served.allSatisfy { $0.status == 200 && $0.body == served[0].body && $0.etag == served[0].etag && !$0.etag.isEmpty })
    #expect(served[0].body.contains("SEQUENCE:2"))

    // 50 rounds: two revisions from the same base, one to each process at once; exactly one is saved.
    var latest = 2
    for round in 1...50 {
      let text = try await Self.curl(urlA + "/plans/\(Self.plan)/revisions/\(latest)/plan.yaml", bearer).body
      let file = work.appendingPathComponent("round-\(round).yaml")
      try Self.revised(text, round: round).write(to: file, atomically: true, encoding: .utf8)
      let form = bearer + ["-d", "mode=file", "-d", "base=\(latest)", "--data-urlencode", "plan_file@\(file.path)"]
      async let one = Self.curl(urlA + "/plans/\(Self.plan)/revisions", form)
      async let two = Self.curl(urlB + "/plans/\(Self.plan)/revisions", form)
      let statuses = try await [one.status, two.status].sorted()
      #expect(statuses == [303, 409], "round \(round): \(statuses)")
      latest += 1
    }
    let store = try await PlanStore.postgres(PostgresSettings(url: database, password: TestPostgres.password))
    #expect(try await store.revisions(planID: Self.plan).map(\.number) == Array(1...latest))
    served = try await feeds()
    #expect(served.allSatisfy { $0.body == served[0].body && $0.etag == served[0].etag })
    #expect(served[0].body.contains("SEQUENCE:\(latest)"))

    // A burst of saves through nginx, one after another; A is killed in the middle. Every save acknowledged
    // is in the database, and B (through nginx) keeps serving.
    var acknowledged: [Int] = []
    var answers: [String] = []
    for i in 0..<12 {
      if i == 5 { kill(a.processIdentifier, SIGKILL) }
      let got = try await Self.curl(base + "/plans/\(Self.plan)/revisions/\(latest)/plan.yaml", bearer)
      let text = got.body
      guard !text.isEmpty else {
        answers.append("\(i): GET \(got.status) empty")
        continue
      }
      let file = work.appendingPathComponent("burst-\(i).yaml")
      try Self.revised(text, round: 51 + i).write(to: file, atomically: true, encoding: .utf8)
      let answer = try await Self.curl(
        base + "/plans/\(Self.plan)/revisions",
        bearer + ["-d", "mode=file", "-d", "base=\(latest)", "--data-urlencode", "plan_file@\(file.path)"])
      if answer.status == 303 {
        latest += 1
        acknowledged.append(latest)
      } else {
        answers.append("\(i): POST \(answer.status) \(answer.body.prefix(300))")
      }
    }
    #expect(acknowledged.count >= 10, "B took over: \(acknowledged); refused: \(answers)")
    let numbers = try await store.revisions(planID: Self.plan).map(\.number)
    for n in acknowledged { #expect(numbers.contains(n), "revision \(n) was acknowledged") }
    #expect(try await Self.curl(base + "/plans/\(Self.plan)", bearer).status == 200)
    #expect(try await Self.curl(urlB + "/feeds/\(feedToken).ics").body.contains("SEQUENCE:\(latest)"))
  }
}
