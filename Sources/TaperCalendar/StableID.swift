/// Opaque, stable identifiers: a re-export of the same run gets the same `UID`, so apps that honour
/// `UID`/`SEQUENCE` update it in place instead of duplicating it.
enum StableID {
  /// FNV-1a, 64 bits, over the UTF-8 bytes of `text`, as 16 lower-case hex digits.
  static func fnv1a64(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }

  /// `<hash of the parts>@<domain>`: no readable patient or plan data.
  static func uid(_ parts: [String], domain: String) -> String {
    // Two hashes with different seeds make 128 bits, so unrelated runs never collide in practice:
    // FNV-1a of "a|b|c" and of "taper|a|b|c", computed in one pass.
    let prime: UInt64 = 0x0000_0100_0000_01b3
    var first: UInt64 = 0xcbf2_9ce4_8422_2325
    var second = first
    for byte in "taper|".utf8 { second = (second ^ UInt64(byte)) &* prime }
    for (i, part) in parts.enumerated() {
      if i > 0 {
        first = (first ^ 0x7C) &* prime
        second = (second ^ 0x7C) &* prime
      }
      for byte in part.utf8 {
        first = (first ^ UInt64(byte)) &* prime
        second = (second ^ UInt64(byte)) &* prime
      }
    }
    return hex(first) + hex(second) + "@" + domain
  }

  /// 16 lower-case hex digits.
  static func hex(_ value: UInt64) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var bytes = [UInt8](repeating: 0, count: 16)
    var v = value
    for i in (0..<16).reversed() {
      bytes[i] = digits[Int(v & 0xF)]
      v >>= 4
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
