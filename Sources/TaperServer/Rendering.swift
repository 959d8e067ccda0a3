import Dispatch

/// Work that takes long (a printout: cairo and pango lay out every week) runs on a queue of its own, one at a time,
/// never on the threads that serve requests: a PDF of a long plan held the whole server, feeds included, for
/// minutes when it ran on them (security review, H2).
enum Rendering {
  private static let queue = DispatchQueue(label: "taper.render", qos: .userInitiated)

  /// `body`'s result, computed on the rendering queue.
  static func off<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      queue.async {
        continuation.resume(with: Result { try body() })
      }
    }
  }
}
