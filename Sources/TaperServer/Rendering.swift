import Dispatch
import Foundation
import Hummingbird
import Synchronization
import TaperCore
import TaperRender

/// Work that takes long — planning a revision's history, a printout (cairo and pango lay out every week), a
/// calendar — runs on a bounded pool of its own threads, never on the threads that serve requests: a PDF of a
/// long plan held the whole server, feeds included, for minutes when it ran on them (security review, H2).
///
/// At most `workers` renders run at once (one per core by default) and at most `waiting` more wait; past that
/// a request is answered at once with 503 and `Retry-After` (back-pressure) rather than queued without end.
public final class RenderPool: Sendable {
  public let workers: Int
  public let waiting: Int
  private let queue = DispatchQueue(label: "taper.render", qos: .userInitiated, attributes: .concurrent)
  private struct State {
    var running = 0
    var queued: [CheckedContinuation<Void, Never>] = []
  }
  private let state = Mutex(State())

  /// Seconds a refused request is told to wait.
  static let retryAfter = 2

  public init(workers: Int? = nil, waiting: Int? = nil) {
    let workers = workers ?? ProcessInfo.processInfo.activeProcessorCount
    self.workers = max(1, workers)
    self.waiting = waiting ?? 4 * max(1, workers)
  }

  /// Renders running and waiting now.
  var load: (running: Int, queued: Int) { state.withLock { ($0.running, $0.queued.count) } }

  /// `body`'s result, computed on the pool; ``PageError`` 503 (with `Retry-After`) when the pool and its queue
  /// are full.
  private enum Admission { case now, wait, refuse }

  func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    let admission: Admission = state.withLock { s in
      if s.running < workers {
        s.running += 1
        return .now
      }
      return s.queued.count < waiting ? .wait : .refuse
    }
    switch admission {
    case .refuse: throw PageError.busy
    case .wait:
      await withCheckedContinuation { continuation in
        let admitted: Bool = state.withLock { s in
          // A slot may have come free between the two locks.
          if s.running < workers {
            s.running += 1
            return true
          }
          s.queued.append(continuation)
          return false
        }
        if admitted { continuation.resume() }
      }
    case .now: break
    }
    defer { leave() }
    return try await withCheckedThrowingContinuation { continuation in
      queue.async { continuation.resume(with: Result { try body() }) }
    }
  }

  /// A render finished: the next waiting one takes its slot.
  private func leave() {
    let next: CheckedContinuation<Void, Never>? = state.withLock { s in
      if s.queued.isEmpty {
        s.running -= 1
        return nil
      }
      return s.queued.removeFirst()
    }
    next?.resume()
  }
}

extension PageError {
  /// Every render slot and its queue are taken.
  static var busy: PageError {
    PageError(
      .serviceUnavailable, "Busy", "Taper is rendering other printouts: try again in a few seconds.",
      retryAfter: RenderPool.retryAfter)
  }
}

/// Renders kept as they were made, keyed by plan, revision and what: a revision never changes once saved, so
/// nothing here is ever stale — a new revision is a new key, and an approval is part of the key of whatever
/// shows it. A page view of a plan with 200 revisions plans none of them again. Bounded: past `limit`
/// entries the oldest go first.
final class RenderCache: Sendable {
  enum Key: Hashable, Sendable {
    /// A revision planned as its file says (the status set by the caller).
    case plan(String, Int)
    /// What changed from the revision before, and the revision's own record, for the history table.
    case history(String, Int)
    /// The week grid and chart of the page, approved or not.
    case schedule(String, Int, approved: Bool)
    /// A download's bytes: `schedule.pdf`, `plan.json`, `calendar.ics`.
    case file(String, Int, String, approved: Bool)
  }
  enum Value: Sendable {
    case plan(TreatmentPlan)
    case history(changes: [String]?, record: RevisionRecord?)
    case schedule(WeeklyHTML.Parts)
    case bytes([UInt8])
  }
  private struct Store {
    var entries: [Key: Value] = [:]
    var order: [Key] = []
  }
  private let store = Mutex(Store())
  let limit: Int

  init(limit: Int = 4_096) {
    self.limit = limit
  }

  func get(_ key: Key) -> Value? { store.withLock { $0.entries[key] } }

  func put(_ key: Key, _ value: Value) {
    store.withLock { s in
      if s.entries.updateValue(value, forKey: key) == nil { s.order.append(key) }
      while s.order.count > limit {
        s.entries[s.order.removeFirst()] = nil
      }
    }
  }

  var count: Int { store.withLock { $0.entries.count } }
}
