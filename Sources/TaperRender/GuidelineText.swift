public import TaperCore
import Foundation

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
    struct Drug: Encodable {
      var name, choice, dose, limits: String
      var drugs: [String]
    }
    struct Option: Encodable {
      var group: String
      var line: Int
      var kind, title, summary: String
      var drugs: [Drug]
      var adverse_effects, monitoring: String?
      var references: [Int]
    }
    struct Document: Encodable {
      var source: String
      var options: [Option]
    }
    let doc = Document(
      source: Guideline.source,
      options: options.map { o in
        Option(
          group: o.group.rawValue, line: o.line, kind: o.kind.rawValue, title: o.title, summary: o.summary,
          drugs: o.drugs.map { Drug(name: $0.name, choice: $0.choice.rawValue, dose: $0.dose, limits: $0.limits, drugs: $0.keys) },
          adverse_effects: o.adverseEffects, monitoring: o.monitoring, references: o.references)
      })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try! encoder.encode(doc), as: UTF8.self) + "\n"
  }
}
