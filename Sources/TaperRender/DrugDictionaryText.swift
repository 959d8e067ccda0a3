public import TaperCore
import TaperUnicode

/// The drug dictionary as text, for `taper drugs`: every entry, or what one name resolves to and how.
public enum DrugDictionaryText {
  /// Every entry, grouped by how a plan gives it.
  public static func render(_ entries: [DrugEntry]) -> String {
    var out = ""
    let checked = entries.filter { if case .checked = $0.plannedAs { true } else { false } }
    let others = entries.filter { if case .other = $0.plannedAs { true } else { false } }
    out += "Checked drugs: give each as `drug: NAME` (any name below); as `drug: other` they are refused.\n\n"
    for entry in checked { out += block(entry) }
    out +=
      "Co-medications: give each as `drug: other` with `name:`; their doses are not checked, their names are "
      + "known to the rules.\n\n"
    for entry in others { out += block(entry) }
    return out
  }

  static func block(_ entry: DrugEntry) -> String {
    var out = "\(entry.displayName) — \(entry.drugClass.rawValue)\n"
    if case .checked = entry.plannedAs { out += "  plan as: drug: \(entry.id)\n" }
    if !entry.names.isEmpty {
      out += "  names: " + entry.names.map { "\($0.text) (\($0.kindText))" }.joined(separator: ", ") + "\n"
    }
    out += "  source: \(entry.source)\n\n"
    return out
  }

  /// What `name` resolves to, each step shown.
  public static func explain(_ name: String, _ resolution: Resolution) -> String {
    var out = "\(quoted(name))\n"
    out += "  normalised (NFKC_Casefold, spacing collapsed): \(quoted(resolution.normalised))\n"
    guard let first = resolution.matches.first else {
      if let near = resolution.nearMiss {
        out += "  not in the dictionary; close to '\(near.name)' (\(near.entry.displayName)), a checked drug:\n"
        out += "  as `drug: other` this name is refused with a did-you-mean\n"
      } else if let near = resolution.nearPartner {
        out += "  not in the dictionary; close to '\(near.name)' (\(near.entry.displayName)):\n"
        out += "  as `drug: other` it is taken as \(near.entry.displayName) for the interaction rules, with a warning "
          + "(`name_confirmed: true` if it is another medicine)\n"
      } else {
        out += "  not in the dictionary: as `drug: other` it is shown and not checked\n"
      }
      return out
    }
    for match in resolution.matches {
      let kind = match.entry.names.first { $0.text == match.name }?.kindText ?? "generic name"
      out += "  names: \(match.entry.displayName) — matched by \(match.how.rawValue), '\(match.name)' (\(kind))\n"
      out += "    class: \(match.entry.drugClass.rawValue)\n"
    }
    if let local = resolution.localForm {
      out += "  form: '\(local)' — not a systemic dose\n"
    }
    if let checked = resolution.checkedMatch {
      out += "  in a plan: give it as `drug: \(checked.entry.id)`; as `drug: other` it is refused\n"
    } else {
      out += "  in a plan: `drug: other` with `name: \(name)`; \(first.entry.displayName) is known to the rules\n"
    }
    return out
  }

  /// The name in quotes, with invisible and non-ASCII characters shown as code points.
  static func quoted(_ text: String) -> String { "'" + CodePoints.escaped(text, .annotatedLetters) + "'" }
}
