import Hummingbird
import Logging

/// The middleware every route shares: request log, security headers, error pages (outermost first).
enum SharedMiddleware {
  /// No scripts, no external assets, no framing, and forms posted back here only.
  static let contentSecurityPolicy: ContentSecurityPolicy = [
    .defaultSrc(.none), .styleSrc(.unsafeInline), .imgSrc("data:"), .formAction(.self), .frameAncestors(.none),
  ]

  static func add(to router: Router<WebServer.Context>) {
    router.addMiddleware {
      RequestLogMiddleware()
      // Hummingbird's middleware also sets `X-Content-Type-Options: nosniff`.
      ContentSecurityMiddleware<WebServer.Context>(contentSecurityPolicy: contentSecurityPolicy)
      NoReferrerMiddleware()
      // Inside the header middleware, so that error pages carry the same headers as every page.
      ErrorPageMiddleware()
    }
  }
}

/// Logs method, the route's first path segment, status and time: never plan ids, tokens, bodies or queries.
struct RequestLogMiddleware: RouterMiddleware {
  typealias Context = WebServer.Context
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    let start = ContinuousClock.now
    do {
      let response = try await next(request, context)
      let ms = (ContinuousClock.now - start).components.attoseconds / 1_000_000_000_000_000
      context.logger.debug("\(request.method) \(request.loggedPath) \(response.status.code) \(ms) ms")
      return response
    } catch {
      context.logger.info("\(request.method) \(request.loggedPath) failed")
      throw error
    }
  }
}

/// `Referrer-Policy: no-referrer`: a feed token in a page's address must not leak to another site.
/// (Hummingbird's `ContentSecurityMiddleware` sets the policy and `nosniff` but has no referrer setting.)
struct NoReferrerMiddleware: RouterMiddleware {
  typealias Context = WebServer.Context
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    var response = try await next(request, context)
    response.headers[.referrerPolicy] = "no-referrer"
    return response
  }
}

/// Renders ``PageError``s, and any error that is not an HTTP error, as message pages.
///
/// Hummingbird's own HTTP errors (no such route, a body too large) keep their responses.
struct ErrorPageMiddleware: RouterMiddleware {
  typealias Context = WebServer.Context
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    do {
      return try await next(request, context)
    } catch let error as PageError {
      return try error.response(from: request, context: context)
    } catch let error as any HTTPResponseError {
      throw error
    } catch {
      // The type only: a message could hold plan text.
      context.logger.error("\(request.method) \(request.loggedPath) failed: \(String(reflecting: type(of: error)))")
      return try PageError.unexpected.response(from: request, context: context)
    }
  }
}

/// With an access token set, the pages need `Authorization: Bearer <token>` or the sign-in cookie.
///
/// It is added to the pages' route group only: the feeds (whose URLs are their own secret) and the sign-in
/// page are outside that group.
struct AccessTokenMiddleware: RouterMiddleware {
  typealias Context = WebServer.Context
  let token: String?
  static let cookie = "taper_access"

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    guard let token else { return try await next(request, context) }
    let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
    let presented = bearer ?? request.cookies[Self.cookie]?.value ?? ""
    guard Self.matches(presented, token) else {
      return html(Pages.login(failed: false), status: .unauthorized)
    }
    return try await next(request, context)
  }

  /// Compares hashes in constant time, so neither the token's length nor its prefix shows in the timing.
  static func matches(_ presented: String, _ token: String) -> Bool {
    Secrets.constantTimeEqual(SHA256.digest(Array(presented.utf8)), SHA256.digest(Array(token.utf8)))
  }
}

extension Request {
  /// The route's first path segment (`/plans/…`): what the log may show of a path.
  var loggedPath: String { uri.path.split(separator: "/").first.map { "/\($0)/…" } ?? "/" }
}

extension HTTPFields.Element.Name {
  static let referrerPolicy = Self("Referrer-Policy")!
}
