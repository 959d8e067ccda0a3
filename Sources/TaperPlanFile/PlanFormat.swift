public import TaperCore

/// The plan-file format, declared once: every key with where it lives, what it holds, its allowed values, its
/// default and its help. The unknown-key check (``Schema``) is derived from it, the decoder's key sets are tested
/// against it, and the README's key reference is generated from it (a test fails when they disagree).
///
/// Each key holds one field of the core's spec (``Field``): the planner points at fields and indices
/// (`PlanLocation`) and ``keyNames`` spells them as key paths, so no key name is written outside this file and the
/// DTOs' coding keys (which a test holds to the declarations).
///
/// Adding a key: add its field to the core's spec, declare it here, decode it in `PlanFileDTO`/`Converter` (the
/// consistency tests name what is missing), use it in the planner rule that needs it, and regenerate the README reference
/// (`RECORD_GOLDEN=1 swift test --filter PlanFormatTests`).
public enum PlanFormat {
  /// Where a key lives.
  public enum Section: String, CaseIterable, Sendable {
    case plan, clinic, patient
    case medication = "medications[]"
    case taper = "medications[].taper"
    case taperRule = "medications[].taper.rules[]"
    case taperStep = "medications[].taper.steps[]"
    case increase = "medications[].increase"
    case pause = "medications[].pauses[]"
    case monitoring
    /// A revision's `medications` entries take every key of `medications[]`; its `patient` the patient keys.
    case revision = "revisions[]"

    /// The mapping's own title in the reference.
    var title: String {
      switch self {
      case .plan: "`plan`"
      case .clinic: "`clinic` (optional; printed on every page)"
      case .patient: "`patient`"
      case .medication: "`medications` (a list; each entry)"
      case .taper: "`taper` (prednisolone; exactly one of `rules`, `steps` or `protocol`)"
      case .taperRule: "`taper.rules` (each rule)"
      case .taperStep: "`taper.steps` (each step)"
      case .increase: "`increase` (methotrexate, azathioprine, mycophenolate)"
      case .pause: "`pauses` (each pause; both days included)"
      case .monitoring: "`monitoring` (optional; DMARD blood tests)"
      case .revision:
        "`revisions` (optional; each later revision, oldest first: what changes from its date — see \"Revisions over time\")"
      }
    }
  }

  /// What a key's value is, as a plan file writes it.
  public enum Value: Hashable, Sendable {
    case text, integer, number, boolean, date, time, times, weekdays, numbers, dayNumbers, dateOrDay, names
    /// A mapping or a list of mappings declared by its own section.
    case mapping, mappings
    /// A number, or a list of numbers repeating day by day (a taper step's `dose_mg`).
    case numberOrNumbers
    /// One of these words.
    case choice([String])

    var text: String {
      switch self {
      case .text: "text"
      case .integer: "whole number"
      case .number: "number"
      case .boolean: "true or false"
      case .date: "date (YYYY-MM-DD)"
      case .time: "time (\"HH:MM\")"
      case .times: "list of times"
      case .weekdays: "weekday or list of weekdays"
      case .numbers: "list of numbers"
      case .dayNumbers: "list of day numbers"
      case .dateOrDay: "date or plan day number"
      case .names: "text or list of texts"
      case .mapping: "mapping"
      case .mappings: "list of mappings"
      case .numberOrNumbers: "number or list of numbers"
      case .choice(let words): words.map { "`\($0)`" }.joined(separator: " \\| ")
      }
    }
  }

  /// The spec field a key holds: the core's typed name for it, which the planner's findings point at.
  public enum Field: Hashable, Sendable {
    case plan(PlanSpec.Field)
    case clinic(Clinic.Field)
    case patient(PatientSpec.Field)
    case medication(MedicationSpec.Field)
    case taper(TaperSpec.Field)
    case taperRule(TaperRule.Field)
    case taperStep(TaperStep.Field)
    case increase(Escalation.Field)
    case pause(Pause.Field)
    case monitoring(MonitoringRhythm.Field)
    case revision(PlanRevision.Field)

    public var section: Section {
      switch self {
      case .plan: .plan
      case .clinic: .clinic
      case .patient: .patient
      case .medication: .medication
      case .taper: .taper
      case .taperRule: .taperRule
      case .taperStep: .taperStep
      case .increase: .increase
      case .pause: .pause
      case .monitoring: .monitoring
      case .revision: .revision
      }
    }

    /// Every field of every section of the spec (a test checks each is declared exactly once).
    public static var allCases: [Field] {
      PlanSpec.Field.allCases.map(Field.plan) + Clinic.Field.allCases.map(Field.clinic)
        + PatientSpec.Field.allCases.map(Field.patient) + MedicationSpec.Field.allCases.map(Field.medication)
        + TaperSpec.Field.allCases.map(Field.taper) + TaperRule.Field.allCases.map(Field.taperRule)
        + TaperStep.Field.allCases.map(Field.taperStep) + Escalation.Field.allCases.map(Field.increase)
        + Pause.Field.allCases.map(Field.pause) + MonitoringRhythm.Field.allCases.map(Field.monitoring)
        + PlanRevision.Field.allCases.map(Field.revision)
    }
  }

  /// One key.
  public struct Key: Hashable, Sendable {
    public let field: Field
    public var section: Section { field.section }
    public let name: String
    public let value: Value
    /// Allowed range or values beyond the type ("0.5–1", "1–260"), as the checks enforce them.
    public let allowed: String?
    /// The default when the key is left out; `nil` for a required key or an optional fact.
    public let defaultValue: String?
    public let required: Bool
    public let help: String

    /// `patient.weight_kg`, `medications[].taper.steps[].dose_mg`.
    public var path: String { "\(section.rawValue).\(name)" }
  }

  static func key(
    _ field: Field, _ name: String, _ value: Value, allowed: String? = nil, default defaultValue: String? = nil,
    required: Bool = false, _ help: String
  ) -> Key {
    Key(
      field: field, name: name, value: value, allowed: allowed, defaultValue: defaultValue, required: required,
      help: help)
  }

  /// Every key of the format, section by section.
  public static let keys: [Key] = [
    key(.plan(.id), "id", .text, allowed: "1–64 letters, digits, `.`, `_`, `-`", required: true, "names the plan's files and feed"),
    key(.plan(.title), "title", .text, allowed: "up to 200 characters", default: "Medication plan", "shown on every page"),
    key(.plan(.start), "start", .date, allowed: "2000-01-01 to 2100-12-31", required: true, "day 1 of the plan"),
    key(.plan(.timeZone), "timezone", .text, allowed: "an IANA zone name", default: "Europe/London", "the zone every dose time is in"),
    key(.plan(.revision), "revision", .integer, allowed: "1–100000", default: "1", "counts up with each revision"),
    key(.plan(.status), "status", .choice(["draft", "approved"]), default: "draft", "a draft is marked on every page"),
    key(.plan(.weeks), "weeks", .integer, allowed: "1–521", "the plan's length; by default 4 weeks after the regimen settles, at least 12"),

    key(.clinic(.name), "name", .text, allowed: "up to 200 characters", "the clinic's name"),
    key(.clinic(.phone), "phone", .text, allowed: "up to 40 characters", "whom to call"),
    key(.clinic(.prescriber), "prescriber", .text, allowed: "up to 200 characters", "the prescriber's name"),

    key(.patient(.weight), "weight_kg", .number, allowed: "30–300", required: true, "weight-based doses (mg/kg, g/kg)"),
    key(.patient(.age), "age", .integer, allowed: "18–120", required: true, "adults only (the seed's doses)"),
    key(.patient(.group), "group", .choice(["severe", "non-severe", "remission"]), required: true, "the seed's patient group"),
    key(.patient(.line), "line", .integer, allowed: "1–3", default: "1", "the line of treatment"),
    key(.patient(.height), "height_cm", .number, allowed: "100–250", "IVIG ideal or adjusted dosing weight, BMI"),
    key(.patient(.sex), "sex", .choice(["female", "male"]), "dosing weight; pregnancy prompts"),
    key(.patient(.label), "label", .text, allowed: "up to 100 characters", "paper only, never in calendars by default"),
    key(.patient(.previousTreatment), "previous_treatment", .text, allowed: "up to 500 characters", "what failed or was not tolerated (expected at lines 2 and 3)"),
    key(.patient(.ild), "ild", .boolean, "interstitial lung disease"),
    key(.patient(.tpmt), "tpmt", .choice(["normal", "low", "absent", "unknown"]), "TPMT activity (azathioprine)"),
    key(.patient(.egfr), "egfr", .integer, allowed: "1–200 mL/min/1.73 m²", "methotrexate, mycophenolate, IVIG"),
    key(.patient(.pregnant), "pregnant", .boolean, "pregnancy tiers"),
    key(.patient(.contraception), "contraception", .boolean, "highly effective contraception in place (teratogen prompt)"),
    key(.patient(.allopurinol), "allopurinol", .boolean, "taking allopurinol (azathioprine interaction)"),

    key(.medication(.drug), "drug", .text, allowed: "up to 100 characters", required: true, "a drug Taper plans, or `other`"),
    key(.medication(.name), "name", .text, allowed: "up to 100 characters", "an `other` medicine's name (required for `other`)"),
    key(.medication(.dose), "dose_mg", .number, "the dose in mg (its range is the drug's, see the table above)"),
    key(.medication(.doseText), "dose", .text, allowed: "up to 200 characters", "a specialist's or an `other` medicine's dose, as written"),
    key(.medication(.mgPerKg), "mg_per_kg", .number, allowed: "0.5–1", "prednisolone's starting dose per kg"),
    key(.medication(.gPerKg), "g_per_kg", .number, allowed: "up to 2", default: "2", "IVIG per course"),
    key(.medication(.gPerKgPerDay), "g_per_kg_per_day", .number, "IVIG per infusion day (× `days` ≤ 2)"),
    key(.medication(.days), "days", .integer, "pulse days (3–5) or IVIG infusion days (2–5)"),
    key(.medication(.time), "time", .time, "the time of a once-a-day medicine"),
    key(.medication(.times), "times", .times, "the daily times"),
    key(.medication(.tablets), "tablets_mg", .numbers, "tablet strengths to make each dose from"),
    key(.medication(.taper), "taper", .mapping, "how prednisolone comes down"),
    key(.medication(.weekdays), "weekday", .weekdays, "the weekday (methotrexate: exactly one)"),
    key(.medication(.pattern), "pattern", .choice(["daily-except-methotrexate"]), "folic acid on every day but the methotrexate day"),
    key(.medication(.route), "route", .choice(["oral", "intravenous", "subcutaneous", "intramuscular"]), "how it is given"),
    key(.medication(.increase), "increase", .mapping, "an escalation"),
    key(.medication(.start), "start", .dateOrDay, default: "plan start", "the medicine's first possible day"),
    key(.medication(.stop), "stop", .date, "its last day, inclusive"),
    key(.medication(.pauses), "pauses", .mappings, "stretches without it (doses omitted, not postponed)"),
    key(.medication(.everyWeeks), "every_weeks", .integer, "every n weeks (IVIG courses: at least 4)"),
    key(.medication(.everyDays), "every_days", .integer, "every n days"),
    key(.medication(.courses), "courses", .integer, "the number of IVIG courses"),
    key(.medication(.dosingWeight), "dosing_weight", .choice(["actual", "ideal", "adjusted"]), default: "actual", "IVIG dosing weight"),
    key(.medication(.onDays), "on_days", .dayNumbers, "day numbers from the medicine's start"),
    key(.medication(.setBySpecialist), "set_by_specialist", .boolean, "confirms a specialist's dose text (required for specialist agents)"),
    key(.medication(.durationMinutes), "duration_minutes", .integer, "an infusion's length"),
    key(.medication(.instructions), "instructions", .text, allowed: "up to 500 characters", "free text shown with it"),
    key(.medication(.nameConfirmed), "name_confirmed", .boolean, "an `other` name close to a checked drug's is another medicine"),

    key(.taper(.holdWeeks), "hold_weeks", .integer, allowed: "1–52", default: "4", "how long a rule taper holds the start dose"),
    key(.taper(.rules), "rules", .mappings, "a rule taper's bands, highest first"),
    key(.taper(.finalDose), "final_mg", .number, allowed: "0–80", "the dose held to the end (0 = stop; required for rules)"),
    key(.taper(.steps), "steps", .mappings, "explicit steps"),
    key(.taper(.protocol), "protocol", .choice(["bands", "etg", "neuromuscular-review"]), "a named protocol"),

    key(.taperRule(.above), "above_mg", .number, required: true, "the band: while the dose is above this"),
    key(.taperRule(.reduce), "reduce_mg", .number, required: true, "reduce by this"),
    key(.taperRule(.everyWeeks), "every_weeks", .integer, allowed: "1–52", required: true, "after holding this long"),

    key(.taperStep(.doses), "dose_mg", .numberOrNumbers, required: true, "the step's dose (a list repeats day by day; [5, 0] is alternate days)"),
    key(.taperStep(.weeks), "weeks", .integer, allowed: "1–260", required: true, "the step's length"),

    key(.increase(.by), "by_mg", .number, required: true, "the rise at each step"),
    key(.increase(.everyWeeks), "every_weeks", .integer, required: true, "weeks between rises, from the first dose"),
    key(.increase(.to), "to_mg", .number, required: true, "the target (within the drug's maximum)"),

    key(.pause(.from), "from", .date, required: true, "the first day without it"),
    key(.pause(.to), "to", .date, required: true, "the last day without it"),
    key(.pause(.reason), "reason", .text, allowed: "up to 200 characters", "why (shown)"),

    key(.monitoring(.enabled), "enabled", .boolean, default: "true", "plan DMARD blood tests"),
    key(.monitoring(.fortnightlyUntilStableWeeks), "fortnightly_until_stable_weeks", .integer, allowed: "2–52", default: "6", "every 2 weeks until the dose has been stable this long"),
    key(.monitoring(.monthlyCount), "monthly_count", .integer, allowed: "0–24", default: "3", "then this many monthly tests"),
    key(.monitoring(.thenEveryWeeks), "then_every_weeks", .integer, allowed: "4–52", default: "12", "then every this many weeks"),
    key(.monitoring(.time), "time", .time, default: "09:00",
        "the time of every blood test (Monday–Friday; a baseline before the first dose)"),

    key(.revision(.number), "revision", .integer, default: "the previous + 1", "its number (the previous revision's + 1)"),
    key(.revision(.effective), "from", .date, required: true, "the first day it changes; every earlier day stays as it was"),
    key(.revision(.written), "written", .date, required: true, "the day it was written (a `from` before it needs `correction`)"),
    key(.revision(.author), "author", .text, allowed: "up to 100 characters", "who wrote it"),
    key(.revision(.reason), "reason", .text, allowed: "up to 500 characters", required: true, "why the plan changes (a correction's is shown everywhere)"),
    key(.revision(.note), "note", .text, allowed: "up to 1000 characters", "anything else the team should know"),
    key(.revision(.correction), "correction", .boolean, default: "false", "it corrects a mistake and may change days already lived"),
    key(.revision(.patient), "patient", .mapping, "patient facts that hold from `from`: any key of `patient` but `sex` and `label`"),
    key(.revision(.medications), "medications", .mappings, "a medicine's regimen from `from` (same drug), or a medicine that starts"),
    key(.revision(.status), "status", .choice(["draft", "approved"]), "the plan's status from this revision (a draft approved)"),
    key(.revision(.stops), "stop", .names, "a drug, or a list of drugs, whose last dose is the day before `from`"),
  ]

  /// The keys of one section, in declaration order.
  public static func keys(in section: Section) -> [Key] { keys.filter { $0.section == section } }

  /// The declaration of a key by its declared path (`medications[].dose_mg`), looked up once per path.
  public static func key(at path: String) -> Key? { byPath[path] }

  private static let byPath: [String: Key] = Dictionary(uniqueKeysWithValues: keys.map { ($0.path, $0) })

  /// The key that holds a spec field.
  public static func key(for field: Field) -> Key? { byField[field] }

  private static let byField: [Field: Key] = Dictionary(keys.map { ($0.field, $0) }, uniquingKeysWith: { a, _ in a })

  /// The planner's locations spelled as plan-file key paths (`medications[2].taper.steps[0].dose_mg`): what
  /// every caller that reads a plan file hands ``Planner``.
  public static let keyNames = PlanKeyNames { keyPath($0) }

  static func keyPath(_ location: PlanLocation) -> String {
    func name(_ field: Field) -> String { byField[field]?.name ?? "\(field)" }
    let medications = String(Section.medication.rawValue.dropLast(2))
    func entry(_ i: Int) -> String { "\(medications)[\(i)]" }
    func entry(_ i: Int, _ field: MedicationSpec.Field) -> String { "\(entry(i)).\(name(.medication(field)))" }
    switch location {
    case .plan(let f): return "\(Section.plan.rawValue).\(name(.plan(f)))"
    case .clinic(let f): return "\(Section.clinic.rawValue).\(name(.clinic(f)))"
    case .patient(let f): return "\(Section.patient.rawValue).\(name(.patient(f)))"
    case .monitoring(let f): return "\(Section.monitoring.rawValue).\(name(.monitoring(f)))"
    case .medications: return medications
    case .medication(let i, nil): return entry(i)
    case .medication(let i, let f?): return entry(i, f)
    case .taper(let i, nil): return entry(i, .taper)
    case .taper(let i, let f?): return "\(entry(i, .taper)).\(name(.taper(f)))"
    case .taperRule(let i, let j, let f):
      return "\(entry(i, .taper)).\(name(.taper(.rules)))[\(j)]" + (f.map { ".\(name(.taperRule($0)))" } ?? "")
    case .taperStep(let i, let j, let f):
      return "\(entry(i, .taper)).\(name(.taper(.steps)))[\(j)]" + (f.map { ".\(name(.taperStep($0)))" } ?? "")
    case .increase(let i, let f): return "\(entry(i, .increase)).\(name(.increase(f)))"
    case .pause(let i, let j, let f): return "\(entry(i, .pauses))[\(j)]" + (f.map { ".\(name(.pause($0)))" } ?? "")
    case .item(let i, let f, let j): return "\(entry(i, f))[\(j)]"
    case .revision(let r, nil): return "revisions[\(r)]"
    case .revision(let r, let f?): return "revisions[\(r)].\(name(.revision(f)))"
    case .revisionItem(let r, let f, let j): return "revisions[\(r)].\(name(.revision(f)))[\(j)]"
    }
  }

  /// The unknown-key schema, derived from the declarations: a top-level section is a mapping (`plan`) or a list
  /// of mappings (`medications[]`); a key whose value is a mapping or a list of mappings opens the section of
  /// that path.
  static let schema: Schema = .mapping(
    Dictionary(
      uniqueKeysWithValues: Section.allCases.filter { !$0.rawValue.contains(".") }.map { section in
        section.rawValue.hasSuffix("[]")
          ? (String(section.rawValue.dropLast(2)), Schema.sequence(schema(of: section)))
          : (section.rawValue, schema(of: section))
      }))

  private static func schema(of section: Section) -> Schema {
    // A revision's medications and patient are the first revision's sections again.
    if section == .revision {
      return .mapping(
        Dictionary(
          uniqueKeysWithValues: keys(in: .revision).map { key in
            switch key.field {
            case .revision(.medications): (key.name, .sequence(schema(of: .medication)))
            case .revision(.patient): (key.name, schema(of: .patient))
            default: (key.name, .scalar)
            }
          }))
    }
    return .mapping(
      Dictionary(
        uniqueKeysWithValues: keys(in: section).map { key in
          switch key.value {
          case .mapping: (key.name, Section(rawValue: key.path).map(schema(of:)) ?? .scalar)
          case .mappings: (key.name, Section(rawValue: key.path + "[]").map { .sequence(schema(of: $0)) } ?? .scalar)
          default: (key.name, .scalar)
          }
        }))
  }
}

extension PlanFormat {
  /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`: how every number of a plan file is written (the reader
  /// refuses `010`, `0x10`, `1e3`; the web form writes anything else as text, which the type check reports).
  public static func isPlainDecimal(_ text: String) -> Bool {
    var s = Substring(text)
    if s.first == "-" { s = s.dropFirst() }
    let parts = s.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.allSatisfy({ ("0"..."9").contains($0) })
    else { return false }
    if whole.count > 1 && whole.first == "0" { return false }
    if parts.count == 2 { return !parts[1].isEmpty && parts[1].allSatisfy { ("0"..."9").contains($0) } }
    return true
  }
}

extension PlanFormat {
  /// The README's key reference: one table per section, every key with its value, allowed values, default and
  /// help. The README holds exactly this text between its `plan-file keys` markers.
  public static func referenceMarkdown() -> String {
    var out = ""
    for section in Section.allCases {
      out += "\n\(section.title)\n\n| key | value | allowed | default | what it is for |\n|---|---|---|---|---|\n"
      for key in keys(in: section) {
        let allowed = key.allowed ?? ""
        let fallback = key.required ? "required" : key.defaultValue.map { "`\($0)`" } ?? ""
        out += "| `\(key.name)` | \(key.value.text) | \(allowed) | \(fallback) | \(key.help) |\n"
      }
    }
    return out
  }
}
