import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import TaperPlanFile
import TaperTestSupport
import Testing

@testable import TaperServer

/// A clock that moves one minute each time it is read, from 2026-11-01T09:00:00Z.
final class TestClock: Sendable {
  private let seconds = Mutex<Int64>(1_793_523_600)
  func now() -> Int64 {
    seconds.withLock {
      $0 += 60
      return $0
    }
  }
}

/// The access token of the tests' servers.
let testToken = "test-access-token-0123456789abcdef"

/// A script's credential: the access token as a bearer.
let signedIn: HTTPFields = [.authorization: "Bearer \(testToken)"]

/// The origin the tests' browser-like sessions post from.
let testOrigin = "http://127.0.0.1:8080"

/// A fresh store in a temporary folder.
func makeStore() throws -> PlanStore {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taper-web-\(UUID().uuidString)")
  return try PlanStore(folder: folder)
}

func makeRouter(_ store: PlanStore) -> Router<WebServer.Context> {
  let clock = TestClock()
  return WebServer.router(store: store, settings: ServerSettings(accessToken: testToken, version: "test", now: { clock.now() }))
}

/// The form values of a non-severe plan (like `Fixtures/plans/non-severe.yaml`), plus an "other" medicine whose
/// dose text makes revisions easy to see in a calendar.
func nonSevereForm(omeprazole: String = "20 mg", azathioprine: String = "50") -> [(String, String)] {
  [
    ("plan.title", "Myositis treatment plan"), ("plan.start", "2027-01-04"), ("plan.timezone", "Europe/London"),
    ("plan.status", "approved"), ("patient.label", "J. Smith"), ("patient.weight_kg", "63.5"),
    ("patient.age", "41"), ("patient.group", "non-severe"), ("patient.height_cm", "165"),
    ("patient.sex", "female"), ("patient.tpmt", "normal"),
    ("medications[0].drug", "prednisolone"), ("medications[0].mg_per_kg", "0.75"),
    ("medications[0].taper", "{ protocol: bands }"),
    ("medications[1].drug", "azathioprine"), ("medications[1].dose_mg", azathioprine),
    ("medications[1].start", "2027-01-18"), ("medications[1].increase", "{ by_mg: 25, every_weeks: 2, to_mg: 125 }"),
    ("medications[2].drug", "other"), ("medications[2].name", "omeprazole"), ("medications[2].dose", omeprazole),
    ("medications[2].times", "07:30"),
    ("author", "Dr Test"), ("note", "first plan"), ("action", "save"),
  ]
}

/// The revise form's own fields: the revision's date and why.
func revisionFields(from date: String = "2027-02-01", reason: String = "omeprazole up, azathioprine down")
  -> [(String, String)]
{
  [("revision.from", date), ("revision.reason", reason)]
}

/// A browser-like session: signs in with the access token, keeps its session cookie, sends each form with its
/// page's CSRF token and this server's origin.
struct Session {
  var cookie = ""
  var csrf = ""

  /// Signs in through the sign-in form (as the browser does after following the printed link).
  mutating func signIn(_ client: some TestClientProtocol) async throws {
    let response = try await client.execute(
      uri: "/login", method: .post,
      headers: [.contentType: "application/x-www-form-urlencoded", .origin: testOrigin],
      body: ByteBuffer(string: formBody([("token", testToken)])))
    #expect(response.status == .seeOther)
    if let set = response.headers[.setCookie], let value = set.split(separator: ";").first { cookie = String(value) }
  }

  /// Opens `uri` (a page with forms), signed in, and keeps its CSRF token.
  mutating func open(_ client: some TestClientProtocol, _ uri: String) async throws -> String {
    if cookie.isEmpty { try await signIn(client) }
    let response = try await client.execute(uri: uri, method: .get, headers: headers)
    #expect(response.status == .ok)
    let page = String(buffer: response.body)
    if let match = page.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/) { csrf = String(match.1) }
    return page
  }

  var headers: HTTPFields { cookie.isEmpty ? [:] : [.cookie: cookie] }

  func post(_ client: some TestClientProtocol, _ uri: String, _ fields: [(String, String)], csrf: Bool = true)
    async throws -> TestResponse
  {
    var headers = self.headers
    headers[.contentType] = "application/x-www-form-urlencoded"
    headers[.origin] = testOrigin
    let body = formBody((csrf ? [("csrf", self.csrf)] : []) + fields)
    return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
  }
}

/// Fields as a browser writes a form body: every byte but letters, digits and `-._*` percent-encoded, spaces
/// as `+`.
func formBody(_ fields: [(String, String)]) -> String {
  let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._* ")
  func escape(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: allowed)!.replacingOccurrences(of: " ", with: "+")
  }
  return fields.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
}

/// Creates a plan with the form; returns its id.
func createPlan(_ client: some TestClientProtocol, _ session: inout Session, form: [(String, String)] = nonSevereForm())
  async throws -> String
{
  _ = try await session.open(client, "/plans/new")
  let response = try await session.post(client, "/plans", form)
  #expect(response.status == .seeOther, "\(String(buffer: response.body).prefix(3000))")
  let location = try #require(response.headers[.location])
  #expect(location.hasPrefix("/plans/plan-"))
  return String(location.dropFirst("/plans/".count))
}

/// Makes a subscription link for a plan; returns the token.
func subscribe(_ client: some TestClientProtocol, _ session: inout Session, planID: String) async throws -> String {
  _ = try await session.open(client, "/plans/\(planID)")
  let response = try await session.post(client, "/plans/\(planID)/feeds", [])
  #expect(response.status == .ok)
  let page = String(buffer: response.body)
  let match = try #require(page.firstMatch(of: /http:\/\/[^"<]*\/feeds\/([0-9a-f]{32})\.ics/))
  #expect(page.contains("webcal://"))
  #expect(page.contains("<svg"))
  return String(match.1)
}

/// The body's text.
extension TestResponse {
  var text: String { String(buffer: body) }
}

/// The messages shown beside fields on a page.
func errorMessages(_ html: String) -> String {
  html.matches(of: /class="err[^"]*" role="alert">([^<]*)</).map { String($0.1) }.joined(separator: "\n")
}

/// A fresh store and router, a signed-in session, and one plan made through the form: the start of most route
/// tests.
func withNewPlan(
  _ body: @escaping @Sendable (any TestClientProtocol, inout Session, String, PlanStore) async throws -> Void
) async throws {
  let store = try makeStore()
  try await Application(router: makeRouter(store)).test(.router) { client in
    var session = Session()
    let id = try await createPlan(client, &session)
    try await body(client, &session, id, store)
  }
}
