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
    // Two hashes with different seeds make 128 bits, so unrelated runs never collide in practice.
    let joined = parts.joined(separator: "|")
    return fnv1a64(joined) + fnv1a64("taper|" + joined) + "@" + domain
  }
}
