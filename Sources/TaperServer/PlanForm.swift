import Foundation
public import TaperCore
import TaperPlanFile

/// The new-plan and revise form: the plan file's fields, named by their plan-file path
/// (`patient.weight_kg`, `medications[2].dose_mg`), turned into plan-file text that goes through the same
/// parser and validators as the command line.
public struct PlanForm: Sendable {
  /// How a field's text goes into YAML.
  enum Kind: Sendable, Equatable {
    /// A string, always quoted.
    case text
    /// A number if it looks like one, otherwise quoted (so the plan file's type check reports it).
    case number
    /// A date, or a plan day number.
    case dateOrDay
    /// A checkbox: `true` when ticked, left out otherwise.
    case flag
    /// `true`, `false` or left out.
    case yesNo
    /// A comma-separated list of numbers: `[5, 2.5, 1]`.
    case numbers
    /// One string, or a comma-separated list of strings.
    case oneOrMany
    /// YAML flow text written as given (`{ protocol: bands }`).
    case flow
    /// A choice from `choices`.
    case choice([String])
  }

  /// One field: a plan-file key (declared in ``PlanFormat``), its label and hint. Its kind comes from the key's
  /// declaration unless the form deliberately shows it otherwise (`kind:`).
  struct Field: Sendable {
    var key: String
    var label: String
    var kind: Kind
    var hint: String = ""

    init(key: String, label: String, kind: Kind? = nil, hint: String = "") {
      self.key = key
      self.label = label
      self.hint = hint
      self.kind = kind ?? Self.kind(of: Self.declaration(key))
    }

    /// The plan-file path of the field's key (a medication field's key is relative to its row).
    static func path(_ key: String) -> String { key.contains(".") ? key : "medications[].\(key)" }

    /// The key's declaration; a field must name a key the format declares.
    static func declaration(_ key: String) -> PlanFormat.Key {
      guard let declared = PlanFormat.key(at: path(key)) else {
        preconditionFailure("\(key) is not a plan-file key (PlanFormat.keys)")
      }
      return declared
    }

    /// How a declared value is entered on the form.
    static func kind(of key: PlanFormat.Key) -> Kind {
      switch key.value {
      case .text, .date, .time: .text
      case .integer, .number, .numberOrNumbers: .number
      case .boolean: .flag
      case .times, .weekdays, .names: .oneOrMany
      case .numbers, .dayNumbers: .numbers
      case .dateOrDay: .dateOrDay
      case .mapping, .mappings: .flow
      // An optional choice can be left unset.
      case .choice(let words): .choice(key.required ? words : [""] + words)
      }
    }
  }

  static let planFields: [Field] = [
    Field(key: "plan.id", label: "Plan id", hint: "left empty: a random id"),
    Field(key: "plan.title", label: "Title"),
    Field(key: "plan.start", label: "Start date", hint: "YYYY-MM-DD"),
    Field(key: "plan.timezone", label: "Time zone", hint: "e.g. Europe/London"),
    // Never unset: a plan is a draft until it is approved.
    Field(key: "plan.status", label: "Status", kind: .choice(["draft", "approved"])),
    Field(key: "plan.weeks", label: "Weeks", hint: "left empty: until the last dose"),
  ]
  static let clinicFields: [Field] = [
    Field(key: "clinic.name", label: "Clinic"),
    Field(key: "clinic.phone", label: "Clinic phone"),
    Field(key: "clinic.prescriber", label: "Prescriber"),
  ]
  static let patientFields: [Field] = [
    Field(key: "patient.label", label: "Patient label", hint: "initials; never in calendar feeds"),
    Field(key: "patient.group", label: "Group"),
    // A number the seed has three of: a choice on the form.
    Field(key: "patient.line", label: "Line", kind: .choice(["", "1", "2", "3"])),
    Field(key: "patient.weight_kg", label: "Weight (kg)"),
    Field(key: "patient.age", label: "Age"),
    Field(key: "patient.height_cm", label: "Height (cm)"),
    Field(key: "patient.sex", label: "Sex"),
    Field(key: "patient.tpmt", label: "TPMT"),
    Field(key: "patient.egfr", label: "eGFR"),
    Field(key: "patient.previous_treatment", label: "Previous treatment"),
    Field(key: "patient.ild", label: "Interstitial lung disease"),
    Field(key: "patient.pregnant", label: "Pregnant"),
    Field(key: "patient.contraception", label: "Highly effective contraception"),
    Field(key: "patient.allopurinol", label: "Takes allopurinol"),
  ]
  static let monitoringFields: [Field] = [
    // Yes, no, or unset (the default, yes): a checkbox could not say "no".
    Field(key: "monitoring.enabled", label: "Blood monitoring", kind: .yesNo),
    Field(key: "monitoring.fortnightly_until_stable_weeks", label: "Fortnightly until stable (weeks)"),
    Field(key: "monitoring.monthly_count", label: "Then monthly (tests)"),
    Field(key: "monitoring.then_every_weeks", label: "Then every (weeks)"),
    Field(key: "monitoring.time", label: "Blood tests at", hint: "09:00 by default; on weekdays"),
  ]
  /// A medication's fields; `key` is relative to `medications[i]`.
  static let medicationFields: [Field] = [
    Field(key: "drug", label: "Drug", hint: "prednisolone, methotrexate, other…"),
    Field(key: "name", label: "Name", hint: "for drug: other"),
    Field(key: "name_confirmed", label: "Name confirmed", hint: "a name close to a checked drug's is another medicine"),
    Field(key: "dose_mg", label: "Dose (mg)"),
    Field(key: "dose", label: "Dose (as written)", hint: "specialist or other medicines"),
    Field(key: "mg_per_kg", label: "mg/kg"),
    Field(key: "g_per_kg", label: "g/kg"),
    Field(key: "g_per_kg_per_day", label: "g/kg a day"),
    // One time, or several: written as `times` (the form's one field for both).
    Field(key: "time", label: "Time(s)", kind: .oneOrMany, hint: "08:00 or 08:00, 20:00"),
    Field(
      key: "times", label: "Daily at", kind: .oneOrMany,
      hint: "other and specialist medicines taken every day: 08:00 or 08:00, 20:00"),
    Field(key: "days", label: "Days"),
    Field(key: "tablets_mg", label: "Tablets (mg)", hint: "5, 2.5, 1"),
    Field(key: "weekday", label: "Weekday(s)"),
    Field(key: "route", label: "Route"),
    Field(key: "start", label: "Starts", hint: "date or plan day"),
    Field(key: "stop", label: "Stops"),
    Field(key: "every_weeks", label: "Every (weeks)"),
    Field(key: "every_days", label: "Every (days)"),
    Field(key: "courses", label: "Courses"),
    Field(key: "dosing_weight", label: "Dosing weight"),
    Field(key: "on_days", label: "On plan days"),
    Field(key: "duration_minutes", label: "Infusion (min)"),
    Field(key: "pattern", label: "Pattern"),
    Field(key: "taper", label: "Taper", hint: "{ protocol: bands } or { steps: [...] }"),
    Field(key: "increase", label: "Increase", hint: "{ by_mg: 25, every_weeks: 2, to_mg: 125 }"),
    Field(key: "pauses", label: "Pauses", hint: "[{ from: 2027-01-01, to: 2027-01-07 }]"),
    Field(key: "set_by_specialist", label: "Dose set by specialist"),
    Field(key: "instructions", label: "Instructions"),
  ]

  /// The most medication rows a form may have.
  public static let maximumRows = 20

  /// The submitted values by field name.
  public var values: [String: String]
  /// Medication rows shown (filled or not).
  public var rows: Int

  public init(values: [String: String], rows: Int? = nil) {
    self.values = values.filter { !$0.value.isEmpty }
    let filled = Self.filledRows(self.values)
    self.rows = min(Self.maximumRows, max(rows ?? 0, filled + 1, 3))
  }

  /// Only the form's own fields, with medication rows renumbered so that no empty row is left between
  /// them: row `i` of the form is then `medications[i]` in the plan file and in every message.
  public static func from(submitted: [String: String]) -> PlanForm {
    var values: [String: String] = [:]
    for field in planFields + clinicFields + patientFields + monitoringFields {
      if let v = submitted[field.key]?.trimmed, !v.isEmpty { values[field.key] = v }
    }
    var row = 0
    for i in 0..<maximumRows {
      var any = false
      for field in medicationFields {
        if let v = submitted["medications[\(i)].\(field.key)"]?.trimmed, !v.isEmpty {
          values["medications[\(row)].\(field.key)"] = v
          any = true
        }
      }
      if any { row += 1 }
    }
    let asked = Int(submitted["rows"] ?? "") ?? 0
    return PlanForm(values: values, rows: asked)
  }

  static func filledRows(_ values: [String: String]) -> Int {
    var count = 0
    for i in 0..<maximumRows where medicationFields.contains(where: { values["medications[\(i)].\($0.key)"] != nil }) {
      count = i + 1
    }
    return count
  }

  /// The plan file for these values, with `plan.id` and `plan.revision` as given, written by the plan-file
  /// layer's YAML writer.
  public func planFileText(id: String, revision: Int) -> String {
    func section(_ fields: [Field], prefix: String = "") -> [(String, PlanFileDocument.Value)] {
      var entries = fields.compactMap { field in
        value(field, key: prefix + field.key).map { (Self.name(field, value: $0), $0) }
      }
      // Several times in "Time(s)" and a "Daily at" too would be `times` twice: the first stays `time`, as
      // typed, so the parser refuses it at its own key.
      if entries.filter({ $0.0 == "times" }).count > 1, let i = entries.firstIndex(where: { $0.0 == "times" }) {
        entries[i] = ("time", .text(values[prefix + "time"] ?? ""))
      }
      return entries
    }
    var plan: [(String, PlanFileDocument.Value)] = [("id", .text(id))]
    plan += section(Self.planFields.filter { $0.key != "plan.id" })
    plan.append(("revision", .scalar("\(revision)")))
    var entries: [(String, PlanFileDocument.Value)] = [("plan", .mapping(plan))]
    let clinic = section(Self.clinicFields)
    if !clinic.isEmpty { entries.append(("clinic", .mapping(clinic))) }
    entries.append(("patient", .mapping(section(Self.patientFields))))
    let medications = (0..<rows).map { section(Self.medicationFields, prefix: "medications[\($0)].") }
      .filter { !$0.isEmpty }
    entries.append(("medications", .list(medications.map { .mapping($0) })))
    let monitoring = section(Self.monitoringFields)
    if !monitoring.isEmpty { entries.append(("monitoring", .mapping(monitoring))) }
    return PlanFileWriter.text(PlanFileDocument(comment: "Saved by taper serve.", entries: entries))
  }

  /// Row `i`'s entries as the plan file writes them (a revision's medication entry).
  func rowEntries(_ i: Int) -> [(String, PlanFileDocument.Value)] {
    let prefix = "medications[\(i)]."
    var entries = Self.medicationFields.compactMap { field in
      value(field, key: prefix + field.key).map { (Self.name(field, value: $0), $0) }
    }
    if entries.filter({ $0.0 == "times" }).count > 1, let k = entries.firstIndex(where: { $0.0 == "times" }) {
      entries[k] = ("time", .text(values[prefix + "time"] ?? ""))
    }
    return entries
  }

  /// A patient field's value as the plan file writes it (`weight_kg` → `patient.weight_kg`).
  func patientEntry(_ key: String) -> PlanFileDocument.Value? {
    guard let field = Self.patientFields.first(where: { $0.key == "patient.\(key)" }) else { return nil }
    return value(field, key: field.key)
  }

  /// The key a field writes: its last path component, except that several times in the "Time(s)" field are
  /// `times`.
  static func name(_ field: Field, value: PlanFileDocument.Value) -> String {
    if field.key == "time", case .list = value { return "times" }
    return String(field.key.split(separator: ".").last ?? "")
  }

  /// A field's value as the plan file holds it, or `nil` when the field is empty (or an unticked box).
  private func value(_ field: Field, key: String) -> PlanFileDocument.Value? {
    guard let raw = values[key] else { return nil }
    let value = raw.replacingNewlines
    switch field.kind {
    case .text: return .text(value)
    case .number: return PlanFormat.isPlainDecimal(value) ? .scalar(value) : .text(value)
    case .dateOrDay: return value.allSatisfy(\.isASCIIDigit) ? .scalar(value) : .text(value)
    case .flag: return ["on", "true", "yes", "1"].contains(value.lowercased()) ? .boolean(true) : nil
    case .yesNo:
      switch value.lowercased() {
      case "true", "yes": return .boolean(true)
      case "false", "no": return .boolean(false)
      default: return .text(value)
      }
    case .numbers:
      return .list(value.split(separator: ",").map { part in
        let t = part.trimmed
        return PlanFormat.isPlainDecimal(t) ? .scalar(t) : .text(t)
      })
    case .oneOrMany:
      let parts = value.split(separator: ",").map(\.trimmed).filter { !$0.isEmpty }
      return parts.count > 1 || field.key == "times" ? .list(parts.map { .text($0) }) : .text(value)
    case .flow: return .yaml(value)
    case .choice: return field.key == "patient.line" && PlanFormat.isPlainDecimal(value) ? .scalar(value) : .text(value)
    }
  }


  // MARK: - Messages beside fields

  /// Every field name the form shows, medication rows included.
  func fieldNames() -> [String] {
    var names = (Self.planFields + Self.clinicFields + Self.patientFields + Self.monitoringFields).map(\.key)
    for i in 0..<rows {
      names.append("medications[\(i)]")
      names += Self.medicationFields.map { "medications[\(i)].\($0.key)" }
    }
    return names
  }

  /// The field a finding's path belongs to: the longest field name that starts the path (`times` is shown
  /// at `time`); `nil` puts it above the form.
  func field(for path: String?) -> String? {
    guard var path else { return nil }
    if let range = path.range(of: ".times") { path.replaceSubrange(range, with: ".time") }
    var best: String?
    for name in fieldNames() where path == name || path.hasPrefix(name + ".") || path.hasPrefix(name + "[") {
      if name.count > (best?.count ?? 0) { best = name }
    }
    return best
  }

  // MARK: - Pre-filling from the guideline

  /// A form for `group` and `line` with the seed's options for them as medication rows, with their usual
  /// starting doses; the clinician reviews every value before saving.
  public static func prefilled(group: PatientGroup, line: Int, keeping base: [String: String] = [:]) -> PlanForm {
    var values = base.filter { !$0.key.hasPrefix("medications[") }
    values["patient.group"] = group.rawValue
    values["patient.line"] = "\(line)"
    values["plan.status"] = values["plan.status"] ?? "draft"
    values["plan.timezone"] = values["plan.timezone"] ?? "Europe/London"
    values["plan.title"] =
      values["plan.title"] ?? (group == .remission ? "Maintenance plan" : "Myositis treatment plan")
    var keys: [String] = []
    for option in Guideline.options(group: group, line: line) where option.kind != .consider {
      // "methotrexate or azathioprine or mycophenolate" offers alternatives: the first is pre-filled; an
      // option without "or" ("methylprednisolone, then prednisolone") gives all its primary drugs.
      let primary = option.drugs.filter { $0.choice == .primary }
      let chosen = option.title.contains(" or ") ? Array(primary.prefix(1)) : primary
      for drug in chosen {
        for key in drug.keys where !keys.contains(key) { keys.append(key) }
      }
    }
    if keys.contains("methotrexate") && !keys.contains("folic acid") { keys.append("folic acid") }
    var row = 0
    for key in keys {
      guard let defaults = defaultRow(key, group: group) else { continue }
      for (field, value) in defaults { values["medications[\(row)].\(field)"] = value }
      row += 1
    }
    return PlanForm(values: values)
  }

  /// Usual starting values for a drug key, as in the bundled example plans.
  static func defaultRow(_ key: String, group: PatientGroup) -> [String: String]? {
    switch key {
    case "methylprednisolone": ["drug": "methylprednisolone", "dose_mg": "1000", "days": "3", "time": "10:00"]
    case "prednisolone":
      group == .remission
        ? [
          "drug": "prednisolone", "dose_mg": "7.5", "time": "08:00",
          "taper": "{ steps: [{ dose_mg: 7.5, weeks: 4 }, { dose_mg: 5, weeks: 4 }] }",
        ]
        : [
          "drug": "prednisolone", "mg_per_kg": group == .severe ? "1" : "0.75", "tablets_mg": "5, 2.5, 1",
          "time": "08:00", "taper": "{ protocol: bands }",
        ]
    case "methotrexate": ["drug": "methotrexate", "dose_mg": "15", "weekday": "monday", "route": "oral"]
    case "folic acid": ["drug": "folic acid", "dose_mg": "5"]
    case "azathioprine": ["drug": "azathioprine", "dose_mg": "50"]
    case "mycophenolate": ["drug": "mycophenolate mofetil", "dose_mg": "500", "time": "08:00, 20:00"]
    case "ivig":
      [
        "drug": "ivig", "g_per_kg": "2", "days": "5", "every_weeks": "4", "courses": "3",
        "dosing_weight": "actual", "time": "09:00",
      ]
    default:
      SpecialistAgent(rawValue: key).map { _ in ["drug": key, "set_by_specialist": "on", "route": "intravenous"] }
    }
  }
}

extension StringProtocol {
  var trimmed: String {
    String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
  }
  /// Line breaks as spaces: a form field is one line of the plan file.
  var replacingNewlines: String { String(map { $0.isNewline ? " " : $0 }) }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}
