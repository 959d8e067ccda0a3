import Foundation
public import TaperCore

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

  struct Field: Sendable {
    var key: String
    var label: String
    var kind: Kind
    var hint: String = ""
  }

  static let planFields: [Field] = [
    Field(key: "plan.id", label: "Plan id", kind: .text, hint: "left empty: a random id"),
    Field(key: "plan.title", label: "Title", kind: .text),
    Field(key: "plan.start", label: "Start date", kind: .text, hint: "YYYY-MM-DD"),
    Field(key: "plan.timezone", label: "Time zone", kind: .text, hint: "e.g. Europe/London"),
    Field(key: "plan.status", label: "Status", kind: .choice(["draft", "approved"])),
    Field(key: "plan.weeks", label: "Weeks", kind: .number, hint: "left empty: until the last dose"),
  ]
  static let clinicFields: [Field] = [
    Field(key: "clinic.name", label: "Clinic", kind: .text),
    Field(key: "clinic.phone", label: "Clinic phone", kind: .text),
    Field(key: "clinic.prescriber", label: "Prescriber", kind: .text),
  ]
  static let patientFields: [Field] = [
    Field(key: "patient.label", label: "Patient label", kind: .text, hint: "initials; never in calendar feeds"),
    Field(key: "patient.group", label: "Group", kind: .choice(PatientGroup.allCases.map(\.rawValue))),
    Field(key: "patient.line", label: "Line", kind: .choice(["", "1", "2", "3"])),
    Field(key: "patient.weight_kg", label: "Weight (kg)", kind: .number),
    Field(key: "patient.age", label: "Age", kind: .number),
    Field(key: "patient.height_cm", label: "Height (cm)", kind: .number),
    Field(key: "patient.sex", label: "Sex", kind: .choice(["", "female", "male"])),
    Field(key: "patient.tpmt", label: "TPMT", kind: .text, hint: "normal, low, absent or unknown"),
    Field(key: "patient.egfr", label: "eGFR", kind: .number),
    Field(key: "patient.previous_treatment", label: "Previous treatment", kind: .text),
    Field(key: "patient.ild", label: "Interstitial lung disease", kind: .flag),
    Field(key: "patient.pregnant", label: "Pregnant", kind: .flag),
    Field(key: "patient.allopurinol", label: "Takes allopurinol", kind: .flag),
  ]
  static let monitoringFields: [Field] = [
    Field(key: "monitoring.enabled", label: "Blood monitoring", kind: .yesNo),
    Field(key: "monitoring.fortnightly_until_stable_weeks", label: "Fortnightly until stable (weeks)", kind: .number),
    Field(key: "monitoring.monthly_count", label: "Then monthly (tests)", kind: .number),
    Field(key: "monitoring.then_every_weeks", label: "Then every (weeks)", kind: .number),
    Field(key: "monitoring.time", label: "Blood tests at", kind: .text, hint: "09:00 by default; on weekdays"),
  ]
  /// A medication's fields; `key` is relative to `medications[i]`.
  static let medicationFields: [Field] = [
    Field(key: "drug", label: "Drug", kind: .text, hint: "prednisolone, methotrexate, other…"),
    Field(key: "name", label: "Name", kind: .text, hint: "for drug: other"),
    Field(key: "dose_mg", label: "Dose (mg)", kind: .number),
    Field(key: "dose", label: "Dose (as written)", kind: .text, hint: "specialist or other medicines"),
    Field(key: "mg_per_kg", label: "mg/kg", kind: .number),
    Field(key: "g_per_kg", label: "g/kg", kind: .number),
    Field(key: "time", label: "Time(s)", kind: .oneOrMany, hint: "08:00 or 08:00, 20:00"),
    Field(
      key: "times", label: "Daily at", kind: .oneOrMany,
      hint: "other and specialist medicines taken every day: 08:00 or 08:00, 20:00"),
    Field(key: "days", label: "Days", kind: .number),
    Field(key: "tablets_mg", label: "Tablets (mg)", kind: .numbers, hint: "5, 2.5, 1"),
    Field(key: "weekday", label: "Weekday(s)", kind: .oneOrMany),
    Field(key: "route", label: "Route", kind: .choice(["", "oral", "intravenous", "subcutaneous", "intramuscular"])),
    Field(key: "start", label: "Starts", kind: .dateOrDay, hint: "date or plan day"),
    Field(key: "stop", label: "Stops", kind: .text),
    Field(key: "every_weeks", label: "Every (weeks)", kind: .number),
    Field(key: "every_days", label: "Every (days)", kind: .number),
    Field(key: "courses", label: "Courses", kind: .number),
    Field(key: "dosing_weight", label: "Dosing weight", kind: .choice(["", "actual", "ideal", "adjusted"])),
    Field(key: "on_days", label: "On plan days", kind: .numbers),
    Field(key: "duration_minutes", label: "Infusion (min)", kind: .number),
    Field(key: "pattern", label: "Pattern", kind: .text),
    Field(key: "taper", label: "Taper", kind: .flow, hint: "{ protocol: bands } or { steps: [...] }"),
    Field(key: "increase", label: "Increase", kind: .flow, hint: "{ by_mg: 25, every_weeks: 2, to_mg: 125 }"),
    Field(key: "pauses", label: "Pauses", kind: .flow, hint: "[{ from: 2027-01-01, to: 2027-01-07 }]"),
    Field(key: "set_by_specialist", label: "Dose set by specialist", kind: .flag),
    Field(key: "instructions", label: "Instructions", kind: .text),
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

  /// The plan file for these values, with `plan.id` and `plan.revision` as given.
  public func planFileText(id: String, revision: Int) -> String {
    var out = "# Saved by taper serve.\nplan:\n"
    out += "  id: \(Self.quote(id))\n"
    for field in Self.planFields where field.key != "plan.id" {
      out += line(field, key: field.key, indent: "  ")
    }
    out += "  revision: \(revision)\n"
    let clinic = Self.clinicFields.map { line($0, key: $0.key, indent: "  ") }.joined()
    if !clinic.isEmpty { out += "clinic:\n" + clinic }
    out += "patient:\n" + Self.patientFields.map { line($0, key: $0.key, indent: "  ") }.joined()
    out += "medications:\n"
    var any = false
    for i in 0..<rows {
      let lines = Self.medicationFields.map { line($0, key: "medications[\(i)].\($0.key)", indent: "    ") }.joined()
      if lines.isEmpty { continue }
      out += "  -" + lines.dropFirst(3)
      any = true
    }
    if !any { out = String(out.dropLast()) + " []\n" }
    let monitoring = Self.monitoringFields.map { line($0, key: $0.key, indent: "  ") }.joined()
    if !monitoring.isEmpty { out += "monitoring:\n" + monitoring }
    return out
  }

  private func line(_ field: Field, key: String, indent: String) -> String {
    guard let raw = values[key] else { return "" }
    let value = raw.replacingNewlines
    let name = String(field.key.split(separator: ".").last ?? "")
    let yaml: String
    switch field.kind {
    case .text: yaml = Self.quote(value)
    case .number: yaml = Self.number(value)
    case .dateOrDay: yaml = value.allSatisfy(\.isASCIIDigit) ? value : Self.quote(value)
    case .flag:
      guard ["on", "true", "yes", "1"].contains(value.lowercased()) else { return "" }
      yaml = "true"
    case .yesNo:
      switch value.lowercased() {
      case "true", "yes": yaml = "true"
      case "false", "no": yaml = "false"
      default: yaml = Self.quote(value)
      }
    case .numbers:
      yaml = "[" + value.split(separator: ",").map { Self.number($0.trimmed) }.joined(separator: ", ") + "]"
    case .oneOrMany:
      let parts = value.split(separator: ",").map(\.trimmed).filter { !$0.isEmpty }
      if name == "times" || (name == "time" && parts.count > 1) {
        return indent + "times: [" + parts.map(Self.quote).joined(separator: ", ") + "]\n"
      }
      yaml = parts.count > 1 ? "[" + parts.map(Self.quote).joined(separator: ", ") + "]" : Self.quote(value)
    case .flow: yaml = value
    case .choice: yaml = name == "line" ? Self.number(value) : Self.quote(value)
    }
    return indent + name + ": " + yaml + "\n"
  }

  /// A YAML double-quoted string.
  static func quote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7f {
          let hex = String(scalar.value, radix: 16)
          out += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// The number as written when it is a plain decimal, otherwise quoted.
  static func number(_ text: String) -> String {
    var digits = 0
    var dots = 0
    for (i, c) in text.enumerated() {
      if c.isASCIIDigit {
        digits += 1
      } else if c == "." {
        dots += 1
      } else if c == "-" && i == 0 {
        continue
      } else {
        return quote(text)
      }
    }
    return digits > 0 && dots <= 1 && !text.hasSuffix(".") ? text : quote(text)
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
