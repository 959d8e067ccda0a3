import Crypto
import Foundation
import Hummingbird

/// Who may open the pages, and how a browser proves it (issue 16; README, "Running Taper in a hospital").
///
/// - Every page and download needs a credential, loopback included: a signed-in session (its random id in an
///   `HttpOnly`, `SameSite=Strict` cookie, `Secure` behind an https public URL — never the token itself), or the
///   access token as `Authorization: Bearer` for scripts. `taper serve` prints a sign-in link with a fresh token
///   when no token file is given, as Jupyter does.
/// - Only the server's own host names are served (`Host` allow-list): a page that rebinds its DNS name to
///   127.0.0.1 gets 421.
/// - A form's CSRF token is a random value kept with its session in the store (server-side, bound to the
///   session), and every state-changing request must come from the server's own origin (`Origin`, else
///   `Referer`).
/// - Sign-in attempts are limited per client address.
public final class ServerSecurity: Sendable {
  static let cookie = "taper_session"
  /// A session ends after this long without a request, and after `lifetime` in any case.
  static let idleSeconds: Int64 = 2 * 3600
  static let lifetime: Int64 = 12 * 3600
  /// Sign-in attempts allowed per address within `attemptWindow` seconds.
  static let attemptLimit = 10
  static let attemptWindow: Int64 = 300

  /// Sessions and sign-in attempts live in the store: any process on it serves any session.
  let store: PlanStore
  private let tokenDigest: [UInt8]?
  /// Host names the server answers to (lower case, without port); a form is accepted from an origin with one.
  let hosts: Set<String>
  /// Whether an access token signs in (a sign-in link or the token form); `false` with the provider alone.
  var acceptsToken: Bool { tokenDigest != nil }
  /// Cookies are `Secure` when the public URL is https.
  let secureCookies: Bool
  private let now: @Sendable () -> Int64

  public init(settings: ServerSettings, store: PlanStore) {
    self.store = store
    tokenDigest = settings.accessToken.map { Array(SHA256.hash(data: Data($0.utf8))) }
    var hosts: Set<String> = [settings.host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))]
    if ServerSettings.isLoopback(settings.host) || settings.host == "0.0.0.0" || settings.host == "::" {
      hosts.formUnion(["127.0.0.1", "localhost", "::1"])
    }
    if let url = settings.publicURL.flatMap(URL.init(string:)), let host = url.host?.lowercased() {
      hosts.insert(host)
    }
    self.hosts = hosts
    secureCookies = settings.publicURL?.hasPrefix("https://") == true
    now = settings.now
  }

  // MARK: - Hosts and origins

  /// The name in a `Host` header or an origin's authority, without port or brackets, lower case.
  static func hostName(_ authority: Substring) -> String {
    var text = authority.lowercased()
    if text.hasPrefix("[") {
      return String(text.dropFirst().prefix { $0 != "]" })
    }
    if let colon = text.lastIndex(of: ":") { text = String(text[..<colon]) }
    return text
  }

  /// Whether the request names this server (a request without `Host` is no browser's, and is judged by its
  /// credential alone).
  func hostAllowed(_ request: Request) -> Bool {
    guard let authority = request.head.authority else { return true }
    return hosts.contains(Self.hostName(Substring(authority)))
  }

  /// Whether a state-changing request comes from a page of this server: its `Origin`, else its `Referer`.
  func originAllowed(_ request: Request) -> Bool {
    let source = request.headers[.origin] ?? request.headers[.referer]
    guard let source, let url = URL(string: source), let scheme = url.scheme, ["http", "https"].contains(scheme),
      let host = url.host
    else { return false }
    return hosts.contains(Self.hostName(Substring(host)))
  }

  // MARK: - Sign-in and sessions

  enum SignInResult {
    case signedIn(session: String)
    case refused
    case tooManyAttempts
  }

  /// Checks `token`; a right one opens a session. Wrong tokens are counted per `address`: after
  /// `attemptLimit` in `attemptWindow` seconds, even the right one waits.
  func signIn(token: String, from address: String) async throws -> SignInResult {
    guard try await attemptAllowed(from: address) else { return .tooManyAttempts }
    guard tokenMatches(token) else {
      try await recordFailure(from: address)
      return .refused
    }
    return .signedIn(session: try await openSession(.local))
  }

  /// Whether `address` may try to sign in now: fewer than `attemptLimit` failures in the window, counted in
  /// the store across every process on it. Only failures count, so a whole ward behind one proxy address is
  /// not held up by its own sign-ins.
  func attemptAllowed(from address: String) async throws -> Bool {
    try await store.backend.failedAttempts(address: address, since: now() - Self.attemptWindow) < Self.attemptLimit
  }

  /// A wrong token, or a refused sign-in through the provider.
  func recordFailure(from address: String) async throws {
    try await store.backend.recordFailedAttempt(address: address, at: now())
  }

  /// A new session for `identity`, kept in the store (by the SHA-256 of its id) so that any process serves
  /// it; returns its id (the cookie's value).
  func openSession(_ identity: Identity) async throws -> String {
    let time = now()
    let id = Hex.encode(Secrets.randomBytes(32))
    let session = StoredSession(identity: identity, csrf: Hex.encode(Secrets.randomBytes(32)), created: time, lastSeen: time)
    try await store.backend.saveSession(idHash: Self.hash(id), session)
    return id
  }

  static func hash(_ secret: String) -> [UInt8] { Array(SHA256.hash(data: Data(secret.utf8))) }

  /// Compares digests in constant time, so neither the token's length nor its prefix shows in the timing.
  func tokenMatches(_ presented: String) -> Bool {
    guard let tokenDigest else { return false }
    return Secrets.constantTimeEqual(Array(SHA256.hash(data: Data(presented.utf8))), tokenDigest)
  }

  private func isLive(_ s: StoredSession, at time: Int64) -> Bool {
    time - s.lastSeen < Self.idleSeconds && time - s.created < Self.lifetime
  }

  /// A session's last use is written at most this often (a page view need not be a disk write).
  static let touchSeconds: Int64 = 60

  /// The request's live session id and what the store holds for it (its last use is now), or `nil`.
  func signedIn(_ request: Request) async throws -> (id: String, session: StoredSession)? {
    guard let id = request.cookies[Self.cookie]?.value, id.count == 64 else { return nil }
    let time = now()
    let key = Self.hash(id)
    guard let session = try await store.backend.session(idHash: key) else { return nil }
    guard isLive(session, at: time) else {
      _ = try await store.backend.deleteSession(idHash: key)
      return nil
    }
    if time - session.lastSeen >= Self.touchSeconds { try await store.backend.touchSession(idHash: key, at: time) }
    return (id, session)
  }

  /// Who the request's credential names: a live session's identity, or the local clinician for the access
  /// token as a bearer; and the session's CSRF token ("" for the bearer).
  func credential(_ request: Request) async throws -> (identity: Identity, csrf: String)? {
    if let (_, session) = try await signedIn(request) { return (session.identity, session.csrf) }
    if let header = request.headers[.authorization], header.hasPrefix("Bearer "),
      tokenMatches(String(header.dropFirst(7)))
    {
      return (.local, "")
    }
    return nil
  }

  /// Ends the request's session; returns who it was.
  @discardableResult
  func signOut(_ request: Request) async throws -> Identity? {
    guard let id = request.cookies[Self.cookie]?.value else { return nil }
    return try await store.backend.deleteSession(idHash: Self.hash(id))?.identity
  }

  /// The session cookie (an empty value and `Max-Age=0` ends it).
  func cookie(_ session: String?) -> Cookie {
    Cookie(
      name: Self.cookie, value: session ?? "", maxAge: session == nil ? 0 : Int(Self.lifetime), path: "/",
      secure: secureCookies, httpOnly: true, sameSite: .strict)
  }

  // MARK: - CSRF

  /// The CSRF token of the request's session (a random value kept with the session in the store); "" without
  /// a session.
  func csrfToken(_ request: Request) async throws -> String {
    try await signedIn(request)?.session.csrf ?? ""
  }

  /// Whether a posted form may act: it comes from this server's origin, and its token is its session's. A
  /// script with the bearer token needs neither (a browser never sends that header by itself).
  func formAllowed(_ request: Request, field: String?) async throws -> Bool {
    let session = try await signedIn(request)
    if session == nil, let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
      return tokenMatches(String(header.dropFirst(7)))
    }
    guard originAllowed(request), let session, let field, field.count == 64 else { return false }
    return Secrets.constantTimeEqual(field, session.session.csrf)
  }
}

/// Serves only the server's own host names: anything else gets 421 (a DNS-rebinding page gets nothing).
struct HostCheckMiddleware: RouterMiddleware {
  typealias Context = WebServer.Context
  let security: ServerSecurity
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    guard security.hostAllowed(request) else {
      return Response(
        status: .misdirectedRequest, headers: [.contentType: "text/plain; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(string: "This server does not answer to that host name.\n")))
    }
    return try await next(request, context)
  }
}

/// The pages need a credential: a signed-in session or the bearer token. The identity goes into the context,
/// where each route asks it for its permission (``TaperRequestContext/identity(for:)``).
struct SignedInMiddleware: RouterMiddleware {
  typealias Context = WebServer.Context
  let security: ServerSecurity
  let oidc: Bool
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    guard let (identity, csrf) = try await security.credential(request) else {
      return html(Pages.login(failed: false, oidc: oidc, token: security.acceptsToken), status: .unauthorized)
    }
    var context = context
    context.identity = identity
    context.csrf = csrf
    return try await SignedInPage.$current.withValue(SignedInPage(identity: identity, csrf: csrf)) {
      try await next(request, context)
    }
  }
}

/// Who the page being rendered is for, set by ``SignedInMiddleware`` around the route: the page layout shows
/// the name and only the links the role may follow.
struct SignedInPage: Sendable {
  var identity: Identity
  /// The session's CSRF token, for the bar's sign-out button ("" for the bearer token: no button).
  var csrf: String
  @TaskLocal static var current: SignedInPage?
}
