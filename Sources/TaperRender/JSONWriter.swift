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
      let sorted = members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
      JSONValue.writeContainer(sorted, open: "{", close: "}", into: &out, indent: indent) { member, out in
        JSONValue.quote(member.0, into: &out)
        out += " : "
        member.1.write(into: &out, indent: indent + 2)
      }
    case .array(let items):
      JSONValue.writeContainer(items, open: "[", close: "]", into: &out, indent: indent) { item, out in
        item.write(into: &out, indent: indent + 2)
      }
    case .string(let s): JSONValue.quote(s, into: &out)
    case .number(let n): out += n
    case .bool(let b): out += b ? "true" : "false"
    case .null: out += "null"
    }
  }

  /// An object's or array's items, one per line at `indent + 2`; an empty one as `JSONEncoder` writes it
  /// (open, a blank line, close).
  private static func writeContainer<Item>(
    _ items: [Item], open: String, close: String, into out: inout String, indent: Int,
    item writeItem: (Item, inout String) -> Void
  ) {
    let closing = String(repeating: " ", count: indent) + close
    if items.isEmpty {
      out += open + "\n\n" + closing
      return
    }
    out += open + "\n"
    let pad = String(repeating: " ", count: indent + 2)
    for (i, item) in items.enumerated() {
      if i > 0 { out += ",\n" }
      out += pad
      writeItem(item, &out)
    }
    out += "\n" + closing
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
