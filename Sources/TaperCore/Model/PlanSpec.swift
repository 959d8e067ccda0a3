import TaperUnicode

/// What a clinician asked for: the plan file's content as typed values, before any clinical check.
///
/// Every field mirrors a key of the YAML plan file (see the README's plan-file reference). The planner
/// (``Planner``) checks it against the seed algorithm and turns it into a ``TreatmentPlan``.
public struct PlanSpec: Hashable, Sendable {
  public var id: String
  public var title: String
  public var start: CivilDate
  public var timeZone: String
  public var revision: Int
  public var status: PlanStatus
  public var weeks: Int?
  public var clinic: Clinic?
  public var patient: PatientSpec
  public var medications: [MedicationSpec]
  /// When DMARD blood tests are planned (the shared-care rhythm by default) and at what time (09:00 by default).
  public var monitoring: MonitoringRhythm = .sharedCare
  /// The plan's later revisions, oldest first: each changes the plan from its effective date (`revisions:`).
  /// The fields above are the first revision.
  public var revisions: [PlanRevision] = []
  /// Set by the planner for a revised plan: the latest revision's date (the plan runs at least 4 weeks past it).
  var latestChange: CivilDate? = nil
  /// Set by the planner for a revised plan: the date from which each changed patient fact holds; the rules that
  /// read a fact look only at medicines given from then.
  var factsFrom: [PatientSpec.Field: CivilDate] = [:]

  public init(
    id: String, title: String = "Medication plan", start: CivilDate,
    timeZone: String = "Europe/London", revision: Int = 1, status: PlanStatus = .draft,
    weeks: Int? = nil, clinic: Clinic? = nil, patient: PatientSpec, medications: [MedicationSpec]
  ) {
    self.id = id
    self.title = title
    self.start = start
    self.timeZone = timeZone
    self.revision = revision
    self.status = status
    self.weeks = weeks
    self.clinic = clinic
    self.patient = patient
    self.medications = medications
  }
}

/// Whether a plan may be handed to a patient yet.
public enum PlanStatus: String, Sendable, Hashable, CaseIterable, Codable {
  case draft, approved
}

/// Who the patient calls with questions; printed, never put into calendars.
public struct Clinic: Hashable, Sendable {
  public var name: String?
  public var phone: String?
  public var prescriber: String?
  public init(name: String? = nil, phone: String? = nil, prescriber: String? = nil) {
    self.name = name
    self.phone = phone
    self.prescriber = prescriber
  }
}

/// The seed algorithm's three patient groups.
public enum PatientGroup: String, Sendable, Hashable, CaseIterable, Codable {
  case severe
  case nonSevere = "non-severe"
  case remission

  /// Initial presentation (severe or non-severe), as opposed to remission/maintenance.
  public var isInitialPresentation: Bool { self != .remission }

  /// The seed's heading for the group.
  public var title: String {
    switch self {
    case .severe: "severe idiopathic inflammatory myopathy: initial presentation"
    case .nonSevere: "non-severe idiopathic inflammatory myopathy: initial presentation"
    case .remission: "remission achieved: any severity (maintenance)"
    }
  }
}

/// The patient facts that doses depend on.
public struct PatientSpec: Hashable, Sendable {
  public var weight: BodyWeight
  public var age: Int
  public var group: PatientGroup
  public var line: Int
  public var height: Height?
  public var sex: Sex?
  public var label: String?
  /// What failed or was not tolerated before (required context for a line-2 or line-3 plan).
  public var previousTreatment: String?
  /// Interstitial lung disease.
  public var ild: Bool?
  /// Thiopurine methyltransferase activity (azathioprine).
  public var tpmt: TPMT?
  /// Estimated glomerular filtration rate, mL/min/1.73 m².
  public var egfr: Int?
  public var pregnant: Bool?
  /// Highly effective contraception (pregnancy prevention) is in place.
  public var contraception: Bool?
  /// Takes allopurinol (interacts with azathioprine).
  public var allopurinol: Bool?

  public init(
    weight: BodyWeight, age: Int, group: PatientGroup, line: Int = 1, height: Height? = nil,
    sex: Sex? = nil, label: String? = nil
  ) {
    self.weight = weight
    self.age = age
    self.group = group
    self.line = line
    self.height = height
    self.sex = sex
    self.label = label
  }
}

/// TPMT activity, as the azathioprine checks need it.
public enum TPMT: String, Sendable, Hashable, CaseIterable, Codable {
  case normal, low, absent, unknown
}

/// Sex, as the Devine ideal-body-weight formula needs it.
public enum Sex: String, Sendable, Hashable, CaseIterable, Codable {
  case male, female
}

/// When a medicine starts: a date, or a day number of the plan (day 1 = `plan.start`).
public enum MedicationStart: Hashable, Sendable {
  case date(CivilDate)
  case day(Int)
}

/// A stretch of days on which a medicine is not given (both ends included).
public struct Pause: Hashable, Sendable {
  public var from: CivilDate
  public var to: CivilDate
  public var reason: String?
  public init(from: CivilDate, to: CivilDate, reason: String? = nil) {
    self.from = from
    self.to = to
    self.reason = reason
  }
}

/// `increase: { by_mg, every_weeks, to_mg }`: hold, then raise, until the target.
public struct Escalation: Hashable, Sendable {
  public var by: Mass
  public var everyWeeks: Int
  public var to: Mass
  public init(by: Mass, everyWeeks: Int, to: Mass) {
    self.by = by
    self.everyWeeks = everyWeeks
    self.to = to
  }
}

/// How prednisolone comes down.
public enum TaperSpec: Hashable, Sendable {
  /// "While the dose is above X: hold it N weeks, then reduce by S, never below X."
  case rules(holdWeeks: Int, rules: [TaperRule], finalDose: Mass)
  /// Explicit steps; a step with several doses repeats them day by day (alternate-day regimens).
  case steps([TaperStep])
  /// A named built-in protocol, optionally with its own final dose.
  case `protocol`(name: String, finalDose: Mass?)
}

/// One band of a rule-based taper.
public struct TaperRule: Hashable, Sendable {
  public var above: Mass
  public var reduce: Mass
  public var everyWeeks: Int
  public init(above: Mass, reduce: Mass, everyWeeks: Int) {
    self.above = above
    self.reduce = reduce
    self.everyWeeks = everyWeeks
  }
}

/// One explicit taper step.
public struct TaperStep: Hashable, Sendable {
  public var doses: [Mass]
  public var weeks: Int
  public init(doses: [Mass], weeks: Int) {
    self.doses = doses
    self.weeks = weeks
  }
}

/// One entry of `medications:` as written, with every key optional; the planner decides which keys a
/// drug takes and refuses the others.
public struct MedicationSpec: Hashable, Sendable {
  public var drug: String
  public var name: String?
  public var dose: Mass?
  public var doseText: String?
  public var mgPerKg: MassPerKilogram?
  /// IVIG per course (`g_per_kg`).
  public var gPerKg: MassPerKilogram?
  /// IVIG per infusion day (`g_per_kg_per_day`): "1 g/kg/day for 2 days".
  public var gPerKgPerDay: MassPerKilogram?
  public var days: Int?
  public var time: LocalTime?
  public var times: [LocalTime]?
  public var tablets: [Mass]?
  public var taper: TaperSpec?
  public var weekdays: [Weekday]?
  public var pattern: SchedulePattern?
  public var route: RouteSpec?
  public var increase: Escalation?
  public var start: MedicationStart?
  public var stop: CivilDate?
  public var pauses: [Pause]
  public var everyWeeks: Int?
  public var everyDays: Int?
  public var courses: Int?
  public var dosingWeight: DosingWeight?
  public var onDays: [Int]?
  public var setBySpecialist: Bool?
  public var durationMinutes: Int?
  public var instructions: String?
  /// `name_confirmed: true`: an `other` medicine's name is a different medicine from the checked drug it is a
  /// near miss of (never overrides a name the dictionary matches).
  public var nameConfirmed: Bool?
  /// Set by the planner for an entry of a revised plan: where it came from and what it continues.
  var segment: Segment? = nil

  public init(drug: String) {
    self.drug = drug
    self.pauses = []
  }
}

/// The weight an IVIG dose is computed on (`dosing_weight`).
public enum DosingWeight: String, Hashable, Sendable, CaseIterable {
  case actual
  /// Devine ideal body weight.
  case ideal
  /// Ideal + 0.4 × (actual − ideal), for a high BMI.
  case adjusted

  /// The Devine formula holds from 152.4 cm (60 in).
  public static let shortestHeight = Height(millimetres: 1524)

  /// Devine ideal body weight, 50 (male) or 45.5 (female) + 2.3 kg per inch over 60, to 0.1 kg; `nil` below
  /// ``shortestHeight``.
  public static func idealBodyWeight(height: Height, sex: Sex) -> BodyWeight? {
    guard height.millimetres >= shortestHeight.millimetres else { return nil }
    let inches = height.centimetres / 2.54
    return BodyWeight.kg(((sex == .male ? 50 : 45.5) + 2.3 * (inches - 60)).rounded(toPlaces: 1))
  }

  /// Ideal + 0.4 × (actual − ideal).
  public static func adjustedBodyWeight(ideal: BodyWeight, actual: BodyWeight) -> BodyWeight {
    BodyWeight(grams: ideal.grams + (actual.grams - ideal.grams) * 4 / 10)
  }
}

/// A medicine's `route`, read once by the plan-file layer: a systemic route (the full word or its abbreviation:
/// IV, IM, SC, PO), or a word that says the medicine is not given systemically (topical, inhaled, cream…).
public enum RouteSpec: Hashable, Sendable {
  case systemic(Route)
  /// A local form, as written: a corticosteroid so given is listed as `drug: other`.
  case local(String)

  /// Local forms a `route` may name (besides the dictionary's local-form words).
  static let localRoutes: Set<String> = ["inhaled", "topical", "rectal", "eye", "nasal"]

  /// `nil` for a word that is neither a route nor a local form.
  public init?(written: String) {
    let word = NameFolding.nfkcCasefold(written).trimmed
    if let route = Route(written: word), route != .unspecified {
      self = .systemic(route)
    } else if DrugDictionary.localWords.contains(word) || Self.localRoutes.contains(word) {
      self = .local(word)
    } else {
      return nil
    }
  }

  /// The route as the plan's messages show it ("intravenous", "cream").
  public var text: String {
    switch self {
    case .systemic(let route): route.rawValue
    case .local(let word): word
    }
  }
}

/// A schedule by rule (`pattern`): folic acid on every day but the methotrexate day.
public enum SchedulePattern: String, Hashable, Sendable, CaseIterable {
  case dailyExceptMethotrexate = "daily-except-methotrexate"
}
