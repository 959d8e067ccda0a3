import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TaperTestSupport
import Testing

@testable import TaperServer

/// The security review's attacks (`websec-2026-12.md`, H1, M1, M3, M5, L7) re-run against the server: each refused.
@Suite struct SecurityTests {
  @Test func noPageWithoutACredentialOnLoopbackToo() async throws {
    let store = try makeStore()
    try await Application(router: makeRouter(store)).test(.router) { client in
      for uri in ["/", "/plans/new", "/plans/x", "/plans/x/revisions/1/plan.yaml"] {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == .unauthorized, "\(uri)")
      }
      let page = try await client.execute(uri: "/", method: .get, headers: signedIn)
      #expect(page.status == .ok)
      // Feeds stay reachable by their own secret URL only.
      let feed = try await client.execute(uri: "/feeds/\(Secrets.newFeedToken()).ics", method: .get)
      #expect(feed.status == .notFound)
    }
  }

  /// DNS rebinding: a page whose name now points at 127.0.0.1 sends its own name as `Host`.
  @Test func aForeignHostNameGetsNothing() async throws {
    let store = try makeStore()
    let clock = TestClock()
    let router = WebServer.router(store: store, settings: ServerSettings(accessToken: testToken, version: "t", now: { clock.now() }))
    try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) {
      client in
      let port = try #require(client.port)
      func status(_ host: String, _ path: String = "/") async throws -> String {
        let (_, out) = try await LiveClientTests.running(
          "/usr/bin/curl",
          ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Host: \(host)", "-H", "Authorization: Bearer \(testToken)",
           "http://127.0.0.1:\(port)\(path)"])
        return out
      }
      #expect(try await status("attacker.example:\(port)") == "421")
      #expect(try await status("attacker.example", "/feeds/\(Secrets.newFeedToken()).ics") == "421")
      #expect(try await status("127.0.0.1.attacker.example") == "421")
      for host in ["127.0.0.1:\(port)", "localhost:\(port)", "[::1]:\(port)", "LOCALHOST"] {
        #expect(try await status(host) == "200", "\(host)")
      }
    }
  }

  @Test func aForgedCSRFPairOrAForeignOriginSavesNothing() async throws {
    let store = try makeStore()
    try await Application(router: makeRouter(store)).test(.router) { client in
      var session = Session()
      _ = try await session.open(client, "/plans/new")
      // The review's cookie-tossing pair: an equal cookie and field of the attacker's choosing.
      var headers = session.headers
      headers[.contentType] = "application/x-www-form-urlencoded"
      headers[.origin] = testOrigin
      headers[.cookie] = (session.cookie) + "; taper_csrf=x"
      let tossed = try await client.execute(
        uri: "/plans", method: .post, headers: headers,
        body: ByteBuffer(string: formBody([("csrf", "x")] + nonSevereForm())))
      #expect(tossed.status == .forbidden)
      // The right token from another site's page.
      headers[.cookie] = session.cookie
      headers[.origin] = "http://127.0.0.1.attacker.example"
      let foreign = try await client.execute(
        uri: "/plans", method: .post, headers: headers,
        body: ByteBuffer(string: formBody([("csrf", session.csrf)] + nonSevereForm())))
      #expect(foreign.status == .forbidden)
      // No Origin and no Referer: refused too.
      headers[.origin] = nil
      let bare = try await client.execute(
        uri: "/plans", method: .post, headers: headers,
        body: ByteBuffer(string: formBody([("csrf", session.csrf)] + nonSevereForm())))
      #expect(bare.status == .forbidden)
      #expect(try await store.plans().isEmpty)
      // The same form from this server's page is saved.
      #expect(try await session.post(client, "/plans", nonSevereForm()).status == .seeOther)
      #expect(try await store.plans().count == 1)
    }
  }

  @Test func signOutEndsTheSessionAndSignInIsRateLimited() async throws {
    let store = try makeStore()
    // A clock that stands still: every attempt falls in one window.
    let router = WebServer.router(
      store: store, settings: ServerSettings(accessToken: testToken, version: "t", now: { 1_793_523_600 }))
    try await Application(router: router).test(.router) { client in
      var session = Session()
      _ = try await session.open(client, "/")
      let out = try await session.post(client, "/logout", [])
      #expect(out.status == .seeOther)
      #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
      #expect(try await client.execute(uri: "/", method: .get, headers: session.headers).status == .unauthorized)
      // Ten wrong tokens, then even the right one waits (right ones are not counted: a ward behind one proxy
      // address signs in all day).
      let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .origin: testOrigin]
      for _ in 0..<ServerSecurity.attemptLimit {
        let wrong = try await client.execute(
          uri: "/login", method: .post, headers: form, body: ByteBuffer(string: formBody([("token", "wrong")])))
        #expect(wrong.status == .unauthorized)
      }
      let limited = try await client.execute(
        uri: "/login", method: .post, headers: form, body: ByteBuffer(string: formBody([("token", testToken)])))
      #expect(limited.status == .tooManyRequests)
    }
  }

  @Test func theSignInLinkGoesOnlyToAPathOfThisServer() async throws {
    let store = try makeStore()
    try await Application(router: makeRouter(store)).test(.router) { client in
      let local = try await client.execute(uri: "/login?token=\(testToken)&next=/plans/new", method: .get)
      #expect(local.status == .seeOther && local.headers[.location] == "/plans/new")
      let away = try await client.execute(uri: "/login?token=\(testToken)&next=//evil.example/", method: .get)
      #expect(away.headers[.location] == "/")
      // Browsers drop a tab or a new line from a URL: `/\t/evil.example` would be `//evil.example`.
      for trick in ["/%09/evil.example/", "/%0A/evil.example/", "/%5Cevil.example/", "https://evil.example/"] {
        let tricked = try await client.execute(uri: "/login?token=\(testToken)&next=\(trick)", method: .get)
        #expect(tricked.headers[.location] == "/", "\(trick)")
      }
    }
  }

  @Test func feedLinksComeFromTheServersAddressNotTheRequestsHost() async throws {
    let store = try makeStore()
    try await Application(router: makeRouter(store)).test(.router) { client in
      var session = Session()
      let id = try await createPlan(client, &session)
      _ = try await session.open(client, "/plans/\(id)")
      // The test client names itself `localhost`; the link is the server's own address.
      let page = try await session.post(client, "/plans/\(id)/feeds", []).text
      #expect(page.contains("http://127.0.0.1:8080/feeds/"))
      #expect(!page.contains("http://localhost"))
    }
  }

  @Test func theDatabaseIsItsOwnersOnly() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taper-perm-\(UUID().uuidString)")
    let store = try PlanStore(folder: folder)
    let mode = { (path: String) in
      ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int ?? 0) & 0o777
    }
    #expect(mode(folder.path) == 0o700)
    #expect(mode(store.path ?? "") == 0o600)
  }

  /// Behind a trusted proxy the client is the address the proxy adds last to `X-Forwarded-For`; from any other
  /// peer the header is the client's own words and is ignored.
  @Test func aTrustedProxyNamesTheClientAndNoOneElseDoes() async throws {
    for trusted in [true, false] {
      let store = try makeStore()
      let audit = AuditLog(store: store)
      var settings = ServerSettings(accessToken: testToken, version: "t")
      if trusted { settings.trustedProxies = ["127.0.0.1"] }
      let router = WebServer.router(store: store, settings: settings, audit: audit)
      try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) {
        client in
        let wrong = try await client.execute(
          uri: "/login", method: .post,
          headers: [
            .contentType: "application/x-www-form-urlencoded", .origin: testOrigin,
            HTTPField.Name("X-Forwarded-For")!: "10.1.2.3, 10.9.8.7",
          ],
          body: ByteBuffer(string: formBody([("token", "wrong")])))
        #expect(wrong.status == .unauthorized)
      }
      try await audit.flush()
      let event = try #require(try await store.auditEvents().first { $0.action == .signIn })
      #expect(event.address == (trusted ? "10.9.8.7" : "127.0.0.1"), "trusted: \(trusted)")
    }
  }

  /// L6: loopback is four numeric octets under 127 (or ::1, localhost), never a name that starts like one.
  @Test func onlyARealLoopbackAddressIsLoopback() {
    for host in ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"] { #expect(ServerSettings.isLoopback(host), "\(host)") }
    for host in ["127.attacker.invalid", "127.0.0.1.evil.example", "1270.0.0.1", "127.0.0.256", "127.0.0", "0.0.0.0", "::"] {
      #expect(!ServerSettings.isLoopback(host), "\(host)")
    }
  }

  /// L8: a feed's HEAD answers the length its GET sends, with the same ETag, and that ETag gives 304.
  @Test func headAndConditionalRequestsOfAFeedAgreeWithItsGet() async throws {
    let store = try makeStore()
    try await Application(router: makeRouter(store)).test(.router) { client in
      var session = Session()
      let id = try await createPlan(client, &session)
      let token = try await subscribe(client, &session, planID: id)
      let get = try await client.execute(uri: "/feeds/\(token).ics", method: .get)
      let head = try await client.execute(uri: "/feeds/\(token).ics", method: .head)
      #expect(head.status == .ok)
      #expect(head.headers[.contentLength] == String(get.body.readableBytes))
      let etag = try #require(get.headers[.eTag])
      #expect(head.headers[.eTag] == etag)
      let again = try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: [.ifNoneMatch: etag])
      #expect(again.status == .notModified)
    }
  }
}
