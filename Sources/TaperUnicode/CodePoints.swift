/// Untrusted text shown so that nothing in it is hidden: characters a reader cannot see, or cannot tell from
/// others, written as code points in one notation (`\u{200B}`, at least four hex digits) for every message,
/// page and test that quotes a plan file.
public enum CodePoints {
  /// What is written as a code point.
  public enum Shown: Sendable {
    /// Everything outside printable ASCII: "metho\u{200B}trexate", "Methotr\u{0435}xate". For names in findings.
    case printableASCII
    /// Letters of every script are kept and each non-ASCII one is followed by its code point
    /// ("Methotrе\u{0435}xate"); every other non-ASCII character is the code point alone. For `taper drugs`.
    case annotatedLetters
    /// Only format characters (bidirectional controls, zero-width characters): the rest stays as written, so a
    /// message in any language reads normally but cannot be reordered or hidden.
    case formatCharacters
  }

  /// `text` with the characters `shown` names written as code points.
  public static func escaped<S: StringProtocol>(_ text: S, _ shown: Shown) -> String {
    let isFormat = { (s: Unicode.Scalar) in s.properties.generalCategory == .format }
    if shown == .formatCharacters, !text.unicodeScalars.contains(where: isFormat) { return String(text) }
    var out = ""
    for scalar in text.unicodeScalars {
      let printableASCII = scalar.isASCII && scalar.value >= 0x20 && scalar.value < 0x7F
      switch shown {
      case .printableASCII where printableASCII, .annotatedLetters where printableASCII:
        out.unicodeScalars.append(scalar)
      case .printableASCII:
        out += notation(scalar)
      case .annotatedLetters:
        if scalar.properties.isAlphabetic, !isFormat(scalar) { out.unicodeScalars.append(scalar) }
        out += notation(scalar)
      case .formatCharacters:
        if isFormat(scalar) { out += notation(scalar) } else { out.unicodeScalars.append(scalar) }
      }
    }
    return out
  }

  /// `\u{200B}`, inside text.
  public static func notation(_ scalar: Unicode.Scalar) -> String { "\\u{" + hex(scalar) + "}" }

  /// `U+200B`, the Unicode standard's name for a code point, in prose ("character 7 is U+200B").
  public static func name(_ scalar: Unicode.Scalar) -> String { "U+" + hex(scalar) }

  static func hex(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }
}
