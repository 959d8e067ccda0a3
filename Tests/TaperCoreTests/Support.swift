import TaperTestSupport
import TaperCore
import Testing

/// A date literal for tests: `d("2026-12-07")`.
func d(_ text: String) -> CivilDate { CivilDate(iso: text)! }
func t(_ text: String) -> LocalTime { LocalTime(parsing: text)! }
func mg(_ value: Double) -> Mass { Mass.mg(value)! }

/// A plan spec with sensible defaults for one test.
func makeSpec(
  group: PatientGroup = .severe, weight: Double = 70, start: String = "2026-12-07",
  timeZone: String = "Europe/London", weeks: Int? = nil, height: Double? = nil, sex: Sex? = nil,
  _ medications: [MedicationSpec]
) -> PlanSpec {
  PlanSpec(
    id: "test-plan", start: d(start), timeZone: timeZone, weeks: weeks,
    patient: PatientSpec(
      weight: BodyWeight.kg(weight)!, age: 50, group: group, height: height.flatMap(Height.cm), sex: sex),
    medications: medications)
}

func med(_ drug: String, _ configure: (inout MedicationSpec) -> Void = { _ in }) -> MedicationSpec {
  var m = MedicationSpec(drug: drug)
  configure(&m)
  return m
}

/// The plan's doses of one drug as (date, amount text) pairs.
func doses(_ plan: TreatmentPlan, _ drug: String) -> [(CivilDate, String)] {
  plan.days.flatMap { day in
    day.administrations.filter { $0.drug == drug }.map { (day.date, $0.amount.description) }
  }
}

/// The dose of `drug` on a date ("" when none).
func dose(_ plan: TreatmentPlan, _ drug: String, on date: String) -> String {
  plan.days.first { $0.date == d(date) }?.administrations.filter { $0.drug == drug }
    .map(\.amount.description).joined(separator: " + ") ?? ""
}

/// Plans `spec` and returns the refusal's error messages (empty when the plan was made).
func refusals(_ spec: PlanSpec) -> [String] {
  do {
    _ = try Planner.plan(spec)
    return []
  } catch {
    return error.errors.map(\.description)
  }
}

/// Expects `spec` to be refused with an error containing every fragment.
func expectRefused(_ spec: PlanSpec, _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation) {
  let errors = refusals(spec)
  #expect(!errors.isEmpty, "expected a refusal", sourceLocation: sourceLocation)
  let joined = errors.joined(separator: "\n")
  for f in fragments {
    #expect(joined.contains(f), "missing '\(f)' in:\n\(joined)", sourceLocation: sourceLocation)
  }
}

/// A once-weekly medicine (methotrexate under any of its names): `dose` mg on `weekday`, at `time` if given.
func weekly(_ drug: String, _ dose: Double, _ weekday: Weekday, at time: String? = nil) -> MedicationSpec {
  med(drug) {
    $0.dose = mg(dose)
    $0.weekdays = [weekday]
    $0.time = time.map(t)
  }
}

/// An `other` medicine taken daily at one time.
func other(_ name: String, _ dose: String, at time: String) -> MedicationSpec {
  med("other") {
    $0.name = name
    $0.doseText = dose
    $0.times = [t(time)]
  }
}
