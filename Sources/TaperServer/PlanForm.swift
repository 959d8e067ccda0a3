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
    /// A date (a date picker).
    case date
    /// A mapping or list the form builds from fields of its own (never typed as YAML).
    case built
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
    static func path(_ key: String) -> String {
      ["plan.", "clinic.", "patient.", "monitoring."].contains { key.hasPrefix($0) } ? key : "medications[].\(key)"
    }

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
      case .text, .time: .text
      case .date: .date
      case .integer, .number, .numberOrNumbers: .number
      case .boolean: .flag
      case .times, .weekdays, .names: .oneOrMany
      case .numbers, .dayNumbers: .numbers
      case .dateOrDay: .dateOrDay
      case .mapping, .mappings: .built
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
  /// A medication row's plain fields; `key` is relative to `medications[i]`. The row shows those its drug takes
  /// (``DrugKind/fields``); the taper, the escalation and the pauses have builders of their own (``taperFields``,
  /// ``increaseFields``, ``lists``).
  static let medicationFields: [Field] = [
    Field(key: "drug", label: "Medicine", hint: "any name: generic, brand or abbreviation"),
    Field(key: "name", label: "Name of the other medicine"),
    Field(key: "name_confirmed", label: "This is another medicine, not the checked drug its name is close to"),
    Field(key: "dose_mg", label: "Dose (mg)"),
    Field(key: "dose", label: "Dose (as written)"),
    Field(key: "mg_per_kg", label: "Starting dose (mg/kg a day)"),
    Field(key: "g_per_kg", label: "Per course (g/kg, all infusion days together)"),
    Field(key: "g_per_kg_per_day", label: "Or per infusion day (g/kg a day)"),
    // One time, or several: written as `times` (the form's one field for both).
    Field(key: "time", label: "Time(s)", kind: .oneOrMany, hint: "08:00 or 08:00, 20:00"),
    Field(key: "times", label: "Every day at", kind: .oneOrMany, hint: "08:00 or 08:00, 20:00"),
    Field(key: "days", label: "Days"),
    Field(key: "tablets_mg", label: "Tablet strengths (mg)", hint: "5, 2.5, 1"),
    Field(key: "weekday", label: "Weekday(s)", hint: "monday, or monday, thursday"),
    Field(key: "route", label: "Route"),
    Field(key: "start", label: "Starts", hint: "a date, or a plan day number"),
    Field(key: "stop", label: "Last day", kind: .date),
    Field(key: "every_weeks", label: "Every (weeks)"),
    Field(key: "every_days", label: "Every (days)"),
    Field(key: "courses", label: "Courses"),
    Field(key: "dosing_weight", label: "Dosing weight"),
    Field(key: "on_days", label: "On days", hint: "day numbers from its start: 1, 15"),
    Field(key: "duration_minutes", label: "Infusion (minutes)"),
    Field(key: "pattern", label: "Pattern"),
    Field(key: "set_by_specialist", label: "The dose and schedule are the specialist's, as written above"),
    Field(key: "instructions", label: "Instructions for the patient"),
  ]

  /// The prednisolone tablet strengths sold in the UK (clinical notes, 1.7), offered as checkboxes.
  static let prednisoloneStrengths = ["30", "25", "20", "10", "5", "2.5", "1"]

  /// The taper builder's own fields, relative to the row: the form-only choice of taper, then the taper's keys.
  static let taperKindField = "taper.kind"
  enum TaperKind: String, CaseIterable, Sendable {
    case none = "", `protocol`, rules, steps
    var label: String {
      switch self {
      case .none: "No taper: the dose stays"
      case .protocol: "A named protocol"
      case .rules: "Rules: reduce by an amount while above a dose"
      case .steps: "Steps: a dose for a number of weeks"
      }
    }
  }
  static let taperFields: [Field] = [
    Field(key: "taper.protocol", label: "Protocol"),
    Field(key: "taper.hold_weeks", label: "Hold the starting dose for (weeks)"),
    Field(key: "taper.final_mg", label: "Then hold (mg a day; 0 stops it)"),
  ]
  static let increaseFields: [Field] = [
    Field(key: "increase.by_mg", label: "Raise by (mg)"),
    Field(key: "increase.every_weeks", label: "Every (weeks)"),
    Field(key: "increase.to_mg", label: "Up to (mg)"),
  ]

  /// A list of rows inside a medicine (the taper's rules or steps, the pauses): added, removed and reordered by
  /// the form's buttons.
  struct ListSpec: Sendable {
    /// Relative to the row: `taper.rules`.
    var key: String
    var title: String
    var item: String
    var fields: [Field]
  }
  static let lists: [ListSpec] = [
    ListSpec(
      key: "taper.rules", title: "Rules, highest dose first", item: "rule",
      fields: [
        Field(key: "taper.rules[].above_mg", label: "While above (mg)"),
        Field(key: "taper.rules[].reduce_mg", label: "reduce by (mg)"),
        Field(key: "taper.rules[].every_weeks", label: "every (weeks)"),
      ]),
    ListSpec(
      key: "taper.steps", title: "Steps, in order", item: "step",
      fields: [
        Field(
          key: "taper.steps[].dose_mg", label: "Dose (mg a day)", kind: .numbers,
          hint: "5, 0 is 5 mg every other day; 5, 4 alternates"),
        Field(key: "taper.steps[].weeks", label: "for (weeks)"),
      ]),
    ListSpec(
      key: "pauses", title: "Pauses (doses left out, not moved)", item: "pause",
      fields: [
        Field(key: "pauses[].from", label: "From", kind: .date),
        Field(key: "pauses[].to", label: "to (both days included)", kind: .date),
        Field(key: "pauses[].reason", label: "Why"),
      ]),
  ]

  /// The most rows of one list.
  static let maximumListRows = 20

  /// The most medication rows a form may have.
  public static let maximumRows = 20

  /// The submitted values by field name (plan-file paths: `medications[0].taper.rules[1].above_mg`), and the
  /// form-only ones (`medications[0].taper.kind`).
  public var values: [String: String]
  /// Medication rows shown (filled or not).
  public var rows: Int
  /// Rows shown of each list (`medications[0].taper.rules` → 4), filled or not.
  var listRows: [String: Int] = [:]

  public init(values: [String: String], rows: Int? = nil) {
    self.values = Self.upgraded(values.filter { !$0.value.isEmpty })
    let filled = Self.filledRows(self.values)
    self.rows = min(Self.maximumRows, max(rows ?? 0, filled + 1, 3))
  }

  /// Values saved before the form had builders (the taper, the escalation and the pauses typed as YAML flow
  /// text, `{ protocol: bands }`) as the builders' fields; a stored form is never rewritten, only read so.
  static func upgraded(_ values: [String: String]) -> [String: String] {
    var out = values
    for i in 0..<maximumRows {
      for key in ["taper", "increase", "pauses"] {
        let name = "medications[\(i)].\(key)"
        guard let text = out.removeValue(forKey: name) else { continue }
        guard let flat = PlanFileWriter.flattened(yaml: text) else {
          // Not YAML: kept where the plan file will refuse it with its key.
          out[name] = text
          continue
        }
        for (path, value) in flat { out[path.hasPrefix("[") ? name + path : "\(name).\(path)"] = value }
        if key == "taper" {
          let kind = ["protocol", "rules", "steps"].first { k in flat.contains { $0.path == k || $0.path.hasPrefix(k + "[") } }
          out["\(name).kind"] = kind ?? ""
        }
      }
    }
    return out.filter { !$0.value.isEmpty }
  }

  /// Only the form's own fields, with medication rows (and the rows of each list) renumbered so that no empty row
  /// is left between them: row `i` of the form is then `medications[i]` in the plan file and in every message.
  /// Prednisolone's tablet checkboxes (`medications[0].tablets_mg@5`) become the list they tick.
  public static func from(submitted: [String: String]) -> PlanForm {
    var values: [String: String] = [:]
    for field in planFields + clinicFields + patientFields + monitoringFields {
      if let v = submitted[field.key]?.trimmed, !v.isEmpty { values[field.key] = v }
    }
    var submitted = upgraded(submitted)
    for i in 0..<maximumRows {
      let ticked = prednisoloneStrengths.filter { submitted["medications[\(i)].tablets_mg@\($0)"] != nil }
      if !ticked.isEmpty { submitted["medications[\(i)].tablets_mg"] = ticked.joined(separator: ", ") }
    }
    var listRows: [String: Int] = [:]
    var row = 0
    for i in 0..<maximumRows {
      let from = "medications[\(i)]", to = "medications[\(row)]"
      var any = false
      for field in medicationFields + taperFields + increaseFields {
        if let v = submitted["\(from).\(field.key)"]?.trimmed, !v.isEmpty {
          values["\(to).\(field.key)"] = v
          any = true
        }
      }
      if let kind = submitted["\(from).\(taperKindField)"]?.trimmed, TaperKind(rawValue: kind) != nil {
        values["\(to).\(taperKindField)"] = kind
      }
      for list in lists {
        var item = 0
        for j in 0..<maximumListRows {
          var filled = false
          for field in list.fields {
            let name = String(field.key.dropFirst(list.key.count + 3))
            if let v = submitted["\(from).\(list.key)[\(j)].\(name)"]?.trimmed, !v.isEmpty {
              values["\(to).\(list.key)[\(item)].\(name)"] = v
              filled = true
            }
          }
          if filled { item += 1 }
        }
        if item > 0 { any = true }
        let asked = Int(submitted["rows:\(from).\(list.key)"] ?? "") ?? 0
        listRows["\(to).\(list.key)"] = min(maximumListRows, max(item, asked))
      }
      if any { row += 1 } else {
        for list in lists { listRows["\(to).\(list.key)"] = nil }
        values["\(to).\(taperKindField)"] = nil
      }
    }
    let asked = Int(submitted["rows"] ?? "") ?? 0
    var form = PlanForm(values: values, rows: asked)
    form.listRows = listRows.filter { $0.value > 0 }
    return form
  }

  static func filledRows(_ values: [String: String]) -> Int {
    var count = 0
    for key in values.keys where key.hasPrefix("medications[") {
      if let close = key.firstIndex(of: "]"), let i = Int(key[key.index(key.startIndex, offsetBy: 12)..<close]) {
        count = max(count, i + 1)
      }
    }
    return min(count, maximumRows)
  }

  // MARK: - Rows and lists

  /// The rows shown of a list (`medications[0].taper.rules`): those filled, or more when asked.
  func rowCount(_ list: String) -> Int {
    var filled = 0
    for key in values.keys where key.hasPrefix(list + "[") {
      let rest = key.dropFirst(list.count + 1)
      if let close = rest.firstIndex(of: "]"), let j = Int(rest[..<close]) { filled = max(filled, j + 1) }
    }
    return max(filled, listRows[list] ?? 0)
  }

  /// A form button's action: `add-row`, `remove:medications[1]`, `add:medications[0].taper.rules`,
  /// `remove:…rules[2]`, `up:…rules[2]`, `down:…rules[2]`. Returns `false` for anything else (save, preview).
  public mutating func apply(action: String) -> Bool {
    if action == "add-row" {
      rows = min(Self.maximumRows, rows + 1)
      return true
    }
    guard let colon = action.firstIndex(of: ":") else { return false }
    let verb = action[..<colon], target = String(action[action.index(after: colon)...])
    switch verb {
    case "add":
      guard isList(target) else { return false }
      listRows[target] = min(Self.maximumListRows, rowCount(target) + 1)
      return true
    case "remove", "up", "down":
      guard let (list, index) = Self.split(target), list == "medications" || isList(list) else { return false }
      let count = list == "medications" ? rows : rowCount(list)
      guard index < count else { return false }
      var order = Array(0..<count)
      switch verb {
      case "remove": order.remove(at: index)
      case "up" where index > 0: order.swapAt(index, index - 1)
      case "down" where index + 1 < count: order.swapAt(index, index + 1)
      default: return true
      }
      reorder(list, order)
      if list == "medications" { rows = max(1, order.count) } else { listRows[list] = order.count }
      return true
    default: return false
    }
  }

  private func isList(_ name: String) -> Bool {
    guard let (row, i) = Self.split(String(name.prefix { $0 != "." })), row == "medications", i < rows else { return false }
    let rest = name.drop { $0 != "." }.dropFirst()
    return Self.lists.contains { $0.key == rest }
  }

  /// `medications[0].taper.rules[2]` → (`medications[0].taper.rules`, 2).
  static func split(_ name: String) -> (String, Int)? {
    guard name.hasSuffix("]"), let open = name.lastIndex(of: "["),
      let i = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]), i >= 0
    else { return nil }
    return (String(name[..<open]), i)
  }

  /// Renumbers the items of `list`: new item `k` is old item `order[k]`; items left out are dropped.
  private mutating func reorder(_ list: String, _ order: [Int]) {
    var moved: [String: String] = [:]
    var kept: [String: String] = [:]
    var nested: [String: Int] = [:]
    for (key, value) in values {
      guard key.hasPrefix(list + "["), let close = key.dropFirst(list.count + 1).firstIndex(of: "]"),
        let old = Int(key[key.index(key.startIndex, offsetBy: list.count + 1)..<close])
      else {
        kept[key] = value
        continue
      }
      guard let new = order.firstIndex(of: old) else { continue }
      moved["\(list)[\(new)]" + key[key.index(after: close)...]] = value
    }
    for (key, count) in listRows {
      guard key.hasPrefix(list + "["), let close = key.dropFirst(list.count + 1).firstIndex(of: "]"),
        let old = Int(key[key.index(key.startIndex, offsetBy: list.count + 1)..<close])
      else {
        nested[key] = count
        continue
      }
      if let new = order.firstIndex(of: old) { nested["\(list)[\(new)]" + key[key.index(after: close)...]] = count }
    }
    values = kept.merging(moved) { $1 }
    listRows = nested
  }

  // MARK: - The plan file

  /// The drug a row's `drug` names, when Taper plans it (any name the dictionary knows); `nil` for an empty or
  /// unknown name.
  func kind(ofRow i: Int) -> DrugKind? {
    values["medications[\(i)].drug"].flatMap { DrugKind.named($0)?.kind }
  }

  /// Whether row `i` shows and writes a field: the fields its drug takes; every filled field when the drug is not
  /// known (the plan file then says why).
  func rowTakes(_ i: Int, _ field: MedicationSpec.Field) -> Bool {
    guard let kind = kind(ofRow: i) else { return true }
    return DrugKind.commonFields.contains(field) || kind.fields.contains(field)
  }

  /// The medication field a plain field's key holds.
  static func specField(_ key: String) -> MedicationSpec.Field? {
    guard case .medication(let f)? = PlanFormat.key(at: Field.path(key))?.field else { return nil }
    return f
  }

  /// The plan file for these values, with `plan.id` and `plan.revision` as given, written by the plan-file
  /// layer's YAML writer.
  public func planFileText(id: String, revision: Int) -> String {
    func section(_ fields: [Field]) -> [(String, PlanFileDocument.Value)] {
      fields.compactMap { field in value(field, key: field.key).map { (Self.name(field, value: $0), $0) } }
    }
    var plan: [(String, PlanFileDocument.Value)] = [("id", .text(id))]
    plan += section(Self.planFields.filter { $0.key != "plan.id" })
    plan.append(("revision", .scalar("\(revision)")))
    var entries: [(String, PlanFileDocument.Value)] = [("plan", .mapping(plan))]
    let clinic = section(Self.clinicFields)
    if !clinic.isEmpty { entries.append(("clinic", .mapping(clinic))) }
    entries.append(("patient", .mapping(section(Self.patientFields))))
    let medications = (0..<rows).map(rowEntries).filter { !$0.isEmpty }
    entries.append(("medications", .list(medications.map { .mapping($0) })))
    let monitoring = section(Self.monitoringFields)
    if !monitoring.isEmpty { entries.append(("monitoring", .mapping(monitoring))) }
    return PlanFileWriter.text(PlanFileDocument(comment: "Saved by taper serve.", entries: entries))
  }

  /// Row `i`'s entries as the plan file writes them (also a revision's medication entry): the fields its drug
  /// takes, the taper of the kind chosen, the escalation and the pauses.
  func rowEntries(_ i: Int) -> [(String, PlanFileDocument.Value)] {
    let prefix = "medications[\(i)]."
    var entries: [(String, PlanFileDocument.Value)] = []
    for field in Self.medicationFields {
      guard let f = Self.specField(field.key), rowTakes(i, f) else { continue }
      if let v = value(field, key: prefix + field.key) { entries.append((Self.name(field, value: v), v)) }
    }
    // Several times in "Time(s)" and an "Every day at" too would be `times` twice: the first stays `time`, as
    // typed, so the parser refuses it at its own key.
    if entries.filter({ $0.0 == "times" }).count > 1, let k = entries.firstIndex(where: { $0.0 == "times" }) {
      entries[k] = ("time", .text(values[prefix + "time"] ?? ""))
    }
    // A row with only its builders' leftovers (a taper kind chosen, nothing typed) is no medicine.
    guard !entries.isEmpty else { return [] }
    if rowTakes(i, .taper), let taper = taperValue(i) { entries.append(("taper", taper)) }
    if rowTakes(i, .increase) {
      let increase = Self.increaseFields.compactMap { f in
        value(f, key: prefix + f.key).map { (String(f.key.split(separator: ".").last!), $0) }
      }
      if !increase.isEmpty { entries.append(("increase", .mapping(increase))) }
    }
    if let pauses = listValue(i, Self.lists[2]) { entries.append(("pauses", pauses)) }
    return entries
  }

  /// The taper of the kind the row chose, or a taper that is still YAML text (a legacy value that is not YAML).
  private func taperValue(_ i: Int) -> PlanFileDocument.Value? {
    let prefix = "medications[\(i)]."
    if let raw = values[prefix + "taper"] { return .yaml(raw) }
    let kind = TaperKind(rawValue: values[prefix + Self.taperKindField] ?? "") ?? .none
    func scalar(_ key: String) -> (String, PlanFileDocument.Value)? {
      guard let field = Self.taperFields.first(where: { $0.key == "taper.\(key)" }) else { return nil }
      return value(field, key: prefix + field.key).map { (key, $0) }
    }
    switch kind {
    case .none: return nil
    case .protocol:
      return .mapping([scalar("protocol") ?? ("protocol", .text(""))] + [scalar("final_mg")].compactMap { $0 })
    case .rules:
      var m: [(String, PlanFileDocument.Value)] = [scalar("hold_weeks")].compactMap { $0 }
      m.append(("rules", listValue(i, Self.lists[0]) ?? .list([])))
      m += [scalar("final_mg")].compactMap { $0 }
      return .mapping(m)
    case .steps:
      return .mapping([("steps", listValue(i, Self.lists[1]) ?? .list([]))])
    }
  }

  /// A list's filled items as a list of mappings, or `nil` when none is filled.
  private func listValue(_ i: Int, _ list: ListSpec) -> PlanFileDocument.Value? {
    let name = "medications[\(i)].\(list.key)"
    var items: [PlanFileDocument.Value] = []
    for j in 0..<rowCount(name) {
      let item: [(String, PlanFileDocument.Value)] = list.fields.compactMap { field in
        let key = String(field.key.dropFirst(list.key.count + 3))
        guard let v = value(field, key: "\(name)[\(j)].\(key)") else { return nil }
        // A step's one dose is a number; several are the days' pattern.
        if case .list(let parts) = v, parts.count == 1 { return (key, parts[0]) }
        return (key, v)
      }
      if !item.isEmpty { items.append(.mapping(item)) }
    }
    return items.isEmpty ? nil : .list(items)
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
    case .text, .date: return .text(value)
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
    case .built: return .yaml(value)
    case .choice: return field.key == "patient.line" && PlanFormat.isPlainDecimal(value) ? .scalar(value) : .text(value)
    }
  }


  // MARK: - Messages beside fields

  /// Every field name the form shows, medication rows, builders and list items included; the containers
  /// (`medications[0]`, `medications[0].taper`, `medications[0].taper.rules[1]`) hold messages about the whole.
  func fieldNames() -> [String] {
    var names = (Self.planFields + Self.clinicFields + Self.patientFields + Self.monitoringFields).map(\.key)
    for i in 0..<rows {
      let row = "medications[\(i)]"
      names.append(row)
      names += Self.medicationFields.map { "\(row).\($0.key)" }
      names += ["\(row).taper", "\(row).increase", "\(row).pauses"]
      names += (Self.taperFields + Self.increaseFields).map { "\(row).\($0.key)" }
      for list in Self.lists {
        let name = "\(row).\(list.key)"
        names.append(name)
        for j in 0..<max(1, rowCount(name)) {
          names.append("\(name)[\(j)]")
          names += list.fields.map { "\(name)[\(j)].\($0.key.dropFirst(list.key.count + 3))" }
        }
      }
    }
    return names
  }

  /// The field a finding's path belongs to: the longest field name that starts the path (`times` is shown
  /// at `time`); `nil` puts it above the form.
  func field(for path: String?) -> String? {
    guard var path else { return nil }
    if let range = path.range(of: ".times"), !path.hasPrefix("revisions") { path.replaceSubrange(range, with: ".time") }
    var best: String?
    for name in fieldNames() where path == name || path.hasPrefix(name + ".") || path.hasPrefix(name + "[") {
      if name.count > (best?.count ?? 0) { best = name }
    }
    return best
  }

  // MARK: - Pre-filling from the guideline

  /// The alternatives of each option that is a choice among drugs ("methotrexate or azathioprine or
  /// mycophenolate", the maintenance immunosuppressants), primary drugs first: the first is pre-filled unless the
  /// clinician chooses another. An option whose drugs are all corticosteroids ("methylprednisolone, then
  /// prednisolone") gives them all; "consider" options are offered apart (``considered(group:line:)``).
  public static func alternatives(group: PatientGroup, line: Int) -> [(option: GuidelineOption, keys: [String])] {
    Guideline.options(group: group, line: line).compactMap { option in
      guard option.kind != .consider else { return nil }
      let ordered = option.drugs.filter { $0.choice == .primary } + option.drugs.filter { $0.choice == .secondary }
      var keys: [String] = []
      for key in ordered.compactMap(\.keys.first) where !keys.contains(key) { keys.append(key) }
      let steroids: Set<String> = ["methylprednisolone", "prednisolone"]
      return keys.count > 1 && !keys.allSatisfy(steroids.contains) ? (option, keys) : nil
    }
  }

  /// The "consider for some patients" options of `group` and `line` (IVIG), each added when ticked.
  public static func considered(group: PatientGroup, line: Int) -> [GuidelineOption] {
    Guideline.options(group: group, line: line).filter { $0.kind == .consider }
  }

  /// A form for `group` and `line` with the seed's options for them as medication rows, with their usual
  /// starting doses; the clinician reviews every value before saving. `chosen` picks one alternative of an
  /// option by its index in ``alternatives(group:line:)`` (the first by default); `adding` the indices of the
  /// ``considered(group:line:)`` options to add. Prednisolone comes with every option the seed gives "+
  /// corticosteroid" and with maintenance ("corticosteroids should be continued concomitantly and tapered"),
  /// folic acid with methotrexate.
  public static func prefilled(
    group: PatientGroup, line: Int, chosen: [Int: String] = [:], adding: Set<Int> = [],
    keeping base: [String: String] = [:]
  ) -> PlanForm {
    var values = base.filter { !$0.key.hasPrefix("medications[") }
    values["patient.group"] = group.rawValue
    values["patient.line"] = "\(line)"
    values["plan.status"] = values["plan.status"] ?? "draft"
    values["plan.timezone"] = values["plan.timezone"] ?? "Europe/London"
    values["plan.title"] =
      values["plan.title"] ?? (group == .remission ? "Maintenance plan" : "Myositis treatment plan")
    var keys: [String] = []
    func add(_ key: String) {
      guard !keys.contains(key) else { return }
      keys.append(key)
      if key == "methotrexate" && !keys.contains("folic acid") { keys.append("folic acid") }
    }
    let choices = alternatives(group: group, line: line)
    for option in Guideline.options(group: group, line: line) where option.kind != .consider {
      if let k = choices.firstIndex(where: { $0.option == option }) {
        add(chosen[k].flatMap { c in choices[k].keys.contains(c) ? c : nil } ?? choices[k].keys[0])
      } else {
        for drug in option.drugs where drug.choice == .primary { drug.keys.first.map(add) }
      }
      if option.title.contains("corticosteroid") || group == .remission { add("prednisolone") }
    }
    for (k, option) in considered(group: group, line: line).enumerated() where adding.contains(k) {
      for drug in option.drugs where drug.choice == .primary { drug.keys.first.map(add) }
    }
    var row = 0
    for key in keys {
      guard let defaults = defaultRow(key, group: group) else { continue }
      for (field, value) in defaults { values["medications[\(row)].\(field)"] = value }
      row += 1
    }
    return PlanForm(values: values)
  }

  /// Usual starting values for a drug key, as in the bundled example plans; a specialist agent's dose and
  /// schedule are left empty (the seed: "consult specialist for guidance on dose").
  static func defaultRow(_ key: String, group: PatientGroup) -> [String: String]? {
    switch key {
    case "methylprednisolone": ["drug": "methylprednisolone", "dose_mg": "1000", "days": "3", "time": "10:00"]
    case "prednisolone":
      group == .remission
        ? [
          "drug": "prednisolone", "dose_mg": "7.5", "time": "08:00", "taper.kind": "steps",
          "taper.steps[0].dose_mg": "7.5", "taper.steps[0].weeks": "4",
          "taper.steps[1].dose_mg": "5", "taper.steps[1].weeks": "4",
        ]
        : [
          "drug": "prednisolone", "mg_per_kg": group == .severe ? "1" : "0.75", "tablets_mg": "5, 2.5, 1",
          "time": "08:00", "taper.kind": "protocol", "taper.protocol": "bands",
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
      SpecialistAgent(rawValue: key).map { _ in ["drug": key] }
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
