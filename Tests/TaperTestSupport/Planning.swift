public import TaperCore
import TaperPlanFile

extension Planner {
  /// Plans a spec built in a test, its findings spelled as the plan file's key paths (what the tool shows).
  public static func plan(_ spec: PlanSpec) throws(PlanRefusal) -> TreatmentPlan {
    try PlanFile.plan(spec)
  }

  /// Checks a spec built in a test, its findings spelled as the plan file's key paths.
  public static func check(_ spec: PlanSpec) -> [Diagnostic] { check(spec, keys: PlanFormat.keyNames, zones: SystemTimeZones.shared) }
}
