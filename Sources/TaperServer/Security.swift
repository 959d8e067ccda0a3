import Crypto
import Foundation
import Hummingbird
import Synchronization

/// Who may open the pages, and how a browser proves it (issue 16; README, "Running Taper in a hospital").
///
/// - Every page and download needs a credential, loopback included: a signed-in session (its random id in an
///   `HttpOnly`, `SameSite=Strict` cookie, `Secure` behind an https public URL — never the token itself), or the
///   access token as `Authorization: Bearer` for scripts. `taper serve` prints a sign-in link with a fresh token
///   when no token file is given, as Jupyter does.
/// - Only the server's own host names are served (`Host` allow-list): a page that rebinds its DNS name to
///   127.0.0.1 gets 421.
/// - A form's CSRF token is an HMAC of its session id under a key made at start, and every state-changing request
///   must come from the server's own origin (`Origin`, else `Referer`).
/// - Sign-in attempts are limited per client address.
public final class ServerSecurity: Sendable {
  struct SignedIn: Sendable {
    var identity: Identity
    var created: Int64
    var lastSeen: Int64
  }

  static let cookie = "taper_session"
  /// A session ends after this long without a request, and after `lifetime` in any case.
  static let idleSeconds: Int64 = 2 * 3600
  static let lifetime: Int64 = 12 * 3600
  /// Sign-in attempts allowed per address within `attemptWindow` seconds.
  static let attemptLimit = 10
  static let attemptWindow: Int64 = 300

  private let key = SymmetricKey(size: .bits256)
  private let sessions = Mutex<[String: SignedIn]>([:])
  private let attempts = Mutex<[String: [Int64]]>([:])
  private let tokenDigest: [UInt8]?
  /// Host names the server answers to (lower case, without port); a form is accepted from an origin with one.
  let hosts: Set<String>
  /// Whether an access token signs in (a sign-in link or the token form); `false` with the provider alone.
  var acceptsToken: Bool { tokenDigest != nil }
  /// Cookies are `Secure` when the public URL is https.
  let secureCookies: Bool
  private let now: @Sendable () -> Int64

  public init(settings: ServerSettings) {
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

  /// Checks `token`; a right one opens a session. Attempts are counted per `address`, right or wrong.
  func signIn(token: String, from address: String) -> SignInResult {
    let allowed = attemptAllowed(from: address)
    guard allowed else { return .tooManyAttempts }
    guard tokenMatches(token) else { return .refused }
    return .signedIn(session: openSession(.local))
  }

  /// Whether `address` may try to sign in again now (counted, right or wrong; the identity provider's
  /// callback counts too).
  func attemptAllowed(from address: String) -> Bool {
    let time = now()
    return attempts.withLock { table in
      var recent = (table[address] ?? []).filter { time - $0 < Self.attemptWindow }
      guard recent.count < Self.attemptLimit else {
        table[address] = recent
        return false
      }
      recent.append(time)
      table[address] = recent
      return true
    }
  }

  /// A new session for `identity`; returns its id (the cookie's value).
  func openSession(_ identity: Identity) -> String {
    let time = now()
    let id = Hex.encode(Secrets.randomBytes(32))
    sessions.withLock { table in
      // Expired sessions go when a new one comes.
      table = table.filter { isLive($0.value, at: time) }
      table[id] = SignedIn(identity: identity, created: time, lastSeen: time)
    }
    return id
  }

  /// Compares digests in constant time, so neither the token's length nor its prefix shows in the timing.
  func tokenMatches(_ presented: String) -> Bool {
    guard let tokenDigest else { return false }
    return Secrets.constantTimeEqual(Array(SHA256.hash(data: Data(presented.utf8))), tokenDigest)
  }

  private func isLive(_ s: SignedIn, at time: Int64) -> Bool {
    time - s.lastSeen < Self.idleSeconds && time - s.created < Self.lifetime
  }

  /// The request's live session id and identity (its last use is now), or `nil`.
  func signedIn(_ request: Request) -> (id: String, identity: Identity)? {
    guard let id = request.cookies[Self.cookie]?.value, id.count == 64 else { return nil }
    let time = now()
    return sessions.withLock { table in
      guard var s = table[id] else { return nil }
      guard isLive(s, at: time) else {
        table[id] = nil
        return nil
      }
      s.lastSeen = time
      table[id] = s
      return (id, s.identity)
    }
  }

  func session(_ request: Request) -> String? { signedIn(request)?.id }

  /// Who the request's credential names: a live session's identity, or the local clinician for the access
  /// token as a bearer.
  func identity(_ request: Request) -> Identity? {
    if let (_, identity) = signedIn(request) { return identity }
    if let header = request.headers[.authorization], header.hasPrefix("Bearer "),
      tokenMatches(String(header.dropFirst(7)))
    {
      return .local
    }
    return nil
  }

  /// Ends the request's session; returns who it was.
  @discardableResult
  func signOut(_ request: Request) -> Identity? {
    guard let id = request.cookies[Self.cookie]?.value else { return nil }
    return sessions.withLock { $0.removeValue(forKey: id) }?.identity
  }

  /// The session cookie (an empty value and `Max-Age=0` ends it).
  func cookie(_ session: String?) -> Cookie {
    Cookie(
      name: Self.cookie, value: session ?? "", maxAge: session == nil ? 0 : Int(Self.lifetime), path: "/",
      secure: secureCookies, httpOnly: true, sameSite: .strict)
  }

  // MARK: - CSRF

  /// The CSRF token of the request's session: an HMAC of its id; "" without a session.
  func csrfToken(_ request: Request) -> String {
    guard let id = session(request) else { return "" }
    return csrfToken(session: id)
  }

  func csrfToken(session id: String) -> String {
    Hex.encode(Array(HMAC<SHA256>.authenticationCode(for: Data(id.utf8), using: key)))
  }

  /// Whether a posted form may act: it comes from this server's origin, and its token is its session's. A
  /// script with the bearer token needs neither (a browser never sends that header by itself).
  func formAllowed(_ request: Request, field: String?) -> Bool {
    if session(request) == nil, let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
      return tokenMatches(String(header.dropFirst(7)))
    }
    guard originAllowed(request), let id = session(request), let field, field.count == 64 else { return false }
    return Secrets.constantTimeEqual(field, csrfToken(session: id))
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
    guard let identity = security.identity(request) else {
      return html(Pages.login(failed: false, oidc: oidc, token: security.acceptsToken), status: .unauthorized)
    }
    var context = context
    context.identity = identity
    return try await SignedInPage.$identity.withValue(identity) { try await next(request, context) }
  }
}

/// Who the page being rendered is for, set by ``SignedInMiddleware`` around the route: the page layout shows
/// the name and only the links the role may follow.
enum SignedInPage {
  @TaskLocal static var identity: Identity?
}
