internal import Yams

/// Reads the plan file's YAML tree into the DTOs by hand, key by key in declaration order, with YAML 1.1's
/// scalar rules as Yams' decoder applies them (`yes` is true, `~` is null, a quoted value is text).
///
/// It replaces Yams' `Codable` decoder, whose generic decoding and whose resolver's regular expressions were
/// about 2.5 ms of every command's start (README, "Performance"). The first value that does not fit ends the
/// reading, as a decoder's error did; the messages say what was expected: a whole number, a number, text, true
/// or false, a list or a mapping of keys.
struct PlanFileReader {
  /// What did not fit: a required key that is missing, or a value of another kind.
  struct Failure: Error {
    enum Kind {
      case missing(key: String)
      case mismatch(expected: String)
    }
    var kind: Kind
    /// The key path of the value (for a missing key: of the mapping that lacks it).
    var path: String
  }

  /// A mapping of the tree, with its path, read by the DTO's coding keys (the names `PlanFormatTests` holds to
  /// the format's declarations).
  struct Mapping<K: CodingKey> {
    let pairs: Node.Mapping
    let path: String

    func node(_ key: String) -> Node? {
      for (k, v) in pairs where k.scalar?.string == key { return v }
      return nil
    }
    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// A key that must be there.
    func required<T>(_ key: K, _ read: (Node, String) throws(Failure) -> T) throws(Failure) -> T {
      guard let node = node(key.stringValue) else { throw Failure(kind: .missing(key: key.stringValue), path: path) }
      return try read(node, child(key.stringValue))
    }

    /// A key that may be left out or written as null (`~`, `null`, nothing).
    func optional<T>(_ key: K, _ read: (Node, String) throws(Failure) -> T) throws(Failure) -> T? {
      guard let node = node(key.stringValue), !PlanFileReader.isNull(node) else { return nil }
      return try read(node, child(key.stringValue))
    }

    /// A list of values that must be there, or may be left out; and one value or a list of them.
    func requiredList<T>(_ key: K, _ read: (Node, String) throws(Failure) -> T) throws(Failure) -> [T] {
      try required(key) { (node, path) throws(Failure) in try PlanFileReader.list(node, path, read) }
    }
    func optionalList<T>(_ key: K, _ read: (Node, String) throws(Failure) -> T) throws(Failure) -> [T]? {
      try optional(key) { (node, path) throws(Failure) in try PlanFileReader.list(node, path, read) }
    }
    func requiredOneOrMany<T>(_ key: K, _ read: (Node, String) throws(Failure) -> T) throws(Failure) -> [T] {
      try required(key) { (node, path) throws(Failure) in try PlanFileReader.oneOrMany(node, path, read) }
    }
    func optionalOneOrMany<T>(_ key: K, _ read: (Node, String) throws(Failure) -> T) throws(Failure) -> [T]? {
      try optional(key) { (node, path) throws(Failure) in try PlanFileReader.oneOrMany(node, path, read) }
    }
  }

  // MARK: - Values

  static func isNull(_ node: Node) -> Bool {
    guard let scalar = node.scalar, scalar.style == .plain else { return false }
    return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
  }

  static func mapping<K>(_ node: Node, _ path: String, _ keys: K.Type) throws(Failure) -> Mapping<K> {
    guard let pairs = node.mapping else { throw Failure(kind: .mismatch(expected: "a mapping of keys"), path: path) }
    return Mapping(pairs: pairs, path: path)
  }

  static func list<T>(_ node: Node, _ path: String, _ read: (Node, String) throws(Failure) -> T) throws(Failure) -> [T] {
    guard let items = node.sequence else { throw Failure(kind: .mismatch(expected: "a list"), path: path) }
    var values: [T] = []
    for (i, item) in items.enumerated() { values.append(try read(item, "\(path)[\(i)]")) }
    return values
  }

  /// A value written once or as a list (`weekday: monday`, `weekday: [monday, thursday]`).
  static func oneOrMany<T>(_ node: Node, _ path: String, _ read: (Node, String) throws(Failure) -> T) throws(Failure) -> [T] {
    if node.sequence != nil { return try list(node, path, read) }
    return [try read(node, path)]
  }

  static func text(_ node: Node, _ path: String) throws(Failure) -> String {
    guard let scalar = node.scalar else { throw Failure(kind: .mismatch(expected: "text"), path: path) }
    return scalar.string
  }

  /// `true`, `yes`, `on` and their opposites in YAML 1.1's spellings, unquoted.
  static func boolean(_ node: Node, _ path: String) throws(Failure) -> Bool {
    guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any else {
      throw Failure(kind: .mismatch(expected: "true or false"), path: path)
    }
    switch scalar.string {
    case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return true
    case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return false
    default: throw Failure(kind: .mismatch(expected: "true or false"), path: path)
    }
  }

  /// An unquoted whole number, read as YAML 1.1 reads it (the plan-file guard refuses every form but plain
  /// decimals with its own message first).
  static func integer(_ node: Node, _ path: String) throws(Failure) -> Int {
    guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any,
      let value = yamlInteger(scalar.string)
    else { throw Failure(kind: .mismatch(expected: "a whole number"), path: path) }
    return value
  }

  static func number(_ node: Node, _ path: String) throws(Failure) -> Double {
    guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any,
      let value = yamlNumber(scalar.string)
    else { throw Failure(kind: .mismatch(expected: "a number"), path: path) }
    return value
  }

  /// A day number or a date: an integer when it reads as one, text otherwise.
  static func dateOrDay(_ node: Node, _ path: String) throws(Failure) -> DateOrDay {
    if let n = try? integer(node, path) { return .day(n) }
    return .date(try text(node, path))
  }

  /// YAML 1.1 integers: `_` separators, `0x`, `0b`, `0o` and leading-zero octal, `1:30` (base 60).
  static func yamlInteger(_ raw: String) -> Int? {
    let text = raw.replacing("_", with: "")
    if text == "0" { return 0 }
    let negative = text.hasPrefix("-")
    let signed = negative || text.hasPrefix("+")
    let body = text.dropFirst(signed ? 1 : 0)
    for (prefix, radix) in [("0x", 16), ("0b", 2), ("0o", 8), ("0", 8)] where body.hasPrefix(prefix) {
      return Int((negative ? "-" : "") + body.dropFirst(prefix.count), radix: radix)
    }
    if body.contains(":") {
      var value = 0
      for part in body.split(separator: ":", omittingEmptySubsequences: false) {
        guard let digit = Int(part) else { return nil }
        let (shifted, o1) = value.multipliedReportingOverflow(by: 60)
        let (sum, o2) = shifted.addingReportingOverflow(digit)
        if o1 || o2 { return nil }
        value = sum
      }
      return negative ? -value : value
    }
    return Int(text)
  }

  /// YAML 1.1 floats: `.inf`, `.nan`, `_` separators, `1:30` (base 60), and Swift's reading of the rest.
  static func yamlNumber(_ raw: String) -> Double? {
    switch raw.lowercased() {
    case ".inf", "+.inf": return .infinity
    case "-.inf": return -.infinity
    case ".nan": return .nan
    default: break
    }
    let text = raw.replacing("_", with: "")
    if text.contains(":") {
      // One sign, as YAML 1.1 (and Yams) read it.
      let negative = text.hasPrefix("-")
      let body = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
      var value = 0.0
      for part in body.split(separator: ":", omittingEmptySubsequences: false) {
        guard let digit = Double(part) else { return nil }
        value = value * 60 + digit
      }
      return negative ? -value : value
    }
    return Double(text)
  }

  // MARK: - The plan file

  static func read(_ root: Node) throws(Failure) -> PlanFileDTO {
    let file = try mapping(root, "", PlanFileDTO.CodingKeys.self)
    return PlanFileDTO(
      plan: try file.required(.plan, planSection),
      clinic: try file.optional(.clinic, clinicSection),
      patient: try file.required(.patient, patientSection),
      medications: try file.requiredList(.medications, medicationEntry),
      monitoring: try file.optional(.monitoring, monitoringSection),
      revisions: try file.optionalList(.revisions, revisionSection))
  }

  static func revisionSection(_ node: Node, _ path: String) throws(Failure) -> RevisionSection {
    let m = try mapping(node, path, RevisionSection.CodingKeys.self)
    return RevisionSection(
      revision: try m.optional(.revision, integer), from: try m.required(.from, text),
      written: try m.required(.written, text), author: try m.optional(.author, text),
      reason: try m.required(.reason, text), note: try m.optional(.note, text),
      correction: try m.optional(.correction, boolean), patient: try m.optional(.patient, patientChanges),
      medications: try m.optionalList(.medications, medicationEntry), stop: try m.optionalOneOrMany(.stop, text),
      status: try m.optional(.status, text))
  }

  static func patientChanges(_ node: Node, _ path: String) throws(Failure) -> PatientChangesSection {
    let m = try mapping(node, path, PatientSection.CodingKeys.self)
    let fixed = [PatientSection.CodingKeys.sex, .label].map(\.stringValue).filter { m.node($0) != nil }
    return PatientChangesSection(
      weightKg: try m.optional(.weightKg, number), age: try m.optional(.age, integer),
      group: try m.optional(.group, text), line: try m.optional(.line, integer),
      heightCm: try m.optional(.heightCm, number), previousTreatment: try m.optional(.previousTreatment, text),
      ild: try m.optional(.ild, boolean), tpmt: try m.optional(.tpmt, text), egfr: try m.optional(.egfr, integer),
      pregnant: try m.optional(.pregnant, boolean), contraception: try m.optional(.contraception, boolean),
      allopurinol: try m.optional(.allopurinol, boolean), fixedKeys: fixed)
  }

  static func planSection(_ node: Node, _ path: String) throws(Failure) -> PlanSection {
    let m = try mapping(node, path, PlanSection.CodingKeys.self)
    return PlanSection(
      id: try m.required(.id, text), title: try m.optional(.title, text), start: try m.required(.start, text),
      timezone: try m.optional(.timezone, text), revision: try m.optional(.revision, integer),
      status: try m.optional(.status, text), weeks: try m.optional(.weeks, integer))
  }

  static func clinicSection(_ node: Node, _ path: String) throws(Failure) -> ClinicSection {
    let m = try mapping(node, path, ClinicSection.CodingKeys.self)
    return ClinicSection(
      name: try m.optional(.name, text), phone: try m.optional(.phone, text),
      prescriber: try m.optional(.prescriber, text))
  }

  static func patientSection(_ node: Node, _ path: String) throws(Failure) -> PatientSection {
    let m = try mapping(node, path, PatientSection.CodingKeys.self)
    return PatientSection(
      weightKg: try m.required(.weightKg, number), age: try m.required(.age, integer),
      group: try m.required(.group, text), line: try m.optional(.line, integer),
      heightCm: try m.optional(.heightCm, number), sex: try m.optional(.sex, text),
      label: try m.optional(.label, text), previousTreatment: try m.optional(.previousTreatment, text),
      ild: try m.optional(.ild, boolean), tpmt: try m.optional(.tpmt, text), egfr: try m.optional(.egfr, integer),
      pregnant: try m.optional(.pregnant, boolean), contraception: try m.optional(.contraception, boolean),
      allopurinol: try m.optional(.allopurinol, boolean))
  }

  static func monitoringSection(_ node: Node, _ path: String) throws(Failure) -> MonitoringSection {
    let m = try mapping(node, path, MonitoringSection.CodingKeys.self)
    return MonitoringSection(
      enabled: try m.optional(.enabled, boolean),
      fortnightlyUntilStableWeeks: try m.optional(.fortnightlyUntilStableWeeks, integer),
      monthlyCount: try m.optional(.monthlyCount, integer),
      thenEveryWeeks: try m.optional(.thenEveryWeeks, integer), time: try m.optional(.time, text))
  }

  static func medicationEntry(_ node: Node, _ path: String) throws(Failure) -> MedicationEntry {
    let m = try mapping(node, path, MedicationEntry.CodingKeys.self)
    return MedicationEntry(
      drug: try m.required(.drug, text), name: try m.optional(.name, text),
      doseMg: try m.optional(.doseMg, number), dose: try m.optional(.dose, text),
      mgPerKg: try m.optional(.mgPerKg, number), gPerKg: try m.optional(.gPerKg, number),
      gPerKgPerDay: try m.optional(.gPerKgPerDay, number), days: try m.optional(.days, integer),
      time: try m.optional(.time, text), times: try m.optionalList(.times, text),
      tabletsMg: try m.optionalList(.tabletsMg, number), taper: try m.optional(.taper, taperEntry),
      weekday: try m.optionalOneOrMany(.weekday, text), pattern: try m.optional(.pattern, text),
      route: try m.optional(.route, text), increase: try m.optional(.increase, increaseEntry),
      start: try m.optional(.start, dateOrDay), stop: try m.optional(.stop, text),
      pauses: try m.optionalList(.pauses, pauseEntry), everyWeeks: try m.optional(.everyWeeks, integer),
      everyDays: try m.optional(.everyDays, integer), courses: try m.optional(.courses, integer),
      dosingWeight: try m.optional(.dosingWeight, text), onDays: try m.optionalList(.onDays, integer),
      setBySpecialist: try m.optional(.setBySpecialist, boolean),
      durationMinutes: try m.optional(.durationMinutes, integer),
      instructions: try m.optional(.instructions, text), nameConfirmed: try m.optional(.nameConfirmed, boolean))
  }

  static func taperEntry(_ node: Node, _ path: String) throws(Failure) -> TaperEntry {
    let m = try mapping(node, path, TaperEntry.CodingKeys.self)
    return TaperEntry(
      holdWeeks: try m.optional(.holdWeeks, integer), rules: try m.optionalList(.rules, ruleEntry),
      finalMg: try m.optional(.finalMg, number), steps: try m.optionalList(.steps, stepEntry),
      protocol: try m.optional(.`protocol`, text))
  }

  static func ruleEntry(_ node: Node, _ path: String) throws(Failure) -> RuleEntry {
    let m = try mapping(node, path, RuleEntry.CodingKeys.self)
    return RuleEntry(
      aboveMg: try m.required(.aboveMg, number), reduceMg: try m.required(.reduceMg, number),
      everyWeeks: try m.required(.everyWeeks, integer))
  }

  static func stepEntry(_ node: Node, _ path: String) throws(Failure) -> StepEntry {
    let m = try mapping(node, path, StepEntry.CodingKeys.self)
    return StepEntry(doseMg: try m.requiredOneOrMany(.doseMg, number), weeks: try m.required(.weeks, integer))
  }

  static func increaseEntry(_ node: Node, _ path: String) throws(Failure) -> IncreaseEntry {
    let m = try mapping(node, path, IncreaseEntry.CodingKeys.self)
    return IncreaseEntry(
      byMg: try m.required(.byMg, number), everyWeeks: try m.required(.everyWeeks, integer),
      toMg: try m.required(.toMg, number))
  }

  static func pauseEntry(_ node: Node, _ path: String) throws(Failure) -> PauseEntry {
    let m = try mapping(node, path, PauseEntry.CodingKeys.self)
    return PauseEntry(from: try m.required(.from, text), to: try m.required(.to, text), reason: try m.optional(.reason, text))
  }
}
