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
  /// The hospital's identity provider; `nil` signs in with the access token only.
  public var oidc: OIDCSettings?
  /// Reverse proxies whose `X-Forwarded-For` names the client (for the audit log and sign-in limits).
  public var trustedProxies: Set<String> = []
  /// Seconds since 1970 (tests pin it).
  public var now: @Sendable () -> Int64

  public init(
    host: String = "127.0.0.1", port: Int = 8080, accessToken: String? = nil, version: String,
    publicURL: String? = nil, oidc: OIDCSettings? = nil,
    now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
  ) {
    self.host = host
    self.port = port
    self.accessToken = accessToken
    self.version = version
    self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    self.oidc = oidc
    self.now = now
  }

  /// True for 127.0.0.0/8, ::1 and localhost (`127.example.org` is not).
  public static func isLoopback(_ host: String) -> Bool {
    if host == "localhost" || host == "::1" || host == "[::1]" { return true }
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
  }

  /// The address the server's pages are reached at: the public URL, else `http://host:port`.
  var baseURL: String {
    if let publicURL { return publicURL }
    let name = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    return "http://\(name == "0.0.0.0" ? "127.0.0.1" : name):\(port)"
  }

  /// Today's date in `zone` by this server's clock (a revision's default date and the day it is written).
  func today(in zone: String) -> CivilDate {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
    let c = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(now())))
    return CivilDate(year: c.year ?? 2000, month: c.month ?? 1, day: c.day ?? 1) ?? CivilDate(year: 2000, month: 1, day: 1)!
  }
}

/// The clinician web page and the subscription feeds on Hummingbird 2.
public enum WebServer {
  public typealias Context = TaperRequestContext

  /// Seconds a connection may stay idle (a slow or stalled client) before it is closed.
  static let idleTimeoutSeconds: Int64 = 30

  /// The largest form or plan file accepted.
  static let maximumBody = PlanFile.maximumBytes + 64 * 1024

  /// The application: the router on `settings.host`:`settings.port`.
  public static func application(store: PlanStore, settings: ServerSettings) -> some ApplicationProtocol {
    var log = Logger(label: "taper.serve")
    log.logLevel = .info
    let audit = AuditLog(store: store)
    var app = Application(
      router: router(store: store, settings: settings, audit: audit),
      // A connection that sends nothing for 30 seconds is closed: slow clients cannot hold the server's sockets.
      server: .http1(configuration: .init(idleTimeout: .seconds(Self.idleTimeoutSeconds))),
      configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
      logger: log)
    // Beside the server: it writes the audit log's batches, and the last one when the server stops.
    app.addServices(audit)
    return app
  }

  /// Runs the server until SIGINT or SIGTERM.
  public static func run(store: PlanStore, settings: ServerSettings) async throws {
    try await application(store: store, settings: settings).runService()
  }

  /// Every route; `app.test(.router)` drives it in tests.
  ///
  /// The feeds and the sign-in page are their own groups; every other page is in the `pages` group, which
  /// alone needs the access token.
  public static func router(
    store: PlanStore, settings: ServerSettings, audit: AuditLog? = nil, pool: RenderPool = RenderPool()
  ) -> Router<Context> {
    let router = Router(context: Context.self)
    let security = ServerSecurity(settings: settings, store: store)
    let audit = audit ?? AuditLog(store: store)
    let oidc = settings.oidc.map {
      OpenIDConnect(
        settings: $0, redirectURI: settings.baseURL + "/login/oidc/callback", store: store, now: settings.now)
    }
    SharedMiddleware.add(to: router)
    // Before anything else: a request for another host name (DNS rebinding) gets nothing, feeds included.
    router.addMiddleware { HostCheckMiddleware(security: security) }
    if !settings.trustedProxies.isEmpty { router.addMiddleware { ClientAddressMiddleware(trusted: settings.trustedProxies) } }
    FeedsController(store: store, pool: pool).addRoutes(to: router.group("feeds"))
    let sessions = SessionController(settings: settings, security: security, oidc: oidc, audit: audit)
    sessions.addRoutes(to: router.group("login"))
    router.post("logout", use: sessions.signOut)
    let pages = router.group().add(middleware: SignedInMiddleware(security: security, oidc: oidc != nil))
    let plans = PlansController(
      store: store, settings: settings, security: security, audit: audit, pool: pool, renders: RenderCache())
    plans.addRoutes(to: pages)
    let links = FeedLinksController(store: store, settings: settings, security: security, plans: plans, audit: audit)
    links.addRoutes(to: pages.group("plans/:id/feeds"))
    pages.get("links", use: links.list)
    // The plan builder's script: Taper's own file, the one script the content-security policy allows.
    pages.get("assets/plan-form.js") { _, _ in
      Response(
        status: .ok,
        headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-cache"],
        body: .init(byteBuffer: ByteBuffer(string: PlanBuilder.script)))
    }
    AuditController(store: store, settings: settings, audit: audit).addRoutes(to: pages.group("audit"))
    return router
  }
}
