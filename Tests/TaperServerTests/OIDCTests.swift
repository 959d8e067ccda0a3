import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TaperTestSupport
import Testing

@testable import TaperServer

/// Sign-in through a real OpenID Connect provider on loopback (nanoidp, which enforces PKCE S256): each role
/// signs in and may do only what its role allows; forged ID tokens, a wrong or missing PKCE verifier and another
/// browser's state are refused; sign-out ends the session.
@Suite(.serialized, .enabled(if: TestIdentityProvider.installed, "nanoidp is not installed: bash scripts/setup"))
struct OIDCTests {
  /// A store, a router signing in through the provider (no access token), and its audit log.
  func withProvider(
    _ body: @Sendable (any TestClientProtocol, PlanStore, AuditLog, TestIdentityProvider.Running) async throws -> Void
  ) async throws {
    let provider = try await TestIdentityProvider.shared.start()
    let store = try makeStore()
    let audit = AuditLog(store: store)
    let router = WebServer.router(store: store, settings: TestIdentityProvider.settings(provider), audit: audit)
    try await Application(router: router).test(.router) { client in try await body(client, store, audit, provider) }
  }

  @Test func eachRoleSignsInAndMayDoOnlyWhatItsRoleAllows() async throws {
    try await withProvider { client, store, audit, _ in
      // The sign-in page offers the hospital's sign-in, and no token form (no access token is configured).
      let login = try await client.execute(uri: "/login", method: .get)
      #expect(login.text.contains("id=\"oidc\""))
      #expect(!login.text.contains("name=\"token\""))
      #expect(try await client.execute(uri: "/", method: .get).status != .ok)

      // The prescriber creates a plan; the form's "saved by" would say someone else, and is not read.
      var prescriber = try await signInThroughProvider(client, user: "prescriber")
      #expect(prescriber.callback.status == .ok)
      let home = try await prescriber.session.open(client, "/")
      #expect(home.contains("Signed in as <strong>Dr Ada Prescriber</strong> (prescriber)"))
      let id = try await createPlan(client, &prescriber.session, form: nonSevereForm().map { $0.0 == "author" ? ($0.0, "Dr A. Example") : $0 })
      let stored = try #require(try await store.revisions(planID: id).first)
      #expect(stored.author == "Dr Ada Prescriber (prescriber)")
      #expect(!stored.author.contains("Example"))

      // Pharmacist and nurse: view, print, download, subscription links; never create, revise, approve, audit.
      for user in ["pharmacist", "nurse"] {
        var s = try await signInThroughProvider(client, user: user)
        #expect(s.callback.status == .ok, "\(user)")
        let page = try await s.session.open(client, "/plans/\(id)")
        #expect(!page.contains("id=\"approve\""), "\(user) is offered no approval")
        #expect(!page.contains("/revise\""), "\(user) is offered no revision")
        #expect(!page.contains("href=\"/plans/new\""), "\(user) is offered no new plan")
        #expect(page.contains("<span class=\"who\">"), "the bar says who is signed in")
        for file in ["schedule.pdf", "calendar.ics", "plan.json", "plan.yaml"] {
          let got = try await client.execute(uri: "/plans/\(id)/revisions/1/\(file)", method: .get, headers: s.session.headers)
          #expect(got.status == .ok, "\(user) \(file)")
        }
        #expect(try await s.session.post(client, "/plans/\(id)/feeds", []).status == .ok, "\(user) makes a link")
        let link = try #require(try await store.feeds(planID: id).first { $0.isActive })
        #expect(
          try await s.session.post(client, "/plans/\(id)/feeds/\(link.id)/rotate", []).status == .forbidden,
          "a new address ends the old link: \(user) may not")
        #expect(try await s.session.post(client, "/plans/\(id)/feeds/\(link.id)/revoke", []).status == .forbidden)
        #expect(try await s.session.post(client, "/plans/\(id)/revisions/1/approve", []).status == .forbidden)
        #expect(
          try await s.session.post(client, "/plans/\(id)/revisions", nonSevereForm() + revisionFields() + [("base", "1")])
            .status == .forbidden)
        #expect(try await s.session.post(client, "/plans", nonSevereForm()).status == .forbidden)
        #expect(try await client.execute(uri: "/plans/new", method: .get, headers: s.session.headers).status == .forbidden)
        #expect(try await client.execute(uri: "/audit", method: .get, headers: s.session.headers).status == .forbidden)
        #expect(try await client.execute(uri: "/audit/audit.csv", method: .get, headers: s.session.headers).status == .forbidden)
      }
      #expect(try await store.revisions(planID: id).count == 1)
      #expect(try await store.approvals(planID: id).isEmpty)

      // The admin reads the audit log and revokes links; sees no plan.
      var admin = try await signInThroughProvider(client, user: "admin")
      let log = try await admin.session.open(client, "/audit")
      #expect(log.contains("Nell Nurse"))
      #expect(try await client.execute(uri: "/plans/\(id)", method: .get, headers: admin.session.headers).status == .forbidden)
      #expect(
        try await client.execute(uri: "/plans/\(id)/revisions/1/schedule.pdf", method: .get, headers: admin.session.headers)
          .status == .forbidden)
      // …and revokes a patient's link from the links page (plan id and link number only), signs out from the bar.
      let links = try await admin.session.open(client, "/links")
      #expect(links.contains(id))
      #expect(links.contains("id=\"sign-out\""))
      let active = try await store.feeds(planID: id).filter(\.isActive)
      #expect(active.count == 2)
      let revoked = try await admin.session.post(client, "/plans/\(id)/feeds/\(active[0].id)/revoke", [])
      #expect(revoked.status == .seeOther)
      #expect(revoked.headers[.location] == "/links")
      #expect(try await store.feeds(planID: id).filter(\.isActive).count == 1)

      // Only the prescriber approves, and the approval says who.
      _ = try await prescriber.session.open(client, "/plans/\(id)")
      #expect(try await prescriber.session.post(client, "/plans/\(id)/revisions/1/approve", []).status == .seeOther)
      let approval = try #require(try await store.approvals(planID: id)[1])
      #expect(approval.name == "Dr Ada Prescriber")
      #expect(approval.role == "prescriber")
      #expect(approval.subject != "local")
      let approved = try await prescriber.session.open(client, "/plans/\(id)")
      #expect(approved.contains("Approved for use in Taper by Dr Ada Prescriber (prescriber)"))

      // Each refusal is in the audit log, with who and role.
      try await audit.flush()
      let events = try await store.auditEvents(planID: id)
      let refusedApprovals = events.filter { $0.action == .approved && $0.outcome == .refused }
      #expect(Set(refusedApprovals.map(\.role)) == ["pharmacist", "nurse"])
      #expect(events.contains { $0.action == .approved && $0.outcome == .success && $0.name == "Dr Ada Prescriber" })
      #expect(events.contains { $0.action == .print && $0.role == "nurse" && $0.revision == 1 })
      #expect(events.contains { $0.action == .linkCreated && $0.role == "pharmacist" })
      let signIns = try await store.auditEvents().filter { $0.action == .signIn && $0.outcome == .success }
      #expect(Set(signIns.map(\.role)).isSuperset(of: ["prescriber", "pharmacist", "nurse", "admin"]))
    }
  }

  @Test func anAccountWithNoTaperRoleIsNotSignedIn() async throws {
    try await withProvider { client, store, audit, _ in
      let visitor = try await signInThroughProvider(client, user: "visitor")
      #expect(visitor.callback.status == .forbidden)
      #expect(visitor.callback.text.contains("no Taper role"))
      #expect(visitor.session.cookie.isEmpty)
      try await audit.flush()
      #expect(try await store.auditEvents().contains { $0.action == .signIn && $0.outcome == .refused })
    }
  }

  @Test func anotherBrowsersStateOrAUsedCallbackIsRefused() async throws {
    try await withProvider { client, _, _, _ in
      // The callback brought with another browser's state cookie opens no session.
      let other = try await signInThroughProvider(client, user: "prescriber", stateCookie: "taper_oidc_state=" + String(repeating: "ab", count: 32))
      #expect(other.callback.status == .forbidden)
      #expect(other.session.cookie.isEmpty)
      // With no state cookie at all, likewise.
      let start = try await client.execute(uri: "/login/oidc", method: .get)
      let location = try #require(start.headers[.location])
      let callback = try await TestIdentityProvider.login(url: location, user: "prescriber")
      let path = String(callback.dropFirst(TestIdentityProvider.routerBase.count))
      let bare = try await client.execute(uri: path, method: .get)
      #expect(bare.status == .forbidden)
      #expect(!bare.headers[values: .setCookie].contains { $0.hasPrefix("taper_session=") })
      // A callback used once is not used again (its state is gone), even with the right cookie.
      let good = try await signInThroughProvider(client, user: "nurse")
      #expect(good.callback.status == .ok)
      #expect(!good.session.cookie.isEmpty)
      let replay = try await client.execute(uri: good.callbackPath, method: .get, headers: [.cookie: good.stateCookie])
      #expect(replay.status == .forbidden)
      #expect(!replay.headers[values: .setCookie].contains { $0.hasPrefix("taper_session=") })
    }
  }

  @Test func signOutEndsTheSession() async throws {
    try await withProvider { client, store, audit, _ in
      var s = try await signInThroughProvider(client, user: "nurse")
      _ = try await s.session.open(client, "/")
      let out = try await s.session.post(client, "/logout", [])
      #expect(out.status == .seeOther)
      let after = try await client.execute(uri: "/", method: .get, headers: s.session.headers)
      #expect(after.status != .ok)
      try await audit.flush()
      #expect(try await store.auditEvents().contains { $0.action == .signOut && $0.role == "nurse" })
    }
  }

  /// The ID token's checks, on tokens the tests sign: with the provider's own key and every claim right, the
  /// token passes (so each refusal below is that claim's); then expired, another audience, another issuer,
  /// another nonce, and a signature by another key under the provider's key id are each refused.
  @Test func forgedIDTokensAreRefused() async throws {
    let provider = try await TestIdentityProvider.shared.start()
    let oidc = OpenIDConnect(
      settings: OIDCSettings(issuer: provider.issuer, clientID: "taper"), redirectURI: "http://127.0.0.1:8080/x",
      store: try makeStore(), now: { Int64(Date().timeIntervalSince1970) })
    let now = Int64(Date().timeIntervalSince1970)
    let nonce = "n-0123456789"
    let good = ForgedClaims(
      iss: provider.issuer, sub: "u-1", aud: "taper", exp: now + 300, iat: now, nonce: nonce, roles: ["prescriber"],
      name: "Dr Forged")
    let pem = provider.signingKeyPEM
    let kid = provider.keyID
    try #require(pem.contains("PRIVATE KEY") && !kid.isEmpty)

    let claims = try await oidc.verify(idToken: try await forge(good, pem: pem, kid: kid), nonce: nonce)
    #expect(try oidc.identity(claims).roles == [.prescriber])

    func refused(_ claims: ForgedClaims, pem: String? = nil, nonce: String = nonce) async throws -> OIDCError? {
      let token = try await forge(claims, pem: pem ?? provider.signingKeyPEM, kid: kid)
      do {
        _ = try await oidc.verify(idToken: token, nonce: nonce)
        return nil
      } catch {
        return error
      }
    }
    var expired = good
    expired.exp = now - 120
    expired.iat = now - 3_720
    #expect(try await refused(expired) == .expired)
    var audience = good
    audience.aud = "another-app"
    #expect(try await refused(audience) == .wrongAudience)
    var issuer = good
    issuer.iss = "http://127.0.0.1:1"
    #expect(try await refused(issuer) == .wrongIssuer)
    #expect(try await refused(good, nonce: "another-sign-in") == .wrongNonce)
    let (status, otherKey) = try await LiveClientTests.running(TestIdentityProvider.python, [TestIdentityProvider.script, "keygen"])
    try #require(status == 0 && otherKey.contains("PRIVATE KEY"))
    #expect(try await refused(good, pem: otherKey) == .badSignature)
    // A token naming a key the provider does not have, signed with that key.
    let unknownKid = try await forge(good, pem: otherKey, kid: "not-the-providers")
    await #expect(throws: OIDCError.badSignature) { _ = try await oidc.verify(idToken: unknownKid, nonce: nonce) }
    var early = good
    early.iat = now
    #expect(try await refused(early) == nil, "the control: a token valid now passes")
    // A token with no signature at all (`alg: none`) is no token.
    let parts = try await forge(good, pem: pem, kid: kid).split(separator: ".")
    let none = OpenIDConnect.base64URL(Array(#"{"alg":"none","typ":"JWT"}"#.utf8)) + "." + parts[1] + "."
    await #expect(throws: OIDCError.badSignature) { _ = try await oidc.verify(idToken: none, nonce: nonce) }
  }

  /// The code exchange with the provider: a code exchanged without the PKCE verifier, or with another one, is
  /// refused by the provider; the same flow with the sign-in's own verifier signs in (so the refusals are the
  /// verifier's).
  @Test func aMissingOrWrongPKCEVerifierIsRefused() async throws {
    let provider = try await TestIdentityProvider.shared.start()
    let oidc = OpenIDConnect(
      settings: OIDCSettings(issuer: provider.issuer, clientID: "taper", clientSecret: TestIdentityProvider.clientSecret),
      redirectURI: TestIdentityProvider.routerBase + "/login/oidc/callback", store: try makeStore(),
      now: { Int64(Date().timeIntervalSince1970) })
    func code() async throws -> (code: String, state: String) {
      let (url, state) = try await oidc.start(next: "/")
      let callback = try await TestIdentityProvider.login(url: url, user: "prescriber")
      let items = URLComponents(string: callback)?.queryItems ?? []
      let code = try #require(items.first { $0.name == "code" }?.value)
      #expect(items.first { $0.name == "state" }?.value == state)
      return (code, state)
    }
    let missing = try await code()
    await #expect(throws: OIDCError.self) { _ = try await oidc.exchange(code: missing.code, verifier: nil) }
    let wrong = try await code()
    let other = OpenIDConnect.base64URL(Array(repeating: 7, count: 32))
    do {
      _ = try await oidc.exchange(code: wrong.code, verifier: other)
      Issue.record("a wrong verifier was accepted")
    } catch {
      guard case .tokenRefused = error else {
        Issue.record("refused for another reason: \(error)")
        return
      }
    }
    let right = try await code()
    let (identity, next) = try await oidc.finish(code: right.code, state: right.state, browserState: right.state)
    #expect(identity.name == "Dr Ada Prescriber")
    #expect(next == "/")
  }
}
