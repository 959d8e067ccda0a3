import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TaperTestSupport
import Testing

@testable import TaperServer

/// Rendering runs on a bounded pool off the request threads, and what was rendered is served from its bytes:
/// with every render slot and the queue taken, a feed and a plan page already rendered are still answered, and
/// a new render is refused at once with 503 and `Retry-After` instead of waiting without end.
@Suite struct RenderPoolTests {
  /// Takes every slot and queue place of `pool` with renders that wait for `release`.
  static func saturate(_ pool: RenderPool, release: DispatchSemaphore) async throws -> [Task<Void, any Error>] {
    var tasks: [Task<Void, any Error>] = []
    for _ in 0..<(pool.workers + pool.waiting) {
      tasks.append(Task { try await pool.run { release.wait() } })
    }
    for _ in 0..<200 where pool.load != (pool.workers, pool.waiting) { try await Task.sleep(for: .milliseconds(10)) }
    #expect(pool.load == (pool.workers, pool.waiting))
    return tasks
  }

  @Test func aFeedAndARenderedPageAreAnsweredWhileThePoolIsSaturated() async throws {
    let store = try makeStore()
    let pool = RenderPool(workers: 1, waiting: 1)
    let clock = TestClock()
    let router = WebServer.router(
      store: store, settings: ServerSettings(accessToken: testToken, version: "test", now: { clock.now() }), pool: pool)
    try await Application(router: router).test(.router) { client in
      var session = Session()
      let id = try await createPlan(client, &session)
      let token = try await subscribe(client, &session, planID: id)
      // Rendered once each: the feed, the page.
      let first = try await client.execute(uri: "/feeds/\(token).ics", method: .get)
      #expect(first.status == .ok)
      _ = try await session.open(client, "/plans/\(id)")

      let release = DispatchSemaphore(value: 0)
      let busy = try await Self.saturate(pool, release: release)
      // Served from their bytes: no render slot needed.
      let feed = try await client.execute(uri: "/feeds/\(token).ics", method: .get)
      #expect(feed.status == .ok)
      #expect(feed.text == first.text)
      let page = try await client.execute(uri: "/plans/\(id)", method: .get, headers: session.headers)
      #expect(page.status == .ok, "the page is composed from cached renders: no history is planned again")
      // A printout not yet rendered: refused at once, with when to come back.
      let pdf = try await client.execute(uri: "/plans/\(id)/revisions/1/schedule.pdf", method: .get, headers: session.headers)
      #expect(pdf.status == .serviceUnavailable)
      #expect(pdf.headers[.retryAfter] == String(RenderPool.retryAfter))

      for _ in busy { release.signal() }
      for task in busy { try await task.value }
      #expect(pool.load == (0, 0))
      let rendered = try await client.execute(
        uri: "/plans/\(id)/revisions/1/schedule.pdf", method: .get, headers: session.headers)
      #expect(rendered.status == .ok)
      #expect(rendered.body.readableBytesView.starts(with: Array("%PDF".utf8)))
    }
  }

  /// The first requests for a feed after a start or a revision come at once: one render serves them all, so
  /// none is refused even with a pool of one slot and no queue.
  @Test func manyFirstRequestsForAFeedShareOneRender() async throws {
    let store = try makeStore()
    let pool = RenderPool(workers: 1, waiting: 0)
    let router = WebServer.router(store: store, settings: ServerSettings(accessToken: testToken, version: "test"), pool: pool)
    try await Application(router: router).test(.router) { client in
      var session = Session()
      let id = try await createPlan(client, &session)
      let token = try await subscribe(client, &session, planID: id)
      let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<40 {
          group.addTask { Int(try await client.execute(uri: "/feeds/\(token).ics", method: .get).status.code) }
        }
        var all: [Int] = []
        for try await status in group { all.append(status) }
        return all
      }
      #expect(statuses == Array(repeating: 200, count: 40))
    }
  }

  /// Queued renders run in their turn as slots come free; none is lost or run twice.
  @Test func queuedRendersRunInTurn() async throws {
    let pool = RenderPool(workers: 2, waiting: 100)
    let results = try await withThrowingTaskGroup(of: Int.self) { group in
      for i in 0..<50 {
        group.addTask { try await pool.run { i } }
      }
      var all: [Int] = []
      for try await i in group { all.append(i) }
      return all
    }
    #expect(results.sorted() == Array(0..<50))
    #expect(pool.load == (0, 0))
  }
}
