public import TaperCore

/// The seed's options as text a clinician reads, or as JSON.
public enum GuidelineText {
  public static func render(_ options: [GuidelineOption]) -> String {
    var out: [String] = ["Treatment algorithm — \(Guideline.source)", ""]
    var heading = ""
    for option in options {
      let h = "\(option.group.title) — line \(option.line)"
      if h != heading {
        out.append(h.uppercased())
        heading = h
      }
      let kind =
        switch option.kind {
        case .plus: "Plus (for ALL patients)"
        case .consider: "Consider (for SOME patients)"
        case .induction: "Line \(option.line)"
        case .maintenance: "Line \(option.line)"
        }
      out.append("  \(kind): \(option.title) \(option.referenceText)")
      out.append("    \(option.summary)")
      for drug in option.drugs {
        out.append("    • \(drug.name) (\(drug.choice.rawValue)): \(drug.dose)")
        out.append("      Taper enforces: \(drug.limits)")
      }
      if let a = option.adverseEffects { out.append("    Adverse effects: \(a)") }
      if let m = option.monitoring { out.append("    Monitoring: \(m)") }
      out.append("")
    }
    return out.joined(separator: "\n")
  }

  public static func json(_ options: [GuidelineOption]) -> String {
    object([
      ("source", .string(Guideline.source)),
      (
        "options",
        .array(
          options.map { o in
            object([
              ("group", .string(o.group.rawValue)), ("line", .int(o.line)), ("kind", .string(o.kind.rawValue)),
              ("title", .string(o.title)), ("summary", .string(o.summary)),
              (
                "drugs",
                .array(
                  o.drugs.map { d in
                    object([
                      ("name", .string(d.name)), ("choice", .string(d.choice.rawValue)), ("dose", .string(d.dose)),
                      ("limits", .string(d.limits)), ("drugs", .array(d.keys.map(JSONValue.string))),
                    ])
                  })
              ),
              ("adverse_effects", .optional(o.adverseEffects)), ("monitoring", .optional(o.monitoring)),
              ("references", .array(o.references.map(JSONValue.int))),
            ])
          })
      ),
    ]).rendered() + "\n"
  }
}
