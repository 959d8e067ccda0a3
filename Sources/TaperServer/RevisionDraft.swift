import Foundation
import TaperCore
import TaperPlanFile

/// The revise form made into a revision of the stored plan file: the form is the plan as it should be from the
/// effective date, and the revision is what differs from the regimens in force — a medicine whose row changed
/// takes its row as its regimen from the date, a medicine whose row is gone stops, a new row starts, and changed
/// patient facts hold from the date. The stored file keeps every byte and gains one `revisions` entry, so the file
/// alone reproduces every day ever planned (README, "Revisions over time").
///
/// A database made before plans held their revisions stores each revision as a whole re-issued plan file; its
/// latest such file is the first revision of the history the next saved revision appends to (its `plan.revision`
/// is the stored number, so the numbering carries on). Nothing stored is rewritten.
struct RevisionDraft {
  /// Why a revision was not made: its findings.
  struct Refusal: Error {
    var findings: [Diagnostic]
    init(_ findings: [Diagnostic]) { self.findings = findings }
  }

  /// The revised plan file.
  var text: String
  /// The new revision's number.
  var number: Int
  /// Its index in `revisions` (findings at `revisions[index]` are this revision's).
  var index: Int
  /// The form row each of its `medications` entries came from.
  var rows: [Int]

  /// The form fields of the revision itself.
  static let effectiveField = "revision.from"
  static let reasonField = "revision.reason"
  static let correctionField = "revision.correction"

  /// Builds the revision, or the findings that refuse it (spelled at form fields where one holds the value).
  static func make(
    latest: StoredRevision, form: PlanForm, effective: String, reason: String, correction: Bool, author: String,
    note: String, written: CivilDate
  ) -> Result<RevisionDraft, Refusal> {
    let file: PlanFile
    do {
      file = try PlanFile(text: latest.text, fileName: "plan.yaml")
    } catch {
      return .failure(Refusal([Diagnostic(.error, nil, "the stored plan no longer reads: \(error)")]))
    }
    var findings: [Diagnostic] = []
    guard let from = CivilDate(iso: effective) else {
      return .failure(Refusal([Diagnostic(.error, effectiveField, "'\(effective.prefix(20))' is not a date: YYYY-MM-DD")]))
    }
    if reason.trimmed.isEmpty { findings.append(Diagnostic(.error, reasonField, "say why the plan changes")) }
    // The form as a plan file: its rows and facts, read by the plan-file parser like any file.
    let target: PlanFile
    do {
      target = try PlanFile(text: form.planFileText(id: file.spec.id, revision: file.spec.revision), fileName: "plan.yaml")
    } catch {
      return .failure(Refusal(findings + error.diagnostics.map(\.diagnostic)))
    }
    let base = file.spec
    let goal = target.spec
    if goal.start != base.start {
      findings.append(Diagnostic(.error, "plan.start", "the plan's start stays \(base.start) in a revision (start a new plan to move it)"))
    }
    if goal.timeZone != base.timeZone {
      findings.append(Diagnostic(.error, "plan.timezone", "the time zone stays \(base.timeZone) in a revision (start a new plan to change it)"))
    }
    if goal.title != base.title || goal.weeks != base.weeks || goal.clinic != base.clinic || goal.monitoring != base.monitoring {
      findings.append(
        Diagnostic(
          .error, nil,
          "a revision changes medicines, patient facts and the status from a date; the title, plan length, clinic and "
            + "monitoring stay as revision \(base.revision) has them (start a new plan to change them)"))
    }

    // The regimens in force and the patient as the latest revision has them.
    var current: [String: (entry: MedicationSpec, name: String)] = [:]
    var order: [String] = []
    func put(_ m: MedicationSpec) {
      guard let key = PlanRevision.medicineKey(drug: m.drug, name: m.name) else { return }
      if current[key] == nil { order.append(key) }
      current[key] = (m, m.name ?? m.drug)
    }
    base.medications.forEach(put)
    var patient = base.patient
    var status = base.status
    for revision in base.revisions {
      for name in revision.stops {
        if let key = PlanRevision.medicineKey(drug: name, name: name) { current[key] = nil }
      }
      revision.medications.forEach(put)
      patient = revision.patient.applied(to: patient)
      status = revision.status ?? status
    }

    // What differs from them.
    var medications: [PlanFileDocument.Value] = []
    var rows: [Int] = []
    var seen: Set<String> = []
    for (i, m) in goal.medications.enumerated() {
      guard let key = PlanRevision.medicineKey(drug: m.drug, name: m.name) else { continue }
      seen.insert(key)
      let existing = current[key]?.entry
      if let existing, same(existing, m) { continue }
      var entry = form.rowEntries(i)
      // A changed regimen starts on the date; a new medicine may start later.
      if existing != nil || m.start.map({ starts($0, base: base.start, before: from) }) == true {
        entry.removeAll { $0.0 == "start" }
      }
      medications.append(.mapping(entry))
      rows.append(i)
    }
    let stops = order.filter { current[$0] != nil && !seen.contains($0) }.compactMap { current[$0]?.name }
    var facts: [(String, PlanFileDocument.Value)] = []
    for (key, changed) in patientChanges(patient, goal.patient) where changed {
      if let value = form.patientEntry(key) { facts.append((key, value)) }
    }
    if goal.patient.sex != patient.sex || goal.patient.label != patient.label {
      findings.append(Diagnostic(.error, "patient.sex", "the patient's sex and label stay as revision \(base.revision) has them"))
    }
    if medications.isEmpty && stops.isEmpty && facts.isEmpty && goal.status == status {
      findings.append(
        Diagnostic(.error, effectiveField, "nothing changes from \(from): the form is the plan as it is — change a medicine, a fact or the status"))
    }
    guard !findings.contains(where: { $0.severity == .error }) else { return .failure(Refusal(findings)) }

    let number = (base.revisions.last?.number ?? base.revision) + 1
    var entries: [(String, PlanFileDocument.Value)] = [
      ("revision", .scalar("\(number)")), ("from", .scalar("\(from)")), ("written", .scalar("\(written)")),
    ]
    if !author.isEmpty { entries.append(("author", .text(author))) }
    entries.append(("reason", .text(reason.trimmed)))
    if !note.isEmpty { entries.append(("note", .text(note))) }
    if correction { entries.append(("correction", .boolean(true))) }
    if goal.status != status { entries.append(("status", .text(goal.status.rawValue))) }
    if !facts.isEmpty { entries.append(("patient", .mapping(facts))) }
    if !stops.isEmpty { entries.append(("stop", .list(stops.map(PlanFileDocument.Value.text)))) }
    if !medications.isEmpty { entries.append(("medications", .list(medications))) }
    guard let text = PlanFileWriter.appendingRevision(latest.text, entries) else {
      return .failure(Refusal([Diagnostic(.error, nil, "the stored plan file's `revisions` is not at its end: revise it as a file")]))
    }
    return .success(RevisionDraft(text: text, number: number, index: base.revisions.count, rows: rows))
  }

  /// Whether two entries give the same regimen (the start is the first regimen's, not a change).
  static func same(_ a: MedicationSpec, _ b: MedicationSpec) -> Bool {
    var x = a
    var y = b
    x.start = nil
    y.start = nil
    return x == y
  }

  /// Whether a start falls before `date`.
  static func starts(_ start: MedicationStart, base: CivilDate, before date: CivilDate) -> Bool {
    switch start {
    case .date(let d): d < date
    case .day(let n): base.adding(days: n - 1) < date
    }
  }

  /// Each patient key and whether the form changes it.
  static func patientChanges(_ a: PatientSpec, _ b: PatientSpec) -> [(String, Bool)] {
    [
      ("weight_kg", a.weight != b.weight), ("age", a.age != b.age), ("group", a.group != b.group),
      ("line", a.line != b.line), ("height_cm", a.height != b.height), ("egfr", a.egfr != b.egfr),
      ("tpmt", a.tpmt != b.tpmt), ("pregnant", a.pregnant != b.pregnant),
      ("contraception", a.contraception != b.contraception), ("allopurinol", a.allopurinol != b.allopurinol),
      ("ild", a.ild != b.ild), ("previous_treatment", a.previousTreatment != b.previousTreatment),
    ]
  }

  /// A finding of the revised plan at the form field that holds its value: the revision's entries at their rows,
  /// its facts at the patient fields, its date and reason at the revision's fields; anything else above the form.
  func formPath(_ path: String?) -> String? {
    guard let path else { return nil }
    let prefix = "revisions[\(index)]"
    guard path.hasPrefix(prefix) else { return "plan file: " + path }
    let rest = path.dropFirst(prefix.count)
    if rest.hasPrefix(".medications[") {
      let inside = rest.dropFirst(".medications[".count)
      if let close = inside.firstIndex(of: "]"), let j = Int(inside[..<close]), j < rows.count {
        return "medications[\(rows[j])]" + inside[inside.index(after: close)...]
      }
    }
    if rest.hasPrefix(".patient.") { return "patient." + rest.dropFirst(".patient.".count) }
    if rest.hasPrefix(".from") || rest.hasPrefix(".written") { return Self.effectiveField }
    if rest.hasPrefix(".reason") { return Self.reasonField }
    if rest.hasPrefix(".correction") { return Self.correctionField }
    return nil
  }
}
