import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TaperCore
import TaperPlanFile
import TaperTestSupport
import Testing

@testable import TaperServer

/// The web layer's shared pieces: error pages, security headers, the pages' route group, form decoding and the
/// one import path with the core's plan-id rule.
@Suite struct ServerLayoutTests {
  static let policy =
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src data:; "
      + "form-action 'self'; frame-ancestors 'none'"

  @Test func pagesFeedsAndErrorsCarryTheSecurityHeaders() async throws {
    let store = try makeStore()
    try await Application(router: makeRouter(store)).test(.router) { client in
      for uri in ["/", "/plans/new", "/plans/nope", "/feeds/nope.ics", "/login"] {
        let response = try await client.execute(uri: uri, method: .get, headers: signedIn)
        #expect(response.headers[values: .contentSecurityPolicy] == [Self.policy], "\(uri)")
        #expect(response.headers[values: .xContentTypeOptions] == ["nosniff"], "\(uri)")
        #expect(response.headers[.referrerPolicy] == "same-origin", "\(uri)")
      }
    }
  }

  @Test func anUnexpectedErrorIsAMessagePageNotABodiless500() async throws {
    let store = try makeStore()
    // A revision whose text no longer plans (saved by an older Taper, say): its downloads fail inside.
    try await store.createPlan(
      StoredRevision(
        planID: "old-plan", number: 1, text: "plan: { id: old-plan }\n", form: nil, title: "Old", author: "a",
        note: "", savedAt: 1))
    try await Application(router: makeRouter(store)).test(.router) { client in
      let response = try await client.execute(uri: "/plans/old-plan/revisions/1/plan.json", method: .get, headers: signedIn)
      #expect(response.status == .internalServerError)
      #expect(response.headers[.contentType] == "text/html; charset=utf-8")
      #expect(response.text.contains("<h1>Something went wrong</h1>"))
      #expect(!response.text.contains("old-plan"))
      #expect(response.headers[.contentSecurityPolicy] == Self.policy)
      // Hummingbird's own errors keep their responses.
      #expect(try await client.execute(uri: "/no/such/route", method: .get, headers: signedIn).status == .notFound)
    }
  }

  @Test func aPageErrorRendersItsMessageWithItsStatus() async throws {
    let router = Router(context: WebServer.Context.self)
    router.addMiddleware { ErrorPageMiddleware() }
    router.get("/teapot") { _, _ -> Response in throw PageError(.gone, "Short & stout", "Tip me over.") }
    try await Application(router: router).test(.router) { client in
      let response = try await client.execute(uri: "/teapot", method: .get, headers: signedIn)
      #expect(response.status == .gone)
      #expect(response.text.contains("<h1>Short &amp; stout</h1>"))
      #expect(response.text.contains("<p>Tip me over.</p>"))
    }
  }

  @Test func unreadableFormsAreRefusedWithAPage() async throws {
    let store = try makeStore()
    try await Application(router: makeRouter(store)).test(.router) { client in
      var session = Session()
      _ = try await session.open(client, "/plans/new")
      let response = try await client.execute(
        uri: "/plans", method: .post,
        headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"],
        body: ByteBuffer(string: "csrf=\(session.csrf)&bad=%zz"))
      #expect(response.status == .badRequest)
      #expect(response.text.contains("Form not read"))
      #expect(try await store.plans().isEmpty)
    }
  }

  @Test func planFormNamesAreDecodedAndValuesKeptAsTyped() throws {
    let note = "see medications[0].dose_mg=5 & medications%5B1%5D.drug"
    let body = formBody([
      ("csrf", "c"), ("medications[0].drug", "prednisolone"), ("medications[12].dose_mg", "7.5"),
      ("plan.title", "A + B"), ("note", note),
    ])
    let form = try URLEncodedFormDecoder().decode(PlanFormFields.self, from: FormBody.flatteningRowNames(body))
    #expect(
      form.values == [
        "csrf": "c", "medications[0].drug": "prednisolone", "medications[12].dose_mg": "7.5", "plan.title": "A + B",
        "note": note,
      ])
    // Names a client sends unescaped are read the same way.
    let raw = try URLEncodedFormDecoder().decode(
      PlanFormFields.self, from: FormBody.flatteningRowNames("medications[3].drug=x&b=1"))
    #expect(raw.values == ["medications[3].drug": "x", "b": "1"])
  }

  @Test func signInSetsTheCookieThePagesAccept() async throws {
    let store = try makeStore()
    let token = "correct-horse-battery-staple"
    let router = WebServer.router(
      store: store, settings: ServerSettings(host: "0.0.0.0", accessToken: token, version: "t"))
    try await Application(router: router).test(.router) { client in
      #expect(try await client.execute(uri: "/login", method: .get, headers: signedIn).status == .ok)
      #expect(try await client.execute(uri: "/plans/new", method: .get, headers: signedIn).status == .unauthorized)
      let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .origin: "http://127.0.0.1:8080"]
      let wrong = try await client.execute(
        uri: "/login", method: .post, headers: form, body: ByteBuffer(string: formBody([("token", "nope")])))
      #expect(wrong.status == .unauthorized)
      // From another site's page: refused, whatever the token.
      let foreign = try await client.execute(
        uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .origin: "http://evil.example"],
        body: ByteBuffer(string: formBody([("token", token)])))
      #expect(foreign.status == .forbidden)
      let signedIn = try await client.execute(
        uri: "/login", method: .post, headers: form, body: ByteBuffer(string: formBody([("token", token)])))
      #expect(signedIn.status == .seeOther)
      let set = try #require(signedIn.headers[.setCookie])
      let cookie = try #require(set.split(separator: ";").first.map(String.init))
      // A random session id, never the token; HttpOnly and SameSite=Strict.
      #expect(cookie.hasPrefix("taper_session=") && !cookie.contains(token) && cookie.count == "taper_session=".count + 64)
      #expect(set.contains("HttpOnly") && set.contains("SameSite=Strict"))
      #expect(try await client.execute(uri: "/plans/new", method: .get, headers: [.cookie: cookie]).status == .ok)
      // The raw token as a cookie is no credential.
      #expect(try await client.execute(uri: "/plans/new", method: .get, headers: [.cookie: "taper_access=\(token)"]).status == .unauthorized)
    }
  }

  @Test func aLeadingDotIdIsRefusedByTheWebAsByTaperCheck() async throws {
    let text = try Fixtures.text("invalid/leading-dot-id.yaml")
    let expected = try #require(throws: PlanFileError.self) { try PlanFile.plan(text: text, fileName: "plan.yaml") }
    let message = try #require(expected.diagnostics.first { $0.diagnostic.path == "plan.id" }).diagnostic.message
    #expect(message.contains("starts with '.'"))
    let store = try makeStore()
    try await Application(router: makeRouter(store)).test(.router) { client in
      var session = Session()
      _ = try await session.open(client, "/plans/new")
      let pasted = try await session.post(client, "/plans/import", [("plan_file", text)])
      #expect(pasted.status == .unprocessableContent)
      #expect(pasted.text.contains(WeeklyHTMLEscape(message)))
      let form = nonSevereForm() + [("plan.id", ".plan1")]
      let created = try await session.post(client, "/plans", form)
      #expect(created.status == .unprocessableContent)
      #expect(created.text.contains(WeeklyHTMLEscape(message)))
      #expect(try await store.plans().isEmpty)
    }
  }

  @Test func importParsesOnceAndKeepsTheLinesAsWritten() throws {
    // remission.yaml says revision 2: the stored text says 1, and findings point at the pasted text's lines.
    let text = try Fixtures.text("plans/remission.yaml")
    let (stored, plan) = try PlanImport.check(text: text, fileName: "r.yaml")
    #expect(plan.revision == 1)
    #expect(try PlanFile.plan(text: stored, fileName: "r.yaml").0.revision == 1)
    let bad = text.replacingOccurrences(of: "weight_kg: ", with: "weight_kg: 9")
    let refused = try #require(throws: PlanFileError.self) { try PlanImport.check(text: bad, fileName: "r.yaml") }
    let direct = try #require(throws: PlanFileError.self) { try PlanFile.plan(text: bad, fileName: "r.yaml") }
    #expect(refused.diagnostics.map(\.line) == direct.diagnostics.map(\.line))
  }
}
