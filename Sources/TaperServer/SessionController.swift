import Hummingbird

/// Sign-in with the access token (`taper serve --access-token-file`): the page and the form that sets the
/// cookie the pages' ``AccessTokenMiddleware`` accepts. Its routes sit outside the signed-in group.
struct SessionController: Sendable {
  typealias Context = WebServer.Context
  let settings: ServerSettings

  /// The longest sign-in form read.
  static let maximumBody = 4096

  func addRoutes(to group: RouterGroup<Context>) {
    group.get(use: page).post(use: signIn)
  }

  @Sendable func page(_ request: Request, context: Context) async throws -> Response {
    html(Pages.login(failed: false))
  }

  @Sendable func signIn(_ request: Request, context: Context) async throws -> Response {
    let token = try await FormBody.decode(SignInForm.self, from: request, limit: Self.maximumBody).token ?? ""
    guard let expected = settings.accessToken, AccessTokenMiddleware.matches(token, expected) else {
      return html(Pages.login(failed: true), status: .unauthorized)
    }
    return redirect(
      "/",
      cookies: [Cookie(name: AccessTokenMiddleware.cookie, value: token, path: "/", httpOnly: true, sameSite: .strict)])
  }
}
