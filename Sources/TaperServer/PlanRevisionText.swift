import TaperCore
import TaperPlanFile

/// Edits to a plan file's text that keep the clinician's layout and comments.
enum PlanRevisionText {
  /// The plan-file text with `plan.revision` set to `number`, or `nil` when the key cannot be placed. The edit is
  /// the plan-file layer's (``PlanFileWriter/settingRevision(_:to:)``): it replaces the number where it is
  /// written, or adds the key to the `plan` mapping in its own style, and checks the result reads back.
  static func settingRevision(_ text: String, to number: Int, file: PlanFile) -> String? {
    if file.spec.revision == number { return text }
    return PlanFileWriter.settingRevision(text, to: number)
  }
}
