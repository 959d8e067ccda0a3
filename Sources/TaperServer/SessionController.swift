import Hummingbird
import TaperRender

/// Sign-in and sign-out: the access token (the sign-in link `taper serve` prints, `/login?token=…`, and the
/// page's form) and the hospital's identity provider (`/login/oidc`, OpenID Connect with PKCE). A right
/// credential opens a session (``ServerSecurity``); attempts are rate-limited per address and audited. Its
/// routes sit outside the signed-in group.
struct SessionController: Sendable {
  typealias Context = WebServer.Context
  let settings: ServerSettings
  let security: ServerSecurity
  let oidc: OpenIDConnect?
  let audit: AuditLog

  /// The longest sign-in form read.
  static let maximumBody = 4096
  /// The cookie that carries a provider sign-in's `state` from start to callback: `SameSite=Lax`, since the
  /// callback is a top-level navigation from the provider's site; its path is the sign-in's only.
  static let stateCookie = "taper_oidc_state"

  func addRoutes(to group: RouterGroup<Context>) {
    group.get(use: page).post(use: signIn)
    group.get("oidc", use: startProvider).get("oidc/callback", use: providerCallback)
  }

  var loginPage: HTML { Pages.login(failed: false, oidc: oidc != nil, token: settings.accessToken != nil) }

  /// A path of this server only: `/` then printable ASCII with no backslash, and never `//host` (browsers drop
  /// tabs and new lines from URLs, so `/\t/evil.example` would be `//evil.example`).
  static func localPath(_ path: String?) -> String? {
    guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), path.count <= 2000,
      path.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != "\\" })
    else { return nil }
    return path
  }

  /// The page, or the sign-in link's token (then straight to the plans).
  @Sendable func page(_ request: Request, context: Context) async throws -> Response {
    guard let token = request.uri.queryParameters["token"].map(String.init) else { return html(loginPage) }
    let next = Self.localPath(request.uri.queryParameters["next"].map(String.init))
    return try await respond(try await security.signIn(token: token, from: context.address), context: context, next: next ?? "/")
  }

  @Sendable func signIn(_ request: Request, context: Context) async throws -> Response {
    let token = try await FormBody.decode(SignInForm.self, from: request, limit: Self.maximumBody).token ?? ""
    // Only from this server's own page: another site cannot sign a browser in to a session of its choosing.
    guard security.originAllowed(request) else {
      return html(Pages.login(failed: true, oidc: oidc != nil, token: settings.accessToken != nil), status: .forbidden)
    }
    return try await respond(try await security.signIn(token: token, from: context.address), context: context)
  }

  func respond(_ result: ServerSecurity.SignInResult, context: Context, next: String = "/") async throws -> Response {
    switch result {
    case .signedIn(let session):
      try await record(.signIn, .local, context, .success, "access token")
      return redirect(next, cookies: [security.cookie(session)])
    case .refused:
      try await record(.signIn, nil, context, .refused, "wrong access token")
      return html(Pages.login(failed: true, oidc: oidc != nil, token: settings.accessToken != nil), status: .unauthorized)
    case .tooManyAttempts:
      try await record(.signIn, nil, context, .refused, "too many attempts")
      return tooMany
    }
  }

  var tooMany: Response {
    html(
      Pages.message("Too many attempts", "Too many sign-in attempts: wait five minutes and try again."),
      status: .tooManyRequests)
  }

  /// Sign-ins and sign-outs are written before the answer goes out (not batched): an acknowledged sign-in is
  /// never missing from the audit log, even after `kill -9`.
  func record(_ action: AuditAction, _ who: Identity?, _ context: Context, _ outcome: AuditOutcome, _ detail: String)
    async throws
  {
    try await audit.write(
      AuditEvent(
        time: settings.now(), action: action, identity: who, address: context.address, outcome: outcome,
        detail: detail))
  }

  // MARK: - The identity provider

  /// To the provider's sign-in page, with a fresh state, nonce and PKCE challenge.
  @Sendable func startProvider(_ request: Request, context: Context) async throws -> Response {
    guard let oidc else { return notFoundPage }
    guard try await security.attemptAllowed(from: context.address) else { return tooMany }
    let next = Self.localPath(request.uri.queryParameters["next"].map(String.init)) ?? "/"
    do {
      let (url, state) = try await oidc.start(next: next)
      var response = Response(status: .found, headers: [.location: url, .cacheControl: "no-store"])
      response.setCookie(
        Cookie(
          name: Self.stateCookie, value: state, maxAge: Int(OpenIDConnect.pendingSeconds), path: "/login/oidc",
          secure: security.secureCookies, httpOnly: true, sameSite: .lax))
      return response
    } catch {
      try await record(.signIn, nil, context, .failed, "identity provider unreachable")
      let why = error.description
      return html(
        Pages.message("Sign-in not available", "Taper could not reach the identity provider: \(why)."),
        status: .badGateway)
    }
  }

  /// The provider's answer: the code exchanged and the ID token checked; then a session for the identity.
  @Sendable func providerCallback(_ request: Request, context: Context) async throws -> Response {
    guard let oidc else { return notFoundPage }
    guard try await security.attemptAllowed(from: context.address) else { return tooMany }
    let query = request.uri.queryParameters
    let state = query["state"].map(String.init) ?? ""
    let clearState = Cookie(
      name: Self.stateCookie, value: "", maxAge: 0, path: "/login/oidc", secure: security.secureCookies,
      httpOnly: true, sameSite: .lax)
    func refuse(_ error: OIDCError) async throws -> Response {
      try await record(.signIn, nil, context, .refused, error.description)
      try await security.recordFailure(from: context.address)
      return html(
        Pages.message("Not signed in", "Not signed in: \(error.description)."), status: .forbidden,
        cookies: [clearState])
    }
    if let error = query["error"] {
      await oidc.cancel(state: state)
      return try await refuse(.providerError(String(String(error).prefix(60))))
    }
    guard let code = query["code"].map(String.init) else { return try await refuse(.unknownState) }
    let identity: Identity
    let next: String
    do {
      (identity, next) = try await oidc.finish(
        code: code, state: state, browserState: request.cookies[Self.stateCookie]?.value)
    } catch {
      return try await refuse(error)
    }
    do {
      let session = try await security.openSession(identity)
      try await record(.signIn, identity, context, .success, "identity provider")
      // A page that goes on by itself rather than a redirect: the navigation to `next` then starts from this
      // site, so the `SameSite=Strict` session cookie is sent with it even after a cross-site provider.
      return html(
        Pages.continueTo(next), cookies: [security.cookie(session), clearState])
    } catch {
      try await record(.signIn, identity, context, .failed, "the session could not be kept")
      throw error
    }
  }

  // MARK: - Sign-out

  /// Ends the session (a form with its CSRF token, from this server's page).
  @Sendable func signOut(_ request: Request, context: Context) async throws -> Response {
    let form = try await FormBody.decode(TokenOnlyForm.self, from: request, limit: Self.maximumBody)
    guard try await security.formAllowed(request, field: form.csrf) else { return CSRF.refused }
    let who = try await security.signOut(request)
    try await record(.signOut, who, context, .success, "")
    return redirect("/login", cookies: [security.cookie(nil)])
  }
}
