/// Where in a plan a finding points, as typed values: the field of the spec it is about, and the index of the
/// medication, taper step or pause. The core never spells a plan-file key; the caller that read the plan hands
/// the planner its ``PlanKeyNames`` (the plan-file layer's come from its key declarations), and every
/// ``Diagnostic`` carries both the location and its spelling.
public enum PlanLocation: Hashable, Sendable {
  case plan(PlanSpec.Field)
  case clinic(Clinic.Field)
  case patient(PatientSpec.Field)
  case monitoring(MonitoringRhythm.Field)
  /// The medication list as a whole.
  case medications
  /// One medication entry (`nil`: the entry as a whole), or one of its keys.
  case medication(Int, MedicationSpec.Field? = nil)
  case taper(Int, TaperSpec.Field? = nil)
  case taperRule(Int, rule: Int, TaperRule.Field? = nil)
  case taperStep(Int, step: Int, TaperStep.Field? = nil)
  case increase(Int, Escalation.Field)
  case pause(Int, pause: Int, Pause.Field? = nil)
  /// One entry of a medication's list (its `onDays`, its `tablets`).
  case item(Int, MedicationSpec.Field, Int)
  /// A later revision (its index in `revisions`, 0 for revision 2), or one of its keys.
  case revision(Int, PlanRevision.Field? = nil)
  /// An entry of a later revision's `medications` or `stop` list.
  case revisionItem(Int, PlanRevision.Field, Int)

  /// The medication entry the location is in.
  public var medicationIndex: Int? {
    switch self {
    case .medication(let i, _), .taper(let i, _), .taperRule(let i, _, _), .taperStep(let i, _, _),
      .increase(let i, _), .pause(let i, _, _), .item(let i, _, _):
      i
    default: nil
    }
  }

  /// The same place in medication entry `i`.
  public func inMedication(_ i: Int) -> PlanLocation {
    switch self {
    case .medication(_, let f): .medication(i, f)
    case .taper(_, let f): .taper(i, f)
    case .taperRule(_, let r, let f): .taperRule(i, rule: r, f)
    case .taperStep(_, let s, let f): .taperStep(i, step: s, f)
    case .increase(_, let f): .increase(i, f)
    case .pause(_, let p, let f): .pause(i, pause: p, f)
    case .item(_, let f, let j): .item(i, f, j)
    default: self
    }
  }
}

/// How the input a plan came from names its places: `medications[2].dose_mg` in a plan file.
public struct PlanKeyNames: Sendable {
  private let spell: @Sendable (PlanLocation) -> String

  public init(_ spell: @escaping @Sendable (PlanLocation) -> String) { self.spell = spell }

  /// The whole path, as `medications[2].taper.steps[0].dose_mg`.
  public func path(_ location: PlanLocation) -> String { spell(location) }

  /// The key alone, as `dose_mg`, for messages that tell the clinician which key to write.
  public func key(_ location: PlanLocation) -> String {
    let last = spell(location).split(separator: ".").last.map(String.init) ?? ""
    return last.split(separator: "[").first.map(String.init) ?? last
  }

  /// The key of a medication field, as `dose_mg`.
  public func key(_ field: MedicationSpec.Field) -> String { key(.medication(0, field)) }
}

extension PlanSpec {
  /// The plan's own fields.
  public enum Field: CaseIterable, Sendable { case id, title, start, timeZone, revision, status, weeks }
}

extension Clinic {
  public enum Field: CaseIterable, Sendable { case name, phone, prescriber }
}

extension PatientSpec {
  public enum Field: CaseIterable, Sendable {
    case weight, age, group, line, height, sex, label, previousTreatment, ild, tpmt, egfr, pregnant, contraception
    case allopurinol
  }
}

extension MonitoringRhythm {
  public enum Field: CaseIterable, Sendable {
    case enabled, fortnightlyUntilStableWeeks, monthlyCount, thenEveryWeeks, time
  }
}

extension MedicationSpec {
  /// A medication entry's fields, one per plan-file key.
  public enum Field: CaseIterable, Sendable {
    case drug, name, dose, doseText, mgPerKg, gPerKg, gPerKgPerDay, days, time, times, tablets, taper, weekdays
    case pattern, route, increase, start, stop, pauses, everyWeeks, everyDays, courses, dosingWeight, onDays
    case setBySpecialist, durationMinutes, instructions, nameConfirmed
  }

  /// The fields this entry sets, in declaration order (for telling a drug which keys it does not take).
  public var presentFields: [Field] {
    Field.allCases.filter { field in
      switch field {
      case .drug: true
      case .name: name != nil
      case .dose: dose != nil
      case .doseText: doseText != nil
      case .mgPerKg: mgPerKg != nil
      case .gPerKg: gPerKg != nil
      case .gPerKgPerDay: gPerKgPerDay != nil
      case .days: days != nil
      case .time: time != nil
      case .times: times != nil
      case .tablets: tablets != nil
      case .taper: taper != nil
      case .weekdays: weekdays != nil
      case .pattern: pattern != nil
      case .route: route != nil
      case .increase: increase != nil
      case .start: start != nil
      case .stop: stop != nil
      case .pauses: !pauses.isEmpty
      case .everyWeeks: everyWeeks != nil
      case .everyDays: everyDays != nil
      case .courses: courses != nil
      case .dosingWeight: dosingWeight != nil
      case .onDays: onDays != nil
      case .setBySpecialist: setBySpecialist != nil
      case .durationMinutes: durationMinutes != nil
      case .instructions: instructions != nil
      case .nameConfirmed: nameConfirmed != nil
      }
    }
  }
}

extension TaperSpec {
  public enum Field: CaseIterable, Sendable { case holdWeeks, rules, finalDose, steps, `protocol` }
}

extension TaperRule {
  public enum Field: CaseIterable, Sendable { case above, reduce, everyWeeks }
}

extension TaperStep {
  public enum Field: CaseIterable, Sendable { case doses, weeks }
}

extension Escalation {
  public enum Field: CaseIterable, Sendable { case by, everyWeeks, to }
}

extension Pause {
  public enum Field: CaseIterable, Sendable { case from, to, reason }
}
