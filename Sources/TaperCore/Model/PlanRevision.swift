/// A change to a plan from a date: revision 2 and every later one of ``PlanSpec/revisions``.
///
/// The seed tapers prednisolone and raises azathioprine and mycophenolate "gradually according to response": a
/// real plan is revised at clinic visits. A revision says what changes from its ``effective`` date; every day
/// before it stays the previous revision's day, which the planner proves day by day (``Planner``).
public struct PlanRevision: Hashable, Sendable {
  /// Its number: the previous revision's plus one.
  public var number: Int
  /// The first day it changes.
  public var effective: CivilDate
  /// The day it was written: an effective date before it rewrites days already lived, which only a
  /// ``correction`` may.
  public var written: CivilDate
  public var author: String?
  /// Why the plan changes ("flare at week 8"); shown on every output of a correction.
  public var reason: String
  public var note: String?
  /// The revision corrects a mistake (a wrong weight, a wrong dose): it may change days before it was written,
  /// and every output says so ("corrected on …: …").
  public var correction: Bool
  /// Patient facts that hold from the effective date.
  public var patient: PatientChanges
  /// Medicines whose regimen changes from the effective date (an entry for a drug the plan already has), and
  /// medicines that start then (any other entry).
  public var medications: [MedicationSpec]
  /// The drugs that stop from the effective date (their last dose is the day before), as `drug:` names them.
  public var stops: [String]
  /// The plan's status from this revision (a draft approved, say); `nil` keeps it.
  public var status: PlanStatus? = nil

  public init(
    number: Int, effective: CivilDate, written: CivilDate, author: String? = nil, reason: String,
    note: String? = nil, correction: Bool = false, patient: PatientChanges = PatientChanges(),
    medications: [MedicationSpec] = [], stops: [String] = []
  ) {
    self.number = number
    self.effective = effective
    self.written = written
    self.author = author
    self.reason = reason
    self.note = note
    self.correction = correction
    self.patient = patient
    self.medications = medications
    self.stops = stops
  }

  /// A revision's own fields, one per plan-file key.
  public enum Field: CaseIterable, Sendable {
    case number, effective, written, author, reason, note, correction, patient, medications, stops, status
  }

  /// Which medicine an entry is, as a revision matches it to the plan's: the checked drug (under any of its
  /// names; mycophenolate and mycophenolic acid are one), or an `other` medicine's name as the dictionary
  /// resolves it. `nil` for an `other` entry without a name.
  public static func medicineKey(drug: String, name: String?) -> String? {
    RevisionComposer.Step.medicineKey(drug: drug, name: name)
  }
}

/// The patient facts a revision may change; `nil` keeps the previous value.
public struct PatientChanges: Hashable, Sendable {
  public var weight: BodyWeight?
  public var age: Int?
  public var group: PatientGroup?
  public var line: Int?
  public var height: Height?
  public var egfr: Int?
  public var tpmt: TPMT?
  public var pregnant: Bool?
  public var contraception: Bool?
  public var allopurinol: Bool?
  public var ild: Bool?
  public var previousTreatment: String?

  public init() {}

  public var isEmpty: Bool { self == PatientChanges() }

  /// The facts that change, as the spec's fields.
  public var fields: [PatientSpec.Field] {
    var out: [PatientSpec.Field] = []
    if weight != nil { out.append(.weight) }
    if age != nil { out.append(.age) }
    if group != nil { out.append(.group) }
    if line != nil { out.append(.line) }
    if height != nil { out.append(.height) }
    if egfr != nil { out.append(.egfr) }
    if tpmt != nil { out.append(.tpmt) }
    if pregnant != nil { out.append(.pregnant) }
    if contraception != nil { out.append(.contraception) }
    if allopurinol != nil { out.append(.allopurinol) }
    if ild != nil { out.append(.ild) }
    if previousTreatment != nil { out.append(.previousTreatment) }
    return out
  }

  /// `patient` with these changes made.
  public func applied(to patient: PatientSpec) -> PatientSpec {
    var p = patient
    if let weight { p.weight = weight }
    if let age { p.age = age }
    if let group { p.group = group }
    if let line { p.line = line }
    if let height { p.height = height }
    if let egfr { p.egfr = egfr }
    if let tpmt { p.tpmt = tpmt }
    if let pregnant { p.pregnant = pregnant }
    if let contraception { p.contraception = contraception }
    if let allopurinol { p.allopurinol = allopurinol }
    if let ild { p.ild = ild }
    if let previousTreatment { p.previousTreatment = previousTreatment }
    return p
  }
}

/// What the outputs say about a revision of the plan they show.
public struct RevisionRecord: Hashable, Sendable {
  public var number: Int
  /// `nil` for the first revision (it starts with the plan).
  public var effective: CivilDate?
  public var written: CivilDate?
  public var author: String?
  public var reason: String?
  public var note: String?
  public var correction: Bool
  /// A correction's changed days before it was written (first and last), when it changed any.
  public var correctedDays: ClosedRange<CivilDate>?

  public init(
    number: Int, effective: CivilDate? = nil, written: CivilDate? = nil, author: String? = nil,
    reason: String? = nil, note: String? = nil, correction: Bool = false,
    correctedDays: ClosedRange<CivilDate>? = nil
  ) {
    self.number = number
    self.effective = effective
    self.written = written
    self.author = author
    self.reason = reason
    self.note = note
    self.correction = correction
    self.correctedDays = correctedDays
  }

  /// "corrected on 2027-03-01: the weight was 65 kg, not 70 kg", for a correction.
  public var correctionText: String? {
    guard correction, let written else { return nil }
    return "corrected on \(written): \(reason ?? "no reason given")"
  }
}

/// Where a medication entry of a revised plan came from, and how it continues an earlier one. Set by the
/// planner's revision composer, never by a plan file.
struct Segment: Hashable, Sendable {
  /// The revision whose entry it is (`nil`: the first revision's `medications`).
  var revision: Int?
  /// Its position in that revision's `medications`.
  var entry: Int
  /// The entry of the combined list it continues (an earlier regimen of the same medicine).
  var continues: Int?
  /// Days before it are not its days (a regimen that changed, a per-kg dose recomputed from a date).
  var from: CivilDate?
  /// Days after it are not its days: the next regimen of the medicine takes over.
  var until: CivilDate?
  /// The weight its doses are computed on: the weight when its regimen began (a running taper is not re-based).
  var weight: BodyWeight?
  /// The medicine had stopped before the revision: it starts again, and the start-of-treatment limits apply.
  var startsAfresh: Bool
  /// The date of the revision whose entry it is: nothing of it (its baseline blood test included) comes before.
  var since: CivilDate? = nil

  /// Whether the entry continues a medicine the patient takes up to its date: the start-of-treatment limits (the
  /// seed's "initially") do not apply to it; maxima and every other rule do.
  var isContinuation: Bool { continues != nil && !startsAfresh }

  init(
    revision: Int? = nil, entry: Int, continues: Int? = nil, from: CivilDate? = nil, until: CivilDate? = nil,
    weight: BodyWeight? = nil, startsAfresh: Bool = false
  ) {
    self.revision = revision
    self.entry = entry
    self.continues = continues
    self.from = from
    self.until = until
    self.weight = weight
    self.startsAfresh = startsAfresh
  }
}
