/// A small JSON tree and pretty printer for the plan's JSON output.
///
/// Written for speed (Foundation's `JSONEncoder` took 10–20 ms for a one-year plan, most of a batch
/// job's time) and exactness: numbers come in as exact decimal text from ``Mass`` and friends, never
/// through `Double` formatting. The layout matches `JSONEncoder` with `.prettyPrinted`, `.sortedKeys` and
/// `.withoutEscapingSlashes`, so files are byte-identical to what it wrote before.
public indirect enum JSONValue: Sendable {
  case object([(String, JSONValue)])
  case array([JSONValue])
  case string(String)
  /// A number already written as JSON number text ("17.5", "70").
  case number(String)
  case bool(Bool)
  case null

  public static func int(_ n: Int) -> JSONValue { .number(String(n)) }

  /// Pretty-printed text with sorted keys, without a trailing newline.
  public func rendered() -> String {
    var out = ""
    out.reserveCapacity(4096)
    write(into: &out, indent: 0)
    return out
  }

  private func write(into out: inout String, indent: Int) {
    switch self {
    case .object(let members):
      if members.isEmpty {
        out += "{\n\n" + String(repeating: " ", count: indent) + "}"
        return
      }
      out += "{\n"
      let pad = String(repeating: " ", count: indent + 2)
      for (i, (key, value)) in members.sorted(by: { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }).enumerated() {
        if i > 0 { out += ",\n" }
        out += pad
        JSONValue.quote(key, into: &out)
        out += " : "
        value.write(into: &out, indent: indent + 2)
      }
      out += "\n" + String(repeating: " ", count: indent) + "}"
    case .array(let items):
      if items.isEmpty {
        out += "[\n\n" + String(repeating: " ", count: indent) + "]"
        return
      }
      out += "[\n"
      let pad = String(repeating: " ", count: indent + 2)
      for (i, item) in items.enumerated() {
        if i > 0 { out += ",\n" }
        out += pad
        item.write(into: &out, indent: indent + 2)
      }
      out += "\n" + String(repeating: " ", count: indent) + "]"
    case .string(let s): JSONValue.quote(s, into: &out)
    case .number(let n): out += n
    case .bool(let b): out += b ? "true" : "false"
    case .null: out += "null"
    }
  }

  /// A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped.
  static func quote(_ s: String, into out: inout String) {
    out += "\""
    var plain = true
    for u in s.utf8 where u < 0x20 || u == 0x22 || u == 0x5C {
      plain = false
      break
    }
    if plain {
      out += s
    } else {
      for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case let c where c.value < 0x20:
          let hex = String(c.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}

extension JSONValue {
  /// An optional string: the value, or the key left out (`nil`).
  static func optional(_ s: String?) -> JSONValue? { s.map(JSONValue.string) }
}

/// Builds an object, leaving out `nil` members (as `JSONEncoder` leaves out nil optionals).
func object(_ members: [(String, JSONValue?)]) -> JSONValue {
  .object(members.compactMap { key, value in value.map { (key, $0) } })
}
