public import Foundation
public import Hummingbird
import Logging
import TaperCore
import TaperPlanFile
import TaperRender

/// How the server runs: where it listens, who may use it, and the clock.
public struct ServerSettings: Sendable {
  public var host: String
  public var port: Int
  /// When set, every page (not the feeds, whose URLs are their own secret) needs this token.
  public var accessToken: String?
  public var version: String
  /// The address patients' calendars reach the server at (`https://taper.example.org`, behind a TLS proxy);
  /// `nil` uses the address the page was opened at.
  public var publicURL: String?
  /// Seconds since 1970 (tests pin it).
  public var now: @Sendable () -> Int64

  public init(
    host: String = "127.0.0.1", port: Int = 8080, accessToken: String? = nil, version: String,
    publicURL: String? = nil,
    now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
  ) {
    self.host = host
    self.port = port
    self.accessToken = accessToken
    self.version = version
    self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    self.now = now
  }

  /// True for 127.0.0.0/8, ::1 and localhost.
  public static func isLoopback(_ host: String) -> Bool {
    host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
  }
}

/// The clinician web page and the subscription feeds on Hummingbird 2.
public enum WebServer {
  public typealias Context = BasicRequestContext

  /// The largest form or plan file accepted.
  static let maximumBody = PlanFile.maximumBytes + 64 * 1024

  /// The application: the router on `settings.host`:`settings.port`.
  public static func application(store: PlanStore, settings: ServerSettings) -> some ApplicationProtocol {
    var log = Logger(label: "taper.serve")
    log.logLevel = .info
    return Application(
      router: router(store: store, settings: settings),
      configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
      logger: log)
  }

  /// Runs the server until SIGINT or SIGTERM.
  public static func run(store: PlanStore, settings: ServerSettings) async throws {
    try await application(store: store, settings: settings).runService()
  }

  /// Every route; `app.test(.router)` drives it in tests.
  public static func router(store: PlanStore, settings: ServerSettings) -> Router<Context> {
    let handlers = Handlers(store: store, settings: settings)
    let router = Router(context: Context.self)
    router.addMiddleware {
      RequestLogMiddleware()
      SecurityHeadersMiddleware()
      AccessTokenMiddleware(token: settings.accessToken)
    }
    router.get("/") { _, _ in try await handlers.index() }
    router.get("/login") { _, _ in html(Pages.login(failed: false)) }
    router.post("/login") { request, _ in try await handlers.login(request) }
    router.get("/plans/new") { request, _ in try await handlers.newPlan(request) }
    router.post("/plans") { request, _ in try await handlers.create(request) }
    router.post("/plans/import") { request, _ in try await handlers.importFile(request) }
    router.get("/plans/:id") { request, context in try await handlers.planPage(request, id: context.id) }
    router.get("/plans/:id/revise") { request, context in try await handlers.revisePage(request, id: context.id) }
    router.post("/plans/:id/revisions") { request, context in try await handlers.revise(request, id: context.id) }
    router.get("/plans/:id/revisions/:n/:file") { request, context in
      try await handlers.download(
        id: context.id, number: context.parameters.get("n", as: Int.self) ?? 0,
        file: context.parameters.get("file") ?? "")
    }
    router.post("/plans/:id/feeds") { request, context in try await handlers.createFeed(request, id: context.id) }
    router.post("/plans/:id/feeds/:feed/revoke") { request, context in
      try await handlers.revokeFeed(request, id: context.id, feed: context.parameters.get("feed", as: Int64.self))
    }
    router.post("/plans/:id/feeds/:feed/rotate") { request, context in
      try await handlers.rotateFeed(request, id: context.id, feed: context.parameters.get("feed", as: Int64.self))
    }
    router.get("/feeds/:file") { request, context in
      try await handlers.feed(request, file: context.parameters.get("file") ?? "")
    }
    router.head("/feeds/:file") { request, context in
      var response = try await handlers.feed(request, file: context.parameters.get("file") ?? "")
      response.body = .init()
      return response
    }
    return router
  }

  /// Saves a plan file as revision 1 of a new plan (for `taper serve --import`); returns the plan id, or throws
  /// the same errors as `taper check`.
  public static func importPlan(text: String, fileName: String, store: PlanStore, author: String, now: Int64)
    async throws -> String
  {
    // The store numbers revisions from 1: a file that says otherwise is saved saying 1.
    let file = try PlanFile(text: text, fileName: fileName)
    let text = Handlers.settingRevision(text, to: 1, file: file) ?? text
    let (plan, _) = try PlanFile.plan(text: text, fileName: fileName)
    try await store.createPlan(
      StoredRevision(
        planID: plan.id, number: 1, text: text, form: nil, title: plan.title, author: author,
        note: "imported from \(URL(fileURLWithPath: fileName).lastPathComponent)", savedAt: now))
    return plan.id
  }
}

extension BasicRequestContext {
  var id: String { parameters.get("id") ?? "" }
}

// MARK: - Responses

/// A page as the response; it takes `HTML`, not `String`, so only markup built by the type is ever sent as a page.
func html(_ page: HTML, status: HTTPResponse.Status = .ok, cookies: [Cookie] = []) -> Response {
  var response = Response(
    status: status,
    headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
    body: .init(byteBuffer: ByteBuffer(string: page.description)))
  for c in cookies { response.setCookie(c) }
  return response
}

func attachment(_ bytes: [UInt8], type: String, name: String) -> Response {
  Response(
    status: .ok,
    headers: [
      .contentType: type, .contentDisposition: "attachment; filename=\"\(name)\"", .cacheControl: "no-store",
    ],
    body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
}

func redirect(_ location: String, cookies: [Cookie] = []) -> Response {
  var response = Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
  for c in cookies { response.setCookie(c) }
  return response
}

// MARK: - Middleware

/// Logs method, the route's first path segment, status and time: never plan ids, tokens, bodies or queries.
struct RequestLogMiddleware: RouterMiddleware {
  typealias Context = BasicRequestContext
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    let start = ContinuousClock.now
    let segment = request.uri.path.split(separator: "/").first.map { "/\($0)/…" } ?? "/"
    do {
      let response = try await next(request, context)
      let ms = (ContinuousClock.now - start).components.attoseconds / 1_000_000_000_000_000
      context.logger.debug("\(request.method) \(segment) \(response.status.code) \(ms) ms")
      return response
    } catch {
      context.logger.info("\(request.method) \(segment) failed")
      throw error
    }
  }
}

/// No scripts, no external assets, no framing, no referrer (a feed token must not leak through one).
struct SecurityHeadersMiddleware: RouterMiddleware {
  typealias Context = BasicRequestContext
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    var response = try await next(request, context)
    response.headers[.contentSecurityPolicy] =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'"
    response.headers[.xContentTypeOptions] = "nosniff"
    response.headers[.referrerPolicy] = "no-referrer"
    return response
  }
}

/// With an access token set, pages need `Authorization: Bearer <token>` or the sign-in cookie; feeds don't.
struct AccessTokenMiddleware: RouterMiddleware {
  typealias Context = BasicRequestContext
  let token: String?
  static let cookie = "taper_access"

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    guard let token, !request.uri.path.hasPrefix("/feeds/"), request.uri.path != "/login" else {
      return try await next(request, context)
    }
    let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
    let presented = bearer ?? request.cookies[Self.cookie]?.value ?? ""
    guard Secrets.constantTimeEqual(SHA256.digest(Array(presented.utf8)), SHA256.digest(Array(token.utf8))) else {
      return html(Pages.login(failed: false), status: .unauthorized)
    }
    return try await next(request, context)
  }
}

extension HTTPFields.Element.Name {
  static let contentSecurityPolicy = Self("Content-Security-Policy")!
  static let xContentTypeOptions = Self("X-Content-Type-Options")!
  static let referrerPolicy = Self("Referrer-Policy")!
}
