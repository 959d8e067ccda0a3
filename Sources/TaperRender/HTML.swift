/// Markup that is safe to send to a browser: text only gets in escaped.
///
/// Text and markup used to be both `String`, so safety rested on remembering to escape at every call site, and a
/// new interpolation of a patient label compiled without complaint. `HTML` keeps them apart in the type system:
///
/// - A string literal written in code is markup, embedded as written (`"<li>"`), because a programmer wrote it.
/// - An interpolated `String`, `Substring`, number or any other `CustomStringConvertible` is text and is escaped
///   (`"<li>\(medicine.name)</li>"`).
/// - An interpolated `HTML` is embedded as it is: fragments compose without being escaped twice.
/// - ``raw(_:)`` is the one way to turn a runtime `String` into markup unescaped; it is for markup that code
///   produced, never for anything a person typed.
///
/// Attribute values are always written double-quoted in Taper (`class="\(name)"`), so the one escaper below is
/// also the attribute escaper: inside double quotes only `&` and `"` matter, and it escapes both. Never write an
/// unquoted or single-quoted attribute around an interpolation. A URL inside `href` needs one more step first:
/// ``pathComponent(_:)``.
///
/// One trap: a conditional of two literals inside an interpolation, `\(on ? " checked" : "")`, is a `String`
/// (the literals' default type), so it is escaped as text. Give it the type when it is markup:
/// `let checked: HTML = on ? " checked" : ""`. And never call `init(stringLiteral:)` by hand: the protocol makes
/// it public, but it is for literals only.
public struct HTML: Hashable, Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
  /// The markup, ready to send; only this file writes it, so only the rules above make it.
  private var markup: String

  /// The markup as it is sent (for writing the page out; not for building more markup from it).
  public var description: String { markup }

  /// Whether there is no markup at all.
  public var isEmpty: Bool { markup.isEmpty }

  private init(markup: String) { self.markup = markup }

  /// A string literal in code is markup: `let row: HTML = "<tr>"`.
  public init(stringLiteral value: String) { markup = value }

  /// `text`, escaped: the page shows exactly these characters.
  public init(escaping text: String) {
    markup = ""
    HTML.escape(text[...], into: &markup)
  }

  /// Builds a literal whose interpolations are escaped unless they are already `HTML`.
  public init(stringInterpolation: StringInterpolation) { markup = stringInterpolation.markup }

  /// Markup from a `String` that is embedded unescaped.
  ///
  /// Only for markup produced by code: an SVG drawn by a function (the QR code), a CSS constant. Never pass
  /// text that came from a person, a plan file, a form or a request; interpolate it instead, which escapes it.
  public static func raw(_ markup: String) -> HTML { HTML(markup: markup) }

  /// `value` escaped for a double-quoted attribute (`value="…"`).
  ///
  /// The same escaping as element content: Taper always double-quotes attributes, and the escaper handles `"`.
  /// It exists so that a call site says what it means; interpolating the `String` directly gives the same bytes.
  public static func attribute(_ value: String) -> HTML { HTML(escaping: value) }

  /// `component` percent-encoded as one URL path segment (for `href="/plans/…"`), then escaped for the attribute.
  ///
  /// Everything except RFC 3986's unreserved characters (`A–Z a–z 0–9 - . _ ~`) is encoded, byte by byte of
  /// UTF-8, so a `/`, `?` or `#` in the value can never move the link elsewhere. Plan ids are already only
  /// unreserved characters, so for them this changes nothing; it is the guard for whatever comes next.
  public static func pathComponent(_ component: String) -> HTML {
    let hex = Array("0123456789ABCDEF".utf8)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(component.utf8.count)
    for b in component.utf8 {
      switch b {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
        UInt8(ascii: "~"):
        bytes.append(b)
      default:
        bytes += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 0x0F)]]
      }
    }
    // Only ASCII is left, so the bytes are valid UTF-8 and escaping is a formality kept for the rule's sake.
    return HTML(escaping: String(decoding: bytes, as: UTF8.self))
  }

  /// Reserves room for `count` bytes of markup (the print page is long; it is built by appending).
  public mutating func reserveCapacity(_ count: Int) { markup.reserveCapacity(count) }

  /// Appends markup.
  public static func += (lhs: inout HTML, rhs: HTML) { lhs.markup += rhs.markup }

  /// Two fragments, one after the other.
  public static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(markup: lhs.markup + rhs.markup) }

  /// The one escaper of the package: `& < > " '` become character references, everything else is kept.
  ///
  /// It works on UTF-8 bytes, not on `Character`s: a `<` followed by a combining mark is one `Character`
  /// that is not equal to `"<"`, but it is still a `<` to the browser. The five characters are ASCII and never
  /// occur inside a multi-byte sequence, so cutting the text at them keeps every other character whole.
  static func escape(_ text: Substring, into out: inout String) {
    let utf8 = text.utf8
    var start = utf8.startIndex
    var i = start
    while i != utf8.endIndex {
      let reference: String? =
        switch utf8[i] {
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "\""): "&quot;"
        // &#39; rather than &apos;, which HTML 4 browsers and some mail readers do not know.
        case UInt8(ascii: "'"): "&#39;"
        default: nil
        }
      if let reference {
        out += text[start..<i]
        out += reference
        start = utf8.index(after: i)
      }
      i = utf8.index(after: i)
    }
    out += text[start..<utf8.endIndex]
  }

  /// The interpolation of an `HTML` literal: literal segments are markup, interpolated text is escaped.
  public struct StringInterpolation: StringInterpolationProtocol {
    var markup: String

    public init(literalCapacity: Int, interpolationCount: Int) {
      markup = ""
      markup.reserveCapacity(literalCapacity + interpolationCount * 16)
    }

    /// A segment written in code: markup, as written.
    public mutating func appendLiteral(_ literal: String) { markup += literal }

    /// A fragment that is already markup: embedded as it is.
    public mutating func appendInterpolation(_ html: HTML) { markup += html.markup }

    /// Text: escaped.
    public mutating func appendInterpolation(_ text: String) { HTML.escape(text[...], into: &markup) }

    /// Part of a text: escaped.
    public mutating func appendInterpolation(_ text: Substring) { HTML.escape(text, into: &markup) }

    /// Numbers, dates and any other value: its description, escaped.
    public mutating func appendInterpolation(_ value: some CustomStringConvertible) {
      HTML.escape(value.description[...], into: &markup)
    }
  }
}

extension Sequence where Element == HTML {
  /// The fragments one after the other, with `separator` (markup) between them.
  public func joined(separator: HTML = "") -> HTML {
    var out: HTML = ""
    var first = true
    for fragment in self {
      if !first { out += separator }
      out += fragment
      first = false
    }
    return out
  }
}
