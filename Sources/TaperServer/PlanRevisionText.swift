import Foundation
import TaperCore
import TaperPlanFile

/// Edits to a plan file's text that keep the clinician's layout and comments.
enum PlanRevisionText {
  /// The plan-file text with `plan.revision` set to `number`, or `nil` when the key cannot be placed.
  static func settingRevision(_ text: String, to number: Int, file: PlanFile) -> String? {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if file.spec.revision == number { return text }
    if let n = file.line(of: "plan.revision"), n >= 1, n <= lines.count,
      let range = lines[n - 1].range(of: #"^\s+revision:\s*[0-9]+\s*(#.*)?$"#, options: .regularExpression)
    {
      let indent = lines[n - 1][range].prefix(while: { $0 == " " })
      lines[n - 1] = indent + "revision: \(number)"
      return lines.joined(separator: "\n")
    }
    // The top-level `plan:` key starts a line of its own in a block mapping.
    if let i = lines.firstIndex(where: { $0.hasPrefix("plan:") && $0.dropFirst(5).trimmed.isEmpty }) {
      let n = i + 1
      let next = lines.dropFirst(n).first { !$0.trimmed.isEmpty && !$0.trimmed.hasPrefix("#") } ?? "  x"
      let indent = next.prefix(while: { $0 == " " })
      guard !indent.isEmpty else { return nil }
      lines.insert(indent + "revision: \(number)", at: n)
      return lines.joined(separator: "\n")
    }
    return nil
  }
}
