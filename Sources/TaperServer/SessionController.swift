import Hummingbird

/// Sign-in with the access token: the sign-in link `taper serve` prints (`/login?token=…`), the page and its form,
/// and sign-out. A right token opens a session (``ServerSecurity``); attempts are rate-limited. Its routes sit
/// outside the signed-in group.
struct SessionController: Sendable {
  typealias Context = WebServer.Context
  let settings: ServerSettings
  let security: ServerSecurity

  /// The longest sign-in form read.
  static let maximumBody = 4096

  func addRoutes(to group: RouterGroup<Context>) {
    group.get(use: page).post(use: signIn)
  }

  /// The page, or the sign-in link's token (then straight to the plans).
  @Sendable func page(_ request: Request, context: Context) async throws -> Response {
    guard let token = request.uri.queryParameters["token"].map(String.init) else {
      return html(Pages.login(failed: false))
    }
    // Then to `next`, a path of this server only (never `//host` or a URL).
    let next = request.uri.queryParameters["next"].map(String.init).flatMap { path in
      path.hasPrefix("/") && !path.hasPrefix("//") && !path.contains("\\") ? path : nil
    }
    return respond(security.signIn(token: token, from: "any"), next: next ?? "/")
  }

  @Sendable func signIn(_ request: Request, context: Context) async throws -> Response {
    let token = try await FormBody.decode(SignInForm.self, from: request, limit: Self.maximumBody).token ?? ""
    // Only from this server's own page: another site cannot sign a browser in to a session of its choosing.
    guard security.originAllowed(request) else { return html(Pages.login(failed: true), status: .forbidden) }
    return respond(security.signIn(token: token, from: "any"))
  }

  func respond(_ result: ServerSecurity.SignInResult, next: String = "/") -> Response {
    switch result {
    case .signedIn(let session): redirect(next, cookies: [security.cookie(session)])
    case .refused: html(Pages.login(failed: true), status: .unauthorized)
    case .tooManyAttempts:
      html(
        Pages.message("Too many attempts", "Too many sign-in attempts: wait five minutes and try again."),
        status: .tooManyRequests)
    }
  }

  /// Ends the session (a form with its CSRF token, from this server's page).
  @Sendable func signOut(_ request: Request, context: Context) async throws -> Response {
    let form = try await FormBody.decode(TokenOnlyForm.self, from: request, limit: Self.maximumBody)
    guard security.formAllowed(request, field: form.csrf) else { return CSRF.refused }
    security.signOut(request)
    return redirect("/login", cookies: [security.cookie(nil)])
  }
}
