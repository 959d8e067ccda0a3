/// The plan file exactly as YAML gives it: strings, numbers and lists, read by ``PlanFileReader``.
///
/// Key names are the plan file's (snake_case). ``PlanFile`` turns these into the core's typed ``PlanSpec``.
struct PlanFileDTO {
  var plan: PlanSection
  var clinic: ClinicSection?
  var patient: PatientSection
  var medications: [MedicationEntry]
  var monitoring: MonitoringSection?
  var revisions: [RevisionSection]?
  enum CodingKeys: String, CodingKey, CaseIterable { case plan, clinic, patient, medications, monitoring, revisions }
}

/// One entry of `revisions`: what changes from its date.
struct RevisionSection {
  var revision: Int?
  var from: String
  var written: String
  var author: String?
  var reason: String
  var note: String?
  var correction: Bool?
  var patient: PatientChangesSection?
  var medications: [MedicationEntry]?
  var stop: [String]?
  var status: String?
  enum CodingKeys: String, CodingKey, CaseIterable {
    case revision, from, written, author, reason, note, correction, patient, medications, stop, status
  }
}

/// A revision's `patient`: every key optional.
struct PatientChangesSection {
  var weightKg: Double?
  var age: Int?
  var group: String?
  var line: Int?
  var heightCm: Double?
  var previousTreatment: String?
  var ild: Bool?
  var tpmt: String?
  var egfr: Int?
  var pregnant: Bool?
  var contraception: Bool?
  var allopurinol: Bool?
  /// Keys a revision cannot change (the patient's sex, the paper's label), found so the message can say so.
  var fixedKeys: [String]
  typealias CodingKeys = PatientSection.CodingKeys
}

/// The optional `monitoring` mapping: the blood-test rhythm and the time of every test.
struct MonitoringSection {
  var enabled: Bool?
  var fortnightlyUntilStableWeeks: Int?
  var monthlyCount: Int?
  var thenEveryWeeks: Int?
  var time: String?
  enum CodingKeys: String, CodingKey, CaseIterable {
    case enabled, fortnightlyUntilStableWeeks = "fortnightly_until_stable_weeks", monthlyCount = "monthly_count"
    case thenEveryWeeks = "then_every_weeks", time
  }
}

struct PlanSection {
  var id: String
  var title: String?
  var start: String
  var timezone: String?
  var revision: Int?
  var status: String?
  var weeks: Int?
  enum CodingKeys: String, CodingKey, CaseIterable { case id, title, start, timezone, revision, status, weeks }
}

struct ClinicSection {
  var name: String?
  var phone: String?
  var prescriber: String?
  enum CodingKeys: String, CodingKey, CaseIterable { case name, phone, prescriber }
}

struct PatientSection {
  var weightKg: Double
  var age: Int
  var group: String
  var line: Int?
  var heightCm: Double?
  var sex: String?
  var label: String?
  var previousTreatment: String?
  var ild: Bool?
  var tpmt: String?
  var egfr: Int?
  var pregnant: Bool?
  var contraception: Bool?
  var allopurinol: Bool?

  enum CodingKeys: String, CodingKey, CaseIterable {
    case weightKg = "weight_kg", age, group, line, heightCm = "height_cm", sex, label
    case previousTreatment = "previous_treatment", ild, tpmt, egfr, pregnant, contraception, allopurinol
  }
}

struct MedicationEntry {
  var drug: String
  var name: String?
  var doseMg: Double?
  var dose: String?
  var mgPerKg: Double?
  var gPerKg: Double?
  var gPerKgPerDay: Double?
  var days: Int?
  var time: String?
  var times: [String]?
  var tabletsMg: [Double]?
  var taper: TaperEntry?
  var weekday: [String]?
  var pattern: String?
  var route: String?
  var increase: IncreaseEntry?
  var start: DateOrDay?
  var stop: String?
  var pauses: [PauseEntry]?
  var everyWeeks: Int?
  var everyDays: Int?
  var courses: Int?
  var dosingWeight: String?
  var onDays: [Int]?
  var setBySpecialist: Bool?
  var durationMinutes: Int?
  var instructions: String?
  var nameConfirmed: Bool?

  enum CodingKeys: String, CodingKey, CaseIterable {
    case drug, name, doseMg = "dose_mg", dose, mgPerKg = "mg_per_kg", gPerKg = "g_per_kg", gPerKgPerDay = "g_per_kg_per_day", days, time, times
    case tabletsMg = "tablets_mg", taper, weekday, pattern, route, increase, start, stop, pauses
    case everyWeeks = "every_weeks", everyDays = "every_days", courses, dosingWeight = "dosing_weight"
    case onDays = "on_days", setBySpecialist = "set_by_specialist", durationMinutes = "duration_minutes"
    case instructions, nameConfirmed = "name_confirmed"
  }
}

struct TaperEntry {
  var holdWeeks: Int?
  var rules: [RuleEntry]?
  var finalMg: Double?
  var steps: [StepEntry]?
  var `protocol`: String?

  enum CodingKeys: String, CodingKey, CaseIterable {
    case holdWeeks = "hold_weeks", rules, finalMg = "final_mg", steps, `protocol`
  }
}

struct RuleEntry {
  var aboveMg: Double
  var reduceMg: Double
  var everyWeeks: Int
  enum CodingKeys: String, CodingKey, CaseIterable { case aboveMg = "above_mg", reduceMg = "reduce_mg", everyWeeks = "every_weeks" }
}

struct StepEntry {
  var doseMg: [Double]
  var weeks: Int
  enum CodingKeys: String, CodingKey, CaseIterable { case doseMg = "dose_mg", weeks }
}

struct IncreaseEntry {
  var byMg: Double
  var everyWeeks: Int
  var toMg: Double
  enum CodingKeys: String, CodingKey, CaseIterable { case byMg = "by_mg", everyWeeks = "every_weeks", toMg = "to_mg" }
}

struct PauseEntry {
  var from: String
  var to: String
  var reason: String?
  enum CodingKeys: String, CodingKey, CaseIterable { case from, to, reason }
}

/// A medicine's `start`: a date (`2026-12-21`) or a plan day number (`15`).
enum DateOrDay {
  case date(String)
  case day(Int)
}

/// The keys each mapping of a plan file may hold, for "unknown key" errors with suggestions.
indirect enum Schema: Sendable, Equatable {
  case mapping([String: Schema])
  case sequence(Schema)
  /// A scalar, or a list of scalars.
  case scalar

  /// The whole plan file's schema: derived from ``PlanFormat/keys``, the format's one declaration.
  static var plan: Schema { PlanFormat.schema }
}
