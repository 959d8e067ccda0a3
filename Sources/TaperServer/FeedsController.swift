import Hummingbird
import TaperCore

/// The subscription feeds, `/feeds/<token>.ics`: the latest revision's calendar for whoever holds the link.
///
/// The link is the secret, so these routes sit outside the signed-in group; unknown and revoked tokens both
/// answer 404.
struct FeedsController: Sendable {
  typealias Context = WebServer.Context
  let store: PlanStore
  let cache = FeedCache()
  /// A feed is rendered on the pool once per revision; every other request is served from its bytes.
  let pool: RenderPool

  func addRoutes(to group: RouterGroup<Context>) {
    group.get(":file", use: feed).head(":file", use: head)
  }

  @Sendable func feed(_ request: Request, context: Context) async throws -> Response {
    let file = context.parameters.get("file") ?? ""
    let token = file.hasSuffix(".ics") ? String(file.dropLast(4)) : file
    // Hash whatever was sent, so a malformed token takes the same path as a well-formed wrong one.
    let hash = Secrets.tokenHash(token)
    guard let (planID, latest, approved) = try await store.planForFeed(tokenHash: hash) else { return Self.notFound }
    let store = self.store
    let pool = self.pool
    let entry: FeedCache.Entry
    do {
      entry = try await cache.entry(planID, revision: latest, approved: approved) {
        guard let (current, previous) = try await store.latestTwo(planID: planID) else { throw FeedGone() }
        let approval = try await store.approvals(planID: planID)[current.number]
        let body = try await pool.run {
          Array(try PlanDocuments.calendar(current, previous: previous, approval: approval).utf8)
        }
        return FeedCache.Entry(
          revision: current.number, approved: approval != nil, body: ByteBuffer(bytes: body),
          etag: "\"" + String(Secrets.sha256Hex(body).prefix(32)) + "\"")
      }
    } catch is FeedGone {
      return Self.notFound
    }
    var headers: HTTPFields = [.eTag: entry.etag, .cacheControl: "private, max-age=900"]
    if let match = request.headers[.ifNoneMatch],
      match.split(separator: ",").contains(where: { $0.trimmed == entry.etag || $0.trimmed == "*" })
    {
      return Response(status: .notModified, headers: headers)
    }
    headers[.contentType] = "text/calendar; charset=utf-8"
    return Response(status: .ok, headers: headers, body: .init(byteBuffer: entry.body))
  }

  /// `HEAD`: the feed's headers without its body (calendar apps check the ETag this way), with the length the
  /// `GET` would have.
  @Sendable func head(_ request: Request, context: Context) async throws -> Response {
    var response = try await feed(request, context: context)
    // A body that says the GET's length and writes nothing: the server writes its Content-Length from it.
    let length = response.body.contentLength
    response.body = ResponseBody(contentLength: length) { writer in try await writer.finish(nil) }
    return response
  }

  /// The plan went away between the token's lookup and the render.
  struct FeedGone: Error {}

  /// Plain text: a calendar app shows it, a browser needs no page.
  static var notFound: Response {
    Response(
      status: .notFound, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
      body: .init(byteBuffer: ByteBuffer(string: "Not found\n")))
  }
}
