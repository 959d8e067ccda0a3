import Hummingbird
import Logging

/// The middleware every route shares: request log, security headers, error pages (outermost first).
enum SharedMiddleware {
  /// Only Taper's own script files (no inline script, no `eval`), fetches back here only (the plan builder's
  /// live preview), no external assets, no framing, and forms posted back here only.
  static let contentSecurityPolicy: ContentSecurityPolicy = [
    .defaultSrc(.none), .scriptSrc(.self), .connectSrc(.self), .styleSrc(.unsafeInline), .imgSrc("data:"),
    .formAction(.self), .frameAncestors(.none),
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

/// `Referrer-Policy: same-origin`: a feed token in a page's address must not leak to another site (and a form
/// posted to this server keeps its `Origin`, which `no-referrer` makes `null` in Chromium).
/// (Hummingbird's `ContentSecurityMiddleware` sets the policy and `nosniff` but has no referrer setting.)
struct NoReferrerMiddleware: RouterMiddleware {
  typealias Context = WebServer.Context
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    var response = try await next(request, context)
    response.headers[.referrerPolicy] = "same-origin"
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

extension Request {
  /// The route's first path segment (`/plans/…`): what the log may show of a path.
  var loggedPath: String { uri.path.split(separator: "/").first.map { "/\($0)/…" } ?? "/" }
}

extension HTTPFields.Element.Name {
  static let referrerPolicy = Self("Referrer-Policy")!
}
