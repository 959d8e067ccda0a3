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
    let suffix = Array(("@" + domain).utf8)
    return String(unsafeUninitializedCapacity: 32 + suffix.count) { buffer in
      writeHex(first, into: buffer, at: 0)
      writeHex(second, into: buffer, at: 16)
      for (i, byte) in suffix.enumerated() { buffer[32 + i] = byte }
      return 32 + suffix.count
    }
  }

  /// 16 lower-case hex digits.
  static func hex(_ value: UInt64) -> String {
    String(unsafeUninitializedCapacity: 16) { buffer in
      writeHex(value, into: buffer, at: 0)
      return 16
    }
  }

  private static func writeHex(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
    var v = value
    for i in (0..<16).reversed() {
      let nibble = UInt8(v & 0xF)
      buffer[offset + i] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
      v >>= 4
    }
  }
}
