public import TaperCore
public import TaperPlanFile

/// A plan file saved as revision 1 of a new plan: the one import path, for `taper serve --import` and for a
/// plan file pasted on the new-plan page.
public enum PlanImport {
  /// Checks `text` as `taper check` does, parsing it once; returns the text to store (saying `revision: 1`)
  /// and its plan.
  public static func check(text: String, fileName: String) throws(PlanFileError)
    -> (text: String, plan: TreatmentPlan)
  {
    let file = try PlanFile(text: text, fileName: fileName)
    // The server numbers a plan's revisions itself, from 1; a file's own later revisions would be other numbers.
    if !file.spec.revisions.isEmpty {
      throw PlanFileError([
        LocatedDiagnostic(
          Diagnostic(
            .error, "revisions",
            "a new plan is its first revision: import the file without `revisions` (taper plan FILE --as-of "
              + "\(file.spec.revision) shows it), then add each revision with Revise"),
          file: fileName, line: file.line(of: "revisions"))
      ])
    }
    // The store numbers revisions from 1: a file that says otherwise is saved saying 1.
    guard let renumbered = PlanRevisionText.settingRevision(text, to: 1, file: file) else {
      throw PlanFileError([
        LocatedDiagnostic(
          Diagnostic(.error, "plan.revision", "a new plan is revision 1; write `revision: 1` under `plan:`"),
          file: fileName, line: file.line(of: "plan"))
      ])
    }
    // The renumbered text differs from the parsed one in `plan.revision` only, so its spec is this one with
    // revision 1; findings keep the lines of the text as it was written.
    var spec = file.spec
    spec.revision = 1
    do {
      return (renumbered, try PlanFile.plan(spec))
    } catch {
      throw PlanFileError(file.locate(error.diagnostics))
    }
  }

  /// Checks `text` and saves it as a new plan; returns the plan. Throws `PlanFileError` for a refused file and
  /// `StoreError` when the id is taken.
  @discardableResult
  public static func save(
    text: String, fileName: String, into store: PlanStore, author: String, note: String, now: Int64,
    audit: AuditEvent? = nil
  ) async throws -> TreatmentPlan {
    let (text, plan) = try check(text: text, fileName: fileName)
    // Saved as a draft whatever its `status` says: only an approval recorded in Taper approves it.
    try await store.createPlan(
      StoredRevision(
        planID: plan.id, number: 1, text: text, form: nil, title: plan.title, author: author, note: note,
        savedAt: now), audit: audit.map { var e = $0; e.planID = plan.id; return [e] } ?? [])
    return plan
  }
}
