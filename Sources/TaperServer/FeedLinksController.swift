import Hummingbird
import TaperRender

/// A plan's subscription links, `/plans/<id>/feeds…`: make one, revoke one, rotate one (a new secret URL for
/// the same feed). Signed-in pages; the feeds themselves are ``FeedsController``'s.
struct FeedLinksController: Sendable {
  typealias Context = WebServer.Context
  let store: PlanStore
  let settings: ServerSettings
  let security: ServerSecurity
  /// Shows the plan's page with the new link after it is made.
  let plans: PlansController
  let audit: AuditLog

  func addRoutes(to group: RouterGroup<Context>) {
    group.post(use: create)
      .post(":feed/revoke", use: revoke)
      .post(":feed/rotate", use: rotate)
  }

  @Sendable func create(_ request: Request, context: Context) async throws -> Response {
    let who = try plans.authorize(.createLink, context)
    guard try await plans.checked(TokenOnlyForm.self, request, context, .linkCreated) != nil else { return CSRF.refused }
    let id = context.planID
    let token = Secrets.newFeedToken()
    do {
      try await store.addFeed(
        planID: id, tokenHash: Secrets.tokenHash(token), at: settings.now(),
        audit: [plans.event(.linkCreated, who, context, plan: id)])
    } catch StoreError.planNotFound {
      return notFoundPage
    }
    return try await plans.planPage(
      request, id: id, identity: who, context: context, newFeed: feedURLs(request, token: token))
  }

  @Sendable func revoke(_ request: Request, context: Context) async throws -> Response {
    let who = try plans.authorize(.revokeLink, context)
    guard try await plans.checked(TokenOnlyForm.self, request, context, .linkRevoked) != nil else { return CSRF.refused }
    let id = context.planID
    guard let feed = context.parameters.get("feed", as: Int64.self) else { return notFoundPage }
    do {
      try await store.revokeFeed(
        planID: id, feedID: feed, at: settings.now(),
        audit: [plans.event(.linkRevoked, who, context, plan: id, detail: "feed \(feed)")])
    } catch StoreError.feedNotFound {
      return notFoundPage
    }
    return redirect(who.may(.view) ? "/plans/\(HTML.pathComponent(id))#subscribe" : "/links")
  }

  @Sendable func rotate(_ request: Request, context: Context) async throws -> Response {
    // A new address for a link ends the old one: it needs both making and revoking links.
    let who = try plans.authorize(.createLink, context)
    _ = try plans.authorize(.revokeLink, context)
    guard try await plans.checked(TokenOnlyForm.self, request, context, .linkRotated) != nil else { return CSRF.refused }
    let id = context.planID
    guard let feed = context.parameters.get("feed", as: Int64.self) else { return notFoundPage }
    let token = Secrets.newFeedToken()
    do {
      _ = try await store.rotateFeed(
        planID: id, feedID: feed, newTokenHash: Secrets.tokenHash(token), at: settings.now(),
        audit: [plans.event(.linkRotated, who, context, plan: id, detail: "feed \(feed)")])
    } catch StoreError.feedNotFound {
      return notFoundPage
    }
    return try await plans.planPage(
      request, id: id, identity: who, context: context, newFeed: feedURLs(request, token: token))
  }

  /// Every active link, for an admin who revokes links and sees no plan.
  @Sendable func list(_ request: Request, context: Context) async throws -> Response {
    _ = try plans.authorize(.revokeLink, context)
    return html(Pages.links(try await store.activeFeeds(), csrf: context.csrf))
  }

  /// The feed's address (http or https), its `webcal:` form, and that as a QR code.
  func feedURLs(_ request: Request, token: String) -> (url: String, webcal: String, qr: HTML?) {
    let path = "/feeds/\(token).ics"
    let url: String
    // The server's own configured address, never the request's Host (which a client chooses).
    if let base = settings.publicURL {
      url = base + path
    } else {
      let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
      url = "http://\(host):\(settings.port)" + path
    }
    // webcal: asks the calendar app to subscribe; apps fetch it over https when the link was https.
    let webcal = "webcal" + url.drop(while: { $0 != ":" })
    return (url, webcal, QRCode.svg(webcal))
  }
}
