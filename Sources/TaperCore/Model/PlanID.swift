/// The one rule for plan ids, shared by the planner (`taper check`) and the web server.
///
/// An id names output files (`out/<id>/<id>.ics`) and appears in the web page's addresses (`/plans/<id>`),
/// so it is 1 to 64 ASCII letters, digits, `.`, `_` or `-`, and it does not start with `.`: `..` would name
/// a folder and `.plan1` a hidden file.
public enum PlanID {
  /// The longest id.
  public static let maximumLength = 64

  /// True when `id` follows the rule.
  public static func isValid(_ id: String) -> Bool { problem(id) == nil }

  /// Why `id` breaks the rule, as the planner reports it at `plan.id`; `nil` for a valid id.
  public static func problem(_ id: String) -> String? {
    let allowed = id.unicodeScalars.allSatisfy {
      ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0)
        || $0 == "." || $0 == "_" || $0 == "-"
    }
    if id.isEmpty || id.count > maximumLength || !allowed {
      return "'\(id.prefix(80))' is not a valid plan id: use 1–64 letters, digits, '.', '_' or '-'"
    }
    if id.allSatisfy({ $0 == "." }) {
      return "'\(id)' is not a valid plan id: it names a folder, not a plan"
    }
    if id.hasPrefix(".") {
      return "'\(id)' is not a valid plan id: it starts with '.', which hides a file (start with a letter or digit)"
    }
    return nil
  }
}
