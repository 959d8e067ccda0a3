/// Random secrets (feed tokens, CSRF tokens, plan ids) and comparisons that take the same time whatever matches.
public enum Secrets {
  /// `count` random bytes from the system's cryptographic generator (`getrandom` on Linux).
  static func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
  }

  /// A new feed token: 128 random bits as 32 hex digits.
  public static func newFeedToken() -> String { Hex.encode(randomBytes(16)) }

  /// The SHA-256 of a token's text, as stored: the token itself is never stored.
  public static func tokenHash(_ token: String) -> [UInt8] { SHA256.digest(Array(token.utf8)) }

  /// Compares two byte strings in time that depends only on their lengths.
  public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
    let n = max(a.count, b.count)
    for i in 0..<n {
      let x = i < a.count ? a[i] : 0
      let y = i < b.count ? b[i] : 0
      difference |= x ^ y
    }
    return difference == 0
  }

  /// Compares two strings' UTF-8 bytes in constant time.
  public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    constantTimeEqual(Array(a.utf8), Array(b.utf8))
  }
}
